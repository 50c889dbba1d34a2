import { z } from 'zod'

/**
 * How a learning run was set up: its ORGBENCH_LEARN_* settings and each task's split between
 * training and held-out evaluation. Recorded in the run file (lib/results/learning.ts) and in
 * the memory versions the run writes (lib/memory/evidence.ts).
 */

/** One side of an input split: the unit ids it holds and the sha256 of those ids (sorted, one a line). */
export const SplitSide = z.object({ ids: z.array(z.string()), sha256: z.string() })

export const LearningSplit = z.object({
  task: z.string(),
  /** "inputs": the task's units are split (and seeds too); "seeds": only other seeds are held out. */
  mode: z.enum(['inputs', 'seeds']),
  /** What a unit is (e.g. "diff input", "ticket"); null in seed-only mode. */
  unit: z.string().nullable(),
  /** Share of units held out; null in seed-only mode. */
  fraction: z.number().nullable(),
  /** Why the task keeps seed-only held-out (null when its inputs are split). */
  reason: z.string().nullable(),
  train: SplitSide.nullable(),
  heldOut: SplitSide.nullable(),
  trainSeeds: z.array(z.number().int()),
  heldOutSeeds: z.array(z.number().int()),
})
export type LearningSplit = z.infer<typeof LearningSplit>

/** The settings the loop ran with (ORGBENCH_LEARN_*): iteration limit per arm, seeds per split, lesson budget per agent. */
export const LearnSettings = z.object({ iterations: z.number().int(), trainTrials: z.number().int(), heldOutTrials: z.number().int(), budgetTokens: z.number().int() })
export type LearnSettings = z.infer<typeof LearnSettings>
