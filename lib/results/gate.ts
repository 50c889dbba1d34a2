import { z } from 'zod'
import { detectableEffect, holmAdjust, intervalOf, mean, oneSampleEstimate, pAbove, type TEstimate, welchEstimate } from '../eval/stats.js'
import type { CaseSummary } from './summary.js'
import type { RunFile } from './schema.js'
import { errorPercentOf, groupBy, headlineOf, judgeFailedOf, mustCatchRecallOf, orgUsdOf } from './values.js'
import { UserError } from '../errors.js'

/**
 * The regression gate: the current run against a baseline, per task × topology and per topology
 * over all tasks, for each metric. A drop FAILs only when the data say it is larger than the
 * non-inferiority margin after Holm correction; hard floors apply whatever the statistics say.
 *
 * Units and tests. Within a cell the two runs' trials are independent draws (different seeds or
 * different prompts), so a cell compares means with Welch's t (pairing trial 1 with trial 1 would
 * pair nothing, and a 3-pair SD is often 0 by chance with discrete scores). Across tasks the task
 * is the unit that pairs: a topology row takes each task's change as one paired difference and
 * tests their mean with t over tasks (clustered by task). Holm runs over the cells of a metric, and
 * separately over its topology rows. Everything is Student t: with 3 trials a bootstrap cannot see
 * beyond the range of the data.
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
}

export const METRIC_SPECS: Record<GateMetricId, MetricSpec> = {
  headline: { label: 'headline score', unit: 'pts', higherIsBetter: true, relative: false, value: headlineOf },
  mustCatchRecall: { label: 'must-catch recall', unit: 'pts', higherIsBetter: true, relative: false, value: mustCatchRecallOf },
  errorRate: { label: 'error rate', unit: 'pts', higherIsBetter: false, relative: false, value: errorPercentOf },
  costPerCase: { label: 'org cost per case', unit: '%', higherIsBetter: false, relative: true, value: orgUsdOf },
}

const pct = () => z.number().min(0, 'expected a percentage from 0 to 100').max(100, 'expected a percentage from 0 to 100')

export const GateOptions = z.object({
  /** Two-sided level of the intervals; a FAIL needs Holm-adjusted one-sided p below alpha / 2. */
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
  /** "topology": every task of the topology together (clustered by task); "cell": one task × topology. */
  level: 'topology' | 'cell'
  topology: string
  task: string | null
  /** Trials compared (baseline + current) for a cell; tasks for a topology row. */
  n: number
  tasks: number
  baseline: number | null
  current: number | null
  /** current − baseline (percent of baseline for cost); null when nothing could be paired. */
  change: number | null
  /** Two-sided interval for the change at level 1 − alpha. */
  ci: { lo: number; hi: number } | null
  /** The change that counts as a regression: −margin when higher is better, +margin otherwise. */
  limit: number
  /** The true drop beyond the margin this row would FAIL 80 % of the time before Holm; null when unknown. */
  detectable: number | null
  p: number
  pAdjusted: number
  verdict: Verdict | 'SKIP'
  note: string | null
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
}

