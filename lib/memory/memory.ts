import { redacted } from '../redact.js'
import { isStructuralRole, type LessonLookup } from '../topologies/types.js'
import type { AudienceTask } from './audience.js'
import { DEFAULT_LESSONS, type MemoryLesson } from './lessons.js'
import { latestVersion, versionName, type MemoryFile } from './store.js'

/** Whether agents get lessons at all ("off" is the ablation). */
export type MemoryMode = 'on' | 'off'
/** Where a run's memory comes from (ORGBENCH_MEMORY): the task's latest learned version, the defaults, or none. */
export type MemorySource = 'persisted' | 'default' | 'off'

/**
 * Agents that do another agent's job in other organisations: hrm's coordinator merges the
 * specialists' work as star's synthesizer does, so a lesson about merging (learned where a
 * synthesizer ran) reaches it too, as the default lessons addressed to both do.
 */
const DOES_THE_JOB_OF: Readonly<Record<string, readonly string[]>> = { coordinator: ['synthesizer'] }

/** Whether a lesson addressed to `audience` is meant for the agent `roleId`. */
export function addresses(audience: readonly string[], roleId: string): boolean {
  const ids = [roleId, ...(DOES_THE_JOB_OF[roleId] ?? [])]
  return audience.some((a) => a === 'all' || ids.includes(a) || (a === 'specialists' && !isStructuralRole(roleId)))
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
    /** The version records name: "<task>@v<n>", "default" or "off". */
    readonly version: string = mode === 'on' ? 'default' : 'off',
    /** Protocol fixes learned per topology (knobs the topology reads). */
    readonly protocol: Readonly<Record<string, Readonly<Record<string, unknown>>>> = {},
    /** The stored version's number when the memory was read from one, else null. */
    readonly storedVersion: number | null = null,
  ) {}

  /** The default memory ("on" is the old name of "default"), or none at all for the "off" ablation. */
  static forMode(mode: MemoryMode | 'default'): OrgMemory {
    return mode === 'off' ? new OrgMemory('off', [], 'off') : new OrgMemory('on', DEFAULT_LESSONS, 'default')
  }

  /**
   * A stored version of a task's memory. Its lessons are redacted as they are read: a version
   * written before versions were redacted may quote a key, which must reach no prompt.
   */
  static fromFile(file: MemoryFile): OrgMemory {
    return new OrgMemory('on', redacted(file.lessons), versionName(file.task, file.version), file.protocol, file.version)
  }

  /**
   * The memory a run of `task` starts with: "persisted" is the task's latest learned version in
   * `dir`, or the defaults while none exists; "default" the defaults; "off" nothing. A run against
   * a real model (`simulated` false) never reads a version learned against the simulator: it takes
   * the latest version learned against a real model, or the defaults. A version with a lesson
   * addressed to no agent of the task is refused (lib/memory/audience.ts).
   */
  static load(source: MemorySource, dir: string, task: AudienceTask, simulated: boolean): OrgMemory {
    if (source !== 'persisted') return OrgMemory.forMode(source)
    const file = latestVersion(dir, task.id, { real: !simulated, roles: task.roles })
    return file ? OrgMemory.fromFile(file) : OrgMemory.forMode('default')
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
  toRecord(): { mode: MemoryMode; version: string; lessons: Array<{ id: string; text: string; audience: string[] }> } {
    return { mode: this.mode, version: this.version, lessons: this.lessons.map((l) => ({ id: l.id, text: l.text, audience: [...l.audience] })) }
  }
}
