import type { IncidentResponseDeliverable, IncidentResponseTruth } from '../../tasks/kinds/incident-response.js'
import { objectsWith, type SimContext } from '../context.js'

const FOCUS = {
  cause: ['dependenc', 'change', 'deploy', 'config', 'origin'],
  event: ['timeline', 'order', 'sequence', 'log', 'first'],
  action: ['remed', 'recover', 'runbook', 'mitigat', 'capacity'],
}

/** Simulated incident diagnosis: the root cause, the first bad event and the remediation, per the profile. */
export function simulateIncidentResponse(ctx: SimContext, truth: IncidentResponseTruth): IncidentResponseDeliverable {
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
