import { estimateClusteredMean, estimateMean, type Interval, type IntervalOptions, intervalOf, mean, sampleSd } from '../../eval/stats.js'
import { round4 } from '../../eval/types.js'
import { groupBy, trialKey } from '../values.js'
import { adjustEstimates, MIN_INTERVAL_UNITS } from '../adjust.js'
import { type Adjusted, type Bounds, clippedInterval } from '../interval.js'


/** Interval options, and the range the outcome can take. */
export interface OutcomeOptions extends IntervalOptions {
  bounds?: Bounds
}

/*
 * Outcome estimates: a ratio of means, num / den, with cases clustered by task like every other
 * claim (lib/eval/stats.ts). With one task its trials are the units; with several, each task's means
 * count once and tasks are the units. A rate per case (den = 1 everywhere) is a plain mean and gets
 * exactly the interval of every other mean (Student t below 20 units, the seeded bootstrap from
 * there on). A true ratio (model dollars per caught bug) gets a Student-t interval on the
 * linearised ratio (the delta method), with n − 1 degrees of freedom.
 */

/** One case's contribution: numerator and denominator; `task` and `trial` cluster and pair it. */
export interface OutcomeValue {
  task: string
  trial: number
  num: number
  den: number
}

/** An estimate over cases: number of values and of tasks, the point estimate, its SE and 95 % interval. */
export interface OutcomeStat {
  n: number
  tasks: number
  mean: number | null
  se: number | null
  ci: Interval | null
  /** Why there is no interval (too few units); absent otherwise. */
  note?: string
}

/** A paired difference against a baseline topology (positive: the topology's figure is larger). */
export interface OutcomeDiff extends OutcomeStat {
  against: string
  /** Number of (task, trial) pairs where both have a value. */
  pairs: number
  /** Adjusted with the differences shown with it (adjustedOutcomeDifferences); absent before that. */
  adjusted?: Adjusted | null
}

/**
 * A difference under the rules of every other difference the report shows (lib/results/adjust.ts,
 * format.ts): fewer than MIN_INTERVAL_UNITS units give no interval but a note saying so (a t interval
 * on 2 units spans ±12.7 SE), and a difference without spread has none (a zero-width interval would
 * read as a measured certainty). An interval is clipped to the range a difference of the outcome
 * can take: ±100 points for shares.
 */
function underIntervalRules(d: OutcomeDiff, [min, max]: Bounds): OutcomeDiff {
  if (d.mean === null) return d
  const few = tooFewUnits(d.tasks, d.pairs)
  if (few) return { ...d, ci: null, note: few }
  if (d.se === 0) return { ...d, ci: null }
  return { ...d, ci: rounded(d.ci, [min - max, max - min]) }
}

/**
 * Adjusts the differences shown together (one outcome's table of a cost center) as every other
 * family of differences (lib/results/adjust.ts): Holm p over the m that have an interval, and the
 * Bonferroni simultaneous interval at 1 − alpha/m on each one's units − 1 df, clipped to the range
 * a difference of the outcome can take (`bounds`: the outcome's own). A difference without an
 * interval (too few units, no estimate, no spread) takes no part: it counts nowhere in m and gets
 * no star.
 */
export function adjustedOutcomeDifferences(family: ReadonlyArray<OutcomeDiff | null>, [min, max]: Bounds, alpha = 0.05): Array<OutcomeDiff | null> {
  const estimates = family.map((d) => (d === null || d.mean === null || d.se === null || d.note ? null : { estimate: d.mean, se: d.se, df: Math.max(1, (d.tasks > 1 ? d.tasks : d.pairs) - 1) }))
  const adjustments = adjustEstimates(estimates, alpha)
  return family.map((d, i) => {
    if (d === null) return null
    const a = adjustments[i]
    if (!a) return { ...d, adjusted: null }
    return { ...d, adjusted: { family: a.family, p: round4(a.p), pHolm: round4(a.pHolm), ci: rounded({ ...a.ci, level: round4(a.ci.level) }, [min - max, max - min])!, survives: a.survives } }
  })
}

/** The interval a difference is shown with: its simultaneous one when adjusted, none without spread or with too few units. */
export function shownInterval(d: Pick<OutcomeDiff, 'ci' | 'adjusted'>): Interval | null {
  return d.ci === null ? null : (d.adjusted?.ci ?? d.ci)
}

/** Why an estimate over `tasks` tasks and `n` values gets no interval (as every estimate and difference the report shows: lib/results/adjust.ts); null when it gets one. */
function tooFewUnits(tasks: number, n: number): string | null {
  const units = tasks > 1 ? tasks : n
  return units < MIN_INTERVAL_UNITS ? `too few ${tasks > 1 ? 'tasks' : 'trials'} (${units}) for an interval` : null
}

/** An estimate under the same rule: below MIN_INTERVAL_UNITS units, no interval but a note saying why. */
function withUnitRule(e: OutcomeStat): OutcomeStat {
  const few = e.mean === null ? null : tooFewUnits(e.tasks, e.n)
  return few ? { ...e, ci: null, note: few } : e
}

type Unit = { num: number; den: number }

const meanUnit = (xs: readonly Unit[]): Unit => ({ num: mean(xs.map((x) => x.num))!, den: mean(xs.map((x) => x.den))! })

