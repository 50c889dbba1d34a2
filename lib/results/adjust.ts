import { tCdf, tQuantile } from '../eval/distributions.js'
import { detectableEffect, holmAdjust, type Interval, type TEstimate } from '../eval/stats.js'
import { round4 } from '../eval/types.js'
import type { CellAggregate, GroupSummary, PairedDifference } from './schema.js'
import { clippedInterval, SCORE_DIFFERENCE } from './interval.js'

/*
 * Multiplicity: a table that shows m "Δ vs single" and "vs self_refine" differences makes m claims
 * at once. Each family of differences shown together gets Holm-adjusted p-values (two-sided t on the
 * difference's units: tasks when clustered, trials for one task) and Bonferroni simultaneous
 * intervals at 1 − α/m; a difference "survives" when its Holm p is below α. Families: the
 * comparisons of one group (all tasks, one track, one cost center: its Δ vs single and Δ vs
 * matched, shown in one table) and the Δ vs single of one task's cells (the per-task tables show
 * no Δ vs matched, so a task's Δ vs matched form a family of their own). The outcome tables, the
 * frontier gaps and the per-model table adjust their own families with `adjustEstimates`. m counts
 * only the differences shown with an interval: one without spread ("–") or with too few units is no
 * test, so it neither widens the others' intervals nor gets a star.
 * The MDE shown beside a difference is that of the same test: α/m and the interval's df.
 */

/** Fewer units than this (tasks, or trials for one task) give no interval: a t interval on 2 units spans ±12.7 SE. */
export const MIN_INTERVAL_UNITS = 3

const units = (d: Pick<PairedDifference, 'tasks' | 'pairs'>) => (d.tasks > 1 ? d.tasks : d.pairs)

/**
 * The MDE of a difference tested at `alpha` in a family of `m`: the smallest true difference whose
 * two-sided interval at 1 − alpha/m (t on units − 1 df) excludes 0 80 % of the time. Null where no
 * interval is formed (fewer than MIN_INTERVAL_UNITS units, no standard error, or no spread).
 */
export function differenceMde(d: Pick<PairedDifference, 'tasks' | 'pairs'> & { se: number | null }, alpha: number, m: number): number | null {
  if (d.se === null || d.se === 0 || units(d) < MIN_INTERVAL_UNITS) return null
  return round4(detectableEffect(d.se, units(d) - 1, alpha / m))
}

/** One estimate adjusted within its family: Holm p, the Bonferroni simultaneous interval (unrounded) and whether it survives. */
export interface Adjustment {
  family: number
  p: number
  pHolm: number
  ci: Interval
  survives: boolean
}

/** Two-sided t p-value of an estimate with spread against 0. */
function pValue(e: TEstimate & { se: number }): number {
  return 2 * (1 - tCdf(Math.abs(e.estimate) / e.se, e.df))
}

/**
 * Adjusts a family of t estimates shown together (same order): m is the number that have an
 * interval, p the two-sided t p-value on each one's df, pHolm Holm's step-down over the m, the
 * interval Bonferroni's at 1 − α/m, and `survives` when pHolm is below α. Null, an estimate without
 * a standard error and one without spread (se 0: every pair differed by the same amount, shown
 * with "–" for its interval) take no part: they give null, count nowhere in m and get no star.
 */
export function adjustEstimates(family: ReadonlyArray<TEstimate | null>, alpha = 0.05): Array<Adjustment | null> {
  const testable = family.flatMap((e, i) => (e === null || e.se === null || !(e.se > 0) ? [] : [{ i, e: { ...e, se: e.se }, p: pValue({ ...e, se: e.se }) }]))
  const m = testable.length
  const holm = holmAdjust(testable.map((t) => t.p))
  const out: Array<Adjustment | null> = family.map(() => null)
  testable.forEach(({ i, e, p }, k) => {
    const half = tQuantile(1 - alpha / (2 * m), e.df) * e.se
    out[i] = { family: m, p, pHolm: holm[k]!, ci: { lo: e.estimate - half, hi: e.estimate + half, level: 1 - alpha / m, method: 't' }, survives: holm[k]! < alpha }
  })
  return out
}

