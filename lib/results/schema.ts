import { z } from 'zod'
import { LearningSection } from './learning.js'
import { ModelPrice } from '../llm/pricing.js'
import { CostPart, SCHEMA_VERSION, TestRecord } from './record.js'
import { checkCaseConsistency } from './case-rules.js'
import { CaseSummary } from './summary.js'
import { Adjusted, Interval } from './interval.js'
import { HrmOptions } from '../topologies/options.js'
import { OutcomeReport } from './outcomes/schema.js'

export { SCHEMA_VERSION }
export { Interval }


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
 * Org dollars per trial, over successful trials and errored ones that made calls. `unknown`:
 * how many of them have an unknown cost (no usage, no price); the mean is then null, never a mean
 * over the others. Absent when none is unknown, and in files written before it was kept.
 */
export const CostSummary = MetricSummary.extend({ unknown: z.number().int().positive().optional() })
export type CostSummary = z.infer<typeof CostSummary>

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
  /**
   * The smallest true difference the interval shown with it excludes 0 for 80 % of the time: at α/m
   * over its family and on the interval's degrees of freedom (lib/results/adjust.ts); null where no
   * interval is formed. Files written before it was restated per family hold it at α 0.05 alone.
   */
  mde: z.number().nullable(),
  /**
   * Adjusted for the comparisons shown with it (lib/results/adjust.ts): Holm p over the family and a
   * Bonferroni simultaneous interval; `survives` when the Holm p is below 0.05. Null without an estimate;
   * absent in files written before it existed.
   */
  adjusted: Adjusted.nullable().optional(),
  /** Why there is no interval (e.g. too few tasks); absent when there is one. */
  note: z.string().optional(),
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
  /** Clustered by task (the mean of per-task win shares, tasks as units); Wilson over verdicts for one task. */
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
  orgUsd: CostSummary,
  tokens: MetricSummary,
  calls: MetricSummary,
  /** Mean headline ÷ mean org dollars per trial (a ratio of means, no interval); null when the cost is unknown. */
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
  orgUsd: ClusteredSummary.extend(CostSummary.pick({ unknown: true }).shape),
  /** Headline ÷ org $/case of the row, both means of per-task means (a ratio of means, no interval). */
  qualityPerDollar: ClusteredSummary,
})
export type GroupSummary = z.infer<typeof GroupSummary>

/**
 * How much of the suite a run covers (see lib/results/status.ts for the exact rules):
 * `complete` — every case of the suite as configured has a record, nothing was filtered,
 * skipped or interrupted, and at least one case succeeded; `partial` — at least one case
 * succeeded but the run was interrupted, filtered, or some cases have no record; `failed` —
 * no case succeeded (every case errored, e.g. the endpoint was down, or none ran).
 */
export const RunStatus = z.enum(['complete', 'partial', 'failed'])
export type RunStatus = z.infer<typeof RunStatus>

/**
 * Where a run's full records are: compressed JSON Lines beside the run file, one TestRecord per
 * line, sorted: gzip as a run writes them, brotli once compacted for committing (lib/results/compact.ts).
 */
