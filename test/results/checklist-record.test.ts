import { describe, expect, test } from 'vitest'
import { ChecklistJudgeEvidence } from '../../lib/results/checklist-record.js'
import { ChecklistResult } from '../../lib/results/record.js'

const patternsOnly = { score: 50, covered: ['rollback_plan'], missing: ['owner_named'], mustPass: [{ id: 'rollback_plan', description: 'names a rollback plan', caught: true }] }
const decision = { id: 'rollback_plan', met: true, judgeMet: true, quote: 'Rollback within 3 minutes.', quoteVerified: true, reason: 'as quoted', patterns: true }
const evidence = { model: 'sim-judge', seed: 790, promptSha256: 'a'.repeat(64), raw: '{"items":[]}', injectionFlagged: false, failure: null }
const paths = (r: { success: boolean; error?: { issues: Array<{ path: PropertyKey[] }> } }) => r.error?.issues.map((i) => i.path.join('.'))

describe('a checklist result with and without the judge', () => {
  test('a result written before the checklist judge existed still parses, and gains no fields', () => {
    expect(ChecklistResult.parse(patternsOnly)).toEqual(patternsOnly)
  })

  test("a judged result keeps every decision, disagreement and the judge's evidence", () => {
    const judged = { ...patternsOnly, method: 'judge', patternScore: 100, decisions: [decision], disagreements: [{ id: 'owner_named', judge: false, patterns: true }], judge: evidence }
    expect(ChecklistResult.parse(judged)).toEqual(judged)
  })

  test('a decision or evidence missing a field is refused at that field', () => {
    const { quoteVerified: _, ...noVerification } = decision
    expect(paths(ChecklistResult.safeParse({ ...patternsOnly, decisions: [noVerification] }))).toEqual(['decisions.0.quoteVerified'])
    expect(paths(ChecklistResult.safeParse({ ...patternsOnly, method: 'guess' }))).toEqual(['method'])
    expect(paths(ChecklistJudgeEvidence.safeParse({ ...evidence, seed: 1.5, raw: undefined }))).toEqual(['seed', 'raw'])
  })

  test('a failed judgement is recorded with its step, kind, message and the raw reply, or null when none came', () => {
    const failure = { step: 'checklist', kind: 'parse', message: 'reply is not JSON', raw: null }
    expect(ChecklistJudgeEvidence.parse({ ...evidence, raw: null, failure }).failure).toEqual(failure)
  })
})
