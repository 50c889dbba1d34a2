import { createHash } from 'node:crypto'
import { escapeRegExp, estimateTokens } from '../text.js'
import type { CodeReviewTruth } from './kinds/code-review.js'
import { scoresMerges, type SupportTriageTruth } from './kinds/support-triage.js'
import type { Task } from './registry.js'
import { rescopeTask } from './scope.js'

/**
 * A task restricted to part of its inputs: the train/held-out split of a learning run, and the
 * simulator's view of a prompt that quotes only part of a task. A task whose inputs are many
 * separable units (the diffs of a code review, the tickets of a triage batch) can be cut into two
 * tasks, each showing and scoring only its own units, its brief, title, hard constraints, role foci
 * and rubric speaking of those units alone (lib/tasks/scope.ts); a task whose items are
 * woven through one document or cross-referenced between inputs cannot, and says why.
 */

/** Share of a task's units that go to the held-out side (rounded up; each side keeps at least one). */
export const HELD_OUT_FRACTION = 0.3

/**
 * The ids for which the prompt holds `${open}${id}${close}`, in the order given: what filtering the
 * ids with `prompt.includes` gives, in one pass over the prompt instead of one per id. Every
 * occurrence of `open` is read up to the next `close`; an id that itself holds `close` (which that
 * reading cannot find) is looked for with `includes`.
 */
export function quotedBetween(prompt: string, open: string, close: string, ids: readonly string[]): string[] {
  const found = new Set<string>()
  for (let at = prompt.indexOf(open); at !== -1; at = prompt.indexOf(open, at + 1)) {
    const from = at + open.length
    const end = prompt.indexOf(close, from)
    if (end === -1) break
    found.add(prompt.slice(from, end))
  }
  return ids.filter((id) => (id.includes(close) ? prompt.includes(`${open}${id}${close}`) : found.has(id)))
}

/** How a kind's task is cut into units. */
interface Splitter {
  /** What a unit is, in words (for the results file). */
  unit: string
  /** The task's units, or a reason why it has none to split. */
  units(task: Task): string[] | { reason: string }
  /** The task showing, naming and scoring only `keep` (a subset of its units). */
  restrict(task: Task, keep: ReadonlySet<string>): Task
  /** The units a prompt quotes. */
  quoted(task: Task, prompt: string): string[]
}

const codeReview: Splitter = {
  unit: 'diff input',
  units: (task) => (task.truth!.data as CodeReviewTruth).diffs.map((d) => d.input),
  restrict(task, keep) {
    const truth = task.truth!.data as CodeReviewTruth
    const all = truth.diffs.map((d) => d.input)
    const units = new Set(all)
    return {
      ...rescopeTask(task, all, all.filter((id) => keep.has(id)), { one: 'pull request', many: 'pull requests' }),
      resolvedInputs: task.resolvedInputs.filter((i) => !units.has(i.id) || keep.has(i.id)),
      truth: { kind: 'code_review', data: { ...truth, diffs: truth.diffs.filter((d) => keep.has(d.input)) } },
    }
  },
  quoted: (task, prompt) => quotedBetween(prompt, '### Input ', ':', (task.truth!.data as CodeReviewTruth).diffs.map((d) => d.input)),
}

const ticketsOf = (json: unknown): unknown[] | null => {
  if (Array.isArray(json)) return json
  const t = (json as { tickets?: unknown } | null)?.tickets
  return Array.isArray(t) ? t : null
}

const supportTriage: Splitter = {
  unit: 'ticket',
  units(task) {
    const truth = task.truth!.data as SupportTriageTruth
    if (scoresMerges(truth)) return { reason: 'the triage scores merges, which link tickets across the batch: a ticket cannot be judged without the others' }
    const input = task.resolvedInputs.find((i) => i.id === truth.input)
    if (!input || input.format !== 'json' || !ticketsOf(JSON.parse(input.content))) return { reason: `input ${truth.input} is not a JSON ticket batch` }
    return truth.tickets.map((t) => t.id)
  },
  restrict(task, keep) {
    const truth = task.truth!.data as SupportTriageTruth
    const all = truth.tickets.map((t) => t.id)
    return {
      ...rescopeTask(task, all, all.filter((id) => keep.has(id)), { one: 'ticket', many: 'tickets' }),
      resolvedInputs: task.resolvedInputs.map((input) => {
        if (input.id !== truth.input) return input
        const json = JSON.parse(input.content) as unknown
        const tickets = ticketsOf(json)!.filter((t) => keep.has(String((t as { id?: unknown }).id)))
        const content = `${JSON.stringify(Array.isArray(json) ? tickets : { ...(json as object), tickets }, null, 2)}\n`
        return { ...input, content, rendered: content, tokens: estimateTokens(content) }
      }),
      truth: { kind: 'support_triage', data: { ...truth, tickets: truth.tickets.filter((t) => keep.has(t.id)) } },
    }
  },
  quoted: (task, prompt) => quotedBetween(prompt, '"id": "', '"', (task.truth!.data as SupportTriageTruth).tickets.map((t) => t.id)),
}

/** Why the kinds without a splitter keep seed-only held-out evaluation. */
const UNSPLITTABLE: Readonly<Record<string, string>> = {
  contract_review: 'the risks are clauses of one agreement that refer to each other: a clause cannot be shown without the rest',
  incident_response: 'the task is one incident: its events, metrics and actions form a single causal chain',
  reconciliation: 'ledger, statements and registers cross-reference the same transactions: no input can be left out without breaking the close',
}

const SPLITTERS: Readonly<Record<string, Splitter>> = { code_review: codeReview, support_triage: supportTriage }

