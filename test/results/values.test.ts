import { describe, expect, test } from 'vitest'
import { countsForCost, errorPercentOf, finite, groupBy, headlineOf, judgeFailedOf, mustCatchRecallOf, orgUsdOf, stoppedByBudget, trialKey, unknownCosts } from '../../lib/results/values.js'
import { capStopped, makeRecord } from './fixtures.js'

describe('per-trial values', () => {
  test('an errored trial has no score or recall, counts 100 in the error rate, and its spend counts in the cost', () => {
    const r = makeRecord({ status: 'error', usd: 0.03 })
    expect([headlineOf(r), mustCatchRecallOf(r)]).toEqual([null, null])
    expect(errorPercentOf(r)).toBe(100)
    expect([countsForCost(r), orgUsdOf(r)]).toEqual([true, 0.03])
  })
  test('an errored trial that made no call (stopped by the dollar cap) spent nothing and has no cost per case', () => {
    const r = makeRecord({ status: 'error', usd: 0, calls: 0 })
    expect([countsForCost(r), orgUsdOf(r)]).toEqual([false, null])
  })
  test('a trial the dollar cap stopped is not compared: it has no error percent, unlike any other errored trial', () => {
    expect(stoppedByBudget(capStopped())).toBe(true)
    expect(errorPercentOf(capStopped())).toBeNull()
    expect(stoppedByBudget(makeRecord({ status: 'error' }))).toBe(false)
  })
  test('a trial of unknown cost stays unknown', () => {
    expect(orgUsdOf(makeRecord({ usd: null }))).toBeNull()
    expect(orgUsdOf(makeRecord({ status: 'error', usd: null }))).toBeNull()
  })
  test('unknownCosts counts the trials that count for cost and whose cost is unknown, and no others', () => {
    const trials = [makeRecord({ usd: null }), makeRecord({ status: 'error', usd: null }), makeRecord({ status: 'error', usd: null, calls: 0 }), makeRecord({ usd: 0.02 })]
    expect(unknownCosts(trials)).toBe(2)
    expect(unknownCosts([makeRecord({ usd: 0.02 })])).toBe(0)
  })
  test('a successful trial gives its headline, recall in percent and cost', () => {
    const r = makeRecord({ headline: 60, mustCatch: [1, 4], usd: 0.02 })
    expect(headlineOf(r)).toBe(60)
    expect(mustCatchRecallOf(r)).toBe(25)
    expect(orgUsdOf(r)).toBe(0.02)
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
