import type { Role } from '../tasks/schema.js'
import type { Task } from '../tasks/registry.js'
import type { Difficulty, SimProfile } from './profiles.js'
import { chance, normal, pick, unit } from './random.js'

/** Something the simulated model may or may not get right: a planted bug, a risky clause, a ticket. */
export interface SimItem {
  id: string
  difficulty: Difficulty
  /** Lower-case fragments; a role whose focus mentions one of them has this item in focus. */
  focusWords: readonly string[]
  /** When set, the item is in focus exactly for these role ids (overrides focusWords). */
  focusRoles?: readonly string[]
}

export interface Decision {
  found: boolean
  /** Found, but with the wrong category (a miss for ground-truth matching). */
  confused: boolean
  /** Severity reported one step off. */
  slipped: boolean
}

/**
 * Everything a simulated reply depends on, and the decisions every kind of deliverable shares.
 * All randomness is keyed by the call (seed, model, request hash) plus the decision's own name.
 */
export class SimContext {
  constructor(
    readonly task: Task,
    readonly profile: SimProfile,
    /** The team role speaking, or null for a generalist (single agent, synthesizer, coordinator). */
    readonly role: Role | null,
    /** Parsed JSON blocks from earlier agents' work included in the prompt. */
    readonly prior: readonly unknown[],
    /** The prompt text (all messages), to recognise earlier work quoted verbatim. */
    readonly prompt: string,
    private readonly key: string,
  ) {}

  unit(...parts: Array<string | number>): number {
    return unit(this.key, ...parts)
  }

  chance(p: number, ...parts: Array<string | number>): boolean {
    return chance(p, this.key, ...parts)
  }

  pick<T>(items: readonly T[], ...parts: Array<string | number>): T {
    return pick(items, this.key, ...parts)
  }

  normal(...parts: Array<string | number>): number {
    return normal(this.key, ...parts)
  }

  focusFactor(item: SimItem): number {
    if (!this.role || item.difficulty === 'CRITICAL' || item.difficulty === 'HIGH') return 1
    const focus = this.role.focus.toLowerCase()
    const inFocus = item.focusRoles ? item.focusRoles.includes(this.role.id) : item.focusWords.some((w) => focus.includes(w))
    return inFocus ? this.profile.inFocus : this.profile.outOfFocus
  }

  /** Whether this call reports the item: found on its own, or kept from earlier work it was shown. */
  decide(item: SimItem, seenInPrompt: boolean): Decision {
    const p = this.profile
    const own = this.chance(Math.min(1, p.detect[item.difficulty] * this.focusFactor(item)), item.id, 'detect')
    const kept = seenInPrompt && this.chance(p.retain[item.difficulty], item.id, 'retain')
    const found = own || kept
    return {
      found,
      confused: found && !kept && this.chance(p.confuse[item.difficulty], item.id, 'confuse'),
      slipped: found && this.chance(p.severitySlip, item.id, 'slip'),
    }
  }
}

/** Objects of every JSON code block in the prompt (earlier agents' structured work). */
export function jsonBlocks(prompt: string): unknown[] {
  const out: unknown[] = []
  for (const m of prompt.matchAll(/(`{3,})json\n([\s\S]*?)\n\1/g)) {
    try {
      out.push(JSON.parse(m[2]!))
    } catch {
      // not JSON after all: ignore, as a model would
    }
  }
  return out
}

/** Every object nested anywhere inside `values` that has all `keys`. */
export function objectsWith(values: readonly unknown[], keys: readonly string[]): Array<Record<string, unknown>> {
  const found: Array<Record<string, unknown>> = []
  const visit = (v: unknown): void => {
    if (Array.isArray(v)) v.forEach(visit)
    else if (v && typeof v === 'object') {
      const o = v as Record<string, unknown>
      if (keys.every((k) => k in o)) found.push(o)
      Object.values(o).forEach(visit)
    }
  }
  values.forEach(visit)
  return found
}

export const SEVERITY_STEPS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const
/** One step off: the first level moves down one, every other level moves up one. */
export function slip<T extends string>(value: T, steps: readonly T[]): T {
  const i = steps.indexOf(value)
  return steps[i === 0 ? 1 : i - 1] ?? value
}
