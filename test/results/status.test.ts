import { describe, expect, test } from 'vitest'
import { noCaseRanNotice, runStatus, type StatusFacts } from '../../lib/results/status.js'

const facts = (over: Partial<StatusFacts> = {}): StatusFacts => ({ interrupted: false, filters: [], skipped: 0, missing: 0, missingShards: [], runErrors: 0, notRunBySession: new Map(), records: 10, ok: 10, ...over })

describe('runStatus', () => {
  test('complete: every case has a record, nothing filtered, skipped or interrupted; errored cases do not change that', () => {
    expect(runStatus(facts())).toEqual({ status: 'complete', reasons: [] })
    expect(runStatus(facts({ ok: 7 }))).toEqual({ status: 'complete', reasons: [] })
  })
  test('failed: no successful record, whatever else happened', () => {
    expect(runStatus(facts({ ok: 0 }))).toEqual({ status: 'failed', reasons: ['no case succeeded (all 10 errored)'] })
    expect(runStatus(facts({ ok: 0, records: 0, interrupted: true }))).toEqual({ status: 'failed', reasons: ['no case produced a record'] })
  })
  test('partial: each reason is named', () => {
    expect(runStatus(facts({ interrupted: true })).reasons).toEqual(['the run was interrupted before every case had run'])
    expect(runStatus(facts({ filters: ['ORGBENCH_TASKS=a'] })).reasons).toEqual(['filtered by ORGBENCH_TASKS=a'])
    expect(runStatus(facts({ skipped: 3 })).reasons).toEqual(['3 case(s) skipped'])
    expect(runStatus(facts({ missing: 2 })).reasons).toEqual(['2 case(s) ran without leaving a record'])
    // A case the dollar cap stopped did not run: unlike an errored case, it leaves the run not whole.
    expect(runStatus(facts({ stoppedByCap: 15 }))).toEqual({ status: 'partial', reasons: ['15 case(s) stopped by the dollar cap (ORGBENCH_MAX_USD), not run or not finished'] })
    expect(runStatus(facts({ missingShards: ['2/3'] })).reasons).toEqual(['shard 2/3 was not merged'])
    expect(runStatus(facts({ runErrors: 1 })).reasons).toEqual(['1 error(s) outside the tests (e.g. a benchmark file failed to load)'])
    expect(runStatus(facts({ skipped: 1, interrupted: true })).status).toBe('partial')
    expect(runStatus(facts({ notRunBySession: new Map([['task_b', 6], ['task_a', 1]]) })).reasons).toEqual([
      '7 case(s) kept from an earlier session that this one did not run (task_a: 1, task_b: 6); a resume runs their errored cases again only with filters that include them',
    ])
  })
})

describe('noCaseRanNotice', () => {
  const none = { tasks: null, topologies: null, tier: null, names: null }
  const noTest = { passed: 0, failed: 0 }
  test('names every filter that narrowed the run, ORGBENCH_TIER and -t included', () => {
    expect(noCaseRanNotice({ ...none, tier: 'hard' }, noTest)).toBe('[orgbench] no benchmark case ran: the filters (ORGBENCH_TIER=hard) select no case of the benchmark files run')
    expect(noCaseRanNotice({ tasks: ['a'], topologies: ['hrm'], tier: 'standard', names: 'single' }, noTest)).toBe(
      '[orgbench] no benchmark case ran: the filters (ORGBENCH_TASKS=a, ORGBENCH_TOPOLOGIES=hrm, ORGBENCH_TIER=standard, -t "single") select no case of the benchmark files run',
    )
  })
  test('without an orgbench filter there is no notice: -t alone narrows a run as it does in Vitest', () => {
    expect(noCaseRanNotice(none, noTest)).toBeNull()
    expect(noCaseRanNotice({ ...none, names: 'single' }, noTest)).toBeNull()
  })
  test('tests that ran without a case (a learning iteration failing before its first case) are not blamed on the filters that selected them', () => {
    const tasks = { ...none, tasks: ['code_review_execution'] }
    expect(noCaseRanNotice(tasks, { passed: 0, failed: 7 })).toBe('[orgbench] no benchmark case ran: 7 test(s) failed before any case ran; see the errors above')
    expect(noCaseRanNotice(tasks, { passed: 2, failed: 0 })).toBe('[orgbench] no benchmark case ran: 2 test(s) passed without running a case')
  })
})
