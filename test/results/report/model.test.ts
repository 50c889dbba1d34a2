import { describe, expect, test } from 'vitest'
import { buildReportModel, colorOf, roleCategory } from '../../../lib/results/report/model.js'
import { makeRecord, makeRun, trials } from '../fixtures.js'

const enterprise = makeRun([...trials([70, 80], { task: 'e1' }), ...trials([90, 90], { task: 'e1', topology: 'star' })], { runId: 'sim-a', createdAt: '2026-01-01T00:00:00.000Z' })
const finance = makeRun([...trials([60], { task: 'f1', track: 'finance', costCenter: 'treasury' }), ...trials([99], { task: 'e1' })], { runId: 'sim-b', createdAt: '2026-01-02T00:00:00.000Z' })

describe('buildReportModel', () => {
  const model = buildReportModel([finance, enterprise])
  test('takes each task × topology from the newest run that has it', () => {
    expect(model.primary.runId).toBe('sim-b')
    expect(model.sources.map((s) => s.runId)).toEqual(['sim-b', 'sim-a'])
    const e1single = model.cells.find((c) => c.task === 'e1' && c.topology === 'single')!
    expect(e1single.headline).toMatchObject({ n: 1, mean: 99 })
    expect(model.cells.find((c) => c.task === 'e1' && c.topology === 'star')!.headline.mean).toBe(90)
  })
  test('lists tracks, cost centers and topologies in canonical order with stable colours', () => {
    expect(model.tracks).toEqual(['enterprise', 'finance'])
    expect(model.costCenters).toEqual(['engineering', 'treasury'])
    expect(model.topologies.map((t) => t.topology)).toEqual(['single', 'star'])
    expect(colorOf(model, 'star')).not.toBe(colorOf(model, 'single'))
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
