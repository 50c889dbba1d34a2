import { normalQuantile, tCdf, tQuantile } from './distributions.js'
import { mix, nextState, seedState } from './seeded-uniform.js'

/**
 * Statistics for comparing runs: pure functions of numbers, deterministic for a given seed.
 *
 * Interval method: below BOOTSTRAP_MIN_N units, a percentile bootstrap is too narrow to be honest
 * (with 3 trials the 95 % percentile interval is the range of the data, which holds the true mean
 * only about 3 times in 4), so small samples get Student-t intervals and larger ones the seeded
 * percentile bootstrap. "Units" are trials for one cell and tasks for anything clustered by task.
 */

/** From this many units on, intervals come from the seeded bootstrap instead of Student t. */
export const BOOTSTRAP_MIN_N = 20
/** Bootstrap resamples: enough for stable 2.5 % / 97.5 % percentiles. */
export const BOOTSTRAP_RESAMPLES = 4000
export const DEFAULT_SEED = 20261127

export interface Interval {
  lo: number
  hi: number
  level: number
  method: 't' | 'bootstrap' | 'wilson' | 'exact' | 'fisher-z'
}

/** A sample's size, mean, SD, standard error and confidence interval for the mean. */
export interface MeanEstimate {
  n: number
  mean: number | null
  sd: number | null
  se: number | null
  ci: Interval | null
}

export interface IntervalOptions {
  level?: number
  seed?: number
  resamples?: number
}

export function sum(xs: readonly number[]): number {
  let s = 0
  for (const x of xs) s += x
  return s
}

export function mean(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : sum(xs) / xs.length
}

/** Sample standard deviation (n − 1 denominator); null below two values. */
export function sampleSd(xs: readonly number[]): number | null {
  if (xs.length < 2) return null
  const m = sum(xs) / xs.length
  let ss = 0
  for (const x of xs) ss += (x - m) ** 2
  return Math.sqrt(ss / (xs.length - 1))
}

/** Standard error of the mean, SD / √n; null below two values. */
export function standardError(xs: readonly number[]): number | null {
  const sd = sampleSd(xs)
  return sd === null ? null : sd / Math.sqrt(xs.length)
}

/** The q-quantile of sorted values, interpolating linearly between order statistics. */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  if (sorted.length === 0) throw new RangeError('quantile of an empty sample')
  const pos = (sorted.length - 1) * q
  const lo = Math.floor(pos)
  const hi = Math.ceil(pos)
  return sorted[lo]! + (sorted[hi]! - sorted[lo]!) * (pos - lo)
}

/** The median; null for an empty sample. */
export function median(xs: readonly number[]): number | null {
  return xs.length === 0 ? null : quantileSorted([...xs].sort((a, b) => a - b), 0.5)
}

/**
 * The percentile bootstrap interval of the mean of `xs` (resampled with replacement, seededUniform
 * draws). Deterministic for a given seed; null for an empty sample. No array is built per resample:
 * the run file's hundreds of intervals of 4,000 resamples each were most of the statistics' time.
 */
export function bootstrapMeanInterval(xs: readonly number[], options: IntervalOptions = {}): Interval | null {
  const n = xs.length
  if (n === 0) return null
  const level = options.level ?? 0.95
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES
  const stats = new Float64Array(resamples)
  // seededUniform's draws, without a call per draw.
  let state = seedState(options.seed ?? DEFAULT_SEED)
  for (let b = 0; b < resamples; b++) {
    let s = 0
    for (let i = 0; i < n; i++) {
      state = nextState(state)
      s += xs[Math.floor((mix(state) / 2 ** 32) * n)]!
    }
    stats[b] = s / n
  }
  stats.sort()
  const tail = (1 - level) / 2
  return { lo: quantileSorted(stats, tail), hi: quantileSorted(stats, 1 - tail), level, method: 'bootstrap' }
}

/** Student-t interval for the mean; null below two values. A sample with no spread gets a zero-width interval. */
export function tInterval(xs: readonly number[], level = 0.95): Interval | null {
  const e = oneSampleEstimate(xs)
  return e === null ? null : intervalOf(e, level)
}

/** Mean, SD, SE and a confidence interval (Student t below BOOTSTRAP_MIN_N values, seeded bootstrap from there on). */
export function estimateMean(xs: readonly number[], options: IntervalOptions = {}): MeanEstimate {
  const m = mean(xs)
  const sd = sampleSd(xs)
  const se = sd === null ? null : sd / Math.sqrt(xs.length)
  // The t interval is tInterval(xs), from the SD computed once.
  const ci = xs.length >= BOOTSTRAP_MIN_N ? bootstrapMeanInterval(xs, options) : m === null ? null : intervalOf({ estimate: m, se, df: Math.max(1, xs.length - 1) }, options.level)
  return { n: xs.length, mean: m, sd, se, ci }
}

