import { describe, expect, test } from 'vitest'
import { loadConfig, publicConfig } from '../../lib/config.js'
import { Ledger } from '../../lib/llm/ledger.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import { buildRunFile } from '../../lib/results/collect.js'
import { makeRunId } from '../../lib/results/layout.js'
import type { TestRecord } from '../../lib/results/record.js'
import { RunFile } from '../../lib/results/schema.js'
import { summarizeRecord } from '../../lib/results/summary.js'
import { buildRecord } from '../../lib/run/runner.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { callRecord } from '../support/calls.js'
import { tempDir } from '../support/temp.js'

const registry = await loadRegistry()

/** A record as the runner builds it: one org call and one judge call, a markdown deliverable. */
function record(taskId: string, topology: string, trial: number, options: { model?: string; judgeCostUsd?: number } = {}): TestRecord {
  const config = loadConfig({ env: { ORGBENCH_MODEL: options.model ?? 'sim-strong', ORGBENCH_JUDGE: 'off' }, cwd: tempDir() })
  const ledger = new Ledger()
  ledger.record(callRecord({ id: 'c001', model: config.model, costUsd: 0.002 }))
  ledger.record(callRecord({ id: 'c002', role: 'judge', model: 'sim-judge', costUsd: options.judgeCostUsd ?? 0.5 }))
  return buildRecord({
    spec: { config, task: registry.get(taskId), topology, trial },
    ledger,
    events: [],
    errors: [],
    deliverable: { kind: 'markdown', text: '# Plan' },
    groundTruth: null,
    checklist: null,
    wallMs: 100,
  })
}

const REF = { file: 'run-1.records.jsonl.gz', count: 0, sha256: 'a'.repeat(64) }
const info = (simulated = true, models: string[] = ['sim-judge', 'sim-strong']) => {
  const config = loadConfig({ env: simulated ? {} : { ORGBENCH_BASE_URL: 'https://api.example.com/v1', ORGBENCH_MODEL: 'real-model' }, cwd: tempDir() })
  return {
    runId: 'run-1',
    createdAt: '2026-11-27T10:00:00.000Z',
    config: publicConfig(config),
    prices: loadPrices(),
    models,
    commit: 'abc123',
    vitest: { reason: 'passed', passed: 3, failed: 1, skipped: 0 },
    status: { status: 'complete' as const, reasons: [] },
    sessions: 1,
    records: REF,
    warnings: ['a warning of the run'],
  }
}

describe('buildRunFile', () => {
  test('builds a valid run file from summaries alone: aggregates, group summaries, cases in the order given', () => {
    const cases = [record('software_architecture', 'star', 1), record('strategic_planning', 'single', 1), record('strategic_planning', 'star', 1)].map(summarizeRecord)
    const run = buildRunFile(cases, info())
    expect(() => RunFile.parse(run)).not.toThrow()
    expect(run.cases.map((r) => `${r.task} ${r.topology} #${r.trial}`)).toEqual(['software_architecture star #1', 'strategic_planning single #1', 'strategic_planning star #1'])
    expect(run.aggregates.map((a) => `${a.task} ${a.topology}`)).toEqual(['software_architecture star', 'strategic_planning single', 'strategic_planning star'])
    expect(run.vitest).toEqual({ reason: 'passed', passed: 3, failed: 1, skipped: 0 })
    expect(run.records).toEqual(REF)
    expect(run.status).toBe('complete')
    expect(run.warnings).toEqual(['a warning of the run'])
  })

  test("records' warnings join the run's, once each and sorted", () => {
    const a = { ...summarizeRecord(record('software_architecture', 'single', 1)), warnings: ['z same model', 'b other'] }
    const b = { ...summarizeRecord(record('software_architecture', 'single', 2)), warnings: ['z same model'] }
    expect(buildRunFile([a, b], info()).warnings).toEqual(['a warning of the run', 'b other', 'z same model'])
  })

  test('totals: org and judge spend are kept apart; prices are listed for the called models only', () => {
    const cases = [record('software_architecture', 'single', 1), record('software_architecture', 'single', 2)].map(summarizeRecord)
    const run = buildRunFile(cases, info())
    expect(run.totals).toMatchObject({ records: 2, errors: 0, orgUsd: 0.004, judgeUsd: 1, calls: 4, budget: null })
    expect(run.totals.spend).toMatchObject({ usd: 1.004, knownUsd: 1.004, unpriced: 0, paidUsd: 1.004, cachedCalls: 0, calls: 4 })
    expect(Object.keys(run.prices)).toEqual(['sim-judge', 'sim-strong'])
    expect(run.prices['sim-strong']).toEqual(loadPrices()['sim-strong'])
  })

  test('with a dollar cap the totals state it and count the cases the cap stopped', () => {
    const stopped = { ...record('software_architecture', 'star', 1), status: 'error' as const, errors: [{ stage: 'organisation' as const, kind: 'budget', message: 'ORGBENCH_MAX_USD=1: …', callId: 'c001' }] }
    const base = info()
    const run = buildRunFile([summarizeRecord(record('software_architecture', 'single', 1)), summarizeRecord(stopped)], { ...base, config: { ...base.config, maxUsd: 1 } })
    expect(run.totals.budget).toEqual({ capUsd: 1, casesNotRun: 1 })
  })

  test('a called model without a price is listed with null, and unknown dollars stay unknown in the totals', () => {
    const first = summarizeRecord(record('software_architecture', 'single', 1))
    const unpriced = { ...first, cost: { ...first.cost, org: { usd: null, knownUsd: 0, unpriced: 1, paidUsd: null, cachedCalls: 0, calls: 1, tokens: { prompt: 1, completion: 1, cached: 0, reasoning: 0 } } } }
    const run = buildRunFile([unpriced, summarizeRecord(record('software_architecture', 'single', 2))], info(false, ['unpriced-model']))
    expect(run.prices['unpriced-model']).toBeNull()
    expect(run.totals.orgUsd).toBeNull()
    expect(run.totals.spend).toMatchObject({ usd: null, unpriced: 1, paidUsd: null })
  })

  test('the run is simulated when the configuration is, or when any record is', () => {
    const simulatedRecord = summarizeRecord(record('software_architecture', 'single', 1))
    expect(buildRunFile([simulatedRecord], info(false)).simulated).toBe(true)
    expect(buildRunFile([], info(true)).simulated).toBe(true)
    expect(buildRunFile([], info(false)).simulated).toBe(false)
  })
})

describe('makeRunId', () => {
  test('sorts by time and marks simulated runs', () => {
    const at = new Date('2026-11-27T11:37:04.123Z')
    expect(makeRunId(at, true, 'ab12cd')).toBe('sim-20261127T113704Z-ab12cd')
    expect(makeRunId(at, false, 'ab12cd')).toBe('20261127T113704Z-ab12cd')
  })
})
