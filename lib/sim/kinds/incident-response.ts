import type { IncidentResponseDeliverable, IncidentResponseTruth } from '../../tasks/kinds/incident-response.js'
import { majorityRight, objectsWith, type SimContext } from '../context.js'

const FOCUS = {
  cause: ['dependenc', 'change', 'deploy', 'config', 'origin'],
  event: ['timeline', 'order', 'sequence', 'log', 'first'],
  action: ['remed', 'recover', 'runbook', 'mitigat', 'capacity'],
}

/**
 * Simulated incident diagnosis: the root cause, the first bad event and the remediation, per the
 * profile. A merge takes a root cause or first event from earlier work only when most of it agrees.
 */
export function simulateIncidentResponse(ctx: SimContext, truth: IncidentResponseTruth): IncidentResponseDeliverable {
  const earlier = objectsWith(ctx.prior, ['rootCauseComponent', 'firstBadEvent', 'actions'])
  const seenCause = majorityRight(earlier.map((e) => e.rootCauseComponent), truth.rootCause.component) || ctx.hinted(`rootCauseComponent=${truth.rootCause.component}`)
  const seenEvent = majorityRight(earlier.map((e) => e.firstBadEvent), truth.firstBadEvent) || ctx.hinted(`firstBadEvent=${truth.firstBadEvent}`)
  const cause = ctx.decide({ id: 'root-cause', difficulty: 'CRITICAL', focusWords: FOCUS.cause }, seenCause)
  const event = ctx.decide({ id: 'first-bad-event', difficulty: 'MEDIUM', focusWords: FOCUS.event }, seenEvent)
  const herrings = truth.redHerrings
  const wrongComponent = herrings.length > 0 ? ctx.pick(herrings, 'herring').component : 'unknown'
  const wrongEvent = herrings.length > 0 ? ctx.pick(herrings.flatMap((h) => h.events), 'herring-event') : 'E-0001'

  const seenActions = new Set(earlier.flatMap((e) => (Array.isArray(e.actions) ? e.actions : [])).map((a) => (a as { action?: unknown }).action))
  const actions = truth.requiredActions
    .filter((a) => ctx.decide({ id: a, difficulty: 'MEDIUM', focusWords: FOCUS.action }, seenActions.has(a) || ctx.hinted(`action=${a}`)).found)
    .map((a) => ({ action: a, rationale: `Runbook action ${a} addresses the failure.` }))
  for (const h of truth.harmfulActions) {
    if (ctx.errs(ctx.profile.falseAlarm, h, 'harmful') || (seenActions.has(h) && ctx.keepsSpurious(h, 'harmful'))) {
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

/**
 * What a judge model believes happened: the root cause and first event as it sees them (the
 * candidate's where it cannot tell), the required actions it sees or the candidate names, and
 * the harmful actions it would take itself counted as required.
 */
export function believeIncidentResponse(judge: SimContext, truth: IncidentResponseTruth, candidate: IncidentResponseDeliverable): IncidentResponseTruth {
  const tells = (id: string, difficulty: 'CRITICAL' | 'MEDIUM') => judge.sees({ id, difficulty, focusWords: [] })
  const named = new Set(candidate.actions.map((a) => a.action))
  const fooled = truth.harmfulActions.filter((h) => judge.errs(judge.profile.falseAlarm, h, 'harmful'))
  const required = [...truth.requiredActions.filter((a) => tells(a, 'MEDIUM') || named.has(a)), ...fooled]
  return {
    ...truth,
    rootCause: { ...truth.rootCause, component: tells('root-cause', 'CRITICAL') ? truth.rootCause.component : candidate.rootCauseComponent },
    firstBadEvent: tells('first-bad-event', 'MEDIUM') ? truth.firstBadEvent : candidate.firstBadEvent,
    requiredActions: required.length > 0 ? required : truth.requiredActions,
    harmfulActions: truth.harmfulActions.filter((a) => !fooled.includes(a)),
  }
}
