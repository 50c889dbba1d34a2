import { describe, expect, test } from 'vitest'
import { errorPercentOf, finite, groupBy, headlineOf, judgeFailedOf, mustCatchRecallOf, orgUsdOf, qualityPerDollarOf, trialKey } from '../../lib/results/values.js'
import { makeRecord } from './fixtures.js'

describe('per-trial values', () => {
  test('an errored trial has no score, recall or cost, and counts 100 in the error rate', () => {
    const r = makeRecord({ status: 'error' })
    expect([headlineOf(r), mustCatchRecallOf(r), orgUsdOf(r), qualityPerDollarOf(r)]).toEqual([null, null, null, null])
    expect(errorPercentOf(r)).toBe(100)
  })
  test('a successful trial gives its headline, recall in percent, cost and points per dollar', () => {
    const r = makeRecord({ headline: 60, mustCatch: [1, 4], usd: 0.02 })
    expect(headlineOf(r)).toBe(60)
    expect(mustCatchRecallOf(r)).toBe(25)
    expect(orgUsdOf(r)).toBe(0.02)
    expect(qualityPerDollarOf(r)).toBe(3000)
    expect(errorPercentOf(r)).toBe(0)
  })
  test('a task without must-catch items has no recall rather than 0 or 100', () => {
    expect(mustCatchRecallOf(makeRecord({ mustCatch: [0, 0] }))).toBeNull()
  })
  test('a judge verdict with a failed judgement counts as a judge error', () => {
    expect(judgeFailedOf(makeRecord({ judgeFailed: true }))).toBe(true)
    expect(judgeFailedOf(makeRecord({ pairwise: 'win' }))).toBe(false)
  })
  test('trials pair by task and trial number', () => {
    expect(trialKey(makeRecord({ task: 'x', trial: 3, topology: 'star' }))).toBe('x#3')
  })
})

describe('helpers', () => {
  test('groupBy sorts keys and keeps order inside a group', () => {
    const g = groupBy(['b1', 'a1', 'b2', 'a2'], (s) => s[0]!)
    expect([...g.entries()]).toEqual([
      ['a', ['a1', 'a2']],
      ['b', ['b1', 'b2']],
    ])
  })
  test('finite drops null, undefined, NaN and infinities', () => {
    expect(finite([1, null, undefined, Number.NaN, Infinity, 2])).toEqual([1, 2])
  })
})
