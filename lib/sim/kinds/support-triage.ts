import type { Priority, Routing, SupportTriageDeliverable, SupportTriageTruth, TicketCategory } from '../../tasks/kinds/support-triage.js'
import { Priority as Priorities, Routing as Routings, scoresMerges } from '../../tasks/kinds/support-triage.js'
import { majorityRight, objectsWith, type SimContext, type SimItem } from '../context.js'
import type { ItemOutcomes } from '../calibration.js'
import { itemChances, registerOutcomeReader, trapChance } from '../calibration.js'
import type { Task } from '../../tasks/registry.js'
import type { Difficulty } from '../profiles.js'

const DIFFICULTY: Record<Priority, Difficulty> = { P0: 'CRITICAL', P1: 'HIGH', P2: 'MEDIUM', P3: 'LOW' }
const FOCUS_WORDS = ['tier', 'deadline', 'clock', 'urgen', 'impact', 'classif', 'route', 'queue']

function shiftHours(iso: string, hours: number): string {
  const offset = /([+-]\d{2}:\d{2}|Z)$/.exec(iso)?.[1] ?? 'Z'
  const t = new Date(Date.parse(iso) + hours * 3_600_000)
  if (offset === 'Z') return t.toISOString().replace(/\.\d{3}Z$/, 'Z')
  const sign = offset.startsWith('-') ? -1 : 1
  const [h, m] = offset.slice(1).split(':').map(Number)
  const local = new Date(t.getTime() + sign * ((h ?? 0) * 60 + (m ?? 0)) * 60_000)
  return `${local.toISOString().slice(0, 19)}${offset}`
}

type TicketTruth = SupportTriageTruth['tickets'][number]

/**
 * The simulator's item for one decision about a ticket (its labels, its deadline, its merge), for
 * agents and judge alike: the one place where an item's chances are set (from the task's
 * calibration where it has one, see `readTriageOutcomes`).
 */
function ticketItem(task: Task, id: string, difficulty: Difficulty, focusWords: readonly string[], themes: readonly string[]): SimItem {
  return { id, difficulty, ...itemChances(task, id, difficulty), focusWords, themes }
}

/**
 * What a lesson may name (lib/sim/lessons.ts): a ticket by its priority ("p0" … "p3"), and, on a
 * triage without merges, by its deadline too (its labels and deadline are one decision there); the
 * deadline and the merge of a triage with merges apart ("deadline", "merge").
 */
const ticketThemes = (t: TicketTruth, merges: boolean): string[] => (merges ? [t.priority.toLowerCase()] : [t.priority.toLowerCase(), 'deadline'])

/**
 * What a calibration deliverable got right, by item: a ticket's labels (with its deadline on a
 * triage without merges), its deadline and its merge apart on one with merges; and the look-alikes
 * it merged by mistake.
 */
function readTriageOutcomes(task: Task, data: unknown): ItemOutcomes {
  const truth = task.truth!.data as SupportTriageTruth
  const merges = scoresMerges(truth)
  const theirs = new Map((data as SupportTriageDeliverable).tickets.map((c) => [c.id, c]))
  const right = new Map<string, boolean>()
  const fooled = new Map<string, boolean>()
  for (const t of truth.tickets) {
    const c = theirs.get(t.id)
    const sameTime = c !== undefined && Date.parse(c.slaDeadline) === Date.parse(t.slaDeadline)
    const labels = c !== undefined && c.priority === t.priority && c.routing === t.routing && c.category === t.category
    right.set(t.id, labels && (merges || sameTime))
    if (!merges) continue
    right.set(`${t.id}:sla`, sameTime)
    if (t.mergeInto) right.set(`${t.id}:merge`, c?.mergeInto === t.mergeInto)
    else if ((t.traps ?? []).some((x) => MERGE_DECOYS.has(x))) fooled.set(`${t.id}:false-merge`, Boolean(c?.mergeInto))
  }
  return { right, fooled }
}
registerOutcomeReader('support_triage', readTriageOutcomes)

/** Earlier answers about one ticket, and whether most of them give a field its right value (or a critique says it is missing). */
function earlierAnswers(ctx: SimContext, keys: readonly string[]) {
  const byId = new Map<unknown, Array<Record<string, unknown>>>()
  for (const e of objectsWith(ctx.prior, keys)) byId.set(e.id, [...(byId.get(e.id) ?? []), e])
  return (t: TicketTruth, field: 'priority' | 'slaDeadline' | 'mergeInto') =>
    majorityRight((byId.get(t.id) ?? []).map((e) => e[field]), t[field]) || ctx.hinted(`id=${t.id}`, `${field}=${String(t[field])}`)
}

/**
 * Simulated triage: each ticket's labels are right or wrong per the profile and the ticket's
 * priority. Earlier work helps only where most of it agrees on the right value: a merge settles a
 * disagreement by majority, not by knowing the answer.
 */
