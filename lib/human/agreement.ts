import { seededUniform } from '../eval/seeded-uniform.js'
import { type Interval, quantileSorted } from '../eval/stats.js'

/**
 * Agreement statistics between two raters (the judge and a person, or two people). Pure functions
 * of labelled pairs; each returns null where the statistic is undefined, never a made-up value.
 */

/** Share of pairs where both raters gave the same label; null for no pairs. */
export function agreementRate<T>(pairs: ReadonlyArray<readonly [T, T]>): number | null {
  if (pairs.length === 0) return null
  return pairs.filter(([a, b]) => a === b).length / pairs.length
}

/**
 * Cohen's κ for nominal labels (ties between deliverables are a category of their own):
 * (p_o − p_e) / (1 − p_e), with p_e from each rater's own label frequencies. Null when there are
 * no pairs or p_e = 1 (both raters always used one and the same label: chance explains everything).
 */
export function cohenKappa(pairs: ReadonlyArray<readonly [string, string]>): number | null {
  const n = pairs.length
  if (n === 0) return null
  const first = new Map<string, number>()
  const second = new Map<string, number>()
  let agree = 0
  for (const [a, b] of pairs) {
    first.set(a, (first.get(a) ?? 0) + 1)
    second.set(b, (second.get(b) ?? 0) + 1)
    if (a === b) agree++
  }
  let pe = 0
  for (const [label, count] of first) pe += (count / n) * ((second.get(label) ?? 0) / n)
  if (1 - pe < 1e-12) return null
  return (agree / n - pe) / (1 - pe)
}

/**
 * Quadratically weighted κ on an ordinal integer scale min..max (disagreements cost the square of
 * their distance): 1 − Σ w·O / Σ w·E with w = (i − j)² / (k − 1)². Values are rounded to the scale.
 * Null for no pairs or when the expected disagreement is 0.
 */
export function weightedKappa(pairs: ReadonlyArray<readonly [number, number]>, min: number, max: number): number | null {
  const n = pairs.length
  const k = max - min + 1
  if (n === 0 || k < 2) return null
  const clamp = (x: number) => Math.min(max, Math.max(min, Math.round(x))) - min
  const rows = new Array<number>(k).fill(0)
  const cols = new Array<number>(k).fill(0)
  let observed = 0
  for (const [a, b] of pairs) {
    const i = clamp(a)
    const j = clamp(b)
    rows[i]!++
    cols[j]!++
    observed += (i - j) ** 2
  }
  return quadraticKappa(rows, cols, observed, n)
}

/**
 * κ_w from its sufficient statistics: each rater's count per scale step (`rows`, `cols`), the summed
 * squared distances of the pairs (`observed`) and the number of pairs. Null when the expected
 * disagreement is 0.
 */
export function quadraticKappa(rows: readonly number[], cols: readonly number[], observed: number, n: number): number | null {
  const k = rows.length
  let expected = 0
  for (let i = 0; i < k; i++) for (let j = 0; j < k; j++) expected += (i - j) ** 2 * (rows[i]! * cols[j]!) / n
  if (expected === 0) return null
  return 1 - observed / expected
}

/** Widest range of integer values ranked by counting rather than sorting (rubric scores are 0-10). */
const COUNTED_RANGE = 1024

/**
 * Ranks of integers in a small range by counting: a value's rank is the number of smaller values
 * plus the middle of its ties, the same numbers sorting gives, without a sort per bootstrap resample.
 */
function countedRanks(xs: readonly number[], min: number, max: number): number[] {
  const counts = new Array<number>(max - min + 1).fill(0)
  for (const x of xs) counts[x - min]!++
  const rankOf = new Array<number>(counts.length)
  let below = 0
  for (let v = 0; v < counts.length; v++) {
    rankOf[v] = below + (counts[v]! + 1) / 2
    below += counts[v]!
  }
  return xs.map((x) => rankOf[x - min]!)
}

/** Ranks 1..n with ties given the average of the ranks they span. */
export function averageRanks(xs: readonly number[]): number[] {
  let min = Infinity
  let max = -Infinity
  let integers = true
  for (const x of xs) {
    if (!Number.isInteger(x)) integers = false
    if (x < min) min = x
    if (x > max) max = x
  }
  if (integers && xs.length > 0 && max - min < COUNTED_RANGE) return countedRanks(xs, min, max)
  const order = xs.map((x, i) => ({ x, i })).sort((p, q) => p.x - q.x)
  const ranks = new Array<number>(xs.length)
  for (let start = 0; start < order.length; ) {
    let end = start
    while (end + 1 < order.length && order[end + 1]!.x === order[start]!.x) end++
    const rank = (start + end) / 2 + 1
    for (let t = start; t <= end; t++) ranks[order[t]!.i] = rank
    start = end + 1
  }
  return ranks
}

