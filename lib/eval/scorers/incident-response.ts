import {
  hasImpact,
  type ImpactReportDeliverable,
  type IncidentResponseDeliverable,
  type IncidentResponseTruth,
  isMultiIncident,
  type MultiIncidentDeliverable,
  type MultiIncidentTruth,
} from '../../tasks/kinds/incident-response.js'
import { type GroundTruthScore, ratio, round4, round4OrNull } from '../types.js'
import { scoreImpactReport } from './incident-impact.js'
import { actionsOrdered, knownComponents, lessHarm, namesComponent, namesEvent, scoreIncidents } from './incidents.js'

/**
 * Deterministic incident scoring: the root-cause component and the first bad event must be named
 * (read as ids.ts reads them: "`embedding-service`" and "E-0066 (release applied)" count, a field
 * naming two components or two events does not); remediation is the recall of required runbook
 * actions; a plan that orders no harmful action earns the last 0.15, and every harmful action
 * ordered costs 15 points however many the truth lists (a share of the list would make each one
 * cheaper the longer the list).
 *
 * score = max(0, 100 × (0.35 · root cause + 0.2 · first bad event + 0.3 · required-action recall + 0.15) − 15 × harmful actions ordered)
 */
export function scoreIncidentResponse(truth: IncidentResponseTruth, deliverable: IncidentResponseDeliverable): GroundTruthScore {
  const rootCause = namesComponent(deliverable.rootCauseComponent, truth.rootCause.component, knownComponents(truth)) ? 1 : 0
  const firstBad = namesEvent(deliverable.firstBadEvent, truth.firstBadEvent) ? 1 : 0
  const taken = actionsOrdered(deliverable.actions, truth.requiredActions[0]!)
  const required = truth.requiredActions.filter((a) => taken.has(a)).length
  const harmful = truth.harmfulActions.filter((a) => taken.has(a)).length
  const actionRecall = ratio(required, truth.requiredActions.length) ?? 1
  const chainStartsRight = namesEvent(deliverable.causalChain[0] ?? '', truth.firstBadEvent) ? 1 : 0
  const score = lessHarm(100 * (0.35 * rootCause + 0.2 * firstBad + 0.3 * actionRecall + 0.15), harmful)
  return {
    score: round4(score),
    metrics: {
      root_cause: rootCause,
      first_bad_event: firstBad,
      required_action_recall: round4(actionRecall),
      harmful_action_share: round4OrNull(ratio(harmful, truth.harmfulActions.length)),
      chain_starts_at_first_bad_event: chainStartsRight,
    },
    counts: {
      incidents_root_cause: { hit: rootCause, total: 1 },
      required_actions: { hit: required, total: truth.requiredActions.length },
      harmful_actions_taken: { hit: harmful, total: truth.harmfulActions.length },
    },
    mustCatch: [{ id: 'root-cause', description: `the fault originates in ${truth.rootCause.component}`, caught: rootCause === 1 }],
  }
}

/**
 * Scores a deliverable of the incident kind against ground truth of any shape (one incident, several, several with an impact report). The deliverable
 * has been validated with the schema that the same truth chose (see deliverableSchema).
 */
export function scoreIncidentKind(truth: IncidentResponseTruth | MultiIncidentTruth, deliverable: IncidentResponseDeliverable | MultiIncidentDeliverable): GroundTruthScore {
  if (!isMultiIncident(truth)) return scoreIncidentResponse(truth, deliverable as IncidentResponseDeliverable)
  return hasImpact(truth) ? scoreImpactReport(truth, deliverable as ImpactReportDeliverable) : scoreIncidents(truth, deliverable as MultiIncidentDeliverable)
}
