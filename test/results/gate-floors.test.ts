import { describe, expect, test } from 'vitest'
import { floorChecks } from '../../lib/results/gate-floors.js'
import { GateOptions, type GateRun } from '../../lib/results/gate.js'
import type { TestRecord } from '../../lib/results/record.js'
import { capStopped, makeRecord } from './fixtures.js'

const run = (cases: TestRecord[]): GateRun => ({ runId: 'run', simulated: true, config: { model: 'm', judgeModel: 'j' }, cases })
const options = (floors: Partial<GateOptions['floors']> = {}) => GateOptions.parse({ floors: { mustCatchRecall: 90, errorRate: 10, judgeErrorRate: 10, costRatio: 1.5, costPerCaseUsd: null, ...floors } })
const named = (checks: ReturnType<typeof floorChecks>, name: string) => checks.filter((c) => c.name === name)
const baseline = run([1, 2].map((trial) => makeRecord({ trial })))

describe('floorChecks', () => {
  test('a value exactly at a floor or ceiling passes; just beyond it breaches', () => {
    // 9 of 10 must-catch items is exactly the 90 % floor; 1 errored trial of 10 is exactly the 10 % ceiling.
    const atLimit = [makeRecord({ trial: 1, mustCatch: [9, 10] }), ...Array.from({ length: 8 }, (_, i) => makeRecord({ trial: i + 2, mustCatch: [0, 0] })), makeRecord({ trial: 10, status: 'error' })]
    const checks = floorChecks(baseline, run(atLimit), options())
    expect(named(checks, 'must-catch recall')).toEqual([expect.objectContaining({ value: 90, breached: false, message: 'caught 90.0 % of must-catch items (floor 90 %)' })])
    expect(named(checks, 'error rate')).toEqual([expect.objectContaining({ scope: 'run', value: 10, breached: false, message: '10.0 % of trials errored (ceiling 10 %)' })])
    const beyond = floorChecks(baseline, run([makeRecord({ trial: 1, mustCatch: [8, 9] })]), options())
    expect(named(beyond, 'must-catch recall')[0]).toMatchObject({ breached: true })
  })

  test('the error rate leaves out the trials the dollar cap stopped and says how many', () => {
    const cur = [makeRecord({ trial: 1 }), makeRecord({ trial: 2 }), makeRecord({ trial: 3, status: 'error' }), ...[4, 5, 6, 7].map((trial) => capStopped({ trial }))]
    expect(named(floorChecks(baseline, run(cur), options({ errorRate: 50 })), 'error rate')).toEqual([
      expect.objectContaining({ value: 100 / 3, breached: false, message: '33.3 % of the 3 trials the dollar cap did not stop errored (ceiling 50 %; the 4 it stopped are not compared)' }),
    ])
    // A run the cap stopped entirely has no error rate to check.
    expect(named(floorChecks(baseline, run([capStopped()]), options()), 'error rate')).toEqual([])
  })
  test('a judge call refused by the cap is not a failed judgement', () => {
    const refused = { ...makeRecord({ trial: 2, status: 'error' }), errors: [{ stage: 'judge' as const, kind: 'budget' as const, message: 'the dollar cap refused judge call(s) rubric#1', callId: null }] }
    expect(named(floorChecks(baseline, run([makeRecord({ trial: 1, pairwise: 'win' }), refused]), options()), 'judge error rate')).toEqual([expect.objectContaining({ value: 0, breached: false })])
  })
  test('must-catch recall counts successful trials only, and a cell without must-catch items has no recall check', () => {
    const cur = [makeRecord({ trial: 1, mustCatch: [2, 2] }), makeRecord({ trial: 2, status: 'error', mustCatch: [0, 2] }), makeRecord({ task: 'task_b', trial: 1, mustCatch: [0, 0] })]
    expect(named(floorChecks(baseline, run(cur), options()), 'must-catch recall')).toEqual([expect.objectContaining({ scope: 'task_a × single', value: 100, breached: false })])
  })

  test('the absolute cost ceiling is off by default and ignores unpriced trials when it is on', () => {
    const cur = [makeRecord({ trial: 1, usd: 0.02 }), makeRecord({ trial: 2, usd: null })]
    expect(named(floorChecks(baseline, run(cur), options()), 'cost per case')).toEqual([])
    expect(named(floorChecks(baseline, run(cur), options({ costPerCaseUsd: 0.015 })), 'cost per case')).toEqual([
      expect.objectContaining({ value: 0.02, limit: 0.015, breached: true, message: 'costs $0.0200 per case (ceiling $0.0150; 1 trial(s) of unknown cost left out)' }),
    ])
    // Nothing priced: no cost figure at all, rather than $0.
    expect(named(floorChecks(baseline, run([makeRecord({ trial: 1, usd: null })]), options({ costPerCaseUsd: 0.015 })), 'cost per case')).toEqual([])
  })

  test('the cost ratio compares only cells present in both runs with a priced, non-zero baseline', () => {
    const base = run([makeRecord({ task: 't1', usd: 0.01 }), makeRecord({ task: 't2', usd: 0 }), makeRecord({ task: 't3', usd: null })])
    const cur = run([makeRecord({ task: 't1', usd: 0.01 }), makeRecord({ task: 't2', usd: 0.05 }), makeRecord({ task: 't3', usd: 0.05 }), makeRecord({ task: 't4', usd: 0.05 })])
    expect(named(floorChecks(base, cur, options()), 'cost ratio')).toEqual([expect.objectContaining({ scope: 'single (1 tasks)', value: 1, breached: false })])
    expect(named(floorChecks(run([makeRecord({ task: 't2', usd: 0 })]), cur, options()), 'cost ratio')).toEqual([])
    // A trial of unknown cost in a compared cell is left out of its mean, and the check says how many were.
    const partly = run([makeRecord({ task: 't1', trial: 1, usd: 0.01 }), makeRecord({ task: 't1', trial: 2, usd: null })])
    expect(named(floorChecks(base, partly, options()), 'cost ratio')).toEqual([expect.objectContaining({ value: 1, message: 'costs 1.00× the baseline per case on average over its tasks (ceiling 1.5×; 1 trial(s) of unknown cost left out of the means)' })])
  })

  test('the cost ratio is per topology: one expensive topology breaches, the other does not', () => {
    const base = run([makeRecord({ topology: 'single', usd: 0.01 }), makeRecord({ topology: 'star', usd: 0.01 })])
    const cur = run([makeRecord({ topology: 'single', usd: 0.01 }), makeRecord({ topology: 'star', usd: 0.016 })])
    expect(named(floorChecks(base, cur, options()), 'cost ratio').map((c) => [c.scope, c.breached])).toEqual([
      ['single (1 tasks)', false],
      ['star (1 tasks)', true],
    ])
  })

  test('the judge error rate is over judged trials only: a run the judge never saw has no such check', () => {
    expect(named(floorChecks(baseline, run([makeRecord({ trial: 1 }), makeRecord({ trial: 2 })]), options()), 'judge error rate')).toEqual([])
    const cur = run([makeRecord({ trial: 1, pairwise: 'win' }), makeRecord({ trial: 2, pairwise: 'tie' }), makeRecord({ trial: 3, judgeFailed: true }), makeRecord({ trial: 4 })])
    expect(named(floorChecks(baseline, cur, options({ judgeErrorRate: 40 })), 'judge error rate')).toEqual([expect.objectContaining({ value: 100 / 3, breached: false })])
    expect(named(floorChecks(baseline, cur, options({ judgeErrorRate: 30 })), 'judge error rate')[0]).toMatchObject({ breached: true })
  })

  test('an empty run has no run-wide checks', () => {
    expect(floorChecks(baseline, run([]), options())).toEqual([])
  })
})
