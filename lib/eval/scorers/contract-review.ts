import type { ContractReviewDeliverable, ContractReviewTruth, RiskSeverity } from '../../tasks/kinds/contract-review.js'
import { f1, type GroundTruthScore, ratio, round4, round4OrNull } from '../types.js'

const WEIGHT: Record<RiskSeverity, number> = { HIGH: 3, MEDIUM: 2, LOW: 1 }

/** "Clause 9.2", "§9.2" and "9.2." all name clause 9.2. */
export function normaliseClause(raw: string): string {
  return /(\d+(?:\.\d+){1,2})/.exec(raw)?.[1] ?? raw.trim()
}

/**
 * Clause-level scoring: a planted risk is found when its clause is flagged; flagged clauses that
 * carry no planted risk are false alarms (benign look-alikes are counted apart).
 *
 * score = 100 × (0.45 · severity-weighted recall + 0.3 · precision + 0.15 · severity accuracy + 0.1 · category accuracy)
 */
export function scoreContractReview(truth: ContractReviewTruth, deliverable: ContractReviewDeliverable): GroundTruthScore {
  const flagged = new Map<string, ContractReviewDeliverable['risks'][number]>()
  for (const r of deliverable.risks) {
    const clause = normaliseClause(r.clause)
    if (!flagged.has(clause)) flagged.set(clause, r)
  }
  const found = truth.risks.filter((r) => flagged.has(r.clause))
  const riskClauses = new Set(truth.risks.map((r) => r.clause))
  const benignClauses = new Set(truth.benign.map((b) => b.clause))
  const falseAlarms = [...flagged.keys()].filter((c) => !riskClauses.has(c))

  const recall = ratio(found.length, truth.risks.length)
  const weighted = ratio(found.reduce((s, r) => s + WEIGHT[r.severity], 0), truth.risks.reduce((s, r) => s + WEIGHT[r.severity], 0))
  const precision = ratio(found.length, flagged.size)
  const severityAccuracy = ratio(found.filter((r) => flagged.get(r.clause)!.severity === r.severity).length, found.length)
  const categoryAccuracy = ratio(found.filter((r) => flagged.get(r.clause)!.category === r.category).length, found.length)

  const counts: GroundTruthScore['counts'] = {}
  for (const sev of ['HIGH', 'MEDIUM', 'LOW'] as const) {
    const of = truth.risks.filter((r) => r.severity === sev)
    counts[`recall_${sev.toLowerCase()}`] = { hit: of.filter((r) => flagged.has(r.clause)).length, total: of.length }
  }
  counts.clauses_flagged = { hit: found.length, total: flagged.size }
  counts.benign_flagged = { hit: falseAlarms.filter((c) => benignClauses.has(c)).length, total: benignClauses.size }

  const score = 100 * (0.45 * (weighted ?? 1) + 0.3 * (precision ?? 0) + 0.15 * (severityAccuracy ?? 0) + 0.1 * (categoryAccuracy ?? 0))
  return {
    score: round4(score),
    metrics: {
      recall: round4OrNull(recall),
      weighted_recall: round4OrNull(weighted),
      precision: round4OrNull(precision),
      f1: round4OrNull(f1(precision ?? 0, recall)),
      severity_accuracy: round4OrNull(severityAccuracy),
      category_accuracy: round4OrNull(categoryAccuracy),
    },
    counts,
    mustCatch: truth.risks
      .filter((r) => r.severity === 'HIGH' && !r.optional)
      .map((r) => ({ id: r.id, description: `HIGH-risk clause ${r.clause} (${r.category})`, caught: flagged.has(r.clause) })),
  }
}
