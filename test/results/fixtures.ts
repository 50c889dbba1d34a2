import { callsCost } from '../../lib/results/cost.js'
import { loadConfig, publicConfig } from '../../lib/config.js'
import { buildRunFile } from '../../lib/results/collect.js'
import { type CostPart, SCHEMA_VERSION, TestRecord } from '../../lib/results/record.js'
import { type ProvenanceCheck, RunFile, type RunStatus } from '../../lib/results/schema.js'
import { summarizeRecord } from '../../lib/results/summary.js'
import { writeRun } from '../../lib/results/store.js'
import { stableJson } from '../../lib/results/write.js'

/** What a test says about one record; everything else gets a plain valid default. */
export interface RecordSpec {
  task?: string
  track?: string
  costCenter?: string
  topology?: string
  trial?: number
  status?: 'ok' | 'error'
  headline?: number | null
  /** The organisation's dollars; an errored trial spent $0 unless this says otherwise. */
  usd?: number | null
  /** The organisation's calls (1). */
  calls?: number
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
          blindRules: {},
          injectionFlagged: false,
          failures: spec.judgeFailed ? [{ step: 'rubric#1', kind: 'parse', message: 'unparseable reply', raw: '{' }] : [],
          evidence: [],
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
      org: part(status === 'error' && spec.usd === undefined ? 0 : usd, spec.calls),
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

/** A judged record: its judge score, its deliverable's length, and its deterministic score (ground truth). */
export function judgedRecord(topology: string, trial: number, judge: number, length: number, truth: number | null = null, task = 'task_a'): TestRecord {
  const r = makeRecord({ topology, trial, task, pairwise: null })
  return {
    ...r,
    scores: { ...r.scores, judge: { ...r.scores.judge!, score: judge }, groundTruth: truth === null ? null : { score: truth, metrics: {}, counts: {}, mustCatch: [] } },
    deliverable: { kind: 'markdown', text: 'x'.repeat(length) },
  }
}

/** A provenance check that found the judge able to tell organisations apart (72 % [63 %, 80 %]). */
export function provenanceCheck(over: Partial<ProvenanceCheck> = {}): ProvenanceCheck {
  return {
    judgeModel: 'sim-judge',
    createdAt: '2026-01-01T00:00:00.000Z',
    pairs: 60,
    answers: 120,
    correct: 86,
    accuracy: 86 / 120,
    ci: { lo: 0.63, hi: 0.8, level: 0.95, method: 'bootstrap' },
    chance: 0.5,
    aboveChance: true,
    consistency: 0.8,
    byTopology: [],
    failures: [],
    cost: { usd: 0.1, knownUsd: 0.1, unpriced: 0, paidUsd: 0.1, cachedCalls: 0, calls: 120, tokens: { prompt: 1, completion: 1, cached: 0, reasoning: 0 } },
    ...over,
  }
}

/** One record per value: trials 1..n of one cell. */
export function trials(values: ReadonlyArray<number | null>, spec: RecordSpec = {}): TestRecord[] {
  return values.map((v, i) => makeRecord({ ...spec, trial: i + 1, ...(v === null ? { status: 'error' as const } : { headline: v }) }))
}

/** A valid run file around `records`, with aggregates and summaries computed as the reporter does (its records file is not written). */
export function makeRun(records: TestRecord[], info: { runId?: string; simulated?: boolean; model?: string; createdAt?: string } = {}): RunFile {
  const config = publicConfig(loadConfig({ env: info.model ? { ORGBENCH_MODEL: info.model } : {}, cwd: '/nonexistent-orgbench-fixture' }))
  const simulated = info.simulated ?? true
  const runId = info.runId ?? 'sim-20260101T000000Z-fixture'
  return RunFile.parse(
    buildRunFile(records.map(summarizeRecord), {
      runId,
      createdAt: info.createdAt ?? '2026-01-01T00:00:00.000Z',
      config: { ...config, simulated },
      prices: {},
      models: [],
      commit: null,
      vitest: { reason: 'passed', passed: records.length, failed: 0, skipped: 0 },
      status: { status: 'complete', reasons: [] },
      sessions: 1,
      records: { file: `${runId}.records.jsonl.gz`, count: records.length, sha256: '0'.repeat(64) },
      warnings: [],
    }),
  )
}

/** The text of a version-1 single file around `records`, as orgbench wrote it before the split layout. */
export function v1File(records: TestRecord[]): string {
  const { cases: _, records: __, status: ___, statusReasons: ____, sessions: _____, ...rest } = makeRun(records)
  // Version 1 knew neither the run-wide spend nor the known/unpriced/paid parts of a cost.
  const { spend: ______, budget: _______, ...totals } = rest.totals
  const v1Cost = ({ usd, calls, tokens }: CostPart) => ({ usd, calls, tokens })
  const v1Record = (r: TestRecord) => ({ ...r, schemaVersion: 1, cost: { org: v1Cost(r.cost.org), judge: v1Cost(r.cost.judge), byRole: Object.fromEntries(Object.entries(r.cost.byRole).map(([k, v]) => [k, v1Cost(v)])), qualityPerDollar: r.cost.qualityPerDollar } })
  return stableJson({ ...rest, totals, schemaVersion: 1, records: records.map(v1Record) })
}

/** Writes `records` as a real version-2 run (run file and records file) at `path`, as makeRun describes it (complete unless `status` says otherwise). */
export async function writeRunFixture(path: string, records: TestRecord[], info: Parameters<typeof makeRun>[1] & { status?: RunStatus } = {}): Promise<RunFile> {
  const run = makeRun(records, info)
  return writeRun(path, (async function* () { yield* records })(), {
    runId: run.runId,
    createdAt: run.createdAt,
    config: run.config,
    prices: {},
    commit: null,
    vitest: run.vitest,
    status: info.status && info.status !== run.status ? { status: info.status, reasons: [`status ${info.status} (fixture)`] } : { status: run.status, reasons: run.statusReasons },
    sessions: 1,
    warnings: [],
  })
}

/** A trial the dollar cap stopped before its first call: an error of kind budget, no spend. */
export function capStopped(spec: RecordSpec = {}): TestRecord {
  const r = makeRecord({ ...spec, status: 'error', usd: 0, calls: 0 })
  return { ...r, errors: [{ stage: 'organisation', kind: 'budget', message: 'the dollar cap ($0.30) refused the call', callId: null }] }
}
