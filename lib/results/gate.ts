import { z } from 'zod'
import { detectableEffect, holmAdjust, intervalOf, MDE_POWER, mean, median, oneSampleEstimate, pAbove, type TEstimate } from '../eval/stats.js'
import { budgetShares, cellChange, type PooledSpread, pooledSpread } from './gate-spread.js'
import { budgetPeerOf } from './matched-baseline.js'
import { capNotes, withoutCapStops } from './gate-cap.js'
import { cellsApartNotes, failedBaseline, levelsThatCouldNotFail, nothingComparable, statusNotes } from './gate-coverage.js'
import { floorChecks } from './gate-floors.js'
import { commitNote, type GateSettings, settingNotes } from './gate-settings.js'
import { memoryNotes, taskNotes } from './gate-tasks.js'
import { priceChanges, priceNotes, repriceCases, type RunPrices } from './gate-prices.js'
import type { CaseSummary } from './summary.js'
import type { RunFile } from './schema.js'
import { errorPercentOf, groupBy, headlineOf, mustCatchRecallOf, orgUsdOf, unknownCosts } from './values.js'
import { UserError } from '../errors.js'
import { type Bounds, clippedInterval, RELATIVE_CHANGE, SCORE_DIFFERENCE } from './interval.js'

/**
 * The regression gate: the current run against a baseline at three levels, for each metric.
 *
 * Levels and tests (README "The regression gate"). The task is the unit that pairs two runs:
 * - suite: one topology over every task compared (each task's change is one paired difference;
 *   Student t over tasks, i.e. clustered by task);
 * - track: the same over the tasks of one track (when it has at least two);
 * - cell: one task × topology; the two runs' trials are independent draws, so Welch's t.
 * Family-wise error. `alpha` bounds the chance that a run with no regression FAILs on the
 * statistics. It is split over the levels (ALPHA_SHARE: half to the suite, where the power is) and
 * Holm's step-down runs within each level over all its rows (every metric and topology).
 * Modes. "detect" (default) FAILs when a drop is significant (cost: when an increase beyond its
 * relative margin is); it WARNs when a suite row's point estimate is beyond the margin without
 * being significant. "non-inferiority" PASSes a suite row only when its simultaneous interval
 * rules out a drop beyond the margin, and FAILs it otherwise; tracks and cells then FAIL only on a
 * drop proven beyond the margin. Hard floors apply whatever the statistics say.
 */

export const GATE_METRICS = ['headline', 'mustCatchRecall', 'errorRate', 'costPerCase'] as const
export type GateMetricId = (typeof GATE_METRICS)[number]

interface MetricSpec {
  label: string
  unit: string
  higherIsBetter: boolean
  /** The cost margin is relative: drops are in percent of the baseline cell's mean. */
  relative: boolean
  value: (r: CaseSummary) => number | null
  /** The range a change can take: the row's interval is clipped to it. */
  changeBounds: Bounds
}

export const METRIC_SPECS: Record<GateMetricId, MetricSpec> = {
  headline: { label: 'headline score', unit: 'pts', higherIsBetter: true, relative: false, value: headlineOf, changeBounds: SCORE_DIFFERENCE },
  mustCatchRecall: { label: 'must-catch recall', unit: 'pts', higherIsBetter: true, relative: false, value: mustCatchRecallOf, changeBounds: SCORE_DIFFERENCE },
  errorRate: { label: 'error rate', unit: 'pts', higherIsBetter: false, relative: false, value: errorPercentOf, changeBounds: SCORE_DIFFERENCE },
  costPerCase: { label: 'org cost per case', unit: '%', higherIsBetter: false, relative: true, value: orgUsdOf, changeBounds: RELATIVE_CHANGE },
}

const pct = () => z.number().min(0, 'expected a percentage from 0 to 100').max(100, 'expected a percentage from 0 to 100')

/** How the gate decides; see the module comment. */
export const GATE_MODES = ['detect', 'non-inferiority'] as const
export type GateMode = (typeof GATE_MODES)[number]

export const GATE_LEVELS = ['suite', 'track', 'cell'] as const
export type GateLevel = (typeof GATE_LEVELS)[number]

/** Share of the family-wise alpha each level spends: the suite level, where the power is, gets half. */
export const ALPHA_SHARE: Record<GateLevel, number> = { suite: 0.5, track: 0.25, cell: 0.25 }

