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

/**
 * A clause number as printed at the start of the clause: "9.2" or "14.3.1", or with a capital letter
 * for a paragraph of a schedule or annex numbered apart from the clauses, e.g. "S1.4" or "A2.10".
 */
export const ClauseNumber = z.string().regex(/^[A-Z]?\d+(\.\d+){1,2}$/, 'expected a clause number like "9.2", or "S1.4" for a schedule or annex paragraph')

/**
 * A clause another item points to. `document` is the input id of the document it is in; it is omitted
 * in a single-document review, and in a multi-document review it defaults to the pointing item's document.
 */
export const ClauseRef = z.strictObject({
  document: z.string().min(1).optional(),
  clause: ClauseNumber,
})
export type ClauseRef = z.infer<typeof ClauseRef>

/**
 * The money a risk puts at stake, as the brief defines it: a whole number of euros (or the task's
 * currency), and how it is computed, for the reader of the ground truth.
 */
export const Exposure = z.strictObject({
  amount: z.number().int().nonnegative(),
  basis: z.string().min(10),
})
export type Exposure = z.infer<typeof Exposure>

/** How close a stated exposure must be to count as right: within `relative` of the amount, or within `absolute`, whichever is larger. */
export const ExposureTolerance = z.strictObject({
  relative: z.number().positive().max(0.5),
  absolute: z.number().nonnegative(),
})
export type ExposureTolerance = z.infer<typeof ExposureTolerance>

export const PlantedRisk = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  /** Input id of the document the clause is in: required in a multi-document review, absent otherwise. */
  document: z.string().min(1).optional(),
  /** The clause that creates the risk, where a finding is expected. */
  clause: ClauseNumber,
  /** One of the task's categories (the kind's defaults or the task's own). */
  category: CategoryId,
  severity: RiskSeverity,
  summary: z.string().min(10),
  /** Nice to catch: counts in recall and precision, but is never a must-catch assertion. */
  optional: z.boolean().optional(),
  /** Other clauses at which a finding also counts for this risk (e.g. the operative clause a definition widens). */
  alsoAt: z.array(ClauseRef).optional(),
  /** The clauses that must be read with this one to see the risk (documentation, and how hard the risk is to see). */
  readWith: z.array(ClauseRef).optional(),
  /** The money at stake, where the harm is money and the brief asks for a figure: scored against the finding's `exposure`. */
  exposure: Exposure.optional(),
})
export type PlantedRisk = z.infer<typeof PlantedRisk>

export const BenignLookalike = z.strictObject({
  /** Input id of the document the clause is in: required in a multi-document review, absent otherwise. */
  document: z.string().min(1).optional(),
  clause: ClauseNumber,
  resembles: CategoryId,
  why: z.string().min(10),
  /** The clauses that make this one fair, when its fairness depends on them. */
  readWith: z.array(ClauseRef).optional(),
})
export type BenignLookalike = z.infer<typeof BenignLookalike>

/**
 * Ground truth of a contract review: of one document (`input`), or of several read together
 * (`documents`, every input of the task, where each risk and benign clause names its document).
 */
export const ContractReviewTruth = z
  .strictObject({
    /** Input id of the agreement, in a single-document review. */
    input: z.string().min(1).optional(),
    /** Input ids of every document of a multi-document review, each listed even if it carries no risk. */
    documents: z.array(z.string().min(1)).min(2).optional(),
    /** Input ids of data the review computes from (volumes, forecasts): they have no clauses and findings never cite them. */
    data: z.array(z.string().min(1)).optional(),
    risks: z.array(PlantedRisk).min(1),
    benign: z.array(BenignLookalike).default([]),
    /** Required when a risk has an exposure: the tolerance the brief states for the figures. */
    exposureTolerance: ExposureTolerance.optional(),
  })
  .superRefine((t, ctx) => {
    if ((t.input === undefined) === (t.documents === undefined)) {
      ctx.addIssue({ code: 'custom', path: ['input'], message: 'expected either "input" (a single-document review) or "documents" (two or more documents), not both or neither' })
    }
    if (hasExposures(t) && t.exposureTolerance === undefined) {
      ctx.addIssue({ code: 'custom', path: ['exposureTolerance'], message: 'expected the tolerance for exposures ({ relative, absolute }) when a risk has an exposure' })
    }
  })
