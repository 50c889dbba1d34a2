import {
  type ContractReviewDeliverable,
  type ContractReviewTruth,
  type ContractRiskFinding,
  exposureRight,
  hasExposures,
  isMultiDocument,
  itemLocation,
  locationKey,
  type PlantedRisk,
  refLocation,
  riskLocations,
  type RiskSeverity,
} from '../../tasks/kinds/contract-review.js'
import { f1, type GroundTruthScore, ratio, round4, round4OrNull } from '../types.js'
import { unlessShotgun } from './precision-floor.js'
import { cappedByRecall } from './recall-cap.js'

const WEIGHT: Record<RiskSeverity, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 }

/**
 * "Clause 9.2", "§9.2" and "9.2." all name clause 9.2; "Schedule 1, S1.4" and "s1.4" name
 * paragraph S1.4. The first clause number in the text wins.
 */
export function normaliseClause(raw: string): string {
  const m = /(?:^|[^A-Za-z0-9])([A-Za-z]?\d+(?:\.\d+){1,2})/.exec(raw) ?? /(\d+(?:\.\d+){1,2})/.exec(raw)
  if (!m) return raw.trim()
  const clause = m[1]!
  return /^[a-z]/.test(clause) ? clause[0]!.toUpperCase() + clause.slice(1) : clause
}

/**
 * Clause-level scoring: a planted risk is found when a finding cites its clause (or one of the
 * clauses where a finding also counts for it); in a multi-document review a finding names the
 * document too, and both must match. Cited clauses that carry no planted risk are false alarms
 * (benign look-alikes are counted apart); a second citation of a risk already found is neither.
 *
 * score = 100 × (0.375 · severity-weighted recall + 0.375 · precision + 0.15 · severity accuracy + 0.1 · category accuracy)
 *
 * Recall and precision weigh the same because the briefs say so ("Precision matters as much as
 * coverage"). A review whose precision is below the floor (MUST_CATCH_PRECISION_FLOOR) catches no
 * must-catch item: a flag among mostly false ones does not show the risk was seen.
 *
 * When risks carry an exposure (the money at stake the brief asks for), a risk's figure is right
 * when its finding states an amount within the tolerance; a risk not found has no figure. Exposure
 * accuracy is severity-weighted like recall, and the figures take half of the score:
 *
 * score = 100 × (0.5 · exposure accuracy + 0.5 · (the four parts above, in the same proportions))
 *
 * capped, as a reconciliation is, at 100 × weighted recall / 0.5 (RECALL_FLOOR): the figures of the
 * few priced clauses cannot carry a review that missed most of the risks (pricing only the nine
 * money clauses of the hard deal finds a sixth of them and scored 84 without the cap; severity and
 * category accuracy, counted over the risks found, were full marks for it).
 */
export function scoreContractReview(truth: ContractReviewTruth, deliverable: ContractReviewDeliverable): GroundTruthScore {
  const multi = isMultiDocument(truth)
  const keyOf = (finding: ContractRiskFinding) => locationKey({ document: multi ? (finding.document ?? '') : null, clause: normaliseClause(finding.clause) })
  const flagged = new Map<string, ContractRiskFinding>()
  for (const r of deliverable.risks) {
    const key = keyOf(r)
    if (!flagged.has(key)) flagged.set(key, r)
  }
  /** The finding that counts for a risk: the first of its locations that was cited. */
  const hit = new Map<PlantedRisk, ContractRiskFinding>()
  for (const risk of truth.risks) {
    const finding = riskLocations(truth, risk)
      .map((at) => flagged.get(locationKey(at)))
      .find((f) => f !== undefined)
    if (finding) hit.set(risk, finding)
  }
  const found = truth.risks.filter((r) => hit.has(r))
  const riskKeys = new Set(truth.risks.flatMap((r) => riskLocations(truth, r).map(locationKey)))
  const benignKeys = new Set(truth.benign.map((b) => locationKey(itemLocation(truth, b))))
  const falseAlarms = [...flagged.keys()].filter((k) => !riskKeys.has(k))

  const recall = ratio(found.length, truth.risks.length)
  const weighted = ratio(found.reduce((s, r) => s + WEIGHT[r.severity], 0), truth.risks.reduce((s, r) => s + WEIGHT[r.severity], 0))
  const precision = ratio(found.length, found.length + falseAlarms.length)
  const severityAccuracy = ratio(found.filter((r) => hit.get(r)!.severity === r.severity).length, found.length)
  const categoryAccuracy = ratio(found.filter((r) => hit.get(r)!.category === r.category).length, found.length)

  const counts: GroundTruthScore['counts'] = {}
  for (const sev of ['HIGH', 'MEDIUM', 'LOW'] as const) {
    const of = truth.risks.filter((r) => r.severity === sev)
    counts[`recall_${sev.toLowerCase()}`] = { hit: of.filter((r) => hit.has(r)).length, total: of.length }
  }
  counts.clauses_flagged = { hit: found.length, total: found.length + falseAlarms.length }
  counts.benign_flagged = { hit: falseAlarms.filter((k) => benignKeys.has(k)).length, total: benignKeys.size }
  if (multi) {
    // Risks that can only be seen by reading another document alongside the clause.
    const across = truth.risks.filter((r) => (r.readWith ?? []).some((ref) => refLocation(truth, r, ref).document !== r.document))
    counts.recall_cross_document = { hit: across.filter((r) => hit.has(r)).length, total: across.length }
  }

  const list = 0.375 * (weighted ?? 1) + 0.375 * (precision ?? 0) + 0.15 * (severityAccuracy ?? 0) + 0.1 * (categoryAccuracy ?? 0)
  const metrics: GroundTruthScore['metrics'] = {
    recall: round4OrNull(recall),
    weighted_recall: round4OrNull(weighted),
    precision: round4OrNull(precision),
    f1: round4OrNull(f1(precision ?? 0, recall)),
    severity_accuracy: round4OrNull(severityAccuracy),
    category_accuracy: round4OrNull(categoryAccuracy),
  }
  const where = (r: PlantedRisk) => `clause ${r.clause}${multi ? ` of ${r.document}` : ''}`
  const mustCatch: GroundTruthScore['mustCatch'] = truth.risks
    .filter((r) => r.severity === 'HIGH' && !r.optional)
    .map((r) => ({ id: r.id, description: `HIGH-risk ${where(r)} (${r.category})`, caught: hit.has(r) }))
  let score = list
  if (hasExposures(truth)) {
    const tolerance = truth.exposureTolerance!
    const priced = truth.risks.filter((r) => r.exposure !== undefined)
    const right = (r: PlantedRisk) => hit.has(r) && exposureRight(hit.get(r)!.exposure, r.exposure!.amount, tolerance)
    const exposureAccuracy = ratio(priced.filter(right).reduce((s, r) => s + WEIGHT[r.severity], 0), priced.reduce((s, r) => s + WEIGHT[r.severity], 0))!
    score = cappedByRecall(0.5 * exposureAccuracy + 0.5 * list, weighted)
    metrics.exposure_accuracy = round4(exposureAccuracy)
    counts.exposures_right = { hit: priced.filter(right).length, total: priced.length }
    for (const r of priced.filter((p) => p.severity === 'HIGH' && !p.optional)) {
      mustCatch.push({ id: `${r.id}/exposure`, description: `the exposure of HIGH-risk ${where(r)}: ${r.exposure!.amount.toLocaleString('en-GB')} within the stated tolerance`, caught: right(r) })
    }
  }
  return { score: round4(100 * score), metrics, counts, mustCatch: unlessShotgun(mustCatch, precision, 'flagged clauses') }
}
