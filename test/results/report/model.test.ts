import { describe, expect, test } from 'vitest'
import { buildReportModel, colorOf, roleCategory } from '../../../lib/results/report/model.js'
import { matchedSingleId } from '../../../lib/results/matched-baseline.js'
import { UNKNOWN_SERIES_COLOR } from '../../../lib/results/report/svg.js'
import { MATCHED_PEERS } from '../../../lib/topologies/index.js'
import { TOPOLOGY_IDS } from '../../../lib/topologies/types.js'
import { makeRecord, makeRun, trials } from '../fixtures.js'

const enterprise = makeRun([...trials([70, 80], { task: 'e1' }), ...trials([90, 90], { task: 'e1', topology: 'star' })], { runId: 'sim-a', createdAt: '2026-01-01T00:00:00.000Z' })
const finance = makeRun([...trials([60], { task: 'f1', track: 'finance', costCenter: 'treasury' }), ...trials([99], { task: 'e1' })], { runId: 'sim-b', createdAt: '2026-01-02T00:00:00.000Z' })
const financeOnly = makeRun([...trials([60], { task: 'f1', track: 'finance', costCenter: 'treasury' }), ...trials([65], { task: 'f1', track: 'finance', costCenter: 'treasury', topology: 'star' })], { runId: 'sim-f', createdAt: '2026-01-02T00:00:00.000Z' })