export function simulateSupportTriage(ctx: SimContext, truth: SupportTriageTruth): SupportTriageDeliverable {
  if (scoresMerges(truth)) return simulateMergingTriage(ctx, truth)
  const agreed = earlierAnswers(ctx, ['id', 'priority', 'routing'])
  const categories = ctx.task.categories.map((c) => c.id)
  const tickets = truth.tickets.map((t) => {
    const item = ticketItem(ctx.task, t.id, DIFFICULTY[t.priority], FOCUS_WORDS, ticketThemes(t, false))
    const scale = item.errorScale ?? 1
    const d = ctx.decide(item, agreed(t, 'priority'))
    const priority: Priority = d.found ? t.priority : ctx.pick(Priorities.options.filter((p) => p !== t.priority && p !== 'P0'), t.id, 'prio')
    const routing: Routing = d.found && !ctx.errs(ctx.profile.severitySlip * scale, t.id, 'route') ? t.routing : ctx.pick(Routings.options.filter((r) => r !== t.routing), t.id, 'route-pick')
    const category: TicketCategory = !ctx.errs((ctx.profile.confuse.MEDIUM + 0.05) * scale, t.id, 'cat') ? t.category : ctx.pick(categories.filter((c) => c !== t.category), t.id, 'cat-pick')
    const slaDeadline = d.found && !ctx.errs(ctx.profile.severitySlip * scale, t.id, 'sla') ? t.slaDeadline : shiftHours(t.slaDeadline, ctx.pick([1, 4], t.id, 'sla-dir'))
    return { id: t.id, priority, routing, category, slaDeadline, rationale: `Impact and tier assessed for ${t.id}.` }
  })
  return { tickets }
}

const STEPS: readonly Difficulty[] = ['CRITICAL', 'HIGH', 'MEDIUM', 'LOW']
/** `steps` levels harder than `d` (LOW stays LOW). */
const harder = (d: Difficulty, steps: number): Difficulty => STEPS[Math.min(STEPS.length - 1, STEPS.indexOf(d) + steps)]!

/** Traps that bear on priority, routing or the merge decision; each makes a ticket one step harder. */
const DECISION_TRAPS = new Set([
  'contradicting_claim',
  'lapsed',
  'grace',
  'hypercare',
  'sandbox_sla',
  'non_production',
  'tam',
  'round_the_clock',
  'quiet_report',
  'escalation',
  'duplicate',
  'follow_up',
  'merge_chain',
  'late_follow_up',
  'stale_reference',
  'cross_account',
  'other_problem',
  'account_change',
  'account_watch',
  'repeat_case',
  'raised_group',
])
/** Facts that make a deadline harder to compute: calendars, windows, and the plan a case is served on. */
const CLOCK_TRAPS = new Set(['holiday', 'clock_change', 'hub_calendar', 'outside_hours', 'round_the_clock', 'grace', 'lapsed', 'maintenance', 'follow_the_sun', 'beyond_allowance', 'account_change'])
/** Look-alikes that draw a merge that the policy forbids. */
const MERGE_DECOYS = new Set(['late_follow_up', 'stale_reference', 'cross_account', 'other_problem', 'shared_incident', 'other_tenant', 'other_user', 'near_cutoff', 'dst_cutoff', 'chain_cutoff'])
/** Merges that need the elapsed time from the group's original or the latest group of the problem. */
const MERGE_CLOCK = new Set(['merge_chain', 'near_cutoff', 'dst_cutoff', 'reply_after_repeat'])
const MERGE_DIFFICULTY: Record<string, Difficulty> = { duplicate: 'LOW', follow_up: 'MEDIUM', escalation: 'HIGH' }

const count = (traps: readonly string[] | undefined, set: ReadonlySet<string>) => (traps ?? []).filter((t) => set.has(t)).length

/**
 * The items of a ticket in a triage that scores merges: every trap a ticket carries makes it
 * harder. Must-catch items (P0 tickets, escalations and the originals they raise) stay at HIGH
 * difficulty at most, as every kind keeps them: a strong profile still catches them, weaker ones do not.
 */
function mergingItems(task: Task, truth: SupportTriageTruth) {
  const raised = new Set(truth.tickets.filter((t) => t.mergeKind === 'escalation').map((t) => t.mergeInto))
  return {
    decision: (t: TicketTruth) => {
      const difficulty = harder(DIFFICULTY[t.priority], count(t.traps, DECISION_TRAPS))
      const mustCatch = t.priority === 'P0' || raised.has(t.id)
      return ticketItem(task, t.id, mustCatch && difficulty !== 'CRITICAL' ? 'HIGH' : difficulty, FOCUS_WORDS, ticketThemes(t, true))
    },
    clock: (t: TicketTruth) => ticketItem(task, `${t.id}:sla`, harder('MEDIUM', count(t.traps, CLOCK_TRAPS)), ['deadline', 'clock', 'calendar'], ['deadline']),
    // An escalation is must-catch: it stays at HIGH, however it reaches its group.
    merge: (t: TicketTruth) =>
      ticketItem(task, `${t.id}:merge`, t.mergeKind === 'escalation' ? 'HIGH' : harder(MERGE_DIFFICULTY[t.mergeKind ?? 'duplicate'] ?? 'MEDIUM', 2 * count(t.traps, MERGE_CLOCK)), ['same account', 'queue as a whole', 'reference'], ['merge']),
  }
}

