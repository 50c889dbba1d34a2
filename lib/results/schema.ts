import { z } from 'zod'
import { ModelPrice } from '../llm/pricing.js'
import { CostPart, SCHEMA_VERSION, TestRecord } from './record.js'

export { SCHEMA_VERSION }

/** A confidence interval and how it was computed (see lib/eval/stats.ts for when each method is used). */
export const Interval = z.object({
  lo: z.number(),
  hi: z.number(),
  level: z.number(),
  method: z.enum(['t', 'bootstrap', 'wilson', 'exact']),
})
export type Interval = z.infer<typeof Interval>

/** Summary statistics of one metric over the trials of a cell (or over tasks, for a group). */
export const MetricSummary = z.object({
  n: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  /** Standard error of the mean; null below two values. */
  se: z.number().nullable(),
  /** 95 % interval for the mean; null below two values. */
  ci: Interval.nullable(),
})
export type MetricSummary = z.infer<typeof MetricSummary>

/** A metric over a group of tasks: the mean of per-task means, with tasks as the unit of the interval. */
export const ClusteredSummary = MetricSummary.extend({ tasks: z.number().int() })
export type ClusteredSummary = z.infer<typeof ClusteredSummary>

/**
 * Headline difference against a baseline topology, paired by task and trial (same seed, same inputs).
 * Positive means better than the baseline. Over several tasks the interval is clustered by task.
 */
export const PairedDifference = z.object({
  against: z.string(),
  /** Number of (task, trial) pairs where both runs succeeded. */
  pairs: z.number().int(),
  tasks: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
  se: z.number().nullable(),
  ci: Interval.nullable(),
  /** The smallest true difference this many pairs would detect 80 % of the time (two-sided α 0.05); smaller effects are invisible to this run. */
  mde: z.number().nullable(),
})
export type PairedDifference = z.infer<typeof PairedDifference>

/** The pairwise judge's verdicts against one baseline: a tie counts half a win. */
export const WinRate = z.object({
  against: z.string(),
  n: z.number().int(),
  wins: z.number().int(),
  ties: z.number().int(),
  losses: z.number().int(),
  rate: z.number().nullable(),
  /** Wilson interval; trials are treated as independent. */
  ci: Interval.nullable(),
})
export type WinRate = z.infer<typeof WinRate>

/** How a topology compares with the single agent and with the budget-matched single agent. */
export const Comparisons = z.object({
  vsSingle: PairedDifference.nullable(),
  vsSelfRefine: PairedDifference.nullable(),
  winRates: z.array(WinRate),
})

/** One task × topology cell. Errored trials are counted, never averaged in. */
export const CellAggregate = Comparisons.extend({
  task: z.string(),
  track: z.string(),
  costCenter: z.string(),
  topology: z.string(),
  trials: z.number().int(),
  errors: z.number().int(),
  /** Share of trials that errored, with a Wilson interval. */
  errorRate: z.object({ rate: z.number(), ci: Interval.nullable() }),
  mustCatchMissed: z.number().int(),
  /** Per-trial share of must-catch items caught, 0-100; n is 0 when the task has none. */
  mustCatchRecall: MetricSummary,
  headline: MetricSummary,
  /** Ground-truth metrics (recall, F1, ...) as present in the records. */
  metrics: z.record(z.string(), MetricSummary),
  orgUsd: MetricSummary,
  tokens: MetricSummary,
  calls: MetricSummary,
  qualityPerDollar: MetricSummary,
})
export type CellAggregate = z.infer<typeof CellAggregate>

/** A topology over a group of tasks: every task (`all`), one track, or one cost center. */
export const GroupSummary = Comparisons.extend({
  by: z.enum(['all', 'track', 'costCenter']),
  group: z.string(),
  topology: z.string(),
  tasks: z.number().int(),
  trials: z.number().int(),
  errors: z.number().int(),
  mustCatchMissed: z.number().int(),
  headline: ClusteredSummary,
  orgUsd: ClusteredSummary,
  qualityPerDollar: ClusteredSummary,
})
export type GroupSummary = z.infer<typeof GroupSummary>

/** The results file: one per run, written atomically with sorted keys and rows. */
export const RunFile = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  runId: z.string(),
  createdAt: z.string(),
  simulated: z.boolean(),
  config: z.object({
    provider: z.string(),
    endpoint: z.string(),
    model: z.string(),
    judgeModel: z.string(),
    trials: z.number().int(),
    seed: z.number().int(),
    memory: z.string(),
    judgeRepeats: z.number().int(),
    judge: z.enum(['on', 'off']),
    maxOutputTokens: z.number().int(),
    simulated: z.boolean(),
  }),
  /** Prices used for every model that was called; null for a model without a price. */
  prices: z.record(z.string(), ModelPrice.nullable()),
  commit: z.string().nullable(),
  /** The run whose stored deliverables this file re-scores (no new generation); absent for a fresh run. */
  rescoredFrom: z.string().optional(),
  vitest: z.object({ reason: z.string(), passed: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
  totals: z.object({
    records: z.number().int(),
    errors: z.number().int(),
    /** What the organisations spent, and apart from it what judging cost. */
    orgUsd: z.number().nullable(),
    judgeUsd: z.number().nullable(),
    calls: z.number().int(),
    /** Every call of the run, organisations and judge: full cost, its known part, unpriced calls, what this run paid, cached calls. */
    spend: CostPart,
    /** The dollar cap (ORGBENCH_MAX_USD) and the cases it stopped; null without a cap. */
    budget: z.object({ capUsd: z.number(), casesNotRun: z.number().int() }).nullable(),
  }),
  aggregates: z.array(CellAggregate),
  /** Per topology over all tasks, per track and per cost center. */
  summaries: z.array(GroupSummary),
  records: z.array(TestRecord),
  warnings: z.array(z.string()),
})
export type RunFile = z.infer<typeof RunFile>

/** The results file's JSON Schema (committed as results/schema.json for readers outside TypeScript). */
export function runFileJsonSchema(): Record<string, unknown> {
  return {
    ...z.toJSONSchema(RunFile, { target: 'draft-2020-12' }),
    title: `orgbench results file, schema version ${SCHEMA_VERSION}`,
    description: 'One benchmark run: per-test records, per task × topology aggregates and per-track summaries. Readers reject newer schema versions.',
  }
}