export const RecordsRef = z.object({
  /** File name in the run file's folder, e.g. "<run-id>.records.jsonl.gz" (or ".jsonl.br" when compacted). */
  file: z.string().regex(/^[^/\\]+\.jsonl\.(gz|br)$/, 'expected a file name ending in .jsonl.gz or .jsonl.br, without folders'),
  count: z.number().int().nonnegative(),
  /** SHA-256 of the uncompressed lines, so a swapped or damaged records file is noticed. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected 64 hex digits'),
})
export type RecordsRef = z.infer<typeof RecordsRef>

/**
 * The blindness check (`orgbench calibrate --provenance`): the judge, blind, guesses which of two
 * deliverables of the same task and trial an organisation wrote (the other is the single agent's
 * or self_refine's), in both orders. Accuracy far above 50 % means blinding does not hide the topology.
 */
export const ProvenanceCheck = z.object({
  judgeModel: z.string(),
  createdAt: z.string(),
  /** Balanced pairs asked: one single-agent and one organisation deliverable each. */
  pairs: z.number().int(),
  /** Usable answers (two per pair unless one failed) and how many named the organisation. */
  answers: z.number().int(),
  correct: z.number().int(),
  /** Share of answers that named the organisation; null without answers. */
  accuracy: z.number().nullable(),
  /** 95 % interval with the pair as the unit (each pair's share of right answers). */
  ci: Interval.nullable(),
  chance: z.literal(0.5),
  /** The whole interval lies above chance. */
  aboveChance: z.boolean(),
  /** Share of pairs whose two answers named the same deliverable (position-independent guesses). */
  consistency: z.number().nullable(),
  byTopology: z.array(z.object({ topology: z.string(), answers: z.number().int(), correct: z.number().int(), accuracy: z.number().nullable() })),
  failures: z.array(z.object({ pair: z.string(), step: z.string(), kind: z.string(), message: z.string() })),
  /** What the extra judge calls cost (ledger role "judge"). */
  cost: CostPart,
})
export type ProvenanceCheck = z.infer<typeof ProvenanceCheck>

/**
 * The run file: one per run, small, written atomically with sorted keys and rows. It holds
 * everything but the bulk: configuration, prices, aggregates, group summaries, totals, status,
 * warnings and one compact summary per record (`cases`, enough for the gate); the full records
 * are in the records file it names (`records`). The schema version covers both files.
 */
export const RunFile = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  runId: z.string(),
  createdAt: z.string(),
  simulated: z.boolean(),
  status: RunStatus,
  /** Why the run is not complete (empty when it is). */
  statusReasons: z.array(z.string()),
  config: z.object({
    provider: z.string(),
    endpoint: z.string(),
    model: z.string(),
    judgeModel: z.string(),
    /** The judge's own provider and endpoint origin (ORGBENCH_JUDGE_PROVIDER, ORGBENCH_JUDGE_BASE_URL); absent when the judge used the agents' endpoint. */
    judgeProvider: z.string().optional(),
    judgeEndpoint: z.string().optional(),
    trials: z.number().int(),
    seed: z.number().int(),
    memory: z.string(),
    judgeRepeats: z.number().int(),
    judge: z.enum(['on', 'off']),
    maxOutputTokens: z.number().int(),
    /** The run's models sent max_completion_tokens and no temperature (ORGBENCH_REASONING_MODELS); files written before it have none. */
    reasoningModels: z.array(z.string()).default([]),
    /** Whether a prompt cut to the server's context window failed its call (ORGBENCH_CONTEXT_CHECK); absent in files written before the check existed. */
    contextCheck: z.enum(['on', 'off']).optional(),
    /** How structured output was asked for (ORGBENCH_RESPONSE_FORMAT); absent in files written before it was a setting, which sent a strict JSON schema. */
    responseFormat: z.enum(['json_schema', 'json_object', 'none']).optional(),
    /** The dollar cap (ORGBENCH_MAX_USD); null without one (and in files written before the cap existed). */
    maxUsd: z.number().nullable().default(null),
    simulated: z.boolean(),
    /** hrm's schedule and halting rule (ORGBENCH_HRM_*); absent in files written before it was recorded. */
    hrm: HrmOptions.optional(),
    /** self_refine's token budget (ORGBENCH_SELF_REFINE_BUDGET); null: matched to star's spend; absent in files written before it was recorded. */
    selfRefineBudget: z.number().int().nullable().optional(),
    /** Whether the run had the compute-matched arms self_refine@<topology> (ORGBENCH_COMPUTE_MATCHED); absent in files written before it was recorded. */
    computeMatched: z.enum(['on', 'off']).optional(),
  }),
  /** Prices used for every model that was called; null for a model without a price. */
  prices: z.record(z.string(), ModelPrice.nullable()),
  commit: z.string().nullable(),
  /** The run whose stored deliverables this file re-scores (no new generation); absent for a fresh run. */
  rescoredFrom: z.string().optional(),
  /** The shard runs merged into this one (vitest --merge-reports); absent for a run made in one piece. */
  mergedFrom: z.array(z.string()).optional(),
  /** How many times the run was started: 1, plus one per resume (ORGBENCH_RESUME). */
  sessions: z.number().int().positive(),
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
    budget: z
      .object({
        capUsd: z.number(),
        casesNotRun: z.number().int(),
        /**
         * What the cap counted over every session of the run (lib/results/cost.ts capSpend): each
         * call sent at its cost, or at its worst case when no usage says what it cost; absent in
         * files written before it was kept.
         */
        countedUsd: z.number().optional(),
        /** Calls the cap counted at their worst case. */
        atWorstCase: z.number().int().optional(),
        /**
         * Of casesNotRun, those an earlier session journaled and the last session did not run (its
         * filters left them out): a resume runs them only with filters that include them. Absent when none.
         */
        notRunBySession: z.number().int().optional(),
        /**
         * A merge of shards: each shard's own cap (null: none) and the cases it stopped; then
         * `capUsd` is the sum of their caps. A shard is resumed on its own, so each is named.
         */
        shards: z.array(z.object({ runId: z.string(), shard: z.string().nullable(), capUsd: z.number().nullable(), casesNotRun: z.number().int() })).optional(),
      })
      .nullable(),
  }),
  aggregates: z.array(CellAggregate),
  /** Per topology over all tasks, per track and per cost center. */
  summaries: z.array(GroupSummary),
  /** One compact summary per record, in the records' order. */
  cases: z.array(CaseSummary),
  records: RecordsRef,
  warnings: z.array(z.string()),
  /** Added by `orgbench calibrate --provenance`: can the judge tell an organisation from a single agent? */
  provenance: ProvenanceCheck.optional(),
  /** Outcomes per cost center and topology (lib/results/outcomes/); absent in files written before them. */
  outcomes: OutcomeReport.optional(),
  /** Learning runs only (lib/results/learning.ts): the input splits and every retrospective call's cost; absent otherwise. */
  learning: LearningSection.optional(),
})
export type RunFile = z.infer<typeof RunFile>

