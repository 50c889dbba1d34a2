import type { Role } from '../tasks/schema.js'
import type { Task } from '../tasks/registry.js'
import { deliverableFormat, taskBlock } from '../topologies/prompts.js'
import { detectability, type Difficulty, type SimProfile } from './profiles.js'
import { KeyedDraws } from './random.js'
import { lessonThemes, withLessons } from './lessons.js'
import { type Delimited, matchesOf } from './prompt-scan.js'
import { PromptText } from './prompt-text.js'

/** Something the simulated model may or may not get right: a planted bug, a risky clause, a ticket. */
export interface SimItem {
  id: string
  difficulty: Difficulty
  /** Lower-case fragments; a role whose focus mentions one of them has this item in focus. */
  focusWords: readonly string[]
  /** When set, the item is in focus exactly for these role ids (overrides focusWords). */
  focusRoles?: readonly string[]
  /**
   * sim-strong's chance of seeing this item on one call (other profiles scale it by their
   * competence, see `detectability` in profiles.ts). Each kind sets it in one function, today to
   * `typicalDetectability(difficulty)`; a calibration file can set it per item there.
   */
  detectability: number
  /** What a lesson may name to draw attention to this item (severity, category); default: its difficulty. See lessons.ts. */
  themes?: readonly string[]
  /** Multiplier on the profile's error chances for this item (mislabels, slips): below 1 where a calibration says the real model got it right. */
  errorScale?: number
}

export interface Decision {
  found: boolean
  /** Found, but with the wrong category (a miss for ground-truth matching). */
  confused: boolean
  /** Severity reported one step off. */
  slipped: boolean
}

/** What a simulated call is: the task, the model, who speaks, what it was shown, and its keys. */
export interface SimCallView {
  task: Task
  profile: SimProfile
  /** The team role speaking, or null for a generalist (single agent, synthesizer, coordinator). */
  role: Role | null
  /** Parsed JSON blocks from earlier agents' work included in the prompt. */
  prior: readonly unknown[]
  /** The prompt (all messages), to recognise earlier work quoted verbatim; in parts when its task's block is known. */
  prompt: string | PromptText
  /** Key of this very request: seed, model and messages. */
  callKey: string
  /** Key of the model in this trial: seed and model, the same for every call of the trial. */
  trialKey: string
}

const taskChars = new WeakMap<Task, number>()
/** Characters of a prompt that are the task itself (brief, inputs, format), as opposed to quoted work. */
function taskSize(task: Task): number {
  let n = taskChars.get(task)
  if (n === undefined) taskChars.set(task, (n = taskBlock(task).length + deliverableFormat(task).length))
  return n
}

/**
 * Everything a simulated reply depends on, and the decisions every kind of deliverable shares.
 *
 * A view of an item (can this call see it?) is a uniform draw compared with the item's
 * detectability. The draw is the model's, shared by every call of the trial; for a share
 * `roleVariation` of (item, role) pairs it is the role's own, and for a share `callVariation` of
 * (item, call) pairs a fresh one for this call. Every draw is marginally uniform, so one call's
 * chances are exactly the profile's; only their correlation across calls depends on the mixture.
 */
export class SimContext {
  readonly task: Task
  readonly profile: SimProfile
  readonly role: Role | null
  readonly prior: readonly unknown[]
  private readonly promptText: PromptText
  /** Draws keyed by this call (seed, model, messages) and by the trial (seed, model). */
  private readonly callDraws: KeyedDraws
  private readonly trialDraws: KeyedDraws
  private readonly roleKey: string
  /** Prompt tokens (about four characters each). */
  readonly promptTokens: number
  /** Tokens of the prompt that are earlier work rather than the task. */
  readonly workTokens: number
  /** What critiques in the prompt say is missing, lower-cased (see `hinted`). */
  private readonly missing: string[]
  /** Themes the lessons in this call's prompt name (see lessons.ts). */
  private readonly themes: ReadonlySet<string>

  constructor(view: SimCallView) {
    this.task = view.task
    this.profile = view.profile
    this.role = view.role
    this.prior = view.prior
    this.promptText = PromptText.of(view.prompt)
    this.callDraws = new KeyedDraws(view.callKey)
    this.trialDraws = new KeyedDraws(view.trialKey)
    this.roleKey = view.role?.id ?? 'generalist'
    this.promptTokens = Math.ceil(this.promptText.length / 4)
    this.workTokens = Math.max(0, Math.ceil((this.promptText.length - taskSize(view.task)) / 4))
    this.themes = lessonThemes(this.promptText)
    this.missing = objectsWith(view.prior, ['kind', 'detail'])
      .filter((p) => p.kind === 'missing' && typeof p.detail === 'string')
      .map((p) => (p.detail as string).toLowerCase())
  }

  /** Whether the prompt holds the passage (exactly prompt.includes). */
  includes(passage: string): boolean {
    return this.promptText.includes(passage)
  }

  /**
   * Whether a critique in the prompt names the item as missing (every fragment in one problem):
   * a critic's look at the task is a look like any other, so what it names counts as earlier work.
   */
  hinted(...fragments: string[]): boolean {
    const wanted = fragments.map((f) => f.toLowerCase())
    return this.missing.some((d) => wanted.every((f) => d.includes(f)))
  }

  /** A draw for this call only (per-call noise: wording, picks that may differ between calls). */
  unit(...parts: Array<string | number>): number {
    return this.callDraws.unit(...parts)
  }

