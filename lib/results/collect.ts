import type { PriceTable } from '../llm/pricing.js'
import { aggregateCells, summarizeGroups } from './aggregate.js'
import { type CapSpend, round8, sumCostParts } from './cost.js'
import { aggregateOutcomes } from './outcomes/aggregate.js'
import { SCHEMA_VERSION } from './record.js'
import type { LearningSection } from './learning.js'
import type { RecordsRef, RunFile, RunStatus } from './schema.js'
import type { CaseSummary } from './summary.js'
import { stoppedByBudget } from './values.js'

/** Everything about a run that does not come from its records. */
export interface RunInfo {
  runId: string
  createdAt: string
  config: RunFile['config']
  /** Prices of every model the run could have used; only the called ones are kept. */
  prices: PriceTable
  /** Models the records called (from their calls). */
  models: Iterable<string>
  commit: string | null
  vitest: RunFile['vitest']
  status: { status: RunStatus; reasons: string[] }
  sessions: number
  records: RecordsRef
  warnings: Iterable<string>
  mergedFrom?: string[]
  rescoredFrom?: string
  /** A learning run's splits and retrospective costs (their cost is added to the run's spend and calls). */
  learning?: LearningSection
  /** What the dollar cap counted over every session, from every journaled record; absent when not known (a re-scored run). */
  capSpend?: CapSpend
  /** Of the cases the cap stopped, those an earlier session journaled and the last one did not run (see lib/results/finalize.ts). */
  budgetStopsNotRunBySession?: number
  /** A merge of shards: each shard's cap and the cases it stopped (the run's budget is theirs, not `config.maxUsd`). */
  shardBudgets?: ShardBudget[]
}

/** One shard of a merged run, as the budget tells it: "i/N" (null without --shard), its own cap, the cases it stopped. */
export type ShardBudget = NonNullable<NonNullable<RunFile['totals']['budget']>['shards']>[number]

/** The budget of a merged run: present when a shard had a cap, its cap the sum of the shards' caps. */
function mergedBudget(shards: readonly ShardBudget[], info: RunInfo): RunFile['totals']['budget'] {
  const capped = shards.filter((s) => s.capUsd !== null)
  if (capped.length === 0) return null
  return {
    capUsd: round8(capped.reduce((sum, s) => sum + s.capUsd!, 0)),
    casesNotRun: shards.reduce((sum, s) => sum + s.casesNotRun, 0),
    ...(info.capSpend ? { countedUsd: info.capSpend.usd, atWorstCase: info.capSpend.atWorstCase } : {}),
    shards: [...shards],
  }
}

/** Adds dollars that may be unknown: unknown as soon as one is. */
const addUsd = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b)
const round8OrNull = (x: number | null) => (x === null ? null : round8(x))

/**
 * The run file from the summaries of its records (already in their final order). Pure: no
 * Vitest, no I/O. Aggregates and totals come from the summaries alone, never from full records.
 */
export function buildRunFile(cases: readonly CaseSummary[], info: RunInfo): RunFile {
  const warnings = new Set(info.warnings)
  for (const c of cases) for (const w of c.warnings) warnings.add(w)
  let orgUsd: number | null = 0
  let judgeUsd: number | null = 0
  let calls = info.learning?.cost.calls ?? 0
  for (const c of cases) {
    orgUsd = addUsd(orgUsd, c.cost.org.usd)
    judgeUsd = addUsd(judgeUsd, c.cost.judge.usd)
    calls += c.cost.org.calls + c.cost.judge.calls
  }
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: info.runId,
    createdAt: info.createdAt,
    simulated: info.config.simulated || cases.some((c) => c.simulated),
    status: info.status.status,
    statusReasons: info.status.reasons,
    config: info.config,
    prices: Object.fromEntries([...new Set(info.models)].sort().map((m) => [m, info.prices[m] ?? null])),
    commit: info.commit,
    ...(info.rescoredFrom !== undefined ? { rescoredFrom: info.rescoredFrom } : {}),
    ...(info.mergedFrom !== undefined ? { mergedFrom: info.mergedFrom } : {}),
    sessions: info.sessions,
    vitest: info.vitest,
    totals: {
      records: cases.length,
      errors: cases.filter((c) => c.status === 'error').length,
      orgUsd: round8OrNull(orgUsd),
      judgeUsd: round8OrNull(judgeUsd),
      calls,
      spend: sumCostParts([...cases.flatMap((c) => [c.cost.org, c.cost.judge]), ...(info.learning ? [info.learning.cost] : [])]),
      budget: info.shardBudgets
        ? mergedBudget(info.shardBudgets, info)
        : info.config.maxUsd !== null
          ? {
              capUsd: info.config.maxUsd,
              casesNotRun: cases.filter(stoppedByBudget).length,
              ...(info.capSpend ? { countedUsd: info.capSpend.usd, atWorstCase: info.capSpend.atWorstCase } : {}),
              ...(info.budgetStopsNotRunBySession ? { notRunBySession: info.budgetStopsNotRunBySession } : {}),
            }
          : null,
    },
    aggregates: aggregateCells(cases),
    summaries: summarizeGroups(cases),
    outcomes: aggregateOutcomes(cases),
    ...(info.learning ? { learning: info.learning } : {}),
    cases: [...cases],
    records: info.records,
    warnings: [...warnings].sort(),
  }
}