export const GateOptions = z.object({
  mode: z.enum(GATE_MODES).default('detect'),
  /** Family-wise chance that a run without any regression FAILs on the statistics (one-sided, over every level). */
  alpha: z.number().gt(0).lt(1).default(0.05),
  /** Non-inferiority margins: points on 0-100 scales, percent of the baseline for cost. */
  margins: z
    .object({ headline: z.number().nonnegative(), mustCatchRecall: z.number().nonnegative(), errorRate: z.number().nonnegative(), costPerCase: z.number().nonnegative() })
    .default({ headline: 5, mustCatchRecall: 5, errorRate: 5, costPerCase: 25 }),
  floors: z
    .object({
      /** Each cell of the current run must catch at least this share (%) of its must-catch items. */
      mustCatchRecall: pct(),
      /** The current run's share (%) of errored trials must not exceed this. */
      errorRate: pct(),
      /** The share (%) of judged trials with a failed judgement must not exceed this. */
      judgeErrorRate: pct(),
      /** A topology's org cost per case, averaged over its tasks as a ratio to the baseline, must not exceed this. */
      costRatio: z.number().positive(),
      /** An absolute ceiling on each cell's mean org cost per case in USD; null: none. */
      costPerCaseUsd: z.number().positive().nullable(),
    })
    .default({ mustCatchRecall: 90, errorRate: 10, judgeErrorRate: 10, costRatio: 1.5, costPerCaseUsd: null }),
})
export type GateOptions = z.infer<typeof GateOptions>

export type Verdict = 'PASS' | 'WARN' | 'FAIL'

export interface GateRow {
  metric: GateMetricId
  /** "suite": every task of the topology (clustered by task); "track": the tasks of one track; "cell": one task × topology. */
  level: GateLevel
  topology: string
  /** The track of a track row (and of a cell); null for a suite row. */
  track: string | null
  task: string | null
  /** Trials compared (baseline + current) for a cell; tasks for a topology row. */
  n: number
  tasks: number
  baseline: number | null
  current: number | null
  /** current − baseline (percent of baseline for cost); null when nothing could be paired. */
  change: number | null
  /** Standard error of the change: 0 when there is no spread (see NO_SPREAD), null when it cannot be estimated. */
  se: number | null
  /** Simultaneous two-sided interval for the change: level 1 − 2·α_level / m (Bonferroni over the level's m rows); null without spread. */
  ci: { lo: number; hi: number } | null
  /** The change that counts as a regression: −margin when higher is better, +margin otherwise. */
  limit: number
  /**
   * The true drop this row would FAIL with 80 % power at the Holm family's strictest step; for a
   * suite row in non-inferiority mode, the largest true drop it PASSes 80 % of the time (negative:
   * non-inferiority cannot be shown at this run size). Null when unknown or without spread.
   */
  detectable: number | null
  /** One-sided p of the row's null (detect: no drop; non-inferiority and cost: a drop of at most the margin); a non-inferiority suite row is decided by `ci`, not by p. */
  p: number
  pAdjusted: number
  /** SKIP: the row could not FAIL (nothing to compare, or fewer than two values on a side); its note says why. */
  verdict: Verdict | 'SKIP'
  note: string | null
}

/**
 * Why a row has no interval and no MDE: its standard error is 0. The t statistic is then
 * unbounded, so the change counts as exact: p is 0 when the change is beyond the row's null, 1
 * otherwise (the limit of the t test as the spread vanishes, not a measured tail probability).
 */
export const NO_SPREAD: Record<'cell' | 'pooled', string> = {
  cell: 'no spread on either side: every trial scored the same within each run, so there is no interval or MDE and the change counts as exact',
  pooled: 'no spread: every task changed by the same amount, so there is no interval or MDE and the change counts as exact',
}

export interface FloorCheck {
  name: string
  scope: string
  value: number
  limit: number
  breached: boolean
  message: string
}

export interface RunSide {
  runId: string
  model: string
  simulated: boolean
  records: number
  /** Cases the dollar cap stopped: left out of every row and floor (not compared). */
  stoppedByCap: number
}

/** What one level could see: its share of alpha, its rows and the median headline MDE over its rows. */
export interface LevelSummary {
  level: GateLevel
  alpha: number
  rows: number
  fail: number
  warn: number
  /** Median over the level's headline rows of the drop they would FAIL with 80 % power (points); null when none is known. */
  mdeHeadline: number | null
}