/** The units of the interval: the trials of one task, or one mean per task. */
function unitsOf<T extends { task: string }>(values: readonly T[], toUnit: (xs: readonly T[]) => Unit): Unit[] {
  const byTask = [...groupBy(values, (v) => v.task).values()]
  return byTask.length === 1 ? byTask[0]!.map((v) => toUnit([v])) : byTask.map(toUnit)
}

/**
 * 10 significant digits: free of floating-point noise in the results file, and fine enough that
 * printing rounds once. Kept at 4 decimals (or 4 digits below 1), a spend of $0.06234533 per case
 * was stored as 0.06235 and printed $0.0624 beside the same cell's $0.0623 in the run's tables.
 */
const roundFigure = (x: number): number => Number(x.toPrecision(10))
const roundFigureOrNull = (x: number | null): number | null => (x === null ? null : roundFigure(x))

/** Rounded, and clipped to the range the figure can take (a count rate is never below 0; docs/outcomes.md says so). */
const rounded = (ci: Interval | null, bounds?: Bounds): Interval | null => clippedInterval(ci, roundFigure, bounds)

/** The delta-method interval of a ratio from its linearised units `z` (their mean is 0 by construction). */
function deltaInterval(estimate: number, z: readonly number[], level?: number) {
  const sd = sampleSd(z)
  const se = sd === null ? null : sd / Math.sqrt(z.length)
  return { se, ci: intervalOf({ estimate, se, df: Math.max(1, z.length - 1) }, level) }
}

/**
 * The ratio of mean numerator to mean denominator over cases clustered by task; null mean when the
 * denominator is 0. No interval below MIN_INTERVAL_UNITS units (tasks, or trials of one task).
 */
export function estimateOutcome(values: readonly OutcomeValue[], options: OutcomeOptions = {}): OutcomeStat {
  return withUnitRule(rawEstimate(values, options))
}

function rawEstimate(values: readonly OutcomeValue[], options: OutcomeOptions): OutcomeStat {
  const tasks = new Set(values.map((v) => v.task)).size
  if (values.length === 0) return { n: 0, tasks: 0, mean: null, se: null, ci: null }
  if (values.every((v) => v.den === 1)) {
    const clusters = [...groupBy(values, (v) => v.task).values()].map((vs) => vs.map((v) => v.num))
    const e = clusters.length === 1 ? estimateMean(clusters[0]!, options) : estimateClusteredMean(clusters, options)
    return { n: values.length, tasks, mean: roundFigureOrNull(e.mean), se: roundFigureOrNull(e.se), ci: rounded(e.ci, options.bounds) }
  }
  const units = unitsOf(values, meanUnit)
  const m = meanUnit(units)
  if (m.den === 0) return { n: values.length, tasks, mean: null, se: null, ci: null }
  const ratio = m.num / m.den
  const { se, ci } = deltaInterval(
    ratio,
    units.map((u) => (u.num - ratio * u.den) / m.den),
    options.level,
  )
  return { n: values.length, tasks, mean: roundFigure(ratio), se: roundFigureOrNull(se), ci: rounded(ci, options.bounds) }
}

/**
 * The outcome of `values` minus that of `baseline` (another topology), paired by task and trial
 * (same seed, same inputs): only pairs where both have a value enter, clustered by task. `bounds`:
 * the range the outcome itself can take.
 */
export function outcomeDifference(values: readonly OutcomeValue[], baseline: readonly OutcomeValue[], against: string, options: OutcomeOptions = {}): OutcomeDiff {
  const { bounds = [-Infinity, Infinity], ...intervalOptions } = options
  return underIntervalRules(rawDifference(values, baseline, against, intervalOptions), bounds)
}

function rawDifference(values: readonly OutcomeValue[], baseline: readonly OutcomeValue[], against: string, options: IntervalOptions): OutcomeDiff {
  const base = new Map(baseline.map((b) => [trialKey(b), b]))
  const pairs = values.flatMap((a) => {
    const b = base.get(trialKey(a))
    return b ? [{ task: a.task, a, b }] : []
  })
  const tasks = new Set(pairs.map((p) => p.task)).size
  const empty = { against, pairs: pairs.length, n: pairs.length, tasks, mean: null, se: null, ci: null }
  if (pairs.length === 0) return empty
  if (pairs.every((p) => p.a.den === 1 && p.b.den === 1)) {
    const e = rawEstimate(
      pairs.map((p) => ({ task: p.task, trial: p.a.trial, num: p.a.num - p.b.num, den: 1 })),
      options,
    )
    return { ...e, against, pairs: pairs.length }
  }
  const mean2 = (ps: readonly (typeof pairs)[number][]) => ({ a: meanUnit(ps.map((p) => p.a)), b: meanUnit(ps.map((p) => p.b)) })
  const byTask = [...groupBy(pairs, (p) => p.task).values()]
  const units = byTask.length === 1 ? byTask[0]!.map((p) => mean2([p])) : byTask.map(mean2)
  const ma = meanUnit(units.map((u) => u.a))
  const mb = meanUnit(units.map((u) => u.b))
  if (ma.den === 0 || mb.den === 0) return empty
  const ra = ma.num / ma.den
  const rb = mb.num / mb.den
  const { se, ci } = deltaInterval(
    ra - rb,
    units.map((u) => (u.a.num - ra * u.a.den) / ma.den - (u.b.num - rb * u.b.den) / mb.den),
    options.level,
  )
  return { against, pairs: pairs.length, n: pairs.length, tasks, mean: roundFigure(ra - rb), se: roundFigureOrNull(se), ci: rounded(ci) }
}
