import { z } from 'zod'
import { LearningSplit, LearnSettings } from '../results/learning-settings.js'
import { CostPart } from '../results/record.js'

/** A mean with its 95 % interval (null when it cannot be estimated) over n held-out seeds. */
export const Estimate = z.object({ mean: z.number().nullable(), lo: z.number().nullable(), hi: z.number().nullable(), n: z.number().int() })
export type Estimate = z.infer<typeof Estimate>

/**
 * What the learning run that wrote a memory version measured, kept in the version file: each
 * arm's held-out learning curve, its improvement (last − first iteration, paired by seed), the
 * held-out score with memory off (the ablation), why it stopped, and the difference between the
 * organisation's and the single-agent arms' improvements.
 */
export const LearningEvidence = z.object({
  runId: z.string(),
  simulated: z.boolean(),
  /** The endpoint the lessons were learned against (absent in versions written before they were recorded): memory for real models is committed only from a real provider. */
  provider: z.string().optional(),
  model: z.string().optional(),
  settings: LearnSettings,
  arms: z.array(
    z.object({
      topology: z.string(),
      curve: z.array(Estimate.extend({ iteration: z.number().int(), errors: z.number().int(), memoryVersion: z.string() })),
      improvement: Estimate,
      memoryOff: Estimate.nullable(),
      stop: z.string(),
      /** What the arm's retrospective calls cost over the run, and how many failed (absent in versions written before they were recorded). */
      retrospective: z.object({ cost: CostPart, errors: z.number().int() }).optional(),
    }),
  ),
  differences: z.array(Estimate.extend({ org: z.string(), single: z.string() })),
  /** The train/held-out split of the task's inputs (absent in versions written before the split). */
  split: LearningSplit.optional(),
})
export type LearningEvidence = z.infer<typeof LearningEvidence>
