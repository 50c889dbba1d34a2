import type { Priority, Routing, SupportTriageDeliverable, SupportTriageTruth, TicketCategory } from '../../tasks/kinds/support-triage.js'
import { Priority as Priorities, Routing as Routings, TicketCategory as Categories } from '../../tasks/kinds/support-triage.js'
import { majorityRight, objectsWith, type SimContext } from '../context.js'
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

/**
 * Simulated triage: each ticket's labels are right or wrong per the profile and the ticket's
 * priority. Earlier work helps only where most of it agrees on the right priority: a merge settles
 * a disagreement by majority, not by knowing the answer.
 */
export function simulateSupportTriage(ctx: SimContext, truth: SupportTriageTruth): SupportTriageDeliverable {
  const earlier = objectsWith(ctx.prior, ['id', 'priority', 'routing'])
  const tickets = truth.tickets.map((t) => {
    const answers = earlier.filter((e) => e.id === t.id)
    const d = ctx.decide({ id: t.id, difficulty: DIFFICULTY[t.priority], focusWords: FOCUS_WORDS }, majorityRight(answers.map((e) => e.priority), t.priority) || ctx.hinted(`id=${t.id}`, `priority=${t.priority}`))
    const priority: Priority = d.found ? t.priority : ctx.pick(Priorities.options.filter((p) => p !== t.priority && p !== 'P0'), t.id, 'prio')
    const routing: Routing = d.found && !ctx.errs(ctx.profile.severitySlip, t.id, 'route') ? t.routing : ctx.pick(Routings.options.filter((r) => r !== t.routing), t.id, 'route-pick')
    const category: TicketCategory = !ctx.errs(ctx.profile.confuse.MEDIUM + 0.05, t.id, 'cat') ? t.category : ctx.pick(Categories.options.filter((c) => c !== t.category), t.id, 'cat-pick')
    const slaDeadline = d.found && !ctx.errs(ctx.profile.severitySlip, t.id, 'sla') ? t.slaDeadline : shiftHours(t.slaDeadline, ctx.pick([1, 4], t.id, 'sla-dir'))
    return { id: t.id, priority, routing, category, slaDeadline, rationale: `Impact and tier assessed for ${t.id}.` }
  })
  return { tickets }
}

/** What a judge model believes the right labels are: its own where it can tell, the candidate's where it cannot. */
export function believeSupportTriage(judge: SimContext, truth: SupportTriageTruth, candidate: SupportTriageDeliverable): SupportTriageTruth {
  const own = simulateSupportTriage(judge, truth)
  return {
    ...truth,
    tickets: truth.tickets.map((t, i) => {
      const theirs = candidate.tickets.find((c) => c.id === t.id)
      const tells = judge.sees({ id: t.id, difficulty: DIFFICULTY[t.priority], focusWords: [] })
      const { id, priority, routing, category, slaDeadline } = tells || !theirs ? own.tickets[i]! : theirs
      return { id, priority, routing, category, slaDeadline }
    }),
  }
}
