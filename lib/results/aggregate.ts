import { type ClusteredEstimate, estimateClusteredMean, estimateMean, type Interval, type IntervalOptions, type MeanEstimate, wilsonInterval } from '../eval/stats.js'
import { round4, round4OrNull } from '../eval/types.js'
import { adjustRun, differenceMde, MIN_INTERVAL_UNITS } from './adjust.js'
import { BASELINE_TOPOLOGIES, computeMatchedBaseline } from './matched-baseline.js'
import { round8, totalTokens } from './cost.js'
import type { CaseSummary } from './summary.js'
import type { CellAggregate, ClusteredSummary, CostSummary, GroupSummary, MetricSummary, PairedDifference, WinRate } from './schema.js'
import { finite, groupBy, headlineOf, mustCatchRecallOf, orgUsdOf, trialKey, unknownCosts } from './values.js'
import { compareTopologies } from '../topologies/types.js'
import { type Bounds, clippedInterval, NON_NEGATIVE, SCORE_BOUNDS, SCORE_DIFFERENCE } from './interval.js'

const roundInterval = (ci: Interval | null, round: (x: number) => number = round4, bounds?: Bounds): Interval | null => clippedInterval(ci, round, bounds)

/** Dollars keep the records' precision (8 decimals): rounding a mean of $0.002972 to 4 decimals would print $0.00300. */
const dollarSummary = (e: MeanEstimate): MetricSummary => ({ n: e.n, mean: e.mean === null ? null : round8(e.mean), sd: e.sd === null ? null : round8(e.sd), se: e.se === null ? null : round8(e.se), ci: roundInterval(e.ci, round8, NON_NEGATIVE) })

/** As for a difference (adjust.ts): no interval over fewer than MIN_INTERVAL_UNITS units, tasks or the trials of one task (on 1 df a t interval spans ±12.7 SE). */
const underUnitRule = <E extends MeanEstimate>(e: E, units: number): E => (units < MIN_INTERVAL_UNITS ? { ...e, ci: null } : e)

/**
 * The organisation's dollars per trial over every trial that counts for cost (errored ones with
 * calls included); over several tasks each task's mean counts once. Unknown stays unknown: as soon
 * as one trial has an unknown cost the mean is null, with how many are unknown, rather than a mean
 * over the others (which, for a topology, would average other tasks than its score does).
 */
function costPerTrial(records: readonly CaseSummary[], options: IntervalOptions): { summary: CostSummary & { tasks: number }; mean: number | null } {
  const unknown = unknownCosts(records)
  const e = clusteredEstimate(records, orgUsdOf, options)
  if (unknown > 0) return { summary: { n: e.n, tasks: e.clusters, mean: null, sd: null, se: null, ci: null, unknown }, mean: null }
  return { summary: { ...dollarSummary(e), tasks: e.clusters }, mean: e.mean }
}

/**
 * Headline points per org dollar of a row: its mean score ÷ its mean cost per case, from the
 * unrounded means (a ratio of means, so it is the row's score ÷ its org $/case, as a reader checks
 * it; a mean of per-trial ratios would let the cheapest trials decide). No interval. Null when
 * either is unknown or the cost is 0.
 */
function pointsPerDollar<S extends { n: number }>(score: number | null, usd: number | null, base: S): S & MetricSummary {
  const mean = score !== null && usd !== null && usd > 0 ? round4(score / usd) : null
  return { ...base, mean, sd: null, se: null, ci: null }
}

/** Mean, SD, SE and 95 % interval of the values that exist; missing values (errored trials) are left out. */
export function summarize(values: ReadonlyArray<number | null | undefined>, options: IntervalOptions = {}): MetricSummary {
  return rounded(estimateMean(finite(values), options))
}

/** An estimate as results keep it: rounded to 4 decimals, its interval clipped to `bounds`. */
const rounded = (e: MeanEstimate, bounds?: Bounds): MetricSummary => ({ n: e.n, mean: round4OrNull(e.mean), sd: round4OrNull(e.sd), se: round4OrNull(e.se), ci: roundInterval(e.ci, round4, bounds) })