export interface GateReport {
  verdict: Verdict
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

export type GateRun = Pick<RunFile, 'runId' | 'simulated' | 'cases'> & { config: Pick<RunFile['config'], 'model' | 'judgeModel'> }

interface Pending extends Omit<GateRow, 'pAdjusted' | 'verdict'> {
  /** Change as a t estimate, oriented so that positive is worse (a drop). */
  drop: TEstimate | null
}

function side(run: GateRun): RunSide {
  return { runId: run.runId, model: run.config.model, simulated: run.simulated, records: run.cases.length }
}

const keyOf = (r: CaseSummary) => `${r.task}\u0000${r.topology}`

/** A cell's values of one metric in both runs; cost is scaled to percent of the baseline mean. */
function cellValues(metric: GateMetricId, base: readonly CaseSummary[], cur: readonly CaseSummary[]): { base: number[]; cur: number[]; baseline: number | null; current: number | null } {
  const spec = METRIC_SPECS[metric]
  const values = (rs: readonly CaseSummary[]) => rs.map(spec.value).filter((v): v is number => v !== null)
  const b = values(base)
  const c = values(cur)
  const baseline = mean(b)
  const current = mean(c)
  if (!spec.relative) return { base: b, cur: c, baseline, current }
  if (baseline === null || baseline <= 0) return { base: [], cur: [], baseline, current }
  const scale = (xs: number[]) => xs.map((x) => (100 * x) / baseline)
  return { base: scale(b), cur: scale(c), baseline, current }
}

function pendingRow(metric: GateMetricId, level: GateRow['level'], topology: string, task: string | null, drop: TEstimate | null, n: number, margin: number, alpha: number, means: { baseline: number | null; current: number | null; tasks: number }): Pending {
  const sign = METRIC_SPECS[metric].higherIsBetter ? -1 : 1
  const ci = drop === null ? null : (intervalOf(drop, 1 - alpha) ?? { lo: drop.estimate, hi: drop.estimate })
  const detectable = drop?.se == null ? null : detectableEffect(drop.se, drop.df, alpha)
  return {
    metric,
    level,
    topology,
    task,
    n,
    tasks: means.tasks,
    baseline: means.baseline,
    current: means.current,
    change: drop === null ? null : sign * drop.estimate,
    ci: ci === null ? null : sign > 0 ? { lo: ci.lo, hi: ci.hi } : { lo: -ci.hi, hi: -ci.lo },
    limit: sign * margin,
    detectable: detectable === null ? null : margin + detectable,
    p: drop === null ? 1 : pAbove(drop, margin),
    drop,
    note: drop === null ? 'nothing to compare' : drop.se === null ? 'fewer than two values on a side: cannot FAIL' : null,
  }
}

/** The cell rows of one metric and topology, and the topology row over their tasks (when there are at least two). */
function topologyRows(metric: GateMetricId, topology: string, cells: Array<{ task: string; base: readonly CaseSummary[]; cur: readonly CaseSummary[] }>, margin: number, alpha: number): { cells: Pending[]; pooled: Pending | null } {
  const sign = METRIC_SPECS[metric].higherIsBetter ? -1 : 1
  const rows = cells.map(({ task, base, cur }) => {
    const v = cellValues(metric, base, cur)
    const change = welchEstimate(v.cur, v.base)
    const drop = change === null ? null : { ...change, estimate: sign * change.estimate }
    return pendingRow(metric, 'cell', topology, task, drop, v.base.length + v.cur.length, margin, alpha, { baseline: v.baseline, current: v.current, tasks: 1 })
  })
  const drops = rows.flatMap((r) => (r.drop === null ? [] : [r.drop.estimate]))
  if (drops.length < 2) return { cells: rows, pooled: null }
  const relative = METRIC_SPECS[metric].relative
  const avg = (xs: Array<number | null>) => mean(xs.filter((x): x is number => x !== null))
  const compared = rows.filter((r) => r.drop !== null)
  const pooled = pendingRow(metric, 'topology', topology, null, oneSampleEstimate(drops), drops.length, margin, alpha, {
    baseline: relative ? null : avg(compared.map((r) => r.baseline)),
    current: relative ? null : avg(compared.map((r) => r.current)),
    tasks: drops.length,
  })
  return { cells: rows, pooled }
}

/** Mean org cost per successful trial; null when none is priced. */
function meanCost(records: readonly CaseSummary[]): number | null {
  return mean(records.map(orgUsdOf).filter((v): v is number => v !== null))
}

function floorChecks(baseline: GateRun, current: GateRun, options: GateOptions): FloorCheck[] {
  const checks: FloorCheck[] = []
  const { floors } = options
  const currentCells = groupBy(current.cases, keyOf)
  const baseCells = groupBy(baseline.cases, keyOf)
  for (const rs of currentCells.values()) {
    const scope = `${rs[0]!.task} × ${rs[0]!.topology}`
    const ok = rs.filter((r) => r.status === 'ok')
    const total = ok.reduce((s, r) => s + r.mustCatch.total, 0)
    if (total > 0) {
      const recall = (100 * ok.reduce((s, r) => s + r.mustCatch.caught, 0)) / total
      checks.push({ name: 'must-catch recall', scope, value: recall, limit: floors.mustCatchRecall, breached: recall < floors.mustCatchRecall, message: `caught ${recall.toFixed(1)} % of must-catch items (floor ${floors.mustCatchRecall} %)` })
    }
    const cost = meanCost(ok)
    if (cost !== null && floors.costPerCaseUsd !== null) {
      checks.push({ name: 'cost per case', scope, value: cost, limit: floors.costPerCaseUsd, breached: cost > floors.costPerCaseUsd, message: `costs $${cost.toFixed(4)} per case (ceiling $${floors.costPerCaseUsd})` })
    }
  }
  // The relative cost ceiling applies per topology over its tasks: one cell's mean of 3 trials
  // swings too much for topologies whose spend adapts (hrm halts early or late).
  for (const [topology, keys] of groupBy([...currentCells.keys()].filter((k) => baseCells.has(k)), (k) => k.split('\u0000')[1]!)) {
    const ratios = keys.flatMap((k) => {
      const cur = meanCost(currentCells.get(k)!)
      const base = meanCost(baseCells.get(k)!)
      return cur !== null && base !== null && base > 0 ? [cur / base] : []
    })
    const ratio = mean(ratios)
    if (ratio === null) continue
    checks.push({ name: 'cost ratio', scope: `${topology} (${ratios.length} tasks)`, value: ratio, limit: floors.costRatio, breached: ratio > floors.costRatio, message: `costs ${ratio.toFixed(2)}× the baseline per case on average over its tasks (ceiling ${floors.costRatio}×)` })
  }
  const n = current.cases.length
  if (n > 0) {
    const errorRate = (100 * current.cases.filter((r) => r.status === 'error').length) / n
    checks.push({ name: 'error rate', scope: 'run', value: errorRate, limit: floors.errorRate, breached: errorRate > floors.errorRate, message: `${errorRate.toFixed(1)} % of trials errored (ceiling ${floors.errorRate} %)` })
  }
  const judged = current.cases.filter((r) => r.scores.judge !== null || r.errors.some((e) => e.stage === 'judge'))
  if (judged.length > 0) {
    const rate = (100 * judged.filter(judgeFailedOf).length) / judged.length
    checks.push({ name: 'judge error rate', scope: 'run', value: rate, limit: floors.judgeErrorRate, breached: rate > floors.judgeErrorRate, message: `${rate.toFixed(1)} % of judged trials had a failed judgement (ceiling ${floors.judgeErrorRate} %)` })
  }
  return checks
}

/** Compares `current` with `baseline`: statistical rows per metric, then the hard floors. */
export function runGate(baseline: GateRun, current: GateRun, input: z.input<typeof GateOptions> = {}): GateReport {
  const options = GateOptions.parse(input)
  if (baseline.simulated !== current.simulated) {
    throw new GateInputError(
      `cannot compare a ${current.simulated ? 'simulated' : 'real'} run (${current.runId}) with a ${baseline.simulated ? 'simulated' : 'real'} baseline (${baseline.runId}): their scores measure different things`,
    )
  }
  const notes: string[] = []
  if (baseline.config.judgeModel !== current.config.judgeModel) notes.push(`the judge model changed (${baseline.config.judgeModel} → ${current.config.judgeModel}): judge-based scores may shift for that reason alone`)
  const baseCells = groupBy(baseline.cases, keyOf)
  const curCells = groupBy(current.cases, keyOf)
  for (const k of baseCells.keys()) if (!curCells.has(k)) notes.push(`${k.replace('\u0000', ' × ')}: in the baseline but not in this run (not compared)`)
  for (const k of curCells.keys()) if (!baseCells.has(k)) notes.push(`${k.replace('\u0000', ' × ')}: new in this run, no baseline (not compared)`)

  const rows: GateRow[] = []
  const compared = [...curCells.keys()].filter((k) => baseCells.has(k))
  for (const metric of GATE_METRICS) {
    const margin = options.margins[metric]
    const cellRows: Pending[] = []
    const pooledRows: Pending[] = []
    for (const [topology, keys] of groupBy(compared, (k) => k.split('\u0000')[1]!)) {
      const cells = keys.map((k) => ({ task: k.split('\u0000')[0]!, base: baseCells.get(k)!, cur: curCells.get(k)! }))
      const r = topologyRows(metric, topology, cells, margin, options.alpha)
      cellRows.push(...r.cells)
      if (r.pooled) pooledRows.push(r.pooled)
    }
    // Each level is its own Holm family: the topology rows answer "did the organisation regress?",
    // the cells "did one task regress?".
    for (const family of [pooledRows, cellRows]) {
      const adjusted = holmAdjust(family.map((p) => p.p))
      family.forEach((p, i) => {
        const { drop, ...row } = p
        const pAdjusted = adjusted[i]!
        const beyond = drop !== null && drop.estimate > margin
        const verdict = drop === null ? 'SKIP' : pAdjusted < options.alpha / 2 ? 'FAIL' : beyond ? 'WARN' : 'PASS'
        rows.push({ ...row, pAdjusted, verdict })
      })
    }
  }
  const floors = floorChecks(baseline, current, options)
  const failed = rows.some((r) => r.verdict === 'FAIL') || floors.some((f) => f.breached)
  const warned = rows.some((r) => r.verdict === 'WARN')
  return { verdict: failed ? 'FAIL' : warned ? 'WARN' : 'PASS', baseline: side(baseline), current: side(current), options, rows, floors, notes }
}
