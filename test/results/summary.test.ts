import { describe, expect, test } from 'vitest'
import { TestRecord } from '../../lib/results/record.js'
import { CaseMeta, caseMeta, CaseSummary, summarizeRecord, summarizeValidRecord } from '../../lib/results/summary.js'
import { judgedRecord, makeRecord } from './fixtures.js'
import { callsCost } from '../../lib/results/cost.js'
import { callRecord } from '../support/calls.js'

describe('summarizeRecord', () => {
  test('keeps the deliverable length as the judge reads it: markdown as is, structured data as pretty JSON', () => {
    expect(summarizeRecord({ ...makeRecord(), deliverable: { kind: 'markdown', text: 'x'.repeat(1234) } }).deliverableChars).toBe(1234)
    const data = { reviews: [{ diff: 'd01', findings: [] }] }
    expect(summarizeRecord({ ...makeRecord(), deliverable: { kind: 'structured', schema: 's', data } }).deliverableChars).toBe(JSON.stringify(data, null, 2).length)
  })

  test('a case without a deliverable has no length (not 0), and none of the bulk is kept', () => {
    const summary = summarizeRecord(makeRecord({ status: 'error' }))
    expect('deliverableChars' in summary).toBe(false)
    expect(Object.keys(summary)).not.toContain('deliverable')
    expect(Object.keys(summary)).not.toContain('calls')
  })

  test('keeps the memory version the agents read, which the gate compares; a record from before versions has none', () => {
    expect(summarizeRecord({ ...makeRecord(), memory: { mode: 'on', version: 'code_review_execution@v3', lessons: [] } }).memoryVersion).toBe('code_review_execution@v3')
    expect('memoryVersion' in summarizeRecord({ ...makeRecord(), memory: { mode: 'on', lessons: [] } })).toBe(false)
  })

  test('keeps where a self_refine budget came from (an estimate, when there was no spend to match); other cases have none', () => {
    const event = (source: string) => ({ type: 'self_refine_budget', callIds: ['c1'], detail: { targetTokens: 98845, source, spentTokens: 97000 } })
    expect(summarizeRecord({ ...makeRecord({ topology: 'self_refine' }), events: [event('estimate')] }).budgetSource).toBe('estimate')
    expect(summarizeRecord({ ...makeRecord({ topology: 'self_refine' }), events: [event('star-median')] }).budgetSource).toBe('star-median')
    expect('budgetSource' in summarizeRecord(makeRecord())).toBe(false)
  })

  test('a summary written before the length was kept still reads', () => {
    const { deliverableChars: _, ...older } = summarizeRecord(makeRecord())
    expect(CaseSummary.parse(older).deliverableChars).toBeUndefined()
  })
})

describe('summarizeValidRecord', () => {
  const truth = { score: 60, metrics: { recall: 0.5, f1: null }, counts: { bugs: { hit: 1, total: 2 } }, mustCatch: [], outcomes: { 'code_review.escaped_severe_bugs': { count: 1, of: 4 } } }
  const checklist = { score: 75, covered: ['a'], missing: ['b'], mustPass: [], method: 'judge' as const, patternScore: 50, disagreements: [{ id: 'b', judge: false, patterns: true }] }
  const records = [
    makeRecord(),
    makeRecord({ status: 'error' }),
    makeRecord({ pairwise: 'tie', judgeFailed: true, usd: null, mustCatch: [1, 3] }),
    judgedRecord('star', 2, 64, 900, 71),
    { ...makeRecord(), scores: { ...makeRecord().scores, groundTruth: truth, checklist } },
    { ...makeRecord(), scores: { ...makeRecord().scores, groundTruth: { ...truth, outcomes: undefined }, checklist: { score: 40, covered: [], missing: [], mustPass: [] } } },
    { ...makeRecord(), deliverable: { kind: 'structured' as const, schema: 's', data: { rows: [1, 2] } } },
    { ...makeRecord(), taskDigest: { read: 'a1', truth: null, scoring: 'b2' } },
    { ...makeRecord(), memory: { ...makeRecord().memory, version: 'code_review_execution@v3' } },
    { ...makeRecord({ topology: 'self_refine' }), events: [{ type: 'self_refine_budget', callIds: [], detail: { source: 'estimate' } }] },
  ].map((r) => TestRecord.parse(r))

  test('gives what summarizeRecord gives, with the same keys in the same order', () => {
    for (const r of records) {
      expect(summarizeValidRecord(r)).toStrictEqual(summarizeRecord(r))
      expect(JSON.stringify(summarizeValidRecord(r))).toBe(JSON.stringify(summarizeRecord(r)))
    }
  })

  test('keeps none of the bulk: judge reasons, raw replies, pairwise orders, ground-truth counts, checklist items', () => {
    const s = summarizeValidRecord(records[4]!)
    expect(s.scores.groundTruth).toEqual({ score: 60, metrics: { recall: 0.5, f1: null }, outcomes: truth.outcomes })
    expect(s.scores.checklist).toEqual({ score: 75, method: 'judge', patternScore: 50, disagreements: checklist.disagreements })
    const judged = summarizeValidRecord(records[2]!).scores.judge!
    expect(judged.pairwise).toEqual({ against: 'single', outcome: 'tie', consistent: true })
    expect(judged.failures).toEqual([{ step: 'rubric#1', kind: 'parse', message: 'unparseable reply' }])
  })
})

describe('caseMeta (what Vitest UI shows as the test meta)', () => {
  test('a scored case counts its must-catch items; an errored case was never scored: null, like its headline and judge', () => {
    expect(caseMeta('run-1', makeRecord({ mustCatch: [3, 4] }))).toMatchObject({ status: 'ok', mustCatch: '3/4' })
    const errored = caseMeta('run-1', makeRecord({ status: 'error', mustCatch: [0, 4] }))
    expect(errored).toMatchObject({ status: 'error', headline: null, judge: null, mustCatch: null })
    expect(CaseMeta.parse(errored)).toEqual(errored)
  })

  test('counts the judgements that failed and were left out of the score', () => {
    expect(caseMeta('run-1', makeRecord({ judgeFailed: true })).judgeFailures).toBe(1)
    expect(caseMeta('run-1', makeRecord({ pairwise: 'win' })).judgeFailures).toBe(0)
  })

  test('says whether the case ran on the simulator', () => {
    expect(caseMeta('run-1', makeRecord({ simulated: true })).simulated).toBe(true)
    expect(caseMeta('run-1', makeRecord({ simulated: false })).simulated).toBe(false)
  })

  test("says what the case cost as far as it is known, and what this run paid: replies from an earlier run's cache are not paid again", () => {
    const calls = [callRecord({ id: 'c1', costUsd: 0.002, cached: 'earlier-run' }), callRecord({ id: 'c2', costUsd: 0.001 }), callRecord({ id: 'c3', role: 'judge', promptTokens: null, completionTokens: null, costUsd: null })]
    const record = makeRecord()
    const withCalls = (cs: typeof calls) => ({ ...record, calls: cs, cost: { ...record.cost, org: callsCost(cs.filter((c) => c.role !== 'judge')), judge: callsCost(cs.filter((c) => c.role === 'judge')) } })
    expect(caseMeta('run-1', withCalls(calls))).toMatchObject({ orgUsd: 0.003, judgeUsd: null, knownUsd: 0.003, paid: { knownUsd: 0.001, complete: false } })
    expect(caseMeta('run-1', withCalls(calls.slice(0, 1)))).toMatchObject({ orgUsd: 0.002, judgeUsd: 0, knownUsd: 0.002, paid: { knownUsd: 0, complete: true } })
  })
})
