import { describe, expect, test } from 'vitest'
import { tCdf, tQuantile } from '../../lib/eval/distributions.js'
import { adjustedComparisons, adjustEstimates, adjustRun, shownDifference } from '../../lib/results/adjust.js'
import { winRates } from '../../lib/results/aggregate.js'
import type { PairedDifference } from '../../lib/results/schema.js'
import { makeRecord } from './fixtures.js'

const diff = (mean: number, se: number, tasks = 8, against = 'single'): PairedDifference => ({ against, pairs: tasks * 3, tasks, mean, sd: se * Math.sqrt(tasks), se, ci: { lo: mean - 2 * se, hi: mean + 2 * se, level: 0.95, method: 't' }, mde: null })

describe('adjustedComparisons: Holm p and simultaneous intervals over the differences shown together', () => {
  const family = [diff(8, 2), diff(5, 2), diff(0.5, 2), null]
  const out = adjustedComparisons(family)
  test('p-values are two-sided t on tasks − 1 df, Holm-adjusted over the 3 estimates (null stays null)', () => {
    const p = (m: number) => 2 * (1 - tCdf(m / 2, 7))
    expect(out[0]!.adjusted!.p).toBeCloseTo(p(8), 4)
    expect(out[0]!.adjusted!.pHolm).toBeCloseTo(3 * p(8), 4)
    expect(out[1]!.adjusted!.pHolm).toBeCloseTo(2 * p(5), 4)
    expect(out[3]).toBeNull()
    expect(out[0]!.adjusted!.family).toBe(3)
  })
  test('intervals are Bonferroni at 1 − 0.05/3, and only what survives Holm is marked', () => {
    const half = tQuantile(1 - 0.05 / 6, 7) * 2
    expect(out[0]!.adjusted!.ci.lo).toBeCloseTo(8 - half, 3)
    expect(out[0]!.adjusted!.ci.level).toBeCloseTo(1 - 0.05 / 3, 4)
    expect(out.map((d) => d?.adjusted?.survives)).toEqual([true, false, false, undefined])
    // Unadjusted, +5 ± 2 SE would have excluded 0 at 95 %; adjusted it does not.
    expect(out[1]!.ci!.lo).toBeGreaterThan(0)
    expect(out[1]!.adjusted!.ci.lo).toBeLessThan(0)
  })
  test('the MDE is that of the interval shown: the same α/3 and df, so it exceeds the interval\'s half-width', () => {
    // (t(1 − 0.05/6, 7) + t(0.8, 7)) · SE 2: the true difference the Bonferroni interval excludes 0 for 80 % of the time.
    expect(out[0]!.mde).toBeCloseTo((3.127552 + 0.896030) * 2, 3)
    const half = (out[0]!.adjusted!.ci.hi - out[0]!.adjusted!.ci.lo) / 2
    expect(out[0]!.mde!).toBeGreaterThan(half)
    expect(out.slice(0, 3).map((d) => d!.mde)).toEqual([out[0]!.mde, out[0]!.mde, out[0]!.mde])
  })
  test('too few tasks: no interval, a note instead, no MDE, and no part in the family', () => {
    const [few, other] = adjustedComparisons([{ ...diff(7.8, 2, 2), mde: 5 }, diff(6, 2)])
    expect(few).toMatchObject({ ci: null, mde: null, adjusted: null, note: 'too few tasks (2) for an interval' })
    expect(other!.adjusted!.family).toBe(1)
    expect(shownDifference(few!)!.ci).toBeNull()
    expect(shownDifference(other!)!.ci).toEqual(other!.adjusted!.ci)
  })
  test('without spread (se 0, shown "–"): no adjustment, no MDE, no star, and no part in m', () => {
    // A task where one cell has spread and five do not: the one is tested alone (m = 1), as README defines m.
    const flat = (mean: number) => diff(mean, 0, 1)
    const [varied, ...rest] = adjustedComparisons([diff(-4.3, 2, 1), flat(6.4), flat(0), flat(-2), flat(3), flat(1)])
    expect(varied!.adjusted!.family).toBe(1)
    expect(varied!.adjusted!.ci.lo).toBeCloseTo(-4.3 - tQuantile(1 - 0.05 / 2, 2) * 2, 3)
    for (const d of rest) expect(d).toMatchObject({ adjusted: null, mde: null })
  })
  test('a simultaneous interval stops at what a difference of two 0-100 scores can be: -100 and +100', () => {
    const [wide] = adjustedComparisons([diff(8.1, 40, 3), diff(2, 1, 3)])
    const half = tQuantile(1 - 0.05 / 4, 2) * 40
    expect(8.1 - half).toBeLessThan(-100)
    expect(wide!.adjusted!.ci).toMatchObject({ lo: -100, hi: 100 })
    expect(wide!.adjusted!.survives).toBe(false)
  })
  test('adjustRun: one family per group and one per task', () => {
    const g = (group: string, d: number) => ({ by: 'track' as const, group, vsSingle: diff(d, 2), vsSelfRefine: diff(d, 2, 8, 'self_refine') })
    const { groups } = adjustRun([g('a', 6), g('a', 0), g('b', 6)], [])
    expect(groups.map((x) => x.vsSingle!.adjusted!.family)).toEqual([4, 4, 2])
  })
})

