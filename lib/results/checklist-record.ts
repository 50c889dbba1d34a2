import { z } from 'zod'
import { Points } from './case-rules.js'

/*
 * What a checklist result records beyond the item ids it covers, when the judge decided it: each
 * item's decision with the judge's quote and whether the quote was found verbatim, the pattern
 * cross-check and every disagreement with it, and the judge's evidence (prompt hash and raw reply).
 * All optional, so results written before the checklist judge existed still parse.
 */

/** One checklist item as decided: the judge's claim, the verbatim check of its quote, and the patterns' verdict. */
export const ChecklistDecision = z.object({
  id: z.string(),
  /** The final decision: the judge said met and its quote was found verbatim. */
  met: z.boolean(),
  /** What the judge claimed, before the quote was checked. */
  judgeMet: z.boolean(),
  quote: z.string(),
  /** The quote occurs in the deliverable the judge was shown (see lib/eval/checklist-judge/quote.ts). */
  quoteVerified: z.boolean(),
  /** The judge's reason, or why its claim was not accepted (no quote, quote not found). */
  reason: z.string(),
  /** Whether any of the item's patterns matches the deliverable (the cross-check). */
  patterns: z.boolean(),
})
export type ChecklistDecision = z.infer<typeof ChecklistDecision>

/** An item on which the judge's final decision and the patterns differ. */
export const ChecklistDisagreement = z.object({ id: z.string(), judge: z.boolean(), patterns: z.boolean() })
export type ChecklistDisagreement = z.infer<typeof ChecklistDisagreement>

/** The checklist judge's evidence: enough to rebuild its prompt and to see what it answered. */
export const ChecklistJudgeEvidence = z.object({
  model: z.string(),
  /** Seed of the call; with the stored deliverable and the task it rebuilds the prompt (checklistPrompt over the blinded text). */
  seed: z.number().int(),
  /** SHA-256 of the system and user messages as sent, joined by a blank line. */
  promptSha256: z.string(),
  /** The reply as received (redacted with the rest of the record); null when no reply came. */
  raw: z.string().nullable(),
  injectionFlagged: z.boolean(),
  /** A judgement that could not be used: the checklist then holds the pattern result and the run records an error. */
  failure: z.object({ step: z.string(), kind: z.string(), message: z.string(), raw: z.string().nullable() }).nullable(),
})
export type ChecklistJudgeEvidence = z.infer<typeof ChecklistJudgeEvidence>

/** The optional fields a checklist result gains from the judge (merged into ChecklistResult). */
export const ChecklistJudgeFields = {
  /** Who decided `score`, `covered`, `missing` and `mustPass`: the judge with verified quotes, or the patterns (judge off or failed; absent in older files). */
  method: z.enum(['judge', 'patterns']).optional(),
  /** The pattern score (0-100), kept as a cross-check when the judge decided. */
  patternScore: Points.optional(),
  decisions: z.array(ChecklistDecision).optional(),
  disagreements: z.array(ChecklistDisagreement).optional(),
  judge: ChecklistJudgeEvidence.optional(),
}
