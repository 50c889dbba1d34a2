import { describe, expect, test } from 'vitest'
import type { JudgeResult } from '../../lib/results/record.js'
import { capRefusedSteps, judgeErrors, keepsOnResume } from '../../lib/run/judge-errors.js'
import { makeRecord } from '../results/fixtures.js'

const CAP = 'ORGBENCH_MAX_USD=2: this call could cost up to $0.00976 and $1.99151 of the cap is already spent'

/** A judgement of three rubric repeats and a pairwise comparison, with the given failed steps. */
function judged(failures: Array<{ step: string; kind: string; message?: string }>, score: number | null = 86.6): JudgeResult {
  return {
    model: 'sim-judge',
    seed: 1002,
    sameModelAsAgents: false,
    score,
    dimensions: [],
    repeatSpread: null,
    pairwise: failures.some((f) => f.step.startsWith('pairwise')) ? null : { against: 'single', outcome: 'win', consistent: true, orders: [] },
    neutralised: 0,
    blindRules: {},
    injectionFlagged: false,
    failures: failures.map((f) => ({ step: f.step, kind: f.kind, message: f.message ?? 'unparseable reply', raw: null })),
    evidence: [],
  }
}

describe('judgeErrors', () => {
  test('a judgement whose every call succeeded adds no error', () => {
    expect(judgeErrors(judged([]))).toEqual([])
  })

  test('pairwise calls the dollar cap refused make the case a budget error, even though the rubric score stands', () => {
    const errors = judgeErrors(judged([{ step: 'pairwise#1', kind: 'budget', message: CAP }, { step: 'pairwise#2', kind: 'budget', message: CAP }]))
    expect(errors).toEqual([{ stage: 'judge', kind: 'budget', message: `the dollar cap refused judge call(s) pairwise#1, pairwise#2: ${CAP}`, callId: null }])
  })

  test('one rubric repeat the cap refused is a budget error too, and so is a refusal beside other failures', () => {
    expect(judgeErrors(judged([{ step: 'rubric#3', kind: 'budget', message: CAP }]))).toMatchObject([{ kind: 'budget', message: `the dollar cap refused judge call(s) rubric#3: ${CAP}` }])
    const mixed = judged([{ step: 'rubric#1', kind: 'parse' }, { step: 'rubric#2', kind: 'budget', message: CAP }, { step: 'rubric#3', kind: 'parse' }], null)
    expect(judgeErrors(mixed)).toMatchObject([{ stage: 'judge', kind: 'budget', message: `the dollar cap refused judge call(s) rubric#2: ${CAP}` }])
  })

  test('other failures keep their handling: a judgement stands on the calls that succeeded, and is an error only when no rubric judgement could be used', () => {
    expect(judgeErrors(judged([{ step: 'rubric#2', kind: 'parse' }, { step: 'pairwise#1', kind: 'parse' }]))).toEqual([])
    expect(judgeErrors(judged([{ step: 'rubric#1', kind: 'parse' }, { step: 'rubric#2', kind: 'empty', message: 'no content' }], null))).toEqual([
      { stage: 'judge', kind: 'parse', message: 'every rubric judgement failed: unparseable reply', callId: null },
    ])
  })
})

describe('capRefusedSteps', () => {
  test('names the refused steps of a judgement, and none without one', () => {
    expect(capRefusedSteps(judged([{ step: 'rubric#1', kind: 'parse' }, { step: 'pairwise#2', kind: 'budget' }]))).toEqual(['pairwise#2'])
    expect(capRefusedSteps(null)).toEqual([])
  })
})

describe('keepsOnResume', () => {
  test('keeps a successful record, not an errored one', () => {
    expect(keepsOnResume(makeRecord())).toBe(true)
    expect(keepsOnResume(makeRecord({ status: 'error' }))).toBe(false)
  })

  test('does not keep a record written as ok although the cap refused one of its judge calls: a resume judges it again', () => {
    const record = makeRecord()
    const refused = { ...record, scores: { ...record.scores, judge: judged([{ step: 'pairwise#1', kind: 'budget', message: CAP }]) } }
    expect(keepsOnResume(refused)).toBe(false)
    // A judge failure of another kind leaves the record standing, as before.
    expect(keepsOnResume({ ...record, scores: { ...record.scores, judge: judged([{ step: 'pairwise#1', kind: 'parse' }]) } })).toBe(true)
  })
})