/** A mean over clusters (e.g. tasks): each cluster weighs the same, whatever its number of values. */
export interface ClusteredEstimate extends MeanEstimate {
  /** Number of clusters; `n` is the number of values. */
  clusters: number
}

/**
 * The mean of cluster means with an interval that respects the clustering: values of one task are
 * not independent, so the task is the unit. Student t over cluster means below BOOTSTRAP_MIN_N
 * clusters; a cluster bootstrap (whole tasks resampled) from there on. Empty clusters are ignored.
 */
export function estimateClusteredMean(clusters: readonly (readonly number[])[], options: IntervalOptions = {}): ClusteredEstimate {
  const nonEmpty = clusters.filter((c) => c.length > 0)
  const means = nonEmpty.map((c) => sum(c) / c.length)
  const base = estimateMean(means, options)
  // From BOOTSTRAP_MIN_N clusters on, base.ci is the cluster bootstrap: resampling whole clusters
  // and averaging their means is resampling the means (same draws, same sums).
  return { ...base, n: sum(nonEmpty.map((c) => c.length)), clusters: means.length }
}

/** Pairs two keyed samples: the difference a − b for every key present in both, in key order. */
export function pairedDifferences(a: ReadonlyMap<string, number>, b: ReadonlyMap<string, number>): Array<{ key: string; diff: number }> {
  return [...a.keys()]
    .filter((k) => b.has(k))
    .sort()
    .map((key) => ({ key, diff: a.get(key)! - b.get(key)! }))
}

/**
 * Holm's step-down adjustment: adjusted p-values, in the input order, that control the
 * family-wise error rate when compared with the unadjusted α.
 */
export function holmAdjust(pValues: readonly number[]): number[] {
  const m = pValues.length
  const order = pValues.map((p, i) => ({ p, i })).sort((x, y) => x.p - y.p || x.i - y.i)
  const adjusted: number[] = new Array(m)
  let running = 0
  order.forEach(({ p, i }, rank) => {
    running = Math.max(running, Math.min(1, (m - rank) * p))
    adjusted[i] = running
  })
  return adjusted
}

/** Wilson score interval for a proportion; `successes` may be fractional (a tie counts half). Null when n = 0. */
export function wilsonInterval(successes: number, n: number, level = 0.95): Interval | null {
  if (n <= 0) return null
  const z = normalQuantile(1 - (1 - level) / 2)
  const p = successes / n
  const denom = 1 + (z * z) / n
  const centre = (p + (z * z) / (2 * n)) / denom
  const half = (z * Math.sqrt((p * (1 - p)) / n + (z * z) / (4 * n * n))) / denom
  return { lo: Math.max(0, centre - half), hi: Math.min(1, centre + half), level, method: 'wilson' }
}

/** The power at which every minimum detectable effect (MDE) is stated: the run's tables, the gate and `plan --power`. */
export const MDE_POWER = 0.8

/**
 * The smallest true shift a two-sided t test at `alpha` detects with probability `power`, for an
 * estimate with standard error `se` on `df` degrees of freedom: (t₁₋α/₂ + t_power) · se. With α/m
 * it is the MDE of a test in a family of m (Bonferroni, or Holm's strictest step); a one-sided test
 * at α passes 2α.
 */
export function detectableEffect(se: number, df: number, alpha = 0.05, power = MDE_POWER): number {
  return (tQuantile(1 - alpha / 2, df) + tQuantile(power, df)) * se
}

/** An estimate with its standard error and the degrees of freedom of its t reference distribution. */
export interface TEstimate {
  estimate: number
  /** Null when it cannot be estimated (fewer than two values on a side). */
  se: number | null
  df: number
}

/** The mean of a sample as a t estimate (df = n − 1); null for an empty sample. */
export function oneSampleEstimate(xs: readonly number[]): TEstimate | null {
  const m = mean(xs)
  return m === null ? null : { estimate: m, se: standardError(xs), df: Math.max(1, xs.length - 1) }
}

/**
 * Welch's difference of means a − b of two independent samples, with the Welch–Satterthwaite
 * degrees of freedom. Null when either sample is empty; se null when either has one value.
 */
export function welchEstimate(a: readonly number[], b: readonly number[]): TEstimate | null {
  const ma = mean(a)
  const mb = mean(b)
  if (ma === null || mb === null) return null
  const sa = sampleSd(a)
  const sb = sampleSd(b)
  if (sa === null || sb === null) return { estimate: ma - mb, se: null, df: 1 }
  const va = (sa * sa) / a.length
  const vb = (sb * sb) / b.length
  const se = Math.sqrt(va + vb)
  const df = va + vb === 0 ? a.length + b.length - 2 : (va + vb) ** 2 / (va ** 2 / (a.length - 1) + vb ** 2 / (b.length - 1))
  return { estimate: ma - mb, se, df }
}

