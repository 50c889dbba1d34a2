import { z } from 'zod'
import { categories, categoryEnum, CategoryId } from '../categories.js'

/** The risk categories every contract-review task has; a task may add its own. */
export const CONTRACT_CATEGORIES = categories([
  ['liability_cap', 'limits on the amount of loss a party can recover', ['limitation of liability', 'damages cap', 'liability ceiling', 'uncapped']],
  ['auto_renewal', 'how the term continues, renews and can be ended at expiry', ['evergreen', 'automatic renewal', 'auto-renew', 'rollover']],
  ['price_escalation', 'how and when fees may change', ['price increase', 'price hike', 'uplift', 'indexation']],
  ['data_ownership', 'rights in customer data, outputs, derived material and models', ['derived data ownership', 'data grab', 'output ownership']],
  ['subprocessors', 'engagement and change of other processors of personal data', ['sub-processor', 'subprocessor change', 'onward processor']],
  ['breach_notification', 'telling the customer about personal data incidents', ['breach notice', 'late notification', '72 hours']],
  ['exit_portability', 'getting data and configuration back, and deletion, when the contract ends', ['lock-in', 'data return', 'portability']],
  ['data_transfer', 'where personal data is processed or accessed, and the safeguards for that', ['sccs', 'third-country transfer', 'cross-border transfer', 'data residency']],
  ['service_credits', 'remedies for missing the service levels', ['sla credit', 'sole remedy', 'credit cap']],
  ['unilateral_change', 'one party changing the terms without the other signing', ['unilateral', 'amendment by notice', 'change without consent']],
  ['audit_rights', 'how the customer can verify the vendor’s compliance', ['no audit', 'audit restriction']],
  ['indemnity', 'one party defending and compensating the other against claims', ['indemnification', 'hold harmless']],
])
export type ContractCategory = string
export const RiskSeverity = z.enum(['HIGH', 'MEDIUM', 'LOW'])
export type RiskSeverity = z.infer<typeof RiskSeverity>

/** A clause number as printed at the start of the clause, e.g. "9.2" or "14.3.1". */
export const ClauseNumber = z.string().regex(/^\d+(\.\d+){1,2}$/, 'expected a clause number like "9.2"')

export const PlantedRisk = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  clause: ClauseNumber,
  /** One of the task's categories (the kind's defaults or the task's own). */
  category: CategoryId,
  severity: RiskSeverity,
  summary: z.string().min(10),
  /** Nice to catch: counts in recall and precision, but is never a must-catch assertion. */
  optional: z.boolean().optional(),
})

export const BenignLookalike = z.strictObject({
  clause: ClauseNumber,
  resembles: CategoryId,
  why: z.string().min(10),
})

export const ContractReviewTruth = z.strictObject({
  /** Input id of the agreement fixture. */
  input: z.string().min(1),
  risks: z.array(PlantedRisk).min(1),
  benign: z.array(BenignLookalike).default([]),
})
export type ContractReviewTruth = z.infer<typeof ContractReviewTruth>

/** What a contract review must hand in, for a task whose categories are `categoryIds` (or "other"). */
export function contractReviewDeliverable(categoryIds: readonly string[]) {
  const ContractRiskFinding = z.object({
    clause: z.string(),
    category: categoryEnum(categoryIds, true),
    severity: RiskSeverity,
    explanation: z.string(),
    amendment: z.string(),
  })
  return z.object({
    overallRisk: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
    summary: z.string(),
    risks: z.array(ContractRiskFinding),
  })
}
export type ContractReviewDeliverable = z.infer<ReturnType<typeof contractReviewDeliverable>>
