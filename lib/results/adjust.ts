import { tCdf, tQuantile } from '../eval/distributions.js'
import { detectableEffect, holmAdjust } from '../eval/stats.js'
import { round4 } from '../eval/types.js'
import type { CellAggregate, GroupSummary, PairedDifference } from './schema.js'

/*
 * Multiplicity: a table that shows m "Δ vs single" and "vs self_refine" differences makes m claims
 * at once. Each family of differences shown together gets Holm-adjusted p-values (two-sided t on the
 * difference's units: tasks when clustered, trials for one task) and Bonferroni simultaneous
 * intervals at 1 − α/m; a difference "survives" when its Holm p is below α. Families: the
 * comparisons of one group (all tasks, one track, one cost center) and those of one task's cells.
 * The MDE shown beside a difference is that of the same test: α/m and the interval's df.
 */

/** Fewer units than this (tasks, or trials for one task) give no interval: a t interval on 2 units spans ±12.7 SE. */
export const MIN_INTERVAL_UNITS = 3

const units = (d: Pick<PairedDifference, 'tasks' | 'pairs'>) => (d.tasks > 1 ? d.tasks : d.pairs)

/**
 * The MDE of a difference tested at `alpha` in a family of `m`: the smallest true difference whose
 * two-sided interval at 1 − alpha/m (t on units − 1 df) excludes 0 80 % of the time. Null where no
 * interval is formed (fewer than MIN_INTERVAL_UNITS units, or no standard error).
 */
export function differenceMde(d: Pick<PairedDifference, 'tasks' | 'pairs'> & { se: number | null }, alpha: number, m: number): number | null {
  if (d.se === null || units(d) < MIN_INTERVAL_UNITS) return null
  return round4(detectableEffect(d.se, units(d) - 1, alpha / m))
}

/** Two-sided t p-value of a difference against 0; null when it has no standard error. */
function pValue(d: PairedDifference): number | null {
  if (d.mean === null || d.se === null) return null
  const df = Math.max(1, units(d) - 1)
  if (d.se === 0) return d.mean === 0 ? 1 : 0
  return 2 * (1 - tCdf(Math.abs(d.mean) / d.se, df))
}

/**
 * Adjusts one family of differences (in place of copies, same order): Holm p over the family,
 * Bonferroni simultaneous intervals at 1 − alpha/m, a survivor flag, and a note instead of an
 * interval when there are too few units.
 */
export function adjustedComparisons(family: ReadonlyArray<PairedDifference | null>, alpha = 0.05): Array<PairedDifference | null> {
  const testable = family.flatMap((d, i) => {
    if (d === null || units(d) < MIN_INTERVAL_UNITS) return []
    const p = pValue(d)
    return p === null ? [] : [{ i, p }]
  })
  const m = testable.length
  const holm = holmAdjust(testable.map((t) => t.p))
  const out = family.map((d): PairedDifference | null => {
    if (d === null) return null
    if (units(d) < MIN_INTERVAL_UNITS) return { ...d, ci: null, mde: null, adjusted: null, note: `too few ${d.tasks > 1 ? 'tasks' : 'trials'} (${units(d)}) for an interval` }
    return { ...d, adjusted: null }
  })
  testable.forEach(({ i, p }, k) => {
    const d = out[i]!
    const df = Math.max(1, units(d) - 1)
    const level = 1 - alpha / m
    const half = d.se === 0 ? 0 : tQuantile(1 - alpha / (2 * m), df) * d.se!
    out[i] = {
      ...d,
      mde: differenceMde(d, alpha, m),
      adjusted: {
        family: m,
        p: round4(p),
        pHolm: round4(holm[k]!),
        ci: { lo: round4(d.mean! - half), hi: round4(d.mean! + half), level: round4(level), method: 't' as const },
        survives: holm[k]! < alpha,
      },
    }
  })
  return out
}

/** Applies `adjustedComparisons` to each family of a run: per group (by, group) and per task's cells. */
export function adjustRun<G extends Pick<GroupSummary, 'by' | 'group' | 'vsSingle' | 'vsSelfRefine'>, C extends Pick<CellAggregate, 'task' | 'vsSingle' | 'vsSelfRefine'>>(groups: readonly G[], cells: readonly C[], alpha = 0.05): { groups: G[]; cells: C[] } {
  const apply = <T extends { vsSingle: PairedDifference | null; vsSelfRefine: PairedDifference | null }>(rows: readonly T[], key: (r: T) => string): T[] => {
    const out = [...rows]
    const families = new Map<string, number[]>()
    rows.forEach((r, i) => families.set(key(r), [...(families.get(key(r)) ?? []), i]))
    for (const idx of families.values()) {
      const adjusted = adjustedComparisons(idx.flatMap((i) => [rows[i]!.vsSingle, rows[i]!.vsSelfRefine]), alpha)
      idx.forEach((i, k) => {
        out[i] = { ...rows[i]!, vsSingle: adjusted[2 * k]!, vsSelfRefine: adjusted[2 * k + 1]! }
      })
    }
    return out
  }
  return { groups: apply(groups, (g) => `${g.by}\u0000${g.group}`), cells: apply(cells, (c) => c.task) }
}

/** A difference as charts draw it: with its adjusted interval when it has one, and without an interval when there are too few units. */
export function shownDifference(d: PairedDifference | null): PairedDifference | null {
  if (d === null) return null
  if (d.note) return { ...d, ci: null }
  return d.adjusted ? { ...d, ci: d.adjusted.ci } : d
}