export interface GateReport {
  verdict: Verdict
  mode: GateMode
  levels: LevelSummary[]
  baseline: RunSide
  current: RunSide
  options: GateOptions
  rows: GateRow[]
  floors: FloorCheck[]
  notes: string[]
}

/** A comparison that makes no sense (e.g. a simulated run against a real baseline). */
export class GateInputError extends UserError {
  override name = 'GateInputError'
}

/** A run as the gate reads it; `prices` (what the run file records) lets it compare costs priced with different tables. */
export type GateRun = Pick<RunFile, 'runId' | 'simulated' | 'cases'> & Partial<Pick<RunFile, 'status' | 'statusReasons' | 'commit'>> & { config: GateSettings; prices?: RunPrices }

interface Pending extends Omit<GateRow, 'se' | 'ci' | 'detectable' | 'p' | 'pAdjusted' | 'verdict'> {
  /** Change as a t estimate, oriented so that positive is worse (a drop). */
  drop: TEstimate | null
}

function side(run: GateRun, stoppedByCap: number): RunSide {
  return { runId: run.runId, model: run.config.model, simulated: run.simulated, records: run.cases.length, stoppedByCap }
}

const keyOf = (r: CaseSummary) => `${r.task}\u0000${r.topology}`

interface Cell {
  task: string
  track: string
  base: readonly CaseSummary[]
  cur: readonly CaseSummary[]
  /** For a compute-matched arm, the trials of the topology whose spend set its budget, in each run (see budgetShares). */
  peers: { base: readonly CaseSummary[]; cur: readonly CaseSummary[] } | null
}

/** The values of `value` over `records` that are known (not null), in order, in one pass. */
function knownValues(records: readonly CaseSummary[], value: MetricSpec['value']): number[] {
  const known: number[] = []
  for (const r of records) {
    const v = value(r)
    if (v !== null) known.push(v)
  }
  return known
}

/** A cell's values of one metric in both runs; cost is scaled to percent of the baseline mean (for a compute-matched arm: of its budget share, see budgetShares). */
function cellValues(metric: GateMetricId, cell: Cell): { base: number[]; cur: number[]; baseline: number | null; current: number | null; unknown: number } {
  const spec = METRIC_SPECS[metric]
  const b = knownValues(cell.base, spec.value)
  const c = knownValues(cell.cur, spec.value)
  const baseline = mean(b)
  const current = mean(c)
  // Trials whose cost is unknown (an unpriced model, a usage the endpoint did not report) are left out of the means, and said so.
  const unknown = metric === 'costPerCase' ? unknownCosts(cell.base) + unknownCosts(cell.cur) : 0
  if (!spec.relative) return { base: b, cur: c, baseline, current, unknown }
  const shares = cell.peers && { base: budgetShares(cell.base, cell.peers.base), cur: budgetShares(cell.cur, cell.peers.cur) }
  const [tb, tc] = shares?.base && shares.cur ? [shares.base, shares.cur] : [b, c]
  const reference = mean(tb)
  if (reference === null || reference <= 0) return { base: [], cur: [], baseline, current, unknown }
  const scale = (xs: number[]) => xs.map((x) => (100 * x) / reference)
  return { base: scale(tb), cur: scale(tc), baseline, current, unknown }
}

/** The note of a cost row whose cells left trials of unknown cost out; null when none did. */
const unknownCostNote = (unknown: number): string | null => (unknown > 0 ? `${unknown} trial(s) of unknown cost left out: the means are over the trials whose cost is known` : null)

/** A row's notes joined; null when it has none. */
const joinNotes = (...notes: ReadonlyArray<string | null>): string | null => notes.filter((n) => n !== null).join('; ') || null

type CellValues = ReturnType<typeof cellValues>

