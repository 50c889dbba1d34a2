import { describe, expect, test } from 'vitest'
import { caseMeta } from '../../lib/results/summary.js'
import { TestTally } from '../../lib/results/tally.js'
import { makeRecord } from './fixtures.js'

const id = (trial: number) => ({ task: 'task_a', topology: 'single', trial })
const meta = (trial: number, runId = 'run-1') => caseMeta(runId, makeRecord({ trial }))

describe('TestTally', () => {
  test('counts states, the cases that ran or were skipped, and the runs their records went to', () => {
    const tally = new TestTally()
    tally.add({ name: 'a', state: 'passed', meta: { orgbenchCase: id(1), orgbench: meta(1) } })
    tally.add({ name: 'b', state: 'failed', meta: { orgbenchCase: id(2), orgbench: meta(2, 'run-2') } })
    tally.add({ name: 'c', state: 'skipped', meta: { orgbenchCase: id(3) } })
    tally.add({ name: 'plain unit test', state: 'passed', meta: {} })
    tally.add({ name: 'todo', state: 'pending', meta: {} })
    expect(tally.counts()).toEqual({ passed: 2, failed: 1, skipped: 2 })
    expect(tally.total()).toBe(5)
    expect(tally.ran()).toEqual([id(1), id(2)])
    expect(tally.skippedCases()).toEqual([id(3)])
    expect(tally.runIds()).toEqual(['run-1', 'run-2'])
    expect(tally.warnings()).toEqual([])
  })
  test("benchmark counts leave out unit tests (a filter that selects no case is named even when unit tests ran) and keep the learning loop's tests", () => {
    const tally = new TestTally()
    tally.add({ name: 'unit a', state: 'passed', meta: {} })
    tally.add({ name: 'unit b', state: 'failed', meta: {} })
    tally.add({ name: 'task_a × single · learn #1', state: 'failed', meta: { orgbenchCases: [] } })
    tally.add({ name: 'task_a · memory', state: 'passed', meta: { orgbenchMemory: 'task_a' } })
    tally.add({ name: 'c', state: 'skipped', meta: { orgbenchCase: id(3) } })
    expect(tally.benchmarkCounts()).toEqual({ passed: 1, failed: 1 })
    expect(new TestTally().benchmarkCounts()).toEqual({ passed: 0, failed: 0 })
  })
  test('an invalid summary in meta becomes a warning naming the test', () => {
    const tally = new TestTally()
    tally.add({ name: 'task_a × star #1', state: 'failed', meta: { orgbenchCase: id(1), orgbench: { task: 'task_a', trial: 'one' } } })
    expect(tally.warnings()).toHaveLength(1)
    expect(tally.warnings()[0]).toMatch(/^test "task_a × star #1" left an invalid summary in its meta: /)
    expect(tally.runIds()).toEqual([])
  })
})
