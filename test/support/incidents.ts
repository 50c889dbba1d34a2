import { type ImpactReportDeliverable, impactMeasures, type MultiIncidentTruth } from '../../lib/tasks/kinds/incident-response.js'

/** The impact report that ground truth with impact describes: every incident, figure, target and order as the truth has them. */
export function perfectImpactReport(truth: MultiIncidentTruth): ImpactReportDeliverable {
  const measures = impactMeasures(truth)
  return {
    incidents: truth.incidents.map((t) => ({
      rootCauseComponent: t.rootCause.component,
      firstBadEvent: t.firstBadEvent,
      causalChain: t.causalChain.map((l) => l.events[0]!),
      impact: {
        start: t.impact!.start,
        detectedBy: t.impact!.detectedBy,
        figures: Object.fromEntries(measures.map((m) => [m, t.impact!.figures.find((f) => f.measure === m)?.value ?? null])),
      },
      summary: t.rootCause.summary,
    })),
    actions: truth.requiredActions.map((a) => ({ action: a.action, targets: a.targets ?? [], after: a.after ?? [], rationale: a.why })),
    summary: 'every incident, its impact and the plan',
  }
}
