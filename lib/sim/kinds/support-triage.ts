import type { Priority, Routing, SupportTriageDeliverable, SupportTriageTruth, TicketCategory } from '../../tasks/kinds/support-triage.js'
import { Priority as Priorities, Routing as Routings, scoresMerges } from '../../tasks/kinds/support-triage.js'
import { objectsWith, type SimContext } from '../context.js'
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

/** Simulated triage: each ticket's labels are right or wrong per the profile and the ticket's priority. */
export function simulateSupportTriage(ctx: SimContext, truth: SupportTriageTruth): SupportTriageDeliverable {
  if (scoresMerges(truth)) return simulateMergingTriage(ctx, truth)
  const earlier = objectsWith(ctx.prior, ['id', 'priority', 'routing'])
  const tickets = truth.tickets.map((t) => {
    const seen = earlier.some((e) => e.id === t.id && e.priority === t.priority)
    const d = ctx.decide({ id: t.id, difficulty: DIFFICULTY[t.priority], focusWords: FOCUS_WORDS }, seen)
    const priority: Priority = d.found ? t.priority : ctx.pick(Priorities.options.filter((p) => p !== t.priority && p !== 'P0'), t.id, 'prio')
    const routing: Routing = d.found && !ctx.chance(ctx.profile.severitySlip, t.id, 'route') ? t.routing : ctx.pick(Routings.options.filter((r) => r !== t.routing), t.id, 'route-pick')
    const category: TicketCategory = !ctx.chance(ctx.profile.confuse.MEDIUM + 0.05, t.id, 'cat') ? t.category : ctx.pick(ctx.task.categories.map((c) => c.id).filter((c) => c !== t.category), t.id, 'cat-pick')
    const slaDeadline = d.found && !ctx.chance(ctx.profile.severitySlip, t.id, 'sla') ? t.slaDeadline : shiftHours(t.slaDeadline, ctx.chance(0.5, t.id, 'sla-dir') ? 1 : 4)
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
 * A triage that scores merges (the hard tier): every trap a ticket carries makes it harder, so a
 * strong single agent gets fewer priorities, routes and deadlines right than on the standard batch,
 * misses merges and merges some look-alikes. Must-catch items (P0 tickets, escalations and the
 * originals they raise) stay at HIGH difficulty at most, as every kind keeps them: a strong profile
 * still catches them, weaker ones do not.
 */
function simulateMergingTriage(ctx: SimContext, truth: SupportTriageTruth): SupportTriageDeliverable {
  const earlier = objectsWith(ctx.prior, ['id', 'priority', 'routing', 'mergeInto'])
  const kept = (id: string, pred: (e: Record<string, unknown>) => boolean) => earlier.some((e) => e.id === id && pred(e))
  const categories = ctx.task.categories.map((c) => c.id)
  const raised = new Set(truth.tickets.filter((t) => t.mergeKind === 'escalation').map((t) => t.mergeInto))
  const tickets = truth.tickets.map((t, i) => {
    const traps = t.traps ?? []
    const mustCatch = t.priority === 'P0' || raised.has(t.id)
    const difficulty = harder(DIFFICULTY[t.priority], count(traps, DECISION_TRAPS))
    const decision = ctx.decide({ id: t.id, difficulty: mustCatch && difficulty !== 'CRITICAL' ? 'HIGH' : difficulty, focusWords: FOCUS_WORDS }, kept(t.id, (e) => e.priority === t.priority))
    const priority: Priority = decision.found ? t.priority : ctx.pick(Priorities.options.filter((p) => p !== t.priority && p !== 'P0'), t.id, 'prio')
    const routing: Routing = decision.found && !ctx.chance(ctx.profile.severitySlip, t.id, 'route') ? t.routing : ctx.pick(Routings.options.filter((r) => r !== t.routing), t.id, 'route-pick')
    const category: TicketCategory = !ctx.chance(ctx.profile.confuse.MEDIUM + 0.08, t.id, 'cat') ? t.category : ctx.pick(categories.filter((c) => c !== t.category), t.id, 'cat-pick')
    const clock = ctx.decide({ id: `${t.id}:sla`, difficulty: harder('MEDIUM', count(traps, CLOCK_TRAPS)), focusWords: ['deadline', 'clock', 'calendar'] }, kept(t.id, (e) => e.slaDeadline === t.slaDeadline))
    const slaDeadline = decision.found && clock.found ? t.slaDeadline : shiftHours(t.slaDeadline, ctx.pick([1, -1, 2, 24, -24], t.id, 'sla-shift'))
    let mergeInto: string | null = null
    if (t.mergeInto) {
      // An escalation is must-catch: it stays at HIGH, however it reaches its group.
      const difficulty = t.mergeKind === 'escalation' ? 'HIGH' : harder(MERGE_DIFFICULTY[t.mergeKind ?? 'duplicate'] ?? 'MEDIUM', 2 * count(traps, MERGE_CLOCK))
      const merge = ctx.decide({ id: `${t.id}:merge`, difficulty, focusWords: ['same account', 'queue as a whole', 'reference'] }, kept(t.id, (e) => e.mergeInto === t.mergeInto))
      mergeInto = merge.found ? t.mergeInto : null
    } else if (traps.some((x) => MERGE_DECOYS.has(x)) && i > 0 && ctx.chance(ctx.profile.falseAlarm * 2, t.id, 'false-merge')) {
      mergeInto = truth.tickets[ctx.pick(Array.from({ length: i }, (_, j) => j), t.id, 'false-merge-target')]!.id
    }
    return { id: t.id, priority, routing, category, slaDeadline, mergeInto, rationale: mergeInto ? `merged into ${mergeInto}` : `${priority} by impact and account` }
  })
  return { tickets }
}
