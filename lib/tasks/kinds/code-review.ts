import { z } from 'zod'

/** Shared enums for the code-review exercise: ground truth and deliverables use the same words. */
export const Severity = z.enum(['CRITICAL', 'HIGH', 'MEDIUM', 'LOW'])
export const Verdict = z.enum(['APPROVE', 'REQUEST_CHANGES', 'BLOCK'])
export const CodeCategory = z.enum([
  'injection',
  'race_condition',
  'error_handling',
  'performance',
  'auth_bypass',
  'path_traversal',
  'resource_leak',
  'off_by_one',
  'timezone',
  'hardcoded_secret',
])
export type Severity = z.infer<typeof Severity>
export type Verdict = z.infer<typeof Verdict>
export type CodeCategory = z.infer<typeof CodeCategory>

const LineRange = z
  .object({ start: z.number().int().positive(), end: z.number().int().positive() })
  .refine((r) => r.end >= r.start, { message: 'expected end >= start' })

export const PlantedIssue = z.strictObject({
  id: z.string().regex(/^[a-z0-9-]+$/, 'expected a lowercase id like "d03-1"'),
  category: CodeCategory,
  severity: Severity,
  /** Path of the changed file inside the diff (the "+++ b/<path>" header). */
  file: z.string().min(1),
  /** New-file line numbers, as the gutter shows them. */
  lines: LineRange,
  summary: z.string().min(10),
})

export const DecoyLine = z.strictObject({
  file: z.string().min(1),
  lines: LineRange,
  looksLike: CodeCategory,
  why: z.string().min(10),
})

export const DiffTruth = z.strictObject({
  /** Input id of the diff fixture (its file name without extension). */
  input: z.string().min(1),
  kind: z.enum(['defective', 'clean', 'decoy']),
  verdict: Verdict,
  issues: z.array(PlantedIssue),
  decoys: z.array(DecoyLine).default([]),
})

export const CodeReviewTruth = z.strictObject({
  diffs: z.array(DiffTruth).min(1),
})
export type CodeReviewTruth = z.infer<typeof CodeReviewTruth>
export type PlantedIssue = z.infer<typeof PlantedIssue>

/** What a reviewing organisation must hand in. Optional fields are nullable for strict structured outputs. */
export const CodeFinding = z.object({
  file: z.string(),
  line: z.number().int(),
  category: z.union([CodeCategory, z.literal('other')]),
  severity: Severity,
  explanation: z.string(),
  fix: z.string(),
})
export const DiffReview = z.object({
  diff: z.string().describe('input id of the diff, e.g. "d03"'),
  verdict: Verdict,
  summary: z.string(),
  findings: z.array(CodeFinding),
})
export const CodeReviewDeliverable = z.object({
  reviews: z.array(DiffReview),
})
export type CodeFinding = z.infer<typeof CodeFinding>
export type CodeReviewDeliverable = z.infer<typeof CodeReviewDeliverable>