/**
 * A triage that scores merges (the hard tier): a strong single agent gets fewer priorities, routes
 * and deadlines right than on the standard batch, misses merges and merges some look-alikes (the
 * same ones in every call of the trial).
 */
function simulateMergingTriage(ctx: SimContext, truth: SupportTriageTruth): SupportTriageDeliverable {
  const agreed = earlierAnswers(ctx, ['id', 'priority', 'routing', 'mergeInto'])
  const items = mergingItems(ctx.task, truth)
  const categories = ctx.task.categories.map((c) => c.id)
  const tickets = truth.tickets.map((t, i) => {
    const traps = t.traps ?? []
    const item = items.decision(t)
    const scale = item.errorScale ?? 1
    const decision = ctx.decide(item, agreed(t, 'priority'))
    const priority: Priority = decision.found ? t.priority : ctx.pick(Priorities.options.filter((p) => p !== t.priority && p !== 'P0'), t.id, 'prio')
    const routing: Routing = decision.found && !ctx.errs(ctx.profile.severitySlip * scale, t.id, 'route') ? t.routing : ctx.pick(Routings.options.filter((r) => r !== t.routing), t.id, 'route-pick')
    const category: TicketCategory = !ctx.errs((ctx.profile.confuse.MEDIUM + 0.08) * scale, t.id, 'cat') ? t.category : ctx.pick(categories.filter((c) => c !== t.category), t.id, 'cat-pick')
    const clock = ctx.decide(items.clock(t), agreed(t, 'slaDeadline'))
    const slaDeadline = decision.found && clock.found ? t.slaDeadline : shiftHours(t.slaDeadline, ctx.pick([1, -1, 2, 24, -24], t.id, 'sla-shift'))
    let mergeInto: string | null = null
    if (t.mergeInto) {
      mergeInto = ctx.decide(items.merge(t), agreed(t, 'mergeInto')).found ? t.mergeInto : null
    } else if (traps.some((x) => MERGE_DECOYS.has(x)) && i > 0 && ctx.errs(trapChance(ctx.task, ctx.profile, `${t.id}:false-merge`, Math.min(1, ctx.profile.falseAlarm * 2)), t.id, 'false-merge')) {
      mergeInto = truth.tickets[ctx.pick(Array.from({ length: i }, (_, j) => j), t.id, 'false-merge-target')]!.id
    }
    return { id: t.id, priority, routing, category, slaDeadline, mergeInto, rationale: mergeInto ? `merged into ${mergeInto}` : `${priority} by impact and account` }
  })
  return { tickets }
}

/**
 * What a judge model believes the right labels are: its own where it can tell, the candidate's
 * where it cannot. With merges, it decides labels, deadline and merge apart: each is its own where
 * it sees that decision (a merge it would make by mistake included), the candidate's otherwise.
 */
export function believeSupportTriage(judge: SimContext, truth: SupportTriageTruth, candidate: SupportTriageDeliverable): SupportTriageTruth {
  const own = simulateSupportTriage(judge, truth)
  const theirs = new Map<string, SupportTriageDeliverable['tickets'][number]>()
  for (const c of candidate.tickets) if (!theirs.has(c.id)) theirs.set(c.id, c)
  if (!scoresMerges(truth)) {
    return {
      ...truth,
      tickets: truth.tickets.map((t, i) => {
        const tells = judge.sees(ticketItem(judge.task, t.id, DIFFICULTY[t.priority], FOCUS_WORDS, ticketThemes(t, false)))
        const { id, priority, routing, category, slaDeadline } = tells || !theirs.has(t.id) ? own.tickets[i]! : theirs.get(t.id)!
        return { id, priority, routing, category, slaDeadline }
      }),
    }
  }
  const items = mergingItems(judge.task, truth)
  return {
    ...truth,
    tickets: truth.tickets.map((t, i) => {
      const mine = own.tickets[i]!
      const other = theirs.get(t.id) ?? mine
      const labels = judge.sees(items.decision(t)) ? mine : other
      const slaDeadline = judge.sees(items.clock(t)) ? mine.slaDeadline : other.slaDeadline
      const mergeInto = (!t.mergeInto || judge.sees(items.merge(t)) ? mine.mergeInto : other.mergeInto) ?? null
      const kind = mergeInto === t.mergeInto && t.mergeKind ? { mergeKind: t.mergeKind } : {}
      return { id: t.id, priority: labels.priority, routing: labels.routing, category: labels.category, slaDeadline, mergeInto, ...kind }
    }),
  }
}
