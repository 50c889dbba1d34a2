import { describe, expect, test } from 'vitest'
import { tQuantile } from '../../lib/eval/distributions.js'
import { powerPlan, renderPowerPlan } from '../../lib/results/power.js'
import type { TestRecord } from '../../lib/results/record.js'
import { makeRecord } from './fixtures.js'

// 4 tasks in one track, 2 topologies, each cell 70 / 80 / 90: within-cell SD 10 everywhere.
const cases = ['t1', 't2', 't3', 't4'].flatMap((task) => ['single', 'star'].flatMap((topology) => [70, 80, 90].map((headline, i) => makeRecord({ task, topology, trial: i + 1, headline }))))
/** The planned run with the same cells as `rs`. */
const shapeOf = (rs: readonly TestRecord[]) => [...new Map(rs.map((r) => [`${r.task} ${r.topology}`, { task: r.task, topology: r.topology, track: r.track }])).values()]

describe('powerPlan: trials per cell for a target MDE, per level, from a run\'s spread', () => {
  const plan = powerPlan(cases, shapeOf(cases), { trials: 3, target: 10 })!
  test('uses the pooled within-cell SD and the gate\'s families: suite 4 metrics × 2 topologies at α/2', () => {
    expect(plan.sd).toBeCloseTo(10, 10)
    const suite = plan.levels.find((l) => l.level === 'suite')!
    expect(suite).toMatchObject({ tasks: 4, rows: 8 })
    // SE = 10 · √(2/3) / √4 on 3 df; the strictest Holm step is 0.025 / 8.
    const se = (10 * Math.sqrt(2 / 3)) / 2
    expect(suite.mdeAtTrials).toBeCloseTo((tQuantile(1 - 0.025 / 8, 3) + tQuantile(0.8, 3)) * se, 8)
  })
  test('trialsNeeded is the fewest trials whose MDE is at most the target', () => {
    for (const l of plan.levels) {
      if (l.trialsNeeded === null) continue
      const at = (n: number) => powerPlan(cases, shapeOf(cases), { trials: n, target: 10 })!.levels.find((x) => x.level === l.level)!.mdeAtTrials!
      expect(at(l.trialsNeeded)).toBeLessThanOrEqual(10)
      if (l.trialsNeeded > 2) expect(at(l.trialsNeeded - 1)).toBeGreaterThan(10)
    }
    expect(plan.levels.find((l) => l.level === 'suite')!.trialsNeeded).not.toBeNull()
  })
  test('a run without two scored trials in any cell cannot size anything, and says so', () => {
    expect(powerPlan([makeRecord({ headline: 80 })], shapeOf([makeRecord({ headline: 80 })]), { trials: 3, target: 5 })).toBeNull()
    expect(renderPowerPlan(null, 'x.json')).toEqual(['power: x.json has no planned cell with two scored trials; nothing to size from'])
  })
  test('a level with fewer than two tasks per row cannot be tested, and says so instead of "more than 100"', () => {
    const one = cases.filter((c) => c.task === 't1')
    const single = powerPlan(one, shapeOf(one), { trials: 3, target: 5 })!
    expect(single.levels.map((l) => [l.level, l.tasks, l.testable])).toEqual([
      ['suite', 1, false],
      ['track', 0, false],
      ['cell', 1, true],
    ])
    const rows = renderPowerPlan(single, 'x.json').filter((l) => /^(suite|track|cell) /.test(l))
    expect(rows[0]).toMatch(/^suite +1 +8 +n\/a +n\/a \(needs 2\+ tasks\)$/)
    expect(rows[1]).toMatch(/^track +0 +0 +n\/a +n\/a \(needs 2\+ tasks\)$/)
    expect(rows[2]).toMatch(/^cell +1 +8 +\d+\.\d pts +(\d+|more than 100)$/)
  })
  test('a run without spread in any cell says so instead of an MDE of 0', () => {
    const flat = ['t1', 't2'].flatMap((task) => [1, 2, 3].map((trial) => makeRecord({ task, trial, headline: 80 })))
    expect(renderPowerPlan(powerPlan(flat, shapeOf(flat), { trials: 3, target: 5 }), 'x.json')).toEqual(['power: x.json has no spread within its cells (every trial of a cell scored the same); an MDE cannot be sized from it'])
  })
  test('the rows are the planned run\'s, not the reference run\'s: 2 of its 4 tasks and one of its topologies', () => {
    // star is the noisy one in this reference; the plan has single only, so star's spread must not be used.
    const noisyStar = cases.map((r) => (r.topology === 'star' ? { ...r, scores: { ...r.scores, headline: r.scores.headline === 80 ? 80 : r.scores.headline! < 80 ? 40 : 120 } } : r))
    const planned = shapeOf(cases).filter((c) => c.topology === 'single' && (c.task === 't1' || c.task === 't2'))
    const plan = powerPlan(noisyStar, planned, { trials: 3, target: 10 })!
    expect(plan).toMatchObject({ sd: expect.closeTo(10, 10), sdTopology: 'single', missing: 0, planned: 2 })
    expect(plan.levels.map((l) => [l.level, l.tasks, l.rows])).toEqual([
      ['suite', 2, 4],
      ['track', 2, 4],
      ['cell', 1, 8],
    ])
  })
  test('planned cells the reference run lacks still count as rows, and the plan says where its SD comes from', () => {
    const planned = [...shapeOf(cases), { task: 't5', topology: 'single', track: 'enterprise' }]
    const plan = powerPlan(cases, planned, { trials: 3, target: 10 })!
    expect(plan.levels.find((l) => l.level === 'suite')).toMatchObject({ tasks: 5, rows: 8 })
    expect(renderPowerPlan(plan, 'x.json')).toContain('  that file lacks 1 of the 9 planned cells: the SD comes from the other 8')
  })
  test('renders one line per level, under 120 columns', () => {
    const lines = renderPowerPlan(plan, 'results/runs/x.json')
    expect(lines.filter((l) => /^(suite|track|cell) /.test(l))).toHaveLength(3)
    expect(lines.every((l) => l.length <= 120)).toBe(true)
  })
})