/** A stable rank of a unit within its task: the first 8 bytes of sha256("<task>:<unit>"). */
const rank = (taskId: string, unit: string) => createHash('sha256').update(`${taskId}:${unit}`).digest('hex').slice(0, 16)

/** sha256 of a side's sorted ids, as the results file records it. */
export const idsHash = (ids: readonly string[]): string => createHash('sha256').update([...ids].sort().join('\n')).digest('hex')

export type InputSplit =
  | { mode: 'inputs'; unit: string; fraction: number; train: Task; heldOut: Task; trainIds: string[]; heldOutIds: string[] }
  | { mode: 'seeds'; reason: string; train: Task; heldOut: Task }

const splits = new WeakMap<Task, InputSplit>()

/**
 * The train/held-out split of a task's inputs: its units ordered by a stable hash of task id and
 * unit id, the first ⌈HELD_OUT_FRACTION × n⌉ held out (at least one, and at least one left to
 * train on). The same task always splits the same way, on every machine. A task with fewer than
 * two units, or of a kind that cannot be split, returns itself on both sides (mode "seeds": only
 * other seeds are held out) with the reason.
 */
export function splitInputs(task: Task): InputSplit {
  const cached = splits.get(task)
  if (cached) return cached
  const splitter = task.truth ? SPLITTERS[task.truth.kind] : undefined
  const units = splitter ? splitter.units(task) : { reason: task.truth ? (UNSPLITTABLE[task.truth.kind] ?? `kind ${task.truth.kind} has no split`) : 'a design task has one brief and no ground-truth items' }
  let split: InputSplit
  if (!Array.isArray(units) || units.length < 2) {
    split = { mode: 'seeds', reason: Array.isArray(units) ? `only ${units.length} ${splitter!.unit}` : units.reason, train: task, heldOut: task }
  } else {
    const ranked = [...new Set(units)].map((unit) => ({ unit, rank: rank(task.id, unit) }))
    const ordered = ranked.sort((a, b) => a.rank.localeCompare(b.rank) || a.unit.localeCompare(b.unit)).map((r) => r.unit)
    const n = Math.min(ordered.length - 1, Math.max(1, Math.ceil(HELD_OUT_FRACTION * ordered.length)))
    const heldOutIds = ordered.slice(0, n).sort()
    const trainIds = ordered.slice(n).sort()
    const train = splitter!.restrict(task, new Set(trainIds))
    const heldOut = splitter!.restrict(task, new Set(heldOutIds))
    const named = namesOtherUnits(train, heldOutIds) ?? namesOtherUnits(heldOut, trainIds)
    split = named
      ? { mode: 'seeds', reason: `the task's texts name its ${splitter!.unit}s one by one (${named}), which a case showing only some of them would still ask about`, train: task, heldOut: task }
      : { mode: 'inputs', unit: splitter!.unit, fraction: HELD_OUT_FRACTION, train, heldOut, trainIds, heldOutIds }
  }
  splits.set(task, split)
  return split
}

/**
 * Where a restricted side's texts (title, brief, hard constraints, role foci, rubric) still name a
 * unit it does not show, as "<unit> in <where>"; null when none does. A brief that lists its units
 * ("q01 and q02") or a focus given to one unit cannot be rescoped, and a case would then ask about
 * a unit it does not show.
 */
function namesOtherUnits(side: Task, others: readonly string[]): string | null {
  const texts: Array<[string, string]> = [['the title', side.title], ['the brief', side.brief], ...side.hardConstraints.map((c, i): [string, string] => [`hard constraint ${i + 1}`, c]), ...side.roles.map((r): [string, string] => [`${r.id}'s focus`, r.focus]), ...side.rubric.map((d): [string, string] => [`rubric ${d.key}`, d.description])]
  for (const unit of others) {
    const re = new RegExp(`(^|[^A-Za-z0-9-])${escapeRegExp(unit)}($|[^A-Za-z0-9])`)
    const where = texts.find(([, text]) => re.test(text))
    if (where) return `${unit} in ${where[0]}`
  }
  return null
}

/** A side of a learning run: its training seeds, its held-out seeds, or the held-out seeds with memory off. */
export type LearningSide = 'train' | 'heldout' | 'ablation'

/** The task as a learning run's cases of `side` were given it (and judged on): the training inputs, or the held-out ones. */
export function learningView(task: Task, side: LearningSide): Task {
  const split = splitInputs(task)
  return side === 'train' ? split.train : split.heldOut
}

const views = new WeakMap<Task, Map<string, Task>>()
const unitCache = new WeakMap<Task, string[] | { reason: string }>()

/**
 * The task as a prompt quotes it: the task itself when the prompt quotes every unit (or the kind
 * has none), else the task restricted to the quoted units (the simulator answers and judges only
 * what the agents were shown). Restricted views are cached per set of units.
 */
export function quotedView(task: Task, prompt: string): Task {
  const splitter = task.truth ? SPLITTERS[task.truth.kind] : undefined
  if (!splitter) return task
  let units = unitCache.get(task)
  if (!units) unitCache.set(task, (units = splitter.units(task)))
  if (!Array.isArray(units)) return task
  const quoted = splitter.quoted(task, prompt)
  if (quoted.length === 0 || quoted.length === units.length) return task
  let byUnits = views.get(task)
  if (!byUnits) views.set(task, (byUnits = new Map()))
  const key = quoted.join(',')
  let view = byUnits.get(key)
  if (!view) byUnits.set(key, (view = splitter.restrict(task, new Set(quoted))))
  return view
}
