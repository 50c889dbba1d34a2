import { z } from 'zod'

/** A confidence interval and how it was computed (see lib/eval/stats.ts for when each method is used). */
export const Interval = z.object({
  lo: z.number(),
  hi: z.number(),
  level: z.number(),
  method: z.enum(['t', 'bootstrap', 'wilson', 'exact', 'fisher-z']),
})
export type Interval = z.infer<typeof Interval>

/**
 * A difference adjusted for the differences shown with it (lib/results/adjust.ts): the family's
 * size, its own and its Holm p, the Bonferroni simultaneous interval at 1 − 0.05/family, and
 * `survives` when the Holm p is below 0.05.
 */
export const Adjusted = z.object({ family: z.number().int(), p: z.number(), pHolm: z.number(), ci: Interval, survives: z.boolean() })
export type Adjusted = z.infer<typeof Adjusted>

/** The range a quantity can take; its intervals are clipped to it (a t interval of scores near 100 would pass 100). */
export type Bounds = readonly [number, number]
/** Scores, and shares in percent. */
export const SCORE_BOUNDS: Bounds = [0, 100]
/** Dollars, counts, and rates and ratios of them. */
export const NON_NEGATIVE: Bounds = [0, Infinity]
export const UNBOUNDED: Bounds = [-Infinity, Infinity]
/** Differences of two scores or shares in percent. */
export const SCORE_DIFFERENCE: Bounds = [-100, 100]
/** A relative change in percent of a non-negative quantity: it cannot fall below −100 %. */
export const RELATIVE_CHANGE: Bounds = [-100, Infinity]

/** An interval clipped to `bounds`, then rounded by `round`; null stays null. */
export function clippedInterval(ci: Interval | null, round: (x: number) => number, [min, max]: Bounds = UNBOUNDED): Interval | null {
  return ci === null ? null : { ...ci, lo: round(Math.max(min, ci.lo)), hi: round(Math.min(max, ci.hi)) }
}
