import { z } from 'zod'
import { ModelPrice } from '../llm/pricing.js'
import { SCHEMA_VERSION, TestRecord } from './record.js'

export { SCHEMA_VERSION }

/** Summary statistics of one metric over the trials of a cell. */
export const MetricSummary = z.object({
  n: z.number().int(),
  mean: z.number().nullable(),
  sd: z.number().nullable(),
})
export type MetricSummary = z.infer<typeof MetricSummary>

/** One task × topology cell. Errored trials are counted, never averaged in. */
export const CellAggregate = z.object({
  task: z.string(),
  track: z.string(),
  costCenter: z.string(),
  topology: z.string(),
  trials: z.number().int(),
  errors: z.number().int(),
  mustCatchMissed: z.number().int(),
  headline: MetricSummary,
  /** Ground-truth metrics (recall, F1, ...) as present in the records. */
  metrics: z.record(z.string(), MetricSummary),
  orgUsd: MetricSummary,
  tokens: MetricSummary,
  calls: MetricSummary,
  qualityPerDollar: MetricSummary,
})
export type CellAggregate = z.infer<typeof CellAggregate>

/** The results file: one per run, written atomically with sorted keys and rows. */
export const RunFile = z.object({
  schemaVersion: z.number().int(),
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
    maxOutputTokens: z.number().int(),
    simulated: z.boolean(),
  }),
  /** Prices used for every model that was called; null for a model without a price. */
  prices: z.record(z.string(), ModelPrice.nullable()),
  commit: z.string().nullable(),
  vitest: z.object({ reason: z.string(), passed: z.number().int(), failed: z.number().int(), skipped: z.number().int() }),
  totals: z.object({ records: z.number().int(), errors: z.number().int(), orgUsd: z.number().nullable(), calls: z.number().int() }),
  aggregates: z.array(CellAggregate),
  records: z.array(TestRecord),
  warnings: z.array(z.string()),
})
export type RunFile = z.infer<typeof RunFile>