describe('adjustEstimates: the same correction for any estimates shown together', () => {
  test('Holm over the estimates with a standard error, Bonferroni intervals at 1 − 0.05/m on each one\'s own df', () => {
    const [a, b, none] = adjustEstimates([{ estimate: 6, se: 1, df: 4 }, { estimate: 1, se: 2, df: 9 }, { estimate: 3, se: null, df: 4 }])
    const p = (t: number, df: number) => 2 * (1 - tCdf(t, df))
    expect(none).toBeNull()
    expect(a!.family).toBe(2)
    expect(a!.pHolm).toBeCloseTo(2 * p(6, 4), 6)
    expect(b!.pHolm).toBeCloseTo(Math.max(2 * p(6, 4), p(0.5, 9)), 6)
    expect(a!.ci.lo).toBeCloseTo(6 - tQuantile(1 - 0.05 / 4, 4), 6)
    expect(b!.ci.hi).toBeCloseTo(1 + tQuantile(1 - 0.05 / 4, 9) * 2, 6)
    expect(a!.ci.level).toBeCloseTo(0.975, 10)
    expect([a!.survives, b!.survives]).toEqual([true, false])
  })
})

describe('adjustEstimates: an estimate without spread is no test', () => {
  test('se 0 gives null and leaves m, the others\' Holm p and their intervals as if it were not shown', () => {
    const [flat, a, b] = adjustEstimates([{ estimate: 0.0643, se: 0, df: 2 }, { estimate: 6, se: 1, df: 4 }, { estimate: 1, se: 2, df: 9 }])
    const [a2, b2] = adjustEstimates([{ estimate: 6, se: 1, df: 4 }, { estimate: 1, se: 2, df: 9 }])
    expect(flat).toBeNull()
    expect([a!.family, b!.family]).toEqual([2, 2])
    expect([a, b]).toEqual([a2, b2])
  })
  test('a family of differences none of which has spread has no adjustment at all', () => {
    expect(adjustEstimates([{ estimate: 0, se: 0, df: 2 }, { estimate: 5, se: 0, df: 2 }])).toEqual([null, null])
  })
})

describe('adjustRun: the per-task family is the differences the per-task tables show', () => {
  test("a task's family is its cells' Δ vs single only (m = 5, not 10 with the Δ vs matched no per-task table shows)", () => {
    const cell = (d: number) => ({ task: 't', vsSingle: diff(d, 2, 1), vsSelfRefine: diff(d, 2, 1, 'self_refine') })
    const { cells } = adjustRun([], [cell(8), cell(6), cell(4), cell(2), cell(0)])
    expect(cells.map((c) => c.vsSingle!.adjusted!.family)).toEqual([5, 5, 5, 5, 5])
    // One task: its 3 trials are the units, t on 2 df at 1 − 0.05/(2 · 5).
    expect(cells[0]!.vsSingle!.adjusted!.ci.lo).toBeCloseTo(8 - tQuantile(1 - 0.05 / 10, 2) * 2, 3)
    // The Δ vs matched are adjusted apart, among themselves.
    expect(cells.map((c) => c.vsSelfRefine!.adjusted!.family)).toEqual([5, 5, 5, 5, 5])
  })
})

describe('winRates: clustered by task', () => {
  test('over several tasks the interval has tasks as units (t on per-task win shares)', () => {
    const verdict = (task: string, trial: number, outcome: 'win' | 'tie' | 'loss') => makeRecord({ task, trial, topology: 'star', pairwise: outcome })
    const records = [verdict('a', 1, 'win'), verdict('a', 2, 'loss'), verdict('b', 1, 'tie'), verdict('b', 2, 'tie'), verdict('c', 1, 'win'), verdict('c', 2, 'tie')]
    const [w] = winRates(records)
    // Task shares 0.5, 0.5, 0.75: mean 0.5833, SD 0.1443, t(0.975, 2).
    expect(w!.rate).toBeCloseTo(3.5 / 6, 4)
    expect(w!.ci!.method).toBe('t')
    expect(w!.ci!.lo).toBeCloseTo(0.5833 - (4.302653 * 0.144338) / Math.sqrt(3), 3)
    expect(w!.ci!.hi).toBeCloseTo(0.5833 + (4.302653 * 0.144338) / Math.sqrt(3), 3)
  })
  test('a wider interval is clipped to [0, 1]: a rate cannot leave it', () => {
    const verdict = (task: string, trial: number, outcome: 'win' | 'tie' | 'loss') => makeRecord({ task, trial, topology: 'star', pairwise: outcome })
    const [w] = winRates([verdict('a', 1, 'win'), verdict('a', 2, 'win'), verdict('b', 1, 'loss'), verdict('b', 2, 'tie'), verdict('c', 1, 'win'), verdict('c', 2, 'loss')])
    // Task shares 1, 0.25, 0.5: 0.5833 ± 0.9487 before clipping.
    expect(w!.ci).toMatchObject({ lo: 0, hi: 1 })
  })
})
