import { describe, expect, test } from 'vitest'
import { headlineMetric, summaryLine } from '../../lib/results/summary-line.js'
import { summarizeRecord } from '../../lib/results/summary.js'
import { makeRecord } from './fixtures.js'

describe('summaryLine: one test in one line', () => {
  test('a judged case: score, judge, pairwise outcome, costs, and the simulated mark', () => {
    const line = summaryLine(summarizeRecord(makeRecord({ headline: 82.5, usd: 0.0123, pairwise: 'win' })))
    expect(line).toBe('score 82.5 · judge 70.0 · vs single: win · org $0.0123 (1 calls) · judge $0 · simulated')
  })

  test('a case with missed must-catch items says how many, and a real run has no simulated mark', () => {
    const line = summaryLine(summarizeRecord(makeRecord({ mustCatch: [1, 3], simulated: false, usd: null })))
    expect(line).toBe('score 80.0 · MISSED 2 · org ≥ $0 (1 call unpriced) (1 calls)')
  })

  test('an errored case shows its first error, never a score', () => {
    const line = summaryLine(summarizeRecord(makeRecord({ status: 'error' })))
    expect(line).toBe('error in organisation: rate_limit: 429 after 3 retries · simulated')
  })
})

describe('headlineMetric', () => {
  test('takes the first of the names the metrics hold, skipping null', () => {
    expect(headlineMetric({ p0_recall: 0.5, recall: null }, ['recall', 'p0_recall'])).toBe(0.5)
    expect(headlineMetric({}, ['recall'])).toBeUndefined()
  })
})
