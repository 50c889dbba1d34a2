import { describe, expect, test } from 'vitest'
import { aggregateCells, summarizeGroups } from '../../../lib/results/aggregate.js'
import { cellDifference, detectabilityNotes, matchedCoverage, missedCell, scoreCoverage, singleCoverage, TASK_COLUMNS, taskCells, TOPOLOGY_COLUMNS, topologyCells } from '../../../lib/results/report/tables.js'
import { trials } from '../fixtures.js'
import { twoTrackRun } from './shared.js'

describe('report tables', () => {
  const groups = summarizeGroups(twoTrackRun.cases).filter((g) => g.by === 'all')
  test('a topology row has one cell per column', () => {
    const star = topologyCells(groups.find((g) => g.topology === 'star')!)
    expect(star).toHaveLength(TOPOLOGY_COLUMNS.length)
    expect(star.slice(0, 4)).toEqual(['star', '2', '6/6', '78.8'])
  })
  test("a score over fewer tasks than the row has says how many it covers", () => {
    const records = [...trials([80, 90], { task: 'a', topology: 'hrm' }), ...trials([null, null], { task: 'b', topology: 'hrm' })]
    const hrm = summarizeGroups(records).find((g) => g.by === 'all')!
    expect(topologyCells(hrm).slice(1, 4)).toEqual(['2', '2/4', '85.0 (1 of 2 tasks)'])
    expect(scoreCoverage(hrm)).toBe('1 of 2 tasks')
    expect(scoreCoverage(groups[0]!)).toBeNull()
  })
  test('a task row has one cell per column', () => {
    const cell = aggregateCells(twoTrackRun.cases).find((c) => c.task === 'e1' && c.topology === 'star')!
    expect(taskCells(cell)).toHaveLength(TASK_COLUMNS.length)
    expect(taskCells(cell)[5]).toMatch(/^\+5\.7 \[/)
  })
  test('a cell whose every trial errored shows – for missed must-catch items, never 0', () => {
    expect(missedCell({ trials: 3, errors: 3, mustCatchMissed: 0 })).toBe('–')
    expect(missedCell({ trials: 3, errors: 2, mustCatchMissed: 0 })).toBe('0')
    expect(missedCell({ trials: 3, errors: 0, mustCatchMissed: 2 })).toBe('2')
  })
  test('says, per topology, how small a difference the run could not resolve: the MDE of the interval shown', () => {
    const three = [...twoTrackRun.cases, ...trials([50, 55, 60], { task: 'g1' }), ...trials([58, 57, 66], { task: 'g1', topology: 'star' })]
    const star = summarizeGroups(three).find((g) => g.by === 'all' && g.topology === 'star')!
    expect(detectabilityNotes([star])).toEqual([`star: with 3 tasks, a true difference from single smaller than ${star.vsSingle!.mde!.toFixed(1)} points would go unseen 20 % of the time or more.`])
    expect(star.vsSingle!.mde!).toBeGreaterThan((star.vsSingle!.adjusted!.ci.hi - star.vsSingle!.adjusted!.ci.lo) / 2)
  })
  test('a comparison with too few tasks for an interval has no MDE, and says so instead of printing one', () => {
    expect(detectabilityNotes(groups)).toEqual(['star: too few tasks (2) for an interval against single, so no MDE: this run cannot say which differences it would see.'])
    expect(topologyCells(groups.find((g) => g.topology === 'star')!)[TOPOLOGY_COLUMNS.indexOf('MDE')]).toBe('–')
  })
  // Three tasks: single, self_refine and star on all of them, hrm on all, with self_refine as its matched baseline.
  const three = ['a', 'b', 'c'].flatMap((task, i) => [
    ...trials([60 + i, 62, 61], { task }),
    ...trials([64 + i, 63, 65], { task, topology: 'self_refine' }),
    ...trials([70 + i, 71, 69], { task, topology: 'star' }),
    ...trials([72 + i, 70, 74], { task, topology: 'hrm' }),
  ])
  const matchedColumn = TOPOLOGY_COLUMNS.indexOf('Δ vs matched [95% CI]')
  test("a Δ vs matched against self_refine in another organisation's row is marked: self_refine spent star's budget", () => {
    const all = summarizeGroups(three).filter((g) => g.by === 'all')
    expect(topologyCells(all.find((g) => g.topology === 'hrm')!)[matchedColumn]).toMatch(/ ‡$/)
    expect(topologyCells(all.find((g) => g.topology === 'star')!)[matchedColumn]).not.toContain('‡')
  })
  test('a Δ vs matched paired over fewer tasks than the row has says over how many', () => {
    // hrm's self_refine ran only tasks a and b (a pooled report whose other run had no self_refine on c).
    const all = summarizeGroups(three.filter((r) => !(r.task === 'c' && r.topology === 'self_refine'))).filter((g) => g.by === 'all')
    const hrm = all.find((g) => g.topology === 'hrm')!
    expect(hrm.tasks).toBe(3)
    expect(matchedCoverage(hrm)).toBe(' (2 of 3 tasks)')
    expect(topologyCells(hrm)[matchedColumn]).toMatch(/\(2 of 3 tasks\) ‡$/)
    expect(matchedCoverage(summarizeGroups(three).find((g) => g.by === 'all' && g.topology === 'hrm')!)).toBe('')
  })
  test('a Δ vs single that pairs fewer trials or tasks than its row says over how many, in the task and the topology tables', () => {
    // On task a, single succeeded on trials 1 and 2 and star on 2 and 3: one pair, whose difference says nothing of the rows' scores (81 against 95).
    const records = [
      ...trials([80, 82, null], { task: 'a' }),
      ...trials([null, 90, 100], { task: 'a', topology: 'star' }),
      ...['b', 'c'].flatMap((task) => [...trials([70, 71, 72], { task }), ...trials([75, 74, 77], { task, topology: 'star' })]),
    ]
    const cells = aggregateCells(records)
    const a = cells.find((c) => c.task === 'a' && c.topology === 'star')!
    expect(cellDifference(a)).toBe('+8.0 (too few trials (1) for an interval) (1 of 3 trials paired)')
    expect(taskCells(a)[TASK_COLUMNS.indexOf('Δ vs single [95% CI]')]).toBe(cellDifference(a))
    expect(cellDifference(cells.find((c) => c.task === 'b' && c.topology === 'star')!)).not.toContain('paired')
    const star = summarizeGroups(records).find((g) => g.by === 'all' && g.topology === 'star')!
    expect(singleCoverage(star)).toBe(' (7 of 9 trials paired)')
    expect(topologyCells(star)[TOPOLOGY_COLUMNS.indexOf('Δ vs single [95% CI]')]).toMatch(/ \(7 of 9 trials paired\)$/)
    // single never succeeded on task c: star's difference rests on two of its three tasks.
    const noSingleOnC = records.filter((r) => !(r.task === 'c' && r.topology === 'single')).concat(trials([null, null, null], { task: 'c' }))
    expect(singleCoverage(summarizeGroups(noSingleOnC).find((g) => g.by === 'all' && g.topology === 'star')!)).toBe(' (2 of 3 tasks)')
  })
})
