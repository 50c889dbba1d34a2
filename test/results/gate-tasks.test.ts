import { describe, expect, test } from 'vitest'
import { memoryNotes, taskNotes } from '../../lib/results/gate-tasks.js'

const digest = (read: string, truth: string | null, scoring: string) => ({ read, truth, scoring })

describe("the gate's notes on tasks", () => {
  test('none when every task both runs have is the same', () => {
    const cases = [{ task: 'a', taskDigest: digest('r1', 't1', 's1') }]
    expect(taskNotes(cases, cases)).toEqual([])
  })

  test('a task whose parts differ is named with them; a task only one run has is left to the coverage notes', () => {
    const baseline = [{ task: 'a', taskDigest: digest('r1', 't1', 's1') }, { task: 'b', taskDigest: digest('r1', null, 's1') }]
    const current = [{ task: 'a', taskDigest: digest('r2', 't2', 's1') }, { task: 'c', taskDigest: digest('r1', null, 's1') }]
    expect(taskNotes(baseline, current)).toEqual(['task a: its brief or inputs, ground truth changed between the baseline and this run: its scores may differ for that reason alone'])
  })

  test('a side without digests (an older file) is said once; two older files get no note', () => {
    const old = [{ task: 'a' }, { task: 'b' }]
    const now = [{ task: 'a', taskDigest: digest('r1', 't1', 's1') }, { task: 'b', taskDigest: digest('r1', 't1', 's1') }]
    expect(taskNotes(old, now)).toEqual(['the baseline records no task digests (a file from an older orgbench): whether its tasks changed is not known'])
    expect(taskNotes(now, old)).toEqual(['this run records no task digests (a file from an older orgbench): whether its tasks changed is not known'])
    expect(taskNotes(old, old)).toEqual([])
  })
})

describe("the gate's notes on org memory", () => {
  test('a task whose agents read other memory versions is named with both; same memory, a task only one run has, or an older file: no note', () => {
    const baseline = [
      { task: 'a', memoryVersion: 'default' },
      { task: 'a', memoryVersion: 'default' },
      { task: 'b', memoryVersion: 'b@v1' },
      { task: 'c', memoryVersion: 'default' },
      { task: 'd' },
    ]
    const current = [
      { task: 'a', memoryVersion: 'a@v2' },
      { task: 'a', memoryVersion: 'off' },
      { task: 'b', memoryVersion: 'b@v1' },
      { task: 'd', memoryVersion: 'default' },
      { task: 'e', memoryVersion: 'e@v1' },
    ]
    expect(memoryNotes(baseline, current)).toEqual(['task a: its agents read org memory default in the baseline and a@v2, off in this run: its scores may differ for that reason alone'])
    expect(memoryNotes(baseline, baseline)).toEqual([])
  })
})
