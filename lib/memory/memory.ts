import { isStructuralRole, type LessonLookup } from '../topologies/types.js'
import { DEFAULT_LESSONS, type MemoryLesson } from './lessons.js'

export type MemoryMode = 'on' | 'off'

/** Whether a lesson addressed to `audience` is meant for the agent `roleId`. */
export function addresses(audience: readonly string[], roleId: string): boolean {
  return audience.some((a) => a === 'all' || a === roleId || (a === 'specialists' && !isStructuralRole(roleId)))
}

/**
 * The lessons an organisation carries into a run. Lessons are addressed by stable agent ids, so a
 * lesson reaches exactly the prompts of the agents it names (the original keyed them by strings
 * nothing ever looked up).
 */
export class OrgMemory {
  constructor(
    readonly mode: MemoryMode,
    readonly lessons: readonly MemoryLesson[],
  ) {}

  /** The default memory, or none at all for the "off" ablation. */
  static forMode(mode: MemoryMode): OrgMemory {
    return new OrgMemory(mode, mode === 'on' ? DEFAULT_LESSONS : [])
  }

  /** The texts of the lessons addressed to `roleId`, in memory order. */
  lessonsFor(roleId: string): string[] {
    return this.lessons.filter((l) => addresses(l.audience, roleId)).map((l) => l.text)
  }

  /** The lookup handed to topologies as `ctx.lessons`. */
  get lookup(): LessonLookup {
    return (roleId) => this.lessonsFor(roleId)
  }

  /** What a result records about the memory its agents were given. */
  toRecord(): { mode: MemoryMode; lessons: Array<{ id: string; text: string; audience: string[] }> } {
    return { mode: this.mode, lessons: this.lessons.map((l) => ({ id: l.id, text: l.text, audience: [...l.audience] })) }
  }
}