/** A metric over several tasks: each task's mean counts once, and the interval treats tasks as the units (trials when there is one task); none below MIN_INTERVAL_UNITS units. */
function clusteredEstimate(records: readonly CaseSummary[], value: (r: CaseSummary) => number | null, options: IntervalOptions): ClusteredEstimate {
  const clusters = [...groupBy(records, (r) => r.task).values()].map((rs) => finite(rs.map(value))).filter((c) => c.length > 0)
  // With one task, its trials are the units (as in a cell).
  if (clusters.length === 1) return underUnitRule({ ...estimateMean(clusters[0]!, options), clusters: 1 }, clusters[0]!.length)
  return underUnitRule(estimateClusteredMean(clusters, options), clusters.length)
}

/**
 * Headline difference of `records` against `baseline` records (another topology), paired by task
 * and trial. With one task the trials are the units; with several, the interval is clustered by task.
 */
export function pairedDifference(records: readonly CaseSummary[], baseline: readonly CaseSummary[], against: string, options: IntervalOptions = {}): PairedDifference {
  const base = new Map<string, number>()
  for (const r of baseline) {
    const h = headlineOf(r)
    if (h !== null) base.set(trialKey(r), h)
  }
  const byTask = new Map<string, number[]>()
  for (const r of records) {
    const h = headlineOf(r)
    const b = base.get(trialKey(r))
    if (h === null || b === undefined) continue
    byTask.set(r.task, [...(byTask.get(r.task) ?? []), h - b])
  }
  const clusters = [...byTask.values()]
  const pairs = clusters.reduce((s, c) => s + c.length, 0)
  const e = clusters.length === 1 ? { ...estimateMean(clusters[0]!, options), clusters: 1 } : estimateClusteredMean(clusters, options)
  // The MDE of the difference alone (α 0.05); adjustRun restates it for the family it is shown in.
  const mde = differenceMde({ tasks: clusters.length, pairs, se: e.se }, 0.05, 1)
  return { against, pairs, tasks: clusters.length, mean: round4OrNull(e.mean), sd: round4OrNull(e.sd), se: round4OrNull(e.se), ci: roundInterval(e.ci, round4, SCORE_DIFFERENCE), mde }
}

const WIN_VALUE = { win: 1, tie: 0.5, loss: 0 } as const

/**
 * The pairwise judge's verdicts grouped by the baseline they were against. Verdicts of one task are
 * not independent, so over several tasks the rate's interval is clustered by task (each task's win
 * share is one unit), none below MIN_INTERVAL_UNITS tasks (a t interval on 1 df spans ±12.7 SE), and
 * clipped to [0, 1] since a rate cannot leave it; for one task it is Wilson over its verdicts.
 */
export function winRates(records: readonly CaseSummary[], options: IntervalOptions = {}): WinRate[] {
  const verdicts = records.flatMap((r) => (r.status === 'ok' && r.scores.judge?.pairwise ? [{ task: r.task, ...r.scores.judge.pairwise }] : []))
  return [...groupBy(verdicts, (v) => v.against).entries()].map(([against, vs]) => {
    const wins = vs.filter((v) => v.outcome === 'win').length
    const ties = vs.filter((v) => v.outcome === 'tie').length
    const n = vs.length
    const clusters = [...groupBy(vs, (v) => v.task).values()].map((c) => c.map((v) => WIN_VALUE[v.outcome]))
    const clustered = clusters.length >= MIN_INTERVAL_UNITS ? estimateClusteredMean(clusters, options).ci : null
    const ci = clusters.length > 1 ? clustered && { ...clustered, lo: Math.max(0, clustered.lo), hi: Math.min(1, clustered.hi) } : wilsonInterval(wins + ties / 2, n)
    return { against, n, wins, ties, losses: n - wins - ties, rate: n === 0 ? null : round4((wins + ties / 2) / n), ci: roundInterval(ci) }
  })
}

/**
 * Paired differences against the single agent and against the topology's compute-matched single
 * agent (computeMatchedBaseline: self_refine@<topology> when the run has it, else self_refine) when
 * present in `all` (none against itself), and the judge's win rates.
 */
function comparisons(records: readonly CaseSummary[], all: readonly CaseSummary[], topology: string, options: IntervalOptions) {
  const present = new Set(all.map((r) => r.topology))
  const against = (baselineTopology: string | null) => {
    if (baselineTopology === null || baselineTopology === topology) return null
    const baseline = all.filter((r) => r.topology === baselineTopology)
    return baseline.length === 0 ? null : pairedDifference(records, baseline, baselineTopology, options)
  }
  return { vsSingle: against(BASELINE_TOPOLOGIES.vsSingle), vsSelfRefine: against(computeMatchedBaseline(topology, present)), winRates: winRates(records, options) }
}

