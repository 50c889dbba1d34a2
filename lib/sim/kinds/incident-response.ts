import {
  type IncidentResponseDeliverable,
  type IncidentResponseTruth,
  isMultiIncident,
  type MultiIncidentDeliverable,
  type MultiIncidentTruth,
} from '../../tasks/kinds/incident-response.js'
import { objectsWith, type SimContext } from '../context.js'

const FOCUS = {
  cause: ['dependenc', 'change', 'deploy', 'config', 'origin'],
  event: ['timeline', 'order', 'sequence', 'log', 'first'],
  action: ['remed', 'recover', 'runbook', 'mitigat', 'capacity', 'side effect'],
  chain: ['flow', 'consumer', 'dependenc', 'onset', 'series'],
}

/** Simulated incident response for ground truth of either shape: one incident or several. */
export function simulateIncidentResponse(ctx: SimContext, truth: IncidentResponseTruth | MultiIncidentTruth): IncidentResponseDeliverable | MultiIncidentDeliverable {
  return isMultiIncident(truth) ? simulateIncidents(ctx, truth) : simulateOneIncident(ctx, truth)
}

/** Simulated diagnosis of a single incident: the root cause, the first bad event and the remediation, per the profile. */
function simulateOneIncident(ctx: SimContext, truth: IncidentResponseTruth): IncidentResponseDeliverable {
  const earlier = objectsWith(ctx.prior, ['rootCauseComponent', 'firstBadEvent', 'actions'])
  const seenCause = earlier.some((e) => e.rootCauseComponent === truth.rootCause.component)
  const seenEvent = earlier.some((e) => e.firstBadEvent === truth.firstBadEvent)
  const cause = ctx.decide({ id: 'root-cause', difficulty: 'CRITICAL', focusWords: FOCUS.cause }, seenCause)
  const event = ctx.decide({ id: 'first-bad-event', difficulty: 'MEDIUM', focusWords: FOCUS.event }, seenEvent)
  const herrings = truth.redHerrings
  const wrongComponent = herrings.length > 0 ? ctx.pick(herrings, 'herring').component : 'unknown'
  const wrongEvent = herrings.length > 0 ? ctx.pick(herrings.flatMap((h) => h.events), 'herring-event') : 'E-0001'

  const seenActions = new Set(earlier.flatMap((e) => (Array.isArray(e.actions) ? e.actions : [])).map((a) => (a as { action?: unknown }).action))
  const actions = truth.requiredActions
    .filter((a) => ctx.decide({ id: a, difficulty: 'MEDIUM', focusWords: FOCUS.action }, seenActions.has(a)).found)
    .map((a) => ({ action: a, rationale: `Runbook action ${a} addresses the failure.` }))
  for (const h of truth.harmfulActions) {
    if (ctx.chance(ctx.profile.falseAlarm, h, 'harmful') || (seenActions.has(h) && ctx.chance(ctx.profile.keepFalseAlarm, h, 'keep-harmful'))) {
      actions.push({ action: h, rationale: `Runbook action ${h} should restore service quickly.` })
    }
  }
  const firstBad = event.found ? truth.firstBadEvent : wrongEvent
  return {
    rootCauseComponent: cause.found && !cause.confused ? truth.rootCause.component : wrongComponent,
    firstBadEvent: firstBad,
    causalChain: [firstBad],
    actions,
    summary: cause.found ? truth.rootCause.summary : 'The incident started in a downstream component.',
  }
}

type ReportedIncident = MultiIncidentDeliverable['incidents'][number]

/**
 * How hard naming an incident's origin is: CRITICAL when its first bad event is logged by the
 * root-cause component itself, HIGH when the log line names another component (a release logged by
 * the deployer, say) and the origin has to be inferred from what the change does. Both are
 * must-catch items, which sim-strong always catches; weaker profiles miss HIGH ones more often.
 */
export function rootCauseDifficulty(prompt: string, truth: MultiIncidentTruth['incidents'][number]): 'CRITICAL' | 'HIGH' {
  const line = new RegExp(`^${truth.firstBadEvent} \\S+ (\\S+) `, 'm').exec(prompt)
  return line === null || line[1] === truth.rootCause.component ? 'CRITICAL' : 'HIGH'
}

/**
 * Simulated diagnosis of several overlapping incidents. Root causes and the must-avoid actions are
 * CRITICAL or HIGH decisions (so sim-strong names every cause and does no irreversible harm); first bad
 * events, chain links, required actions and seeing why the other harmful actions are harmful here
 * are LOW: on the hard tier a strong single agent misses many of them, and orders a harmful action
 * whenever it misses why it is harmful. A missed root cause is either merged away or blamed on a red
 * herring, and a spurious incident is sometimes added.
 */
