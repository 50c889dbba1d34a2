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
import { scoreIncidents } from './incidents.js'

/**
 * Deterministic incident scoring: the root-cause component and the first bad event must be named
 * exactly; remediation is the recall of required runbook actions, less any harmful one taken.
 *
 * score = 100 × (0.35 · root cause + 0.2 · first bad event + 0.3 · required-action recall + 0.15 · (1 − harmful share))
 */
export function scoreIncidentResponse(truth: IncidentResponseTruth, deliverable: IncidentResponseDeliverable): GroundTruthScore {
  const rootCause = deliverable.rootCauseComponent.trim().toLowerCase() === truth.rootCause.component ? 1 : 0
  const firstBad = deliverable.firstBadEvent.trim().toUpperCase() === truth.firstBadEvent ? 1 : 0
  const taken = new Set(deliverable.actions.map((a) => a.action.trim().toUpperCase()))
  const required = truth.requiredActions.filter((a) => taken.has(a)).length
  const harmful = truth.harmfulActions.filter((a) => taken.has(a)).length
  const actionRecall = ratio(required, truth.requiredActions.length) ?? 1
  const harmfulShare = ratio(harmful, truth.harmfulActions.length) ?? 0
  const chainStartsRight = deliverable.causalChain[0]?.trim().toUpperCase() === truth.firstBadEvent ? 1 : 0
  const score = 100 * (0.35 * rootCause + 0.2 * firstBad + 0.3 * actionRecall + 0.15 * (1 - harmfulShare))
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
