import { afterEach, describe, expect, test, vi } from 'vitest'
import { duration, memoryLine, RunProgress } from '../../lib/results/progress.js'
import type { CaseMeta } from '../../lib/results/summary.js'
import ProgressReporter from '../../reporters/progress.js'

const id = (topology: string, trial = 1) => ({ task: 'code_review', topology, trial })
const ok = (headline: number, orgUsd: number | null, judgeUsd: number | null = 0.001): CaseMeta => ({ runId: 'r', status: 'ok', headline, judge: 70, mustCatch: '2/2', orgUsd, judgeUsd, error: null })
const failed: CaseMeta = { runId: 'r', status: 'error', headline: null, judge: null, mustCatch: '0/2', orgUsd: 0.002, judgeUsd: 0, error: 'agent: api_error: connection refused (http://127.0.0.1:9/v1)' }

describe('RunProgress', () => {
  test('one line per finished benchmark case: status, case, score, spend, done/total, running spend', () => {
    const p = new RunProgress('[orgbench]')
    p.declare([{ orgbenchCase: id('single') }, { orgbenchCase: id('star') }, { orgbenchCase: id('hrm') }, {}], 0, true)
    expect(p.finish({ state: 'passed', meta: { orgbenchCase: id('single'), orgbench: ok(82.94, 0.02) } })).toBe('[orgbench] ok    code_review × single #1 · score 82.9 · $0.0210 · 1/3 · spent $0.0210')
    expect(p.finish({ state: 'failed', meta: { orgbenchCase: id('star'), orgbench: failed } })).toBe('[orgbench] ERROR code_review × star #1 · error in agent: api_error · $0.00200 · 2/3 · spent $0.0230')
    // An unpriced case makes the running spend a lower bound.
    expect(p.finish({ state: 'failed', meta: { orgbenchCase: id('hrm'), orgbench: ok(50, null) } })).toBe('[orgbench] FAIL  code_review × hrm #1 · score 50.0 · n/a · 3/3 · spent ≥ $0.0230')
  })
  test('a case that failed without leaving a record says why, from its first error line, where it would otherwise say only "no record"', () => {
    const p = new RunProgress('[orgbench]')
    p.declare([{ orgbenchCase: id('single') }, { orgbenchCase: id('star') }], 0, true)
    const error = '/r/journal/001.jsonl: the record of code_review × single #1 could not be written to the run journal: no space left on the device (ENOSPC); the case has no result, and a resume runs it again\n    at append'
    expect(p.finish({ state: 'failed', meta: { orgbenchCase: id('single') }, error })).toBe(`[orgbench] ERROR code_review × single #1 · ${error.split('\n')[0]} · n/a · 1/2 · spent ≥ $0`)
    expect(p.finish({ state: 'failed', meta: { orgbenchCase: id('star') } })).toContain(' · no record · ')
  })
  test('a scored case whose judgements partly failed says how many were left out of its score', () => {
    const p = new RunProgress('[x]')
    p.declare([{ orgbenchCase: id('single') }, { orgbenchCase: id('star') }], 0, true)
    expect(p.finish({ state: 'passed', meta: { orgbenchCase: id('single'), orgbench: { ...ok(84.5, 0.02), judgeFailures: 0 } } })).toBe('[x] ok    code_review × single #1 · score 84.5 · $0.0210 · 1/2 · spent $0.0210')
    expect(p.finish({ state: 'passed', meta: { orgbenchCase: id('star'), orgbench: { ...ok(84.5, 0.02), judgeFailures: 2 } } })).toBe('[x] ok    code_review × star #1 · score 84.5 (2 judgements failed, left out) · $0.0210 · 2/2 · spent $0.0420')
  })
  test('a case with a call of unknown cost shows and adds its known part, and the running spend stays a lower bound', () => {
    const p = new RunProgress('[x]')
    p.declare([{ orgbenchCase: id('single') }, { orgbenchCase: id('star') }], 0, true)
    const partlyKnown: CaseMeta = { ...ok(99.4, null, 0.004), knownUsd: 0.0229, paid: { knownUsd: 0.0229, complete: false } }
    expect(p.finish({ state: 'passed', meta: { orgbenchCase: id('single'), orgbench: partlyKnown } })).toBe('[x] ok    code_review × single #1 · score 99.4 · ≥ $0.0229 · 1/2 · spent ≥ $0.0229')
    const known: CaseMeta = { ...ok(90, 0.02, 0.001), knownUsd: 0.021, paid: { knownUsd: 0.021, complete: true } }
    expect(p.finish({ state: 'passed', meta: { orgbenchCase: id('star'), orgbench: known } })).toBe('[x] ok    code_review × star #1 · score 90.0 · $0.0210 · 2/2 · spent ≥ $0.0439')
  })
  test("the running spend is what this run paid: replies from an earlier run's response cache are not paid again", () => {
    const p = new RunProgress('[x]')
    p.declare([{ orgbenchCase: id('single') }, { orgbenchCase: id('star') }], 0, true)
    const cached: CaseMeta = { ...ok(96.1, 0.0637, 0.011), knownUsd: 0.0747, paid: { knownUsd: 0, complete: true } }
    expect(p.finish({ state: 'passed', meta: { orgbenchCase: id('single'), orgbench: cached } })).toBe('[x] ok    code_review × single #1 · score 96.1 · $0.0747 · 1/2 · spent $0')
    const halfCached: CaseMeta = { ...ok(96.1, 0.0637, 0.011), knownUsd: 0.0747, paid: { knownUsd: 0.011, complete: true } }
    expect(p.finish({ state: 'passed', meta: { orgbenchCase: id('star'), orgbench: halfCached } })).toBe('[x] ok    code_review × star #1 · score 96.1 · $0.0747 · 2/2 · spent $0.0110')
    expect(p.heartbeat(1_000)).toBe('[x] 2/2 cases · 0 error(s) · spent $0.0110 · 1s elapsed · ETA 0s')
  })
  test('a case run on the simulator says so at the end of its line, and so does every line after it, heartbeats included', () => {
    const p = new RunProgress('[x]')
    p.declare([{ orgbenchCase: id('single') }, { orgbenchCase: id('star') }, { orgbenchCase: id('hrm') }], 0, true)
    expect(p.finish({ state: 'passed', meta: { orgbenchCase: id('single'), orgbench: { ...ok(99.4, 0.011, 0), simulated: true } } })).toBe('[x] ok    code_review × single #1 · score 99.4 · $0.0110 · 1/3 · spent $0.0110 · simulated')
    expect(p.heartbeat(2_000)).toBe('[x] 1/3 cases · 0 error(s) · spent $0.0110 · 2s elapsed · ETA 4s · simulated')
    // An older meta, which does not say, in a simulated run.
    expect(p.finish({ state: 'passed', meta: { orgbenchCase: id('star'), orgbench: ok(90, 0.01, 0) } })).toMatch(/ · 2\/3 · spent \$0\.0210 · simulated$/)
    const real = new RunProgress('[x]')
    real.declare([{ orgbenchCase: id('single') }], 0, true)
    expect(real.finish({ state: 'passed', meta: { orgbenchCase: id('single'), orgbench: { ...ok(99.4, 0.011, 0), simulated: false } } })).toBe('[x] ok    code_review × single #1 · score 99.4 · $0.0110 · 1/1 · spent $0.0110')
  })
  test('unit tests and skipped cases print nothing and count nothing', () => {
    const p = new RunProgress('[x]')
    expect(p.active()).toBe(false)
    expect(p.finish({ state: 'passed', meta: {} })).toBeNull()
    expect(p.finish({ state: 'skipped', meta: { orgbenchCase: id('single') } })).toBeNull()
    expect(p.heartbeat(0)).toBe('[x] 0/0+ cases · 0 error(s) · spent $0 · 0s elapsed · ETA unknown')
  })
  test('the heartbeat estimates the time left from the pace so far', () => {
    const p = new RunProgress('[x]')
    // Unit tests ran before: the clock starts when the first benchmark case is declared.
    p.declare([{}, {}], 0)
    p.declare([1, 2].map((t) => ({ orgbenchCase: id('single', t) })), 1_000)
    p.finish({ state: 'passed', meta: { orgbenchCase: id('single', 1), orgbench: ok(80, 0.01, 0) } })
    // While files are still being collected the total is a lower bound, and so is the time left.
    expect(p.heartbeat(31_000)).toBe('[x] 1/2+ cases · 0 error(s) · spent $0.0100 · 30s elapsed · ETA ≥ 30s')
    p.declare([3, 4].map((t) => ({ orgbenchCase: id('single', t) })), 2_000, true)
    expect(p.heartbeat(31_000)).toBe('[x] 1/4 cases · 0 error(s) · spent $0.0100 · 30s elapsed · ETA 1m30s')
  })
  test('a test that runs cases inside it (a learning iteration) declares them; each case reported prints its line, and the test gives back the ones it did not run', () => {
    const p = new RunProgress('[x]')
    p.declare([{ orgbenchCases: 3 }, { orgbenchCases: 2 }], 0, true)
    expect(p.finishCase({ name: 'code_review × single · learn #1 · training seed 1', meta: ok(90, 0.01, 0) })).toBe('[x] ok    code_review × single · learn #1 · training seed 1 · score 90.0 · $0.0100 · 1/5 · spent $0.0100')
    expect(p.finishCase({ name: 'code_review × single · learn #1 · held-out seed 2', meta: failed })).toBe('[x] ERROR code_review × single · learn #1 · held-out seed 2 · error in agent: api_error · $0.00200 · 2/5 · spent $0.0120')
    // The iteration failed after two of its three cases: the third is no longer expected.
    expect(p.finish({ state: 'failed', meta: { orgbenchCases: 3 }, reported: 2, name: 'code_review × single · learn #1' })).toBeNull()
    expect(p.heartbeat(10_000)).toBe('[x] 2/4 cases · 1 error(s) · spent $0.0120 · 10s elapsed · ETA 10s')
    // The next one skipped itself: none of its cases will run, and it says why.
    expect(p.finish({ state: 'skipped', meta: { orgbenchCases: 2 }, reported: 0, name: 'code_review × single · learn #2', note: 'stopped after iteration 1: plateau' })).toBe('[x] skipped code_review × single · learn #2: stopped after iteration 1: plateau')
    expect(p.heartbeat(10_000)).toBe('[x] 2/2 cases · 1 error(s) · spent $0.0120 · 10s elapsed · ETA 0s')
  })
  test('durations read as seconds, minutes or hours', () => {
    expect([duration(0), duration(59_400), duration(65_000), duration(2 * 3600_000 + 3 * 60_000)]).toEqual(['0s', '59s', '1m05s', '2h03m'])
  })
})

