import { median, sampleSd, type TEstimate, welchEstimate } from '../eval/stats.js'
import type { CaseSummary } from './summary.js'
import { orgUsdOf } from './values.js'

/*
 * The spread a cell row is tested with. A cell compares a few trials with a few (3 with 3 by
 * default), and a metric that takes few distinct values can draw the same value on every trial
 * of a run: hrm's cost is one, two or three rounds of calls, so its trials often all cost the same
 * within a run and differ by 95 % between runs. Welch's standard error from such a cell is then
 * near 0 and a change of one round reads as certain, although it is what the next run draws by
 * chance. The cell's standard error is therefore floored by the metric's pooled within-cell spread
 * over every task of the same topology (both runs): the spread that topology shows per trial.
 * A cell noisier than its topology keeps its own Welch error.
 */

/** A pooled within-cell SD and its degrees of freedom (Σ (n − 1) over the cells with two values or more). */
export interface PooledSpread {
  sd: number
  df: number
}

/** The pooled within-sample SD of `samples`; null when no sample has two values. */
export function pooledSpread(samples: ReadonlyArray<readonly number[]>): PooledSpread | null {
  let ss = 0
  let df = 0
  for (const xs of samples) {
    const sd = sampleSd(xs)
    if (sd === null) continue
    ss += sd * sd * (xs.length - 1)
    df += xs.length - 1
  }
  return df === 0 ? null : { sd: Math.sqrt(ss / df), df }
}

/**
 * Welch's change current − baseline of one cell, its standard error floored by `pooled` (the
 * topology's pooled within-cell SD of the metric) with the pooled degrees of freedom when the floor
 * is larger. Null when either side is empty; se null when either side has one value (the cell
 * cannot be tested, whatever its topology shows).
 */
export function cellChange(current: readonly number[], baseline: readonly number[], pooled: PooledSpread | null): TEstimate | null {
  const welch = welchEstimate(current, baseline)
  if (welch === null || welch.se === null || pooled === null) return welch
  const floor = pooled.sd * Math.sqrt(1 / current.length + 1 / baseline.length)
  return floor > welch.se ? { ...welch, se: floor } : welch
}

/**
 * A compute-matched arm's costs as shares of its budget. self_refine@<peer> (and self_refine,
 * matched to star) spends what its peer's trials of the same task spent in the same run (their
 * median), so its cost moves with the peer's and is nearly constant within a run: compared in
 * dollars it would FAIL whenever the peer's median moves, although nothing under test changed.
 * Each trial's cost is divided by `peer`'s median cost (the peer's trials of the task in the same
 * run). Null when the peer has no known cost there.
 */
export function budgetShares(records: readonly CaseSummary[], peer: readonly CaseSummary[]): number[] | null {
  const budget = median(peer.map(orgUsdOf).filter((v): v is number => v !== null))
  if (budget === null || budget <= 0) return null
  return records.map(orgUsdOf).filter((v): v is number => v !== null).map((v) => v / budget)
}
