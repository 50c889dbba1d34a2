import type { MustCatch } from '../types.js'

/**
 * The share of a deliverable's flags that must be right for its must-catch items to count. Below
 * one half, a flag of the deliverable is more likely noise than a finding, so a flag on a
 * must-catch item says nothing about whether the item was seen: flagging every clause, or every
 * ticket as P0, must not pass the assertions that a careful review passes. Careful work sits far
 * above it (the calibrated deliverables are at 1, simulated organisations on the contract task
 * above 0.9); the shotguns it stops sit far below (0.10 for every clause flagged HIGH, 0.18 for
 * every ticket P0). Code review has its own, lower floor (CODE_REVIEW_PRECISION_FLOOR).
 */
export const MUST_CATCH_PRECISION_FLOOR = 0.5

/**
 * The floor of a code review: far below one half, because the simulated strong reviewer of the hard
 * code review flags as low as 0.38 right and must still catch its must-catch bugs; far above a
 * shotgun (a finding in every category on every sixth added line of the hard review is 0.004 right,
 * and matched every must-catch bug by its line and category alone).
 */
export const CODE_REVIEW_PRECISION_FLOOR = 0.1

/**
 * The must-catch items as caught only when the deliverable's `precision` (the share of its `flags`
 * that are right; null when it flags nothing) reaches the `floor`; an item it would have caught says why it does not count.
 */
export function unlessShotgun(items: readonly MustCatch[], precision: number | null, flags: string, floor = MUST_CATCH_PRECISION_FLOOR): MustCatch[] {
  if (precision === null || precision >= floor) return [...items]
  const why = `not counted: ${Math.round(precision * 100)} % of the ${flags} are right, below the ${floor * 100} % floor`
  return items.map((m) => (m.caught ? { ...m, caught: false, description: `${m.description} (${why})` } : m))
}
