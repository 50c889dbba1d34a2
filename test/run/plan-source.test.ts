import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { fromDryPass, fromNewestResults, plannedCells, powerReferenceRun } from '../../lib/run/plan-source.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { makeRecord, writeRunFixture } from '../results/fixtures.js'
import { tempDir } from '../support/temp.js'

const registry = await loadRegistry()

describe('what a plan is based on', () => {
  test('the planned cells follow the same filters as a run', () => {
    const config = loadConfig({ env: { ORGBENCH_TASKS: 'code_review_execution,strategic_planning', ORGBENCH_TOPOLOGIES: 'single,star', ORGBENCH_TRIALS: '5' }, cwd: tempDir() })
    expect(plannedCells(config, registry.tasks).map((c) => `${c.task}/${c.topology}/${c.trials}`)).toEqual([
      'code_review_execution/single/5',
      'code_review_execution/star/5',
      'strategic_planning/single/5',
      'strategic_planning/star/5',
    ])
  })

  test('ORGBENCH_TIER keeps the tasks of its tier, as in a run', () => {
    const tasks = (tier: string) => new Set(plannedCells(loadConfig({ env: { ORGBENCH_TIER: tier, ORGBENCH_TOPOLOGIES: 'single' }, cwd: tempDir() }), registry.tasks).map((c) => c.task))
    const hard = registry.tasks.filter((t) => t.tier === 'hard').map((t) => t.id)
    expect(hard.length).toBeGreaterThan(0)
    expect([...tasks('hard')].sort()).toEqual(hard.sort())
    expect([...tasks('standard')].filter((t) => hard.includes(t))).toEqual([])
    expect(tasks('standard').size + tasks('hard').size).toBe(tasks('all').size)
    expect(tasks('all').size).toBe(registry.tasks.length)
  })

  test('the newest comparable results file that covers every cell is used; others are skipped', async () => {
    const root = tempDir()
    const dir = join(root, 'results', 'runs')
    mkdirSync(dir, { recursive: true })
    const config = loadConfig({ env: { ORGBENCH_TASKS: 'strategic_planning', ORGBENCH_TOPOLOGIES: 'single' }, cwd: root })
    await writeRunFixture(join(dir, 'sim-20260101T000000Z-aaaaaa.json'), [makeRecord({ task: 'strategic_planning', topology: 'single', headline: 70 })], { runId: 'sim-20260101T000000Z-aaaaaa' })
    await writeRunFixture(join(dir, 'sim-20260201T000000Z-bbbbbb.json'), [makeRecord({ task: 'software_architecture', topology: 'single', headline: 70 })], { runId: 'sim-20260201T000000Z-bbbbbb' })
    writeFileSync(join(dir, 'sim-20260301T000000Z-cccccc.json'), '{ broken')
    const found = await fromNewestResults(config, plannedCells(config, registry.tasks), root)
    expect(found?.source).toBe('results/runs/sim-20260101T000000Z-aaaaaa.json (the newest comparable results file)')
    expect(found?.cells[0]!.observations).toHaveLength(1)
    expect(await fromNewestResults({ ...config, model: 'sim-weak' }, plannedCells(config, registry.tasks), root)).toBeNull()
  })

  test("the gate's power is sized from the newest comparable run with at least two trials per cell that has every planned cell", async () => {
    const root = tempDir()
    const dir = join(root, 'results', 'runs')
    mkdirSync(dir, { recursive: true })
    const config = loadConfig({ env: {}, cwd: root })
    const cells = [{ task: 'task_a', topology: 'single' }]
    await writeRunFixture(join(dir, 'sim-20260101T000000Z-aaaaaa.json'), [makeRecord({ headline: 70 })], { runId: 'sim-20260101T000000Z-aaaaaa' })
    await writeRunFixture(join(dir, 'sim-20260201T000000Z-bbbbbb.json'), [makeRecord({ headline: 60 }), makeRecord({ headline: 80, trial: 2 })], { runId: 'sim-20260201T000000Z-bbbbbb' })
    writeFileSync(join(dir, 'sim-20260301T000000Z-cccccc.json'), '{ broken')
    const found = powerReferenceRun(config, cells, root)
    expect(found?.source).toBe('results/runs/sim-20260201T000000Z-bbbbbb.json (the newest comparable results file with every planned cell)')
    expect(found?.run.cases.map((c) => c.scores.headline)).toEqual([60, 80])
    expect(powerReferenceRun({ ...config, model: 'sim-weak' }, cells, root)).toBeNull()
    expect(powerReferenceRun({ ...config, trials: 1 }, cells, root)?.run.config.trials).toBe(3)
  })

  test('a newer run filtered to fewer planned cells does not hide one that has them all, or the one that has the most', async () => {
    const root = tempDir()
    const dir = join(root, 'results', 'runs')
    mkdirSync(dir, { recursive: true })
    const config = loadConfig({ env: {}, cwd: root })
    const trialsOf = (topology: string) => [makeRecord({ topology, headline: 60 }), makeRecord({ topology, headline: 80, trial: 2 })]
    await writeRunFixture(join(dir, 'sim-20260101T000000Z-aaaaaa.json'), [...trialsOf('single'), ...trialsOf('star'), ...trialsOf('hrm')], { runId: 'sim-20260101T000000Z-aaaaaa' })
    await writeRunFixture(join(dir, 'sim-20260201T000000Z-bbbbbb.json'), [...trialsOf('single'), ...trialsOf('star')], { runId: 'sim-20260201T000000Z-bbbbbb' })
    await writeRunFixture(join(dir, 'sim-20260301T000000Z-cccccc.json'), trialsOf('hrm'), { runId: 'sim-20260301T000000Z-cccccc' })
    const cells = (topologies: string[]) => topologies.map((topology) => ({ task: 'task_a', topology }))
    expect(powerReferenceRun(config, cells(['single', 'star', 'hrm']), root)?.source).toBe(
      'results/runs/sim-20260101T000000Z-aaaaaa.json (the newest comparable results file with every planned cell)',
    )
    expect(powerReferenceRun(config, cells(['single', 'star', 'hrm', 'pipeline']), root)?.source).toBe(
      'results/runs/sim-20260101T000000Z-aaaaaa.json (no comparable results file has every planned cell; this one has the most, 3 of 4)',
    )
    expect(powerReferenceRun(config, cells(['single', 'pipeline']), root)?.source).toBe(
      'results/runs/sim-20260201T000000Z-bbbbbb.json (no comparable results file has every planned cell; this one has the most, 1 of 2)',
    )
  })

  test('without one, a dry pass on the embedded simulator observes every cell with the run\'s seeds, standing in sim models for a real one', async () => {
    const config = loadConfig({ env: { ORGBENCH_BASE_URL: 'http://192.0.2.1:9/v1', ORGBENCH_MODEL: 'real-model', ORGBENCH_JUDGE_MODEL: 'real-judge', ORGBENCH_TASKS: 'strategic_planning', ORGBENCH_TOPOLOGIES: 'single' }, cwd: tempDir() })
    const found = await fromDryPass(config, registry, plannedCells(config, registry.tasks))
    expect(found.cells[0]!.observations).toHaveLength(2)
    expect(found.cells[0]!.observations[0]!.orgPrompt).toBeGreaterThan(1000)
    expect(found.source).toBe('a dry pass on the embedded simulator (2 trials per task × topology, no latency; standing in sim-strong for real-model and sim-judge for real-judge)')
  })
})
