import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { checkCaseConsistency, Points } from '../../lib/results/case-rules.js'

const Case = z
  .object({
    status: z.enum(['ok', 'error']),
    scores: z.object({ headline: z.number().nullable(), groundTruth: z.object({ score: z.number() }).nullable(), checklist: z.object({ score: z.number() }).nullable(), judge: z.object({ score: z.number().nullable() }).nullable() }),
    errors: z.array(z.string()),
  })
  .superRefine(checkCaseConsistency)

const scores = { headline: 80, groundTruth: { score: 80 }, checklist: null, judge: null }
const issues = (c: unknown) => {
  const parsed = Case.safeParse(c)
  return parsed.success ? [] : parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
}

describe('Points', () => {
  test('takes 0 to 100 and names what it found outside', () => {
    expect(Points.safeParse(0).success).toBe(true)
    expect(Points.safeParse(100).success).toBe(true)
    expect(Points.safeParse(100.01).error?.issues[0]?.message).toBe('expected a score from 0 to 100, found 100.01')
    expect(Points.safeParse(-0.5).error?.issues[0]?.message).toBe('expected a score from 0 to 100, found -0.5')
  })
})

describe('checkCaseConsistency', () => {
  test('a successful case with its score, and an errored one with a null score and a cause, pass', () => {
    expect(issues({ status: 'ok', scores, errors: [] })).toEqual([])
    expect(issues({ status: 'error', scores: { headline: null, groundTruth: null, checklist: null, judge: null }, errors: ['timeout'] })).toEqual([])
  })
  test('an errored case has no score (never a 0) and at least one cause', () => {
    expect(issues({ status: 'error', scores: { ...scores, headline: 0 }, errors: [] })).toEqual(['scores.headline: an errored case has no score: expected null, found 0', 'errors: an errored case names its cause: expected at least one error, found none'])
  })
  test('a successful case with a scored component has its headline', () => {
    expect(issues({ status: 'ok', scores: { ...scores, headline: null }, errors: [] })).toEqual(['scores.headline: a successful case with a groundTruth score has its headline: expected a score from 0 to 100, found null'])
    expect(issues({ status: 'ok', scores: { headline: null, groundTruth: null, checklist: { score: 50 }, judge: { score: 60 } }, errors: [] })).toEqual([
      'scores.headline: a successful case with a checklist, judge score has its headline: expected a score from 0 to 100, found null',
    ])
  })
  test('a successful case with nothing scored has no headline by design (a task weighing only a judge that was off)', () => {
    expect(issues({ status: 'ok', scores: { headline: null, groundTruth: null, checklist: null, judge: null }, errors: [] })).toEqual([])
    expect(issues({ status: 'ok', scores: { headline: null, groundTruth: null, checklist: null, judge: { score: null } }, errors: [] })).toEqual([])
  })
})
