import type { Priority, Routing, SupportTriageDeliverable, SupportTriageTruth, TicketCategory } from '../../tasks/kinds/support-triage.js'
import { Priority as Priorities, Routing as Routings } from '../../tasks/kinds/support-triage.js'
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
