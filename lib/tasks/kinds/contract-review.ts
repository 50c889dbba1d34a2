import { z } from 'zod'

export const ContractCategory = z.enum([
  'liability_cap',
  'auto_renewal',
  'price_escalation',
  'data_ownership',
  'subprocessors',
  'breach_notification',
  'exit_portability',
  'data_transfer',
  'service_credits',
  'unilateral_change',
  'audit_rights',
  'indemnity',
])
export const RiskSeverity = z.enum(['HIGH', 'MEDIUM', 'LOW'])
export type ContractCategory = z.infer<typeof ContractCategory>
export type RiskSeverity = z.infer<typeof RiskSeverity>

/** A clause number as printed at the start of the clause, e.g. "9.2" or "14.3.1". */
export const ClauseNumber = z.string().regex(/^\d+(\.\d+){1,2}$/, 'expected a clause number like "9.2"')

export const PlantedRisk = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/),
  clause: ClauseNumber,
  category: ContractCategory,
  severity: RiskSeverity,
  summary: z.string().min(10),
})

export const BenignLookalike = z.strictObject({
  clause: ClauseNumber,
  resembles: ContractCategory,
  why: z.string().min(10),
})

export const ContractReviewTruth = z.strictObject({
  /** Input id of the agreement fixture. */
  input: z.string().min(1),
  risks: z.array(PlantedRisk).min(1),
  benign: z.array(BenignLookalike).default([]),
})
export type ContractReviewTruth = z.infer<typeof ContractReviewTruth>

export const ContractRiskFinding = z.object({
  clause: z.string(),
  category: z.union([ContractCategory, z.literal('other')]),
  severity: RiskSeverity,
  explanation: z.string(),
  amendment: z.string(),
})
export const ContractReviewDeliverable = z.object({
  overallRisk: z.enum(['LOW', 'MEDIUM', 'HIGH', 'CRITICAL']),
  summary: z.string(),
  risks: z.array(ContractRiskFinding),
})
export type ContractReviewDeliverable = z.infer<typeof ContractReviewDeliverable>
