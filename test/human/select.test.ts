import { describe, expect, test } from 'vitest'
import { choosePairs } from '../../lib/human/select.js'
import type { TestRecord } from '../../lib/results/record.js'
import { makeRecord } from '../results/fixtures.js'

const rec = (task: string, topology: string, trial: number, pairwise: 'win' | 'tie' | 'loss' | null = null) => makeRecord({ task, topology, trial, pairwise })
/** Two tasks, two organisations and the single agent, three trials each. */
const grid = ['t1', 't2'].flatMap((task) => ['single', 'star', 'pipeline'].flatMap((topology) => [1, 2, 3].map((trial) => rec(task, topology, trial))))
const orgOf = (p: { a: TestRecord; b: TestRecord }) => (p.a.topology === 'single' ? p.b : p.a)

describe('choosePairs', () => {
  test('pairs an organisation with the single agent of the same task and trial, each record at most once', () => {
    const pairs = choosePairs(grid, 100, 1)
    expect(pairs).toHaveLength(12)
    for (const p of pairs) {
      expect([p.a.topology, p.b.topology].filter((t) => t === 'single')).toHaveLength(1)
      expect([p.a.task, p.b.task, p.a.trial, p.b.trial]).toEqual([p.task, p.task, p.trial, p.trial])
    }
    expect(new Set(pairs.map((p) => `${orgOf(p).task}/${orgOf(p).topology}/${orgOf(p).trial}`)).size).toBe(12)
  })

  test('is stratified: four pairs from two tasks of two organisations are one per task and organisation', () => {
    const cells = choosePairs(grid, 4, 3).map((p) => `${p.task}/${orgOf(p).topology}`)
    expect(cells.sort()).toEqual(['t1/pipeline', 't1/star', 't2/pipeline', 't2/star'])
  })

  test('leaves out trials that errored or have no deliverable, on either side', () => {
    const records = [
      rec('t1', 'single', 1), rec('t1', 'star', 1),
      makeRecord({ task: 't1', topology: 'single', trial: 2, status: 'error' }), rec('t1', 'star', 2),
      rec('t1', 'single', 3), { ...rec('t1', 'star', 3), deliverable: null },
      rec('t1', 'star', 4),
    ]
    expect(choosePairs(records, 10, 1).map((p) => p.trial)).toEqual([1])
  })

  test('the same seed gives the same pairs; the A/B order is a coin flip across seeds', () => {
    const key = (seed: number) => choosePairs(grid, 6, seed).map((p) => `${p.a.topology}:${p.b.topology}:${p.task}:${p.trial}`)
    expect(key(5)).toEqual(key(5))
    const singleFirst = Array.from({ length: 20 }, (_, s) => choosePairs(grid, 12, s).filter((p) => p.a.topology === 'single').length)
    expect(singleFirst.reduce((a, b) => a + b, 0)).toBeGreaterThan(12 * 20 * 0.3)
    expect(singleFirst.reduce((a, b) => a + b, 0)).toBeLessThan(12 * 20 * 0.7)
  })

  test("the judge's pairwise verdict is translated into A/B: a win is the organisation's side, a loss the single agent's", () => {
    for (const [outcome, winner] of [['win', 'star'], ['loss', 'single']] as const) {
      const [p] = choosePairs([rec('t1', 'single', 1), rec('t1', 'star', 1, outcome)], 1, 2)
      expect(p!.judgePreference).toBe(p!.a.topology === winner ? 'A' : 'B')
      expect(p!.judgeOrdersAgreed).toBe(true)
    }
    expect(choosePairs([rec('t1', 'single', 1), rec('t1', 'star', 1, 'tie')], 1, 2)[0]).toMatchObject({ judgePreference: 'tie' })
  })

  test('no verdict, or a verdict against another baseline, is no judge preference', () => {
    const other = rec('t1', 'star', 1, 'win')
    const against = { ...other, scores: { ...other.scores, judge: { ...other.scores.judge!, pairwise: { ...other.scores.judge!.pairwise!, against: 'pipeline' } } } }
    expect(choosePairs([rec('t1', 'single', 1), against], 1, 2)[0]).toMatchObject({ judgePreference: null, judgeOrdersAgreed: null })
    expect(choosePairs([rec('t1', 'single', 1), rec('t1', 'star', 1)], 1, 2)[0]).toMatchObject({ judgePreference: null, judgeOrdersAgreed: null })
  })
})