/** Two-sided interval at `level` around a t estimate; zero width when se is 0, null when se is unknown. */
export function intervalOf(e: TEstimate, level = 0.95): Interval | null {
  if (e.se === null) return null
  const half = e.se === 0 ? 0 : tQuantile(1 - (1 - level) / 2, e.df) * e.se
  return { lo: e.estimate - half, hi: e.estimate + half, level, method: 't' }
}

/**
 * One-sided p-value for H0 "true value ≤ threshold" against "true value > threshold".
 * With se 0 the answer is certain (0 or 1); with an unknown se it cannot be tested (1).
 */
export function pAbove(e: TEstimate, threshold: number): number {
  if (e.se === null) return 1
  if (e.se === 0) return e.estimate > threshold ? 0 : 1
  return 1 - tCdf((e.estimate - threshold) / e.se, e.df)
}

/** A least-squares line y = intercept + slope · x, each coefficient as a t estimate (df = n − 2). */
export interface LineFit {
  n: number
  intercept: TEstimate
  slope: TEstimate
}

/**
 * Ordinary least squares of y on x with an intercept. Null below three points or when x has no
 * spread (the slope is then not identified); standard errors assume independent, equal-variance errors.
 */
export function fitLine(xs: readonly number[], ys: readonly number[]): LineFit | null {
  const m = moments(xs, ys)
  if (m.n < 3 || m.sxx === 0) return null
  const { n, mx, my, sxx } = m
  const slope = m.sxy / sxx
  const intercept = my - slope * mx
  let sse = 0
  for (let i = 0; i < n; i++) sse += (ys[i]! - intercept - slope * xs[i]!) ** 2
  const s2 = sse / (n - 2)
  return {
    n,
    intercept: { estimate: intercept, se: Math.sqrt(s2 * (1 / n + (mx * mx) / sxx)), df: n - 2 },
    slope: { estimate: slope, se: Math.sqrt(s2 / sxx), df: n - 2 },
  }
}

/** Means and centred sums of squares and products of paired samples (the first n = shorter length). */
function moments(xs: readonly number[], ys: readonly number[]) {
  const n = Math.min(xs.length, ys.length)
  let mx = 0
  let my = 0
  for (let i = 0; i < n; i++) {
    mx += xs[i]! / n
    my += ys[i]! / n
  }
  let sxx = 0
  let syy = 0
  let sxy = 0
  for (let i = 0; i < n; i++) {
    sxx += (xs[i]! - mx) ** 2
    syy += (ys[i]! - my) ** 2
    sxy += (xs[i]! - mx) * (ys[i]! - my)
  }
  return { n, mx, my, sxx, syy, sxy }
}

/** Pearson's correlation with a Fisher-z interval; null below four pairs or without spread on either side. */
export function correlation(xs: readonly number[], ys: readonly number[], level = 0.95): { n: number; r: number; ci: Interval | null } | null {
  return withinGroupCorrelation([{ xs, ys }], level)
}

/**
 * Pearson's correlation within groups: each group centred on its own means, the deviations pooled.
 * Pooling raw pairs of groups at different levels can reverse the sign of a correlation that is
 * positive in every group (Simpson's paradox); this one measures only how the two move together
 * inside a group. The Fisher-z interval spends one degree of freedom per group mean (n − groups − 2).
 * A group of one pair tells nothing and is left out. Null below four pairs beyond the groups' means
 * minus one, or without spread on either side.
 */
export function withinGroupCorrelation(groups: ReadonlyArray<{ xs: readonly number[]; ys: readonly number[] }>, level = 0.95): { n: number; r: number; ci: Interval | null } | null {
  const used = groups.map((g) => moments(g.xs, g.ys)).filter((m) => m.n >= 2)
  const n = used.reduce((s, m) => s + m.n, 0)
  const sxx = used.reduce((s, m) => s + m.sxx, 0)
  const syy = used.reduce((s, m) => s + m.syy, 0)
  const sxy = used.reduce((s, m) => s + m.sxy, 0)
  const df = n - used.length - 2
  if (df < 1 || sxx === 0 || syy === 0) return null
  const r = Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy)))
  const z = Math.atanh(Math.min(0.999999, Math.max(-0.999999, r)))
  const half = normalQuantile(1 - (1 - level) / 2) / Math.sqrt(df)
  return { n, r, ci: { lo: Math.tanh(z - half), hi: Math.tanh(z + half), level, method: 'fisher-z' } }
}