  chance(p: number, ...parts: Array<string | number>): boolean {
    return this.callDraws.chance(p, ...parts)
  }

  normal(...parts: Array<string | number>): number {
    return this.callDraws.normal(...parts)
  }

  /** A pick the model makes the same way in every call of the trial (which wrong label, which line). */
  pick<T>(items: readonly T[], ...parts: Array<string | number>): T {
    return this.trialDraws.pick(items, ...parts)
  }

  /** The model's view of something: shared by the model's calls in this trial, with role and call variation. */
  view(...parts: Array<string | number>): number {
    const p = this.profile
    if (p.callVariation > 0 && this.callDraws.unit(...parts, 'own-call') < p.callVariation) return this.callDraws.unit(...parts, 'view')
    if (p.roleVariation > 0 && this.trialDraws.unit(this.roleKey, ...parts, 'own-role') < p.roleVariation) return this.trialDraws.unit(this.roleKey, ...parts, 'view')
    return this.trialDraws.unit(...parts, 'view')
  }

  /** Whether the model, in this call, makes an error of chance `p` on this thing (a false alarm, a slip). */
  errs(p: number, ...parts: Array<string | number>): boolean {
    return p > 0 && this.view(...parts) < p
  }

  focusFactor(item: SimItem): number {
    if (!this.role || item.difficulty === 'CRITICAL' || item.difficulty === 'HIGH') return 1
    const focus = this.role.focus.toLowerCase()
    const inFocus = item.focusRoles ? item.focusRoles.includes(this.role.id) : item.focusWords.some((w) => focus.includes(w))
    return inFocus ? this.profile.inFocus : this.profile.outOfFocus
  }

  /** Recall left at this prompt length: 1 within the profile's context window, window ÷ tokens beyond it. */
  contextFactor(): number {
    return this.promptTokens <= this.profile.contextWindow ? 1 : this.profile.contextWindow / this.promptTokens
  }

  /** Share of its own reading a call keeps while it also reads earlier work: less, the more work it must read. */
  attention(): number {
    return Math.max(0.5, 1 - (this.profile.attentionDilution * this.workTokens) / 1000)
  }

  /** Chance that an item carried over from the earlier work in this prompt survives the handoff. */
  handoffSurvival(): number {
    return 1 - Math.min(this.profile.handoffLossMax, (this.profile.handoffLoss * this.workTokens) / 1000)
  }

  /**
   * Chance that this call sees the item on its own: the item's detectability for this profile,
   * scaled by focus, then weakened by reading (attention × context factor r) as p^(1/r), so that
   * an item the model always sees stays seen and uncertain ones suffer most.
   */
  seeChance(item: SimItem): number {
    const p = withLessons(Math.min(1, detectability(this.profile, item.difficulty, item.detectability) * this.focusFactor(item)), item, this.themes)
    const r = this.attention() * this.contextFactor()
    return r >= 1 ? p : p ** (1 / r)
  }

  /** Whether this call sees the item on its own (its blind spots are the model's, see `view`). */
  sees(item: SimItem): boolean {
    return this.view(item.id, 'see') < this.seeChance(item)
  }

  /**
   * Whether this call reports the item: seen on its own, or accepted from earlier work it was shown
   * (which a handoff may lose, more often the longer the quoted work).
   */
  decide(item: SimItem, seenInPrompt: boolean): Decision {
    const p = this.profile
    const own = this.sees(item)
    const kept = !own && seenInPrompt && this.chance(p.retain[item.difficulty] * this.handoffSurvival() * this.contextFactor(), item.id, 'retain')
    const found = own || kept
    const scale = item.errorScale ?? 1
    return {
      found,
      confused: own && this.errs(p.confuse[item.difficulty] * scale, item.id, 'confuse'),
      slipped: found && this.errs(p.severitySlip * scale, item.id, 'slip'),
    }
  }

  /** Whether this call keeps a spurious item that earlier work in the prompt reports. */
  keepsSpurious(...parts: Array<string | number>): boolean {
    return this.chance(this.profile.keepFalseAlarm * this.handoffSurvival(), ...parts, 'keep-spurious')
  }
}

/** Objects of every JSON code block in the prompt (earlier agents' structured work). */
const JSON_BLOCK: Delimited = { pattern: /(`{3,})json\n([\s\S]*?)\n\1/g, opening: /`{3,}json\n/g, peeksPastEnd: false }

export function jsonBlocks(prompt: string | PromptText): unknown[] {
  const out: unknown[] = []
  for (const m of matchesOf(PromptText.of(prompt), JSON_BLOCK)) {
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

/** An item key (see deliverableItems in lib/topologies/convergence.ts) as a critic quotes it. */
export function readableItem(item: string): string {
  const text = item.replace(/^\$\.?/, '').replace(/\[\]/g, '').replace(/[{}]/g, ' ').replace(/,/g, ', ').replace(/\s+/g, ' ').trim()
  return text.length > 160 ? `${text.slice(0, 157)}...` : text
}

/** Whether most earlier answers that mention a thing give it the right value (how a merge settles a disagreement). */
export function majorityRight(answers: readonly unknown[], right: unknown): boolean {
  const agreeing = answers.filter((a) => a === right).length
  return agreeing > 0 && agreeing * 2 > answers.length
}

export const SEVERITY_STEPS = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'] as const
/** One step off: the first level moves down one, every other level moves up one. */
export function slip<T extends string>(value: T, steps: readonly T[]): T {
  const i = steps.indexOf(value)
  return steps[i === 0 ? 1 : i - 1] ?? value
}