describe('buildReportModel', () => {
  const model = buildReportModel([finance, enterprise])
  test('takes each task whole from the newest run that has it, never a cell from an older run', () => {
    expect(model.primary.runId).toBe('sim-b')
    expect(model.sources.map((s) => [s.runId, s.tasks])).toEqual([['sim-b', ['e1', 'f1']]])
    const e1 = model.cells.filter((c) => c.task === 'e1')
    expect(e1.map((c) => [c.topology, c.headline.n, c.headline.mean])).toEqual([['single', 1, 99]])
  })
  test('combines runs of separate tasks, each task from its own run', () => {
    const m = buildReportModel([financeOnly, enterprise])
    expect(m.sources.map((s) => [s.runId, s.tasks])).toEqual([['sim-f', ['f1']], ['sim-a', ['e1']]])
    expect(m.cells.map((c) => [c.task, c.topology, c.headline.mean])).toEqual([['e1', 'single', 75], ['e1', 'star', 90], ['f1', 'single', 60], ['f1', 'star', 65]])
    expect(m.leftOut).toEqual([])
  })
  test('pairs trials only within one run: an older run of other seeds never pairs with a newer one', () => {
    // The newer run has single only for e1; the older has star. Cell by cell, star (seed 2) would pair with single (seed 1).
    const older = makeRun([...trials([50, 50], { task: 'e1' }), ...trials([90, 90], { task: 'e1', topology: 'star' })], { runId: 'sim-old', createdAt: '2026-01-01T00:00:00.000Z' })
    const newer = makeRun(trials([70, 70], { task: 'e1' }), { runId: 'sim-new', createdAt: '2026-01-03T00:00:00.000Z' })
    const m = buildReportModel([older, newer])
    expect(m.groups.find((g) => g.by === 'all' && g.topology === 'star')).toBeUndefined()
    expect(m.leftOut).toEqual([{ runId: 'sim-old', reason: 'superseded: each of its tasks is taken whole from a newer run (sim-new); still a point of the learning curve' }])
  })
  test('lists the runs it leaves out and why: older runs of another model and runs of the other kind', () => {
    const weakOld = makeRun(trials([10], { task: 'e1', model: 'sim-weak' }), { runId: 'sim-w1', model: 'sim-weak', createdAt: '2025-12-01T00:00:00.000Z' })
    const weakNew = makeRun(trials([20], { task: 'e1', model: 'sim-weak' }), { runId: 'sim-w2', model: 'sim-weak', createdAt: '2025-12-02T00:00:00.000Z' })
    const real = makeRun(trials([30], { task: 'e1', simulated: false }), { runId: 'real-1', simulated: false, createdAt: '2025-12-03T00:00:00.000Z' })
    const m = buildReportModel([enterprise, weakOld, weakNew, real])
    expect(m.leftOut).toEqual([
      { runId: 'sim-w1', reason: 'an older run of sim-weak; each of its tasks is taken whole from a newer run of it (sim-w2)' },
      { runId: 'real-1', reason: 'a real-model run; this report shows simulated runs, and the two never mix' },
    ])
  })
  test('never pools a run whose score-changing settings differ (judge, memory, endpoint kind): it is kept apart and the difference named', () => {
    const judgeOn = { ...enterprise, config: { ...enterprise.config, judge: 'on' as const, memory: 'persisted' } }
    const judgeOff = { ...financeOnly, config: { ...financeOnly.config, judge: 'off' as const, memory: 'off' } }
    const m = buildReportModel([judgeOn, judgeOff])
    expect(m.sources.map((s) => s.runId)).toEqual(['sim-f'])
    expect(m.cells.map((c) => c.task)).not.toContain('e1')
    expect(m.leftOut).toEqual([{ runId: 'sim-a', reason: "made under other settings than the newest run's, which change what its scores mean, so it is kept apart: judge on (newest run: off), memory persisted (newest run: off)" }])
    const served = { ...financeOnly, config: { ...financeOnly.config, endpoint: 'http://127.0.0.1:4100' } }
    expect(buildReportModel([enterprise, served]).leftOut[0]!.reason).toContain('endpoint embedded simulator (newest run: a simulator server)')
  })
  test('pools runs that differ only in seed, trials, dollar cap or compute-matched arms, and two simulator servers on other ports', () => {
    const other = { ...enterprise, config: { ...enterprise.config, seed: 2, trials: 5, maxUsd: 3, computeMatched: 'on' as const, endpoint: 'http://127.0.0.1:4100' } }
    const served = { ...financeOnly, config: { ...financeOnly.config, endpoint: 'http://127.0.0.1:4200' } }
    expect(buildReportModel([other, served]).sources.map((s) => s.runId)).toEqual(['sim-f', 'sim-a'])
  })
  test("a newer failed run of another model does not stand for it while the model's other runs succeeded", () => {
    const weakGood = makeRun([...trials([40, 42], { task: 'e1', model: 'sim-weak' }), ...trials([50, 52], { task: 'e1', topology: 'star', model: 'sim-weak' })], { runId: 'sim-w1', model: 'sim-weak', createdAt: '2025-12-01T00:00:00.000Z' })
    const weakFailed = { ...makeRun(trials([null], { task: 'e1', model: 'sim-weak' }), { runId: 'sim-w2', model: 'sim-weak', createdAt: '2025-12-02T00:00:00.000Z' }), status: 'failed' as const }
    const m = buildReportModel([enterprise, weakGood, weakFailed])
    expect(m.models!.models.find((c) => c.model === 'sim-weak')).toMatchObject({ runIds: ['sim-w1'], singleScore: 41 })
    expect(m.otherModels.filter((p) => p.model === 'sim-weak').map((p) => [p.topology, p.score.mean])).toEqual([['single', 41], ['star', 51]])
    expect(m.leftOut).toEqual([{ runId: 'sim-w2', reason: 'a failed run of sim-weak; its runs with successful cases stand for that model (sim-w1)' }])
  })
  test("the per-model section stands for the report's own model with the runs its tables show, even when the newest of them failed", () => {
    const good = makeRun([...trials([70, 72], { task: 'e1' }), ...trials([80, 82], { task: 'e1', topology: 'star' })], { runId: 'sim-good', createdAt: '2026-01-01T00:00:00.000Z' })
    const failed = { ...makeRun(trials([null, null], { task: 'e1' }), { runId: 'sim-dead', createdAt: '2026-01-05T00:00:00.000Z' }), status: 'failed' as const }
    const weak = makeRun([...trials([40, 42], { task: 'e1', model: 'sim-weak' }), ...trials([50, 52], { task: 'e1', topology: 'star', model: 'sim-weak' })], { runId: 'sim-w1', model: 'sim-weak', createdAt: '2025-12-01T00:00:00.000Z' })
    const m = buildReportModel([good, failed, weak])
    expect(m.sources.map((s) => s.runId)).toEqual(['sim-dead'])
    expect(m.models!.models.find((c) => c.model === 'sim-strong')).toMatchObject({ runIds: ['sim-dead'], singleScore: null })
  })
  test('another model is pooled by the same rule: each task whole from its newest run that has it', () => {
    const weakA = makeRun(trials([40], { task: 'e1', model: 'sim-weak' }), { runId: 'sim-wa', model: 'sim-weak', createdAt: '2025-12-01T00:00:00.000Z' })
    const weakB = makeRun(trials([60], { task: 'f1', model: 'sim-weak' }), { runId: 'sim-wb', model: 'sim-weak', createdAt: '2025-12-02T00:00:00.000Z' })
    const m = buildReportModel([enterprise, weakA, weakB])
    expect(m.models!.models.find((c) => c.model === 'sim-weak')).toMatchObject({ runIds: ['sim-wb', 'sim-wa'], singleScore: 50 })
    expect(m.leftOut).toEqual([])
  })
  test('the status of what it shows: complete, partial with the reasons of each incomplete run, failed when no trial succeeded', () => {
    expect(model.status).toEqual({ status: 'complete', text: '' })
    const filtered = { ...financeOnly, status: 'partial' as const, statusReasons: ['filtered by ORGBENCH_TASKS=f1'] }
    expect(buildReportModel([filtered]).status).toEqual({ status: 'partial', text: 'filtered by ORGBENCH_TASKS=f1' })
    expect(buildReportModel([filtered, enterprise]).status).toEqual({ status: 'partial', text: 'sim-f is partial: filtered by ORGBENCH_TASKS=f1' })
    const errored = makeRun(trials([null, null], { task: 'e1' }), { runId: 'sim-x' })
    expect(buildReportModel([{ ...errored, status: 'failed', statusReasons: ['no case succeeded (all 2 errored)'] }]).status).toEqual({ status: 'failed', text: 'no case succeeded (all 2 errored)' })
  })
  test('lists tracks, cost centers and topologies in canonical order with stable colours', () => {
    const m = buildReportModel([financeOnly, enterprise])
    expect(m.tracks).toEqual(['enterprise', 'finance'])
    expect(m.costCenters).toEqual(['engineering', 'treasury'])
    expect(m.topologies.map((t) => t.topology)).toEqual(['single', 'star'])
    expect(colorOf(m, 'star')).not.toBe(colorOf(m, 'single'))
  })
  test('every topology and every compute-matched variant gets its own colour, none the unknown grey (the weekly run has them all)', () => {
    const series = [...TOPOLOGY_IDS, ...MATCHED_PEERS.map(matchedSingleId)]
    const m = buildReportModel([makeRun(series.flatMap((topology) => trials([70], { task: 'e1', topology })))])
    expect(m.topologies.map((t) => t.topology).sort()).toEqual([...series].sort())
    const colours = series.map((t) => colorOf(m, t).toLowerCase())
    expect(new Set(colours).size).toBe(series.length)
    expect(colours).not.toContain(UNKNOWN_SERIES_COLOR.toLowerCase())
    expect(colorOf(m, 'no_such_topology')).toBe(UNKNOWN_SERIES_COLOR)
  })
  test('the learning curve joins only runs of the same tasks and model, oldest first', () => {
    // finance (newest) covers e1 and f1; enterprise covers e1 only, so it measured something else.
    expect(model.history.map((h) => h.runId)).toEqual(['sim-b'])
    const again = makeRun([...trials([50], { task: 'f1', track: 'finance', costCenter: 'treasury' }), ...trials([80], { task: 'e1' })], { runId: 'sim-0', createdAt: '2025-12-01T00:00:00.000Z' })
    const m = buildReportModel([finance, enterprise, again])
    expect(m.history.map((h) => h.runId)).toEqual(['sim-0', 'sim-b'])
    expect(m.curve.find((c) => c.topology === 'single')!.values).toEqual([65, 79.5])
  })
  test('a run of another model neither feeds the cells nor the learning curve', () => {
    const other = makeRun(trials([10, 10], { task: 'e1', model: 'sim-weak' }), { runId: 'sim-c', createdAt: '2025-12-31T00:00:00.000Z', model: 'sim-weak' })
    const m = buildReportModel([enterprise, other])
    expect(m.sources.map((s) => s.runId)).toEqual(['sim-a'])
    expect(m.history.map((h) => h.runId)).toEqual(['sim-a'])
  })
  test('cost by role is the mean spend per successful trial, grouped by kind of role', () => {
    const run = makeRun([
      makeRecord({ topology: 'star', byRole: { coordinator: 0.01, security_reviewer: 0.02, synthesizer: 0.01 } }),
      makeRecord({ topology: 'star', trial: 2, byRole: { coordinator: 0.03, api_designer: 0.02, synthesizer: 0.01 } }),
    ])
    expect(buildReportModel([run]).costByRole).toEqual([
      { topology: 'star', unpriced: 0, parts: [{ category: 'coordinator', usd: 0.02 }, { category: 'specialists', usd: 0.02 }, { category: 'synthesizer', usd: 0.01 }] },
    ])
  })
  test('a trial whose cost is unknown is left out of cost by role and counted, never taken as $0', () => {
    const unknown = makeRecord({ topology: 'star', trial: 2, byRole: { synthesizer: 0 } })
    unknown.cost.org.usd = null
    const run = makeRun([makeRecord({ topology: 'star', byRole: { synthesizer: 0.04 } }), unknown])
    expect(buildReportModel([run]).costByRole).toEqual([{ topology: 'star', unpriced: 1, parts: [{ category: 'synthesizer', usd: 0.04 }] }])
  })
  test('needs at least one run', () => {
    expect(() => buildReportModel([])).toThrow('at least one results file')
  })
})

describe('roleCategory', () => {
  test('names the coordination roles and groups every task-specific role as specialists', () => {
    expect(['single', 'coordinator', 'decomposer', 'synthesizer', 'security_reviewer', 'proposed_api_designer'].map(roleCategory)).toEqual([
      'single agent',
      'coordinator',
      'decomposer',
      'synthesizer',
      'specialists',
      'specialists',
    ])
  })
})