/** The version-1 results file: one JSON file holding every full record (read, never written). */
export const RunFileV1 = RunFile.omit({ schemaVersion: true, status: true, statusReasons: true, mergedFrom: true, sessions: true, cases: true, records: true }).extend({
  schemaVersion: z.literal(1),
  totals: RunFile.shape.totals.omit({ spend: true, budget: true }),
  // Version-1 cost parts lack the known part, unpriced and cached calls: the reader recomputes them from the calls.
  records: z.array(TestRecord.extend({ schemaVersion: z.literal(1), cost: z.object({ qualityPerDollar: z.number().nullable() }).loose() }).superRefine(checkCaseConsistency)),
})
export type RunFileV1 = z.infer<typeof RunFileV1>

const jsonSchema = (schema: z.ZodType) => z.toJSONSchema(schema, { target: 'draft-2020-12' }) as Record<string, unknown>

/** The run file's JSON Schema (committed as results/schema.json for readers outside TypeScript). */
export function runFileJsonSchema(): Record<string, unknown> {
  return {
    ...jsonSchema(RunFile),
    title: `orgbench run file, schema version ${SCHEMA_VERSION}`,
    description:
      'One benchmark run: configuration, status, aggregates, summaries and a compact summary per case. The full records are in the gzip JSON Lines file named by `records` (each line: results/record.schema.json). Readers reject newer schema versions.',
  }
}

/** The JSON Schema of one line of a records file (committed as results/record.schema.json). */
export function recordJsonSchema(): Record<string, unknown> {
  return {
    ...jsonSchema(TestRecord),
    title: `orgbench test record, schema version ${SCHEMA_VERSION}`,
    description: 'One test (task × topology × trial) as a line of <run-id>.records.jsonl.gz and of the run journal.',
  }
}