/** Per task × topology aggregates over trials. Only successful trials enter the means. */
export function aggregateCells(records: readonly CaseSummary[], options: IntervalOptions = {}): CellAggregate[] {
  const cells = groupBy(records, (r) => `${r.task}\u0000${r.topology}`)
  const aggregates = [...cells.values()].map((rs) => {
    const ok = rs.filter((r) => r.status === 'ok')
    const metricNames = [...new Set(ok.flatMap((r) => Object.keys(r.scores.groundTruth?.metrics ?? {})))].sort()
    const first = rs[0]!
    const errors = rs.length - ok.length
    const sameTask = records.filter((r) => r.task === first.task)
    const scores = finite(rs.map(headlineOf))
    const headline = underUnitRule(estimateMean(scores, options), scores.length)
    const cost = costPerTrial(rs, options)
    const { tasks: _oneTask, ...orgUsd } = cost.summary
    return {
      task: first.task,
      track: first.track,
      costCenter: first.costCenter,
      topology: first.topology,
      trials: rs.length,
      errors,
      errorRate: { rate: round4(errors / rs.length), ci: roundInterval(wilsonInterval(errors, rs.length)) },
      mustCatchMissed: ok.reduce((s, r) => s + r.mustCatch.missed.length, 0),
      mustCatchRecall: summarize(rs.map(mustCatchRecallOf), options),
      headline: rounded(headline, SCORE_BOUNDS),
      metrics: Object.fromEntries(metricNames.map((m) => [m, summarize(ok.map((r) => r.scores.groundTruth?.metrics[m]), options)])),
      orgUsd,
      tokens: summarize(ok.map((r) => totalTokens(r.cost.org)), options),
      calls: summarize(ok.map((r) => r.cost.org.calls), options),
      qualityPerDollar: pointsPerDollar(headline.mean, cost.mean, { n: headline.n }),
      ...comparisons(rs, sameTask, first.topology, options),
    }
  }).sort((a, b) => a.task.localeCompare(b.task) || compareTopologies(a.topology, b.topology))
  return adjustRun([], aggregates).cells
}

/** Per topology over every task, each track and each cost center: tasks weigh equally and are the units of every interval. */
export function summarizeGroups(records: readonly CaseSummary[], options: IntervalOptions = {}): GroupSummary[] {
  const groupings: Array<[GroupSummary['by'], (r: CaseSummary) => string]> = [
    ['all', () => 'all'],
    ['track', (r) => r.track],
    ['costCenter', (r) => r.costCenter],
  ]
  const groups = groupings.flatMap(([by, keyOf]) =>
    [...groupBy(records, keyOf).entries()].flatMap(([group, inGroup]) =>
      [...groupBy(inGroup, (r) => r.topology).entries()].sort(([a], [b]) => compareTopologies(a, b)).map(([topology, rs]) => {
        const headline = clusteredEstimate(rs, headlineOf, options)
        const cost = costPerTrial(rs, options)
        // pts/$ divides the score by the cost of the same tasks: a task no trial of which succeeded has no score, so its spend is left out of the ratio (not of org $/case).
        const scored = new Set(rs.filter((r) => headlineOf(r) !== null).map((r) => r.task))
        const scoredCost = scored.size === new Set(rs.map((r) => r.task)).size ? cost : costPerTrial(rs.filter((r) => scored.has(r.task)), options)
        return {
          by,
          group,
          topology,
          tasks: new Set(rs.map((r) => r.task)).size,
          trials: rs.length,
          errors: rs.filter((r) => r.status === 'error').length,
          mustCatchMissed: rs.reduce((s, r) => s + (r.status === 'ok' ? r.mustCatch.missed.length : 0), 0),
          headline: { ...rounded(headline, SCORE_BOUNDS), tasks: headline.clusters },
          orgUsd: cost.summary,
          qualityPerDollar: pointsPerDollar(headline.mean, scoredCost.mean, { n: headline.n, tasks: headline.clusters }),
          ...comparisons(rs, inGroup, topology, options),
        }
      }),
    ),
  )
  return adjustRun(groups, []).groups
}
