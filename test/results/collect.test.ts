import { describe, expect, test } from 'vitest'
import { loadConfig, publicConfig } from '../../lib/config.js'
import { Ledger } from '../../lib/llm/ledger.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import { makeRunId, RunCollector } from '../../lib/results/collect.js'
import type { TestRecord } from '../../lib/results/record.js'
import { RunFile } from '../../lib/results/schema.js'
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

const info = (simulated = true) => {
  const config = loadConfig({ env: simulated ? {} : { ORGBENCH_BASE_URL: 'https://api.example.com/v1', ORGBENCH_MODEL: 'real-model' }, cwd: tempDir() })
  return { runId: 'run-1', createdAt: '2026-11-27T10:00:00.000Z', config: publicConfig(config), prices: loadPrices(), commit: 'abc123', reason: 'passed' }
}

describe('RunCollector', () => {
  test('builds a valid results file whose records are sorted by task, topology and trial', () => {
    const collector = new RunCollector()
    collector.add({ name: 'b star 2', state: 'passed', meta: record('strategic_planning', 'star', 2) })
    collector.add({ name: 'a star 1', state: 'passed', meta: record('software_architecture', 'star', 1) })
    collector.add({ name: 'b single 1', state: 'failed', meta: record('strategic_planning', 'single', 1) })
    collector.add({ name: 'b star 1', state: 'passed', meta: record('strategic_planning', 'star', 1) })
    const run = collector.build(info())
    expect(() => RunFile.parse(run)).not.toThrow()
    expect(run.records.map((r) => `${r.task} ${r.topology} #${r.trial}`)).toEqual([
      'software_architecture star #1',
      'strategic_planning single #1',
      'strategic_planning star #1',
      'strategic_planning star #2',
    ])
    expect(run.vitest).toEqual({ reason: 'passed', passed: 3, failed: 1, skipped: 0 })
    expect(run.warnings).toEqual([])
  })

  test('an invalid record becomes a warning naming the test, and is left out', () => {
    const collector = new RunCollector()
    collector.add({ name: 'good', state: 'passed', meta: record('software_architecture', 'single', 1) })
    collector.add({ name: 'software_architecture × star #1', state: 'failed', meta: { task: 'software_architecture', trial: 'one' } })
    const run = collector.build(info())
    expect(run.records).toHaveLength(1)
    expect(run.warnings).toHaveLength(1)
    expect(run.warnings[0]).toMatch(/^test "software_architecture × star #1" left an invalid record: /)
  })

  test('tests without a record (skipped, or not orgbench tests) are counted but add no record', () => {
    const collector = new RunCollector()
    collector.add({ name: 'skipped', state: 'skipped', meta: undefined })
    collector.add({ name: 'pending', state: 'pending', meta: null })
    collector.add({ name: 'plain', state: 'passed', meta: undefined })
    expect(collector.counts()).toEqual({ passed: 1, failed: 0, skipped: 2 })
    expect(collector.build(info()).records).toEqual([])
  })

  test('totals: org and judge spend are kept apart; prices are listed for the called models only', () => {
    const collector = new RunCollector()
    collector.add({ name: 'a', state: 'passed', meta: record('software_architecture', 'single', 1) })
    collector.add({ name: 'b', state: 'passed', meta: record('software_architecture', 'single', 2) })
    const run = collector.build(info())
    expect(run.totals).toMatchObject({ records: 2, errors: 0, orgUsd: 0.004, judgeUsd: 1, calls: 4, budget: null })
    expect(run.totals.spend).toMatchObject({ usd: 1.004, knownUsd: 1.004, unpriced: 0, paidUsd: 1.004, cachedCalls: 0, calls: 4 })
    expect(Object.keys(run.prices)).toEqual(['sim-judge', 'sim-strong'])
    expect(run.prices['sim-strong']).toEqual(loadPrices()['sim-strong'])
  })

  test('with a dollar cap the totals state it and count the cases the cap stopped', () => {
    const collector = new RunCollector()
    collector.add({ name: 'a', state: 'passed', meta: record('software_architecture', 'single', 1) })
    const stopped = { ...record('software_architecture', 'star', 1), status: 'error' as const, errors: [{ stage: 'organisation' as const, kind: 'budget', message: 'ORGBENCH_MAX_USD=1: …', callId: 'c001' }] }
    collector.add({ name: 'b', state: 'failed', meta: stopped })
    const run = collector.build({ ...info(), maxUsd: 1 })
    expect(run.totals.budget).toEqual({ capUsd: 1, casesNotRun: 1 })
  })

  test('a called model without a price is listed with null', () => {
    const collector = new RunCollector()
    collector.add({ name: 'a', state: 'passed', meta: record('software_architecture', 'single', 1, { model: 'unpriced-model' }) })
    expect(collector.build(info(false)).prices['unpriced-model']).toBeNull()
  })

  test('the run is simulated when the configuration is, or when any record is', () => {
    const simulatedRecord = new RunCollector()
    simulatedRecord.add({ name: 'a', state: 'passed', meta: record('software_architecture', 'single', 1) })
    expect(simulatedRecord.build(info(false)).simulated).toBe(true)
    expect(new RunCollector().build(info(true)).simulated).toBe(true)
    expect(new RunCollector().build(info(false)).simulated).toBe(false)
  })
})

describe('makeRunId', () => {
  test('sorts by time and marks simulated runs', () => {
    const at = new Date('2026-11-27T11:37:04.123Z')
    expect(makeRunId(at, true, 'ab12cd')).toBe('sim-20261127T113704Z-ab12cd')
    expect(makeRunId(at, false, 'ab12cd')).toBe('20261127T113704Z-ab12cd')
  })
})
