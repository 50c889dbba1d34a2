import type { MustCatch } from '../types.js'

/**
 * The share of a deliverable's flags that must be right for its must-catch items to count. Below
 * one half, a flag of the deliverable is more likely noise than a finding, so a flag on a
 * must-catch item says nothing about whether the item was seen: flagging every clause, or every
 * ticket as P0, must not pass the assertions that a careful review passes. Careful work sits far
 * above it (the calibrated deliverables are at 1, simulated organisations on the contract task
 * above 0.9); the shotguns it stops sit far below (0.10 for every clause flagged HIGH, 0.18 for
 * every ticket P0). Code review does not use it: the simulated strong reviewer of the hard code
 * review flags as low as 0.38 right and must still catch its must-catch bugs.
 */
export const MUST_CATCH_PRECISION_FLOOR = 0.5

/**
 * The must-catch items as caught only when the deliverable's `precision` (the share of its `flags`
 * that are right; null when it flags nothing) reaches the floor; an item it would have caught says why it does not count.
 */
export function unlessShotgun(items: readonly MustCatch[], precision: number | null, flags: string): MustCatch[] {
  if (precision === null || precision >= MUST_CATCH_PRECISION_FLOOR) return [...items]
  const why = `not counted: ${Math.round(precision * 100)} % of the ${flags} are right, below the ${MUST_CATCH_PRECISION_FLOOR * 100} % floor`
  return items.map((m) => (m.caught ? { ...m, caught: false, description: `${m.description} (${why})` } : m))
}