export function simulateIncidents(ctx: SimContext, truth: MultiIncidentTruth): MultiIncidentDeliverable {
  const earlier = objectsWith(ctx.prior, ['incidents', 'actions'])
  const earlierIncidents = objectsWith(earlier, ['rootCauseComponent', 'firstBadEvent', 'causalChain'])
  const seenComponents = new Set(earlierIncidents.map((e) => e.rootCauseComponent))
  const seenFirst = new Set(earlierIncidents.map((e) => e.firstBadEvent))
  const seenCited = new Set(earlierIncidents.flatMap((e) => (Array.isArray(e.causalChain) ? e.causalChain : [])))
  const seenActions = new Set(earlier.flatMap((e) => (Array.isArray(e.actions) ? e.actions : [])).map((a) => (a as { action?: unknown }).action))
  // Red herrings that can be blamed instead of a cause: those in components that caused nothing.
  const herrings = truth.redHerrings.filter((h) => !truth.incidents.some((t) => t.rootCause.component === h.component))

  const incidents: ReportedIncident[] = []
  for (const t of truth.incidents) {
    const cause = ctx.decide({ id: `root-cause-${t.id}`, difficulty: rootCauseDifficulty(ctx.prompt, t), focusWords: FOCUS.cause }, seenComponents.has(t.rootCause.component))
    const named = cause.found && !cause.confused
    if (!named && ctx.chance(0.5, t.id, 'merged')) continue
    const first = ctx.decide({ id: `first-bad-${t.id}`, difficulty: 'LOW', focusWords: FOCUS.event }, seenFirst.has(t.firstBadEvent))
    const symptom = t.causalChain[1]?.events[0] ?? t.firstBadEvent
    const chain = t.causalChain.flatMap((link, k) => {
      const shown = link.events.find((e) => seenCited.has(e))
      const found = k === 0 ? first.found : ctx.decide({ id: `link-${t.id}-${k}`, difficulty: 'LOW', focusWords: FOCUS.chain }, shown !== undefined).found
      return found ? [shown ?? ctx.pick(link.events, t.id, 'link', k)] : []
    })
    if (herrings.length > 0 && ctx.chance(ctx.profile.falseAlarm, t.id, 'herring-in-chain')) chain.push(ctx.pick(ctx.pick(herrings, t.id, 'herring').events, t.id, 'herring-event'))
    const herring = herrings.length > 0 ? ctx.pick(herrings, t.id, 'blamed') : null
    incidents.push({
      rootCauseComponent: named ? t.rootCause.component : (herring?.component ?? 'unknown'),
      firstBadEvent: first.found ? t.firstBadEvent : symptom,
      causalChain: [...new Set(chain)].sort(),
      summary: named ? t.rootCause.summary : 'A recent change in this component set off the failures.',
    })
  }
  // A red herring promoted to an incident of its own: twice as tempting here as a false alarm elsewhere.
  if (herrings.length > 0 && ctx.chance(Math.min(1, 2 * ctx.profile.falseAlarm), 'spurious-incident')) {
    const h = ctx.pick(herrings, 'spurious')
    incidents.push({ rootCauseComponent: h.component, firstBadEvent: h.events[0]!, causalChain: h.events.slice(0, 3), summary: `A separate problem in ${h.component}.` })
  }

  const actions = truth.requiredActions
    .filter((a) => ctx.decide({ id: a.action, difficulty: 'LOW', focusWords: FOCUS.action }, seenActions.has(a.action)).found)
    .map((a) => ({ action: a.action, rationale: `Runbook action ${a.action} addresses incident ${a.incident}.` }))
  for (const h of truth.harmfulActions) {
    const seen = seenActions.has(h.action)
    const kept = seen && ctx.chance(ctx.profile.keepFalseAlarm, h.action, 'keep-harmful')
    const sees = ctx.decide({ id: `harm-${h.action}`, difficulty: h.mustAvoid ? 'CRITICAL' : 'LOW', focusWords: FOCUS.action }, false).found
    if (kept || !sees) actions.push({ action: h.action, rationale: `Runbook action ${h.action} should relieve the symptoms quickly.` })
  }
  return {
    incidents,
    actions,
    summary: `${incidents.length} incident(s): ${incidents.map((i) => i.rootCauseComponent).join(', ')}.`,
  }
}
