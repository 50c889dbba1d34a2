import { callsCost } from '../../lib/results/cost.js'
import { loadConfig, publicConfig } from '../../lib/config.js'
import { aggregateCells, summarizeGroups } from '../../lib/results/aggregate.js'
import { SCHEMA_VERSION, TestRecord } from '../../lib/results/record.js'
import { RunFile } from '../../lib/results/schema.js'

/** What a test says about one record; everything else gets a plain valid default. */
export interface RecordSpec {
  task?: string
  track?: string
  costCenter?: string
  topology?: string
  trial?: number
  status?: 'ok' | 'error'
  headline?: number | null
  usd?: number | null
  /** [caught, total] must-catch items. */
  mustCatch?: [number, number]
  pairwise?: 'win' | 'tie' | 'loss' | null
  judgeFailed?: boolean
  byRole?: Record<string, number>
  simulated?: boolean
  model?: string
}

const part = (usd: number | null, calls = 1) => ({ usd, knownUsd: usd ?? 0, unpriced: usd === null ? calls : 0, paidUsd: usd, cachedCalls: 0, calls, tokens: { prompt: 100, completion: 50, cached: 0, reasoning: 0 } })

/** A valid TestRecord (validated, so a schema change shows up here first). */
export function makeRecord(spec: RecordSpec = {}): TestRecord {
  const status = spec.status ?? 'ok'
  const headline = status === 'error' ? null : spec.headline === undefined ? 80 : spec.headline
  const usd = spec.usd === undefined ? 0.01 : spec.usd
  const [caught, total] = spec.mustCatch ?? [2, 2]
  const missed = Array.from({ length: total - caught }, (_, i) => ({ id: `m${i}`, description: `missed item ${i}`, caught: false }))
  const judge =
    spec.pairwise === undefined && !spec.judgeFailed
      ? null
      : {
          model: 'sim-judge',
          seed: 1,
          sameModelAsAgents: false,
          score: spec.judgeFailed ? null : 70,
          dimensions: [],
          repeatSpread: null,
          pairwise: spec.pairwise ? { against: 'single', outcome: spec.pairwise, consistent: true, orders: [] } : null,
          neutralised: 0,
          injectionFlagged: false,
          failures: spec.judgeFailed ? [{ step: 'rubric#1', kind: 'parse', message: 'unparseable reply', raw: '{' }] : [],
        }
  return TestRecord.parse({
    schemaVersion: SCHEMA_VERSION,
    task: spec.task ?? 'task_a',
    track: spec.track ?? 'enterprise',
    costCenter: spec.costCenter ?? 'engineering',
    topology: spec.topology ?? 'single',
    trial: spec.trial ?? 1,
    seed: 1000 + (spec.trial ?? 1),
    status,
    simulated: spec.simulated ?? true,
    provider: 'sim',
    model: spec.model ?? 'sim-strong',
    judgeModel: 'sim-judge',
    scores: { headline, groundTruth: null, checklist: null, judge },
    mustCatch: { total, caught, missed },
    cost: {
      org: part(status === 'error' ? 0 : usd),
      judge: part(0),
      byRole: Object.fromEntries(Object.entries(spec.byRole ?? { agent: usd ?? 0 }).map(([role, v]) => [role, part(v)])),
      qualityPerDollar: headline !== null && usd !== null && usd > 0 ? headline / usd : null,
    },
    timing: { wallMs: 10, criticalPathMs: 5, sumOfCallsMs: 5 },
    memory: { mode: 'on', lessons: [] },
    errors: status === 'error' ? [{ stage: 'organisation', kind: 'rate_limit', message: '429 after 3 retries', callId: 'c001' }] : [],
    warnings: [],
    calls: [],
    events: [],
    deliverable: status === 'error' ? null : { kind: 'markdown', text: 'a deliverable' },
  })
}

/** One record per value: trials 1..n of one cell. */
export function trials(values: ReadonlyArray<number | null>, spec: RecordSpec = {}): TestRecord[] {
  return values.map((v, i) => makeRecord({ ...spec, trial: i + 1, ...(v === null ? { status: 'error' as const } : { headline: v }) }))
}

/** A valid results file around `records`, with aggregates and summaries computed as the collector does. */
export function makeRun(records: TestRecord[], info: { runId?: string; simulated?: boolean; model?: string; createdAt?: string } = {}): RunFile {
  const config = publicConfig(loadConfig({ env: info.model ? { ORGBENCH_MODEL: info.model } : {}, cwd: '/nonexistent-orgbench-fixture' }))
  const simulated = info.simulated ?? true
  return RunFile.parse({
    schemaVersion: SCHEMA_VERSION,
    runId: info.runId ?? 'sim-20260101T000000Z-fixture',
    createdAt: info.createdAt ?? '2026-01-01T00:00:00.000Z',
    simulated,
    config: { ...config, simulated },
    prices: {},
    commit: null,
    vitest: { reason: 'passed', passed: records.length, failed: 0, skipped: 0 },
    totals: { records: records.length, errors: records.filter((r) => r.status === 'error').length, orgUsd: null, judgeUsd: null, calls: 0, spend: callsCost([]), budget: null },
    aggregates: aggregateCells(records),
    summaries: summarizeGroups(records),
    records,
    warnings: [],
  })
}