/** A difference as a t estimate on its units − 1 df; null where no interval is formed (too few units, no estimate, no standard error). */
export function tEstimateOf(d: PairedDifference | null): TEstimate | null {
  if (d === null || d.mean === null || d.se === null || units(d) < MIN_INTERVAL_UNITS) return null
  return { estimate: d.mean, se: d.se, df: Math.max(1, units(d) - 1) }
}

/**
 * Adjusts one family of differences (in place of copies, same order): Holm p over the family,
 * Bonferroni simultaneous intervals at 1 − alpha/m, a survivor flag, and a note instead of an
 * interval when there are too few units.
 */
export function adjustedComparisons(family: ReadonlyArray<PairedDifference | null>, alpha = 0.05): Array<PairedDifference | null> {
  const adjustments = adjustEstimates(family.map(tEstimateOf), alpha)
  return family.map((d, i): PairedDifference | null => {
    if (d === null) return null
    if (units(d) < MIN_INTERVAL_UNITS) return { ...d, ci: null, mde: null, adjusted: null, note: `too few ${d.tasks > 1 ? 'tasks' : 'trials'} (${units(d)}) for an interval` }
    return withAdjustment(d, adjustments[i] ?? null, alpha)
  })
}

/**
 * A headline difference (with an interval) carrying its adjustment, rounded and clipped to what a
 * difference of two scores can be, and the MDE of the same test; `adjusted: null` without one.
 */
export function withAdjustment(d: PairedDifference, a: Adjustment | null, alpha = 0.05): PairedDifference {
  if (!a) return { ...d, adjusted: null }
  return {
    ...d,
    mde: differenceMde(d, alpha, a.family),
    adjusted: { family: a.family, p: round4(a.p), pHolm: round4(a.pHolm), ci: { ...clippedInterval(a.ci, round4, SCORE_DIFFERENCE)!, level: round4(a.ci.level) }, survives: a.survives },
  }
}

type Compared = { vsSingle: PairedDifference | null; vsSelfRefine: PairedDifference | null }

/**
 * Applies `adjustedComparisons` to each family of a run: per group (by, group), its Δ vs single and
 * Δ vs matched together; per task, its cells' Δ vs single, and apart from them its cells' Δ vs matched.
 */
export function adjustRun<G extends Pick<GroupSummary, 'by' | 'group' | 'vsSingle' | 'vsSelfRefine'>, C extends Pick<CellAggregate, 'task' | 'vsSingle' | 'vsSelfRefine'>>(groups: readonly G[], cells: readonly C[], alpha = 0.05): { groups: G[]; cells: C[] } {
  const apply = <T extends Compared>(rows: readonly T[], key: (r: T) => string, columns: ReadonlyArray<ReadonlyArray<keyof Compared>>): T[] => {
    const out = [...rows]
    const families = new Map<string, number[]>()
    rows.forEach((r, i) => families.set(key(r), [...(families.get(key(r)) ?? []), i]))
    for (const idx of families.values()) {
      for (const together of columns) {
        const adjusted = adjustedComparisons(idx.flatMap((i) => together.map((c) => rows[i]![c])), alpha)
        idx.forEach((i, k) => {
          out[i] = { ...out[i]!, ...Object.fromEntries(together.map((c, j) => [c, adjusted[together.length * k + j]!])) }
        })
      }
    }
    return out
  }
  return {
    groups: apply(groups, (g) => `${g.by}\u0000${g.group}`, [['vsSingle', 'vsSelfRefine']]),
    cells: apply(cells, (c) => c.task, [['vsSingle'], ['vsSelfRefine']]),
  }
}

/** A difference as charts draw it: with its adjusted interval when it has one, and without an interval when there are too few units. */
export function shownDifference(d: PairedDifference | null): PairedDifference | null {
  if (d === null) return null
  if (d.note) return { ...d, ci: null }
  return d.adjusted ? { ...d, ci: d.adjusted.ci } : d
}
