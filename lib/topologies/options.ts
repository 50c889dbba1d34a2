import { z } from 'zod'

/**
 * Knobs of the topologies that have any, with their defaults. The runner fills them from the
 * configuration (ORGBENCH_HRM_*, ORGBENCH_SELF_REFINE_BUDGET); a topology parses `ctx.options` with
 * its schema, so a test may pass only the knobs it cares about. The schemas are strict: a knob the
 * topology does not read is an error, never silently dropped.
 */

export const HrmOptions = z
  .strictObject({
    /** N: coordinator plan updates per segment. */
    cycles: z.number().int().min(1).default(2),
    /** T: specialist passes per cycle. */
    passes: z.number().int().min(1).default(1),
    minSegments: z.number().int().min(1).default(1),
    maxSegments: z.number().int().min(1).default(3),
    /** "act": stop by the halting rule; "fixed": always run maxSegments (HRM's own evaluation mode). */
    halting: z.enum(['act', 'fixed']).default('act'),
    /** Halt once the coordinator's self-assessed pass probability reaches this. */
    haltThreshold: z.number().min(0).max(1).default(0.9),
    /** Halt once the deliverable changed by less than this between segments (0-1 item distance). */
    convergence: z.number().min(0).max(1).default(0.1),
  })
  .refine((o) => o.minSegments <= o.maxSegments, { message: 'expected minSegments <= maxSegments', path: ['minSegments'] })
export type HrmOptions = z.infer<typeof HrmOptions>

export const SelfRefineOptions = z.strictObject({
  /** Token target (prompt + completion of the org's calls); null: estimate star's spend from the draft. */
  budgetTokens: z.number().int().positive().nullable().default(null),
  /** Where the target came from, recorded in the trace. */
  budgetSource: z.string().default('estimate'),
})
export type SelfRefineOptions = z.infer<typeof SelfRefineOptions>

/** Parses a topology's options, naming the topology and the field when a value is wrong. */
export function parseOptions<T>(topology: string, schema: z.ZodType<T>, options: Record<string, unknown>): T {
  const parsed = schema.safeParse(options)
  if (parsed.success) return parsed.data
  const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ')
  throw new Error(`invalid ${topology} options: ${issues}`)
}