describe('memoryLine', () => {
  test("a learning run's memory test says what it wrote, or why it wrote nothing", () => {
    const name = 'code_review × memory'
    expect(memoryLine('[x]', { name, state: 'passed', wrote: 'wrote memory code_review@v2: 4 lesson(s), 1 drop(s) recorded' })).toBe('[x] code_review × memory: wrote memory code_review@v2: 4 lesson(s), 1 drop(s) recorded')
    expect(memoryLine('[x]', { name, state: 'skipped', note: 'ORGBENCH_TOPOLOGIES=hrm selects none of the task\'s learning arms' })).toBe("[x] code_review × memory: no version written: ORGBENCH_TOPOLOGIES=hrm selects none of the task's learning arms")
    expect(memoryLine('[x]', { name, state: 'failed', error: 'memory not written: the learning run is incomplete (an arm did not start)' })).toBe('[x] code_review × memory: FAILED: memory not written: the learning run is incomplete (an arm did not start)')
  })
})

describe('the progress reporter', () => {
  afterEach(() => vi.useRealTimers())
  const module = (metas: object[]) => ({ children: { allTests: () => metas.map((m) => ({ options: { mode: 'run' }, meta: () => m })) } })
  const finished = (meta: object, state = 'passed', artifacts: object[] = []) => ({ name: 'a test', options: { mode: 'run' }, result: () => ({ state }), meta: () => meta, artifacts: () => artifacts })

  test('without a terminal it prints a heartbeat every interval, and stops at the end of the run', () => {
    vi.useFakeTimers({ now: 0 })
    const lines: string[] = []
    const reporter = new ProgressReporter({ isTTY: false, heartbeatS: 15, print: (l) => lines.push(l) })
    reporter.onTestRunStart([{}])
    reporter.onTestModuleCollected(module([{ orgbenchCase: id('single') }, { orgbenchCase: id('star') }]) as never)
    vi.advanceTimersByTime(10_000)
    reporter.onTestCaseResult(finished({ orgbenchCase: id('single'), orgbench: ok(80, 0.01, 0) }) as never)
    vi.advanceTimersByTime(5_000)
    expect(lines).toEqual(['[orgbench] ok    code_review × single #1 · score 80.0 · $0.0100 · 1/2 · spent $0.0100', '[orgbench] 1/2 cases · 0 error(s) · spent $0.0100 · 15s elapsed · ETA 15s'])
    vi.advanceTimersByTime(15_000)
    expect(lines).toHaveLength(3)
    reporter.onTestRunEnd()
    vi.advanceTimersByTime(60_000)
    expect(lines).toHaveLength(3)
  })
  test('prints a line per case a learning iteration reports, and counts the ones it declared and did not run out of the total', () => {
    vi.useFakeTimers({ now: 0 })
    const lines: string[] = []
    const reporter = new ProgressReporter({ isTTY: false, heartbeatS: 15, print: (l) => lines.push(l) })
    reporter.onTestRunStart([{}])
    reporter.onTestModuleCollected(module([{ orgbenchCases: 3 }, { orgbenchCases: 2 }, {}]) as never)
    const artifact = { type: 'orgbench:case', name: 'code_review × star · learn #1 · held-out seed 3', meta: ok(70, 0.02, 0) }
    reporter.onTestCaseArtifactRecord({} as never, artifact as never)
    // Other artifacts (an annotation) are not cases.
    reporter.onTestCaseArtifactRecord({} as never, { type: 'internal:annotation' } as never)
    reporter.onTestCaseResult(finished({ orgbenchCases: 3 }, 'failed', [artifact, { type: 'internal:annotation' }]) as never)
    // An iteration -t left out was never declared: its cases stay out of the total.
    reporter.onTestCaseResult({ ...finished({ orgbenchCases: 2 }, 'skipped'), options: { mode: 'skip' } } as never)
    vi.advanceTimersByTime(15_000)
    expect(lines).toEqual(['[orgbench] ok    code_review × star · learn #1 · held-out seed 3 · score 70.0 · $0.0200 · 1/5 · spent $0.0200', '[orgbench] 1/3 cases · 0 error(s) · spent $0.0200 · 15s elapsed · ETA 30s'])
    reporter.onTestRunEnd()
  })
  test("prints whether a learning run's memory test wrote a version; a memory test a filter left out prints nothing", () => {
    const lines: string[] = []
    const reporter = new ProgressReporter({ isTTY: true, print: (l) => lines.push(l) })
    reporter.onTestRunStart([{}])
    const memoryTest = (mode: string, result: object, annotations: object[] = []) => ({ name: 'code_review · memory', options: { mode }, result: () => result, meta: () => ({ orgbenchMemory: 'code_review' }), annotations: () => annotations, artifacts: () => [] })
    reporter.onTestCaseResult(memoryTest('run', { state: 'skipped', note: 'ORGBENCH_TOPOLOGIES=star leaves out the arm(s) single' }) as never)
    reporter.onTestCaseResult(memoryTest('run', { state: 'passed' }, [{ type: 'orgbench:memory', message: 'wrote memory code_review@v3: 2 lesson(s), 0 drop(s) recorded' }]) as never)
    reporter.onTestCaseResult(memoryTest('skip', { state: 'skipped' }) as never)
    expect(lines).toEqual(['[orgbench] code_review · memory: no version written: ORGBENCH_TOPOLOGIES=star leaves out the arm(s) single', '[orgbench] code_review · memory: wrote memory code_review@v3: 2 lesson(s), 0 drop(s) recorded'])
    reporter.onTestRunEnd()
  })
  test('on a terminal, or with the interval at 0, there is no heartbeat', () => {
    vi.useFakeTimers({ now: 0 })
    for (const options of [{ isTTY: true, heartbeatS: 15 }, { isTTY: false, heartbeatS: 0 }]) {
      const lines: string[] = []
      const reporter = new ProgressReporter({ ...options, print: (l) => lines.push(l) })
      reporter.onTestRunStart([{}])
      reporter.onTestModuleCollected(module([{ orgbenchCase: id('single') }]) as never)
      vi.advanceTimersByTime(60_000)
      expect(lines).toEqual([])
      reporter.onTestRunEnd()
    }
  })
})