/** Spearman's ρ: Pearson's correlation of average ranks. Null below 3 pairs or without variation on a side. */
export function spearman(pairs: ReadonlyArray<readonly [number, number]>): number | null {
  if (pairs.length < 3) return null
  const ra = averageRanks(pairs.map((p) => p[0]))
  const rb = averageRanks(pairs.map((p) => p[1]))
  const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
  const ma = mean(ra)
  const mb = mean(rb)
  let sab = 0
  let saa = 0
  let sbb = 0
  for (let i = 0; i < ra.length; i++) {
    sab += (ra[i]! - ma) * (rb[i]! - mb)
    saa += (ra[i]! - ma) ** 2
    sbb += (rb[i]! - mb) ** 2
  }
  return saa === 0 || sbb === 0 ? null : sab / Math.sqrt(saa * sbb)
}

/** Fewest resampling units (tasks, or items within one task) for which an interval is given. */
export const MIN_GROUPS = 5

/** A statistic and its interval. */
export interface Estimate {
  value: number | null
  ci: Interval | null
  /** Resamples in which the statistic was undefined (left out of the interval). */
  undefinedResamples?: number
}

/** How a clustered bootstrap draws: its seed, resamples, interval level and fewest resampling units. */
export interface BootstrapOptions {
  seed: number
  resamples?: number
  level?: number
  minGroups?: number
}

/**
 * A statistic over clustered units with a percentile bootstrap that resamples whole clusters
 * (tasks): units of one task are not independent. With a single cluster, its units are resampled.
 * Resamples where the statistic is undefined are left out and counted. There is no interval with
 * fewer than `minGroups` resampling units (default 5: a bootstrap of 2 or 3 units only repeats
 * the data), or when most resamples are undefined.
 */
export function clusteredEstimate<T>(clusters: ReadonlyArray<readonly T[]>, statistic: (units: T[]) => number | null, options: BootstrapOptions): Estimate {
  const nonEmpty = clusters.filter((c) => c.length > 0)
  const value = statistic(nonEmpty.flat())
  if (value === null) return { value: null, ci: null }
  const groups = resamplingGroups(nonEmpty)
  return percentileBootstrap(value, groups.length, options, (drawn) => {
    const sample: T[] = []
    for (const g of drawn) sample.push(...groups[g]!)
    return statistic(sample)
  })
}

/** Counts that add up: a resample's tally is the sum of the tallies of the groups it drew. */
export interface Tally<S> {
  add(other: S): void
  clear(): void
}

/**
 * clusteredEstimate from each resampling unit's tally instead of its units: the same draws, and the
 * same numbers where `statistic` of a sum of tallies is the statistic of the units put end to end,
 * without building a sample per resample. `tally` of no units is the empty tally.
 */
export function clusteredTallyEstimate<T, S extends Tally<S>>(clusters: ReadonlyArray<readonly T[]>, tally: (units: readonly T[]) => S, statistic: (sum: S) => number | null, options: BootstrapOptions): Estimate {
  const nonEmpty = clusters.filter((c) => c.length > 0)
  const value = statistic(tally(nonEmpty.flat()))
  if (value === null) return { value: null, ci: null }
  const groups = resamplingGroups(nonEmpty).map(tally)
  const sum = tally([])
  return percentileBootstrap(value, groups.length, options, (drawn) => {
    sum.clear()
    for (const g of drawn) sum.add(groups[g]!)
    return statistic(sum)
  })
}

/** The most of `size` one resample can hold: as many draws as resampling units, each of the largest. */
export function largestResample<T>(clusters: ReadonlyArray<readonly T[]>, size: (units: readonly T[]) => number): number {
  const groups = resamplingGroups(clusters.filter((c) => c.length > 0))
  return groups.length * groups.reduce((most, g) => Math.max(most, size(g)), 0)
}

/** What the bootstrap draws: whole (non-empty) clusters, or with a single cluster, its units one by one. */
function resamplingGroups<T>(nonEmpty: ReadonlyArray<readonly T[]>): ReadonlyArray<readonly T[]> {
  return nonEmpty.length === 1 ? nonEmpty[0]!.map((u) => [u]) : nonEmpty
}

/**
 * The percentile interval around `value` over `groupCount` resampling units: each resample draws as
 * many unit indices (seededUniform, with replacement) and `resampled` gives the statistic on them.
 * `drawn` is reused from one resample to the next.
 */
function percentileBootstrap(value: number, groupCount: number, options: BootstrapOptions, resampled: (drawn: readonly number[]) => number | null): Estimate {
  if (groupCount < (options.minGroups ?? MIN_GROUPS)) return { value, ci: null }
  const resamples = options.resamples ?? 2000
  const level = options.level ?? 0.95
  const draw = seededUniform(options.seed)
  const drawn = new Array<number>(groupCount)
  const stats: number[] = []
  let undefinedCount = 0
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < groupCount; i++) drawn[i] = Math.floor(draw() * groupCount)
    const s = resampled(drawn)
    if (s === null || !Number.isFinite(s)) undefinedCount++
    else stats.push(s)
  }
  if (stats.length < resamples / 2) return { value, ci: null, undefinedResamples: undefinedCount }
  stats.sort((x, y) => x - y)
  const tail = (1 - level) / 2
  return { value, ci: { lo: quantileSorted(stats, tail), hi: quantileSorted(stats, 1 - tail), level, method: 'bootstrap' }, undefinedResamples: undefinedCount }
}