export type ContractReviewTruth = z.infer<typeof ContractReviewTruth>

/** Whether the review asks for the money at stake: some risk carries an exposure. */
export function hasExposures(truth: Pick<ContractReviewTruth, 'risks'>): boolean {
  return truth.risks.some((r) => r.exposure !== undefined)
}

/** Whether `stated` is within the tolerance of `amount`. */
export function exposureRight(stated: number | null | undefined, amount: number, tolerance: ExposureTolerance): boolean {
  if (typeof stated !== 'number' || !Number.isFinite(stated)) return false
  return Math.abs(stated - amount) <= Math.max(tolerance.relative * amount, tolerance.absolute)
}

/** Where a clause is: its document (null in a single-document review) and its number. */
export interface ClauseLocation {
  document: string | null
  clause: string
}

/** Whether findings name their document: a review of two or more documents. */
export function isMultiDocument(truth: Pick<ContractReviewTruth, 'documents'>): boolean {
  return truth.documents !== undefined
}

/** One string per location, for matching findings to ground truth. */
export function locationKey(location: ClauseLocation): string {
  return location.document === null ? location.clause : `${location.document} ${location.clause}`
}

/** The location of a risk or benign clause. */
export function itemLocation(truth: Pick<ContractReviewTruth, 'documents'>, item: { document?: string; clause: string }): ClauseLocation {
  return { document: isMultiDocument(truth) ? (item.document ?? null) : null, clause: item.clause }
}

/** The location a reference carried by `item` points to (its own document unless the reference names another). */
export function refLocation(truth: Pick<ContractReviewTruth, 'documents'>, item: { document?: string }, ref: ClauseRef): ClauseLocation {
  return { document: isMultiDocument(truth) ? (ref.document ?? item.document ?? null) : null, clause: ref.clause }
}

/** Every location at which a finding counts for the risk: its own clause first, then its alsoAt clauses. */
export function riskLocations(truth: Pick<ContractReviewTruth, 'documents'>, risk: PlantedRisk): ClauseLocation[] {
  return [itemLocation(truth, risk), ...(risk.alsoAt ?? []).map((ref) => refLocation(truth, risk, ref))]
}

/** One finding of a contract review; `document` is present exactly when the task has several documents. */
export interface ContractRiskFinding {
  document?: string
  clause: string
  category: string
  severity: RiskSeverity
  explanation: string
  amendment: string
  /** The money at stake, present exactly when the task asks for exposures; null where the harm is not money. */
  exposure?: number | null
}

export interface ContractReviewDeliverable {
  overallRisk: 'LOW' | 'MEDIUM' | 'HIGH' | 'CRITICAL'
  summary: string
  risks: ContractRiskFinding[]
}

/**
 * What a contract review must hand in, for a task whose categories are `categoryIds` (or "other").
 * With two or more documents (`documentIds`, the task's input ids) every finding names its document;
 * with one, the schema is exactly the single-document one. With `exposures`, every finding states
 * the money at stake (a number, or null where the harm is not money).
 */
export function contractReviewDeliverable(categoryIds: readonly string[], documentIds: readonly string[] = [], options: { exposures?: boolean } = {}): z.ZodType<ContractReviewDeliverable> {
  const fields = {
    clause: z.string(),
    category: categoryEnum(categoryIds, true),
    severity: RiskSeverity,
    explanation: z.string(),
    amendment: z.string(),
    ...(options.exposures ? { exposure: z.number().nullable().describe('the money at stake over the period the brief names, as the brief defines it; null where the harm is not money') } : {}),
  }
  const finding = documentIds.length > 1 ? z.object({ document: z.enum(documentIds as [string, ...string[]]), ...fields }) : z.object(fields)
  return z.object({
    overallRisk: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
    summary: z.string(),
    risks: z.array(finding),
  }) as z.ZodType<ContractReviewDeliverable>
}