/** The cell rows of one metric and topology (`values`: each cell's, in order), its track rows and its suite row (a pooled row needs at least two tasks). */
function topologyRows(metric: GateMetricId, topology: string, cells: readonly Cell[], values: readonly CellValues[], everySpread: PooledSpread | null): Pending[] {
  const sign = METRIC_SPECS[metric].higherIsBetter ? -1 : 1
  const own = pooledSpread(values.flatMap((v) => [v.base, v.cur]))
  // No spread in a few trials is no proof of none: a change would count as exact and FAIL on noise.
  const spread = own !== null && own.sd === 0 && everySpread !== null && everySpread.sd > 0 ? everySpread : own
  const cellRows: Pending[] = cells.map(({ task, track }, i) => {
    const v = values[i]!
    const change = cellChange(v.cur, v.base, spread)
    const drop = change === null ? null : { ...change, estimate: sign * change.estimate }
    const compared = drop === null ? 'nothing to compare' : drop.se === null ? 'fewer than two values on a side: cannot FAIL' : null
    const note = joinNotes(compared, unknownCostNote(v.unknown))
    return { metric, level: 'cell', topology, track, task, n: v.base.length + v.cur.length, tasks: 1, baseline: v.baseline, current: v.current, change: drop === null ? null : sign * drop.estimate, limit: 0, drop, note }
  })
  const pooled = (level: GateLevel, track: string | null, rows: Pending[]): Pending[] => {
    const compared = rows.filter((r) => r.drop !== null)
    if (compared.length < 2) return []
    const drop = oneSampleEstimate(compared.map((r) => r.drop!.estimate))!
    const relative = METRIC_SPECS[metric].relative
    const avg = (xs: Array<number | null>) => (relative ? null : mean(xs.filter((x): x is number => x !== null)))
    const unknown = rows.reduce((sum, r) => sum + values[cellRows.indexOf(r)]!.unknown, 0)
    return [{ metric, level, topology, track, task: null, n: compared.length, tasks: compared.length, baseline: avg(compared.map((r) => r.baseline)), current: avg(compared.map((r) => r.current)), change: sign * drop.estimate, limit: 0, drop, note: unknownCostNote(unknown) }]
  }
  const tracks = [...groupBy(cellRows, (r) => r.track!)].flatMap(([track, rows]) => pooled('track', track, rows))
  return [...pooled('suite', null, cellRows), ...tracks, ...cellRows]
}

/** What a level's decision adds to a pending row. */
type Decision = Pick<GateRow, 'limit' | 'note' | 'se' | 'ci' | 'detectable' | 'p' | 'pAdjusted' | 'verdict'>

/**
 * A decided row, written out field by field: spreading the pending row and adding fields took more
 * CPU in the gate's simulations than its statistics. The keys keep the order reports always had.
 */
function decidedRow(r: Pending, d: Decision): GateRow {
  return { metric: r.metric, level: r.level, topology: r.topology, track: r.track, task: r.task, n: r.n, tasks: r.tasks, baseline: r.baseline, current: r.current, change: r.change, limit: d.limit, note: d.note, se: d.se, ci: d.ci, detectable: d.detectable, p: d.p, pAdjusted: d.pAdjusted, verdict: d.verdict }
}

/** Decides the rows of one level: Holm within the level, simultaneous intervals, MDE and verdicts. */
function decideLevel(level: GateLevel, family: readonly Pending[], options: GateOptions): GateRow[] {
  const alpha = options.alpha * ALPHA_SHARE[level]
  // Every row of the level is in its family, including those with nothing to compare (p 1): the
  // other rows' correction and intervals do not depend on how many cells errored. A row whose values
  // do not vary at all (every error rate 0, every must-catch item caught) is no test, as in the
  // reports: it adds nothing to m, and its p (0 or 1, decided by its estimate) stands unadjusted.
  const tested = family.map((r) => r.drop?.se !== 0)
  const m = Math.max(1, tested.filter(Boolean).length)
  const nullOf = (r: Pending) => {
    const margin = options.margins[r.metric]
    return options.mode === 'non-inferiority' || METRIC_SPECS[r.metric].relative ? margin : 0
  }
  const ps = family.map((r) => (r.drop === null ? 1 : pAbove(r.drop, nullOf(r))))
  const holm = holmAdjust(ps.filter((_, i) => tested[i]))
  let next = 0
  const adjusted = ps.map((p, i) => (tested[i] ? holm[next++]! : p))
  const ciLevel = 1 - (2 * alpha) / m
  const oneSided = 1 - alpha / m
  // A non-inferiority suite row is decided by its interval, not its p: its power figure is the largest true drop it PASSes 80 % of the time.
  const intervalDecides = options.mode === 'non-inferiority' && level === 'suite'
  return family.map((r, i) => {
    const { drop } = r
    const margin = options.margins[r.metric]
    const sign = METRIC_SPECS[r.metric].higherIsBetter ? -1 : 1
    const limit = sign * margin
    const pAdjusted = adjusted[i]!
    // A row with nothing to compare has p 1, which Holm leaves at 1.
    if (drop === null || drop.se === null) return decidedRow(r, { limit, note: r.note, se: null, ci: null, detectable: null, p: ps[i]!, pAdjusted, verdict: 'SKIP' })
    const ci = intervalOf(drop, ciLevel)!
    const spread = drop.se > 0
    const reach = spread ? detectableEffect(drop.se, drop.df, 2 * (1 - oneSided), MDE_POWER) : null
    const detectable = reach === null ? null : intervalDecides ? margin - reach : nullOf(r) + reach
    const significant = pAdjusted < alpha
    let verdict: GateRow['verdict']
    let note = joinNotes(r.note, spread ? null : NO_SPREAD[level === 'cell' ? 'cell' : 'pooled'])
    if (intervalDecides) {
      const shown = ci.hi < margin
      verdict = shown ? 'PASS' : 'FAIL'
      const [lowest, highest] = METRIC_SPECS[r.metric].changeBounds
      const largestDrop = sign > 0 ? highest : -lowest
      if (!shown) note = `non-inferiority not shown: a drop up to ${Math.min(ci.hi, largestDrop).toFixed(1)} is not ruled out`
    } else verdict = significant ? 'FAIL' : options.mode === 'detect' && level === 'suite' && drop.estimate > margin ? 'WARN' : 'PASS'
    // The drop's interval, turned into the change's direction and clipped to what a change can be.
    const clipped = spread ? clippedInterval(sign > 0 ? ci : { ...ci, lo: -ci.hi, hi: -ci.lo }, (x) => x, METRIC_SPECS[r.metric].changeBounds)! : null
    const shownCi = clipped && { lo: clipped.lo, hi: clipped.hi }
    return decidedRow(r, { limit, note, se: drop.se, ci: shownCi, detectable, p: ps[i]!, pAdjusted, verdict })
  })
}

