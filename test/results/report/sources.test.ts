import { describe, expect, test } from 'vitest'
import { describeSource, leftOutRuns, reportStatus, sourceLines, sourceSetting, statusPhrase, takeWholeTasks } from '../../../lib/results/report/sources.js'
import { makeRun, trials } from '../fixtures.js'

const newest = makeRun([...trials([70], { task: 'a' }), ...trials([71], { task: 'a', topology: 'star' })], { runId: 'sim-3', createdAt: '2026-01-03T00:00:00.000Z' })
const middle = makeRun([...trials([60], { task: 'a' }), ...trials([61], { task: 'b' }), ...trials([62], { task: 'b', topology: 'hrm' })], { runId: 'sim-2', createdAt: '2026-01-02T00:00:00.000Z' })
const oldest = makeRun(trials([50], { task: 'b' }), { runId: 'sim-1', createdAt: '2026-01-01T00:00:00.000Z' })

describe('takeWholeTasks', () => {
  test('each task with every topology from the newest run that has it; runs left with no task supply nothing', () => {
    expect(takeWholeTasks([newest, middle, oldest]).map(({ run, tasks }) => [run.runId, tasks])).toEqual([
      ['sim-3', ['a']],
      ['sim-2', ['b']],
    ])
  })
  test('the newest run is a source even without a case', () => {
    const empty = makeRun([], { runId: 'sim-empty' })
    expect(takeWholeTasks([empty, oldest]).map(({ run, tasks }) => [run.runId, tasks])).toEqual([
      ['sim-empty', []],
      ['sim-1', ['b']],
    ])
  })
})

describe('leftOutRuns', () => {
  test('a superseded run names the runs that took its tasks, and whether the learning curve still shows it', () => {
    const sources = takeWholeTasks([newest, middle, oldest]).map(describeSource)
    expect(leftOutRuns([oldest, middle, newest], newest, sources, new Set(), new Map())).toEqual([{ runId: 'sim-1', reason: 'superseded: each of its tasks is taken whole from a newer run (sim-2)' }])
    expect(leftOutRuns([oldest, middle, newest], newest, sources, new Set(['sim-1']), new Map())[0]!.reason).toMatch(/; still a point of the learning curve$/)
  })
})

describe('the words for the sources', () => {
  const sources = takeWholeTasks([newest, { ...middle, config: { ...middle.config, seed: 7 }, status: 'partial', statusReasons: ['filtered by ORGBENCH_TASKS=a,b'] }]).map(describeSource)
  test('a setting is one value, or every value marked as differing', () => {
    expect(sourceSetting(sources, (s) => s.trials)).toEqual({ text: '3', varies: false })
    expect(sourceSetting(sources, (s) => s.seed)).toEqual({ text: '1 or 7', varies: true })
  })
  test('one line per source when there are several; the run id alone when there is one', () => {
    expect(sourceLines(sources)).toEqual(['sim-3 (seed 1, 3 trial(s)): a', 'sim-2 (seed 7, 3 trial(s), partial): b'])
    expect(sourceLines(sources.slice(0, 1))).toEqual(['sim-3'])
  })
  test('a resumed run says how many times it was resumed', () => {
    const resumed = sources.map((s) => ({ ...s, sessions: 2 }))
    expect(sourceLines(resumed.slice(0, 1))).toEqual(['sim-3 (resumed 1 time(s))'])
    expect(sourceLines(resumed)[1]).toBe('sim-2 (seed 7, 3 trial(s), partial, resumed 1 time(s)): b')
  })
  test('the status names the incomplete run when there are several sources', () => {
    const status = reportStatus(sources, [{ status: 'ok' }])
    expect(statusPhrase(status)).toBe('partial — sim-2 is partial: filtered by ORGBENCH_TASKS=a,b')
    expect(statusPhrase(reportStatus(sources.slice(0, 1), [{ status: 'ok' }]))).toBe('complete')
    expect(statusPhrase(reportStatus(sources.slice(0, 1), [{ status: 'error' }]))).toBe('failed — no case succeeded (all 1 errored)')
  })
})