function levelSummary(level: GateLevel, rows: readonly GateRow[], options: GateOptions): LevelSummary {
  const own = rows.filter((r) => r.level === level)
  const mdes = own.filter((r) => r.metric === 'headline' && r.detectable !== null).map((r) => r.detectable!)
  return {
    level,
    alpha: options.alpha * ALPHA_SHARE[level],
    rows: own.length,
    fail: own.filter((r) => r.verdict === 'FAIL').length,
    warn: own.filter((r) => r.verdict === 'WARN').length,
    mdeHeadline: median(mdes),
  }
}

/** How the cost rows of compute-matched arms are read. */
function matchedCostNote(topologies: readonly string[], fixedSelfRefineBudget: boolean): string {
  const named = topologies.map((t) => `${t} (of ${budgetPeerOf(t, fixedSelfRefineBudget)})`).join(', ')
  return `cost of ${named}: each trial's cost is read as a share of its peer's median cost on the task in the same run, the budget the run gave it, so a change in the peer's spend shows in the peer's rows, not in these`
}

/**
 * Compares `current` with `baseline`: statistical rows per level and metric, then the hard floors.
 * When no row of any level could FAIL and no floor is breached, throws a GateInputError saying why.
 */
export function runGate(baseline: GateRun, current: GateRun, input: z.input<typeof GateOptions> = {}): GateReport {
  const options = GateOptions.parse(input)
  if (baseline.simulated !== current.simulated) {
    throw new GateInputError(
      `cannot compare a ${current.simulated ? 'simulated' : 'real'} run (${current.runId}) with a ${baseline.simulated ? 'simulated' : 'real'} baseline (${baseline.runId}): their scores measure different things`,
    )
  }
  if (baseline.runId === current.runId) {
    throw new GateInputError(`the baseline and this run are the same run (${current.runId}): nothing was compared. Gate a new run against the baseline, or check the --baseline and --current paths`)
  }
  const unusable = failedBaseline(baseline)
  if (unusable !== null) throw new GateInputError(unusable)
  const notes = [...statusNotes(baseline, current), ...settingNotes(baseline.config, current.config), ...commitNote(baseline.commit, current.commit), ...taskNotes(baseline.cases, current.cases), ...memoryNotes(baseline.cases, current.cases)]
  const changes = baseline.prices && current.prices ? priceChanges(baseline.prices, current.prices) : []
  notes.push(...priceNotes(changes, new Set(baseline.cases.map((c) => c.model))))
  if (changes.length > 0) baseline = { ...baseline, cases: repriceCases(baseline.cases, changes) }
  const capped = { base: withoutCapStops(baseline), cur: withoutCapStops(current) }
  const sides = { baseline: side(baseline, capped.base.stopped), current: side(current, capped.cur.stopped) }
  const allCells = { base: new Set(baseline.cases.map(keyOf)), cur: new Set(current.cases.map(keyOf)) }
  notes.push(...capNotes([
    { side: 'the baseline', runId: baseline.runId, stopped: capped.base.stopped, total: baseline.cases.length },
    { side: 'this run', runId: current.runId, stopped: capped.cur.stopped, total: current.cases.length },
  ]))
  const unfiltered = current
  baseline = capped.base.run
  current = capped.cur.run
  const baseCells = groupBy(baseline.cases, keyOf)
  const curCells = groupBy(current.cases, keyOf)
  const cappedCells = (all: Set<string>, kept: ReadonlyMap<string, unknown>) => new Set([...all].filter((k) => !kept.has(k)))
  notes.push(...cellsApartNotes(baseCells, curCells, { base: cappedCells(allCells.base, baseCells), current: cappedCells(allCells.cur, curCells) }))

  const compared = [...curCells.keys()].filter((k) => baseCells.has(k))
  const fixedSelfRefineBudget = [baseline, current].some((r) => typeof r.config.selfRefineBudget === 'number')
  const peersOf = (task: string, topology: string): Cell['peers'] => {
    const peer = budgetPeerOf(topology, fixedSelfRefineBudget)
    const base = peer === null ? undefined : baseCells.get(`${task}\u0000${peer}`)
    const cur = peer === null ? undefined : curCells.get(`${task}\u0000${peer}`)
    return base && cur ? { base, cur } : null
  }
  const matched = [...new Set(compared.map((k) => k.split('\u0000')[1]!))].filter((t) => budgetPeerOf(t, fixedSelfRefineBudget) !== null).sort()
  if (matched.length > 0) notes.push(matchedCostNote(matched, fixedSelfRefineBudget))
  const topologies = [...groupBy(compared, (k) => k.split('\u0000')[1]!)].map(([topology, keys]) => {
    const cells = keys.map((k): Cell => {
      const task = k.split('\u0000')[0]!
      return { task, track: curCells.get(k)![0]!.track, base: baseCells.get(k)!, cur: curCells.get(k)!, peers: peersOf(task, topology) }
    })
    return { topology, cells }
  })
  const pending = GATE_METRICS.flatMap((metric) => {
    const valued = topologies.map(({ topology, cells }) => ({ topology, cells, values: cells.map((cell) => cellValues(metric, cell)) }))
    // A topology whose trials show no spread at all (8 of 8 must-catch items every time, then 7 of 8) borrows the metric's spread over every topology.
    const everySpread = pooledSpread(valued.flatMap(({ values }) => values.flatMap((v) => [v.base, v.cur])))
    return valued.flatMap(({ topology, cells, values }) => topologyRows(metric, topology, cells, values, everySpread))
  })
  const rows = GATE_LEVELS.flatMap((level) => decideLevel(level, pending.filter((r) => r.level === level), options))
  const floors = floorChecks(baseline, unfiltered, options, { base: baseCells, current: curCells })
  if (rows.every((r) => r.verdict === 'SKIP')) {
    const cap = capped.cur.stopped + capped.base.stopped > 0 ? `. The dollar cap stopped ${capped.cur.stopped} of this run's ${unfiltered.cases.length} cases and ${capped.base.stopped} of the baseline's ${sides.baseline.records}, which are not compared` : ''
    const why = `${nothingComparable(compared.length, baseCells.size - compared.length, curCells.size - compared.length)}${cap}`
    // A PASS would claim a comparison that did not happen; a breached floor is still a FAIL.
    if (!floors.some((f) => f.breached)) throw new GateInputError(`nothing comparable between ${current.runId} and the baseline ${baseline.runId}: ${why}`)
    notes.unshift(`no statistical row could FAIL: ${why}`)
  } else notes.push(...levelsThatCouldNotFail(rows))
  const failed = rows.some((r) => r.verdict === 'FAIL') || floors.some((f) => f.breached)
  const warned = rows.some((r) => r.verdict === 'WARN')
  return {
    verdict: failed ? 'FAIL' : warned ? 'WARN' : 'PASS',
    mode: options.mode,
    levels: GATE_LEVELS.map((l) => levelSummary(l, rows, options)),
    baseline: sides.baseline,
    current: sides.current,
    options,
    rows,
    floors,
    notes,
  }
}
