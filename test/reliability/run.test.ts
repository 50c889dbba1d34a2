import { describe, expect, test } from 'vitest'
import { renderTable } from '../../reliability/run.js'
import { SCENARIOS } from '../../reliability/scenarios/index.js'
import { busiestWindow } from '../../reliability/scenarios/rpm.js'
import { errorCountedAsScore } from '../../reliability/support.js'
import { makeRecord } from '../results/fixtures.js'

describe('the reliability scenarios', () => {
  test('are listed once each, with the ids --only accepts', () => {
    expect(SCENARIOS.map((s) => s.id)).toEqual(['replay', 'crash', 'budget', 'rpm', 'faults', 'canary', 'plan'])
  })

  test('the busiest 60-second window of a request log', () => {
    const s = (x: number) => x * 1000
    expect(busiestWindow([])).toBe(0)
    // Half-open windows of 60 s: 59, 60, 61 and 62 s share one; 0 and 60 s do not.
    expect(busiestWindow([s(0), s(1), s(59), s(60), s(61), s(62)])).toBe(4)
    expect(busiestWindow([s(0), s(60), s(120)])).toBe(1)
  })

  test('an errored record with a score is what must never happen', () => {
    expect(errorCountedAsScore(makeRecord({ headline: 70 }))).toBe(false)
    expect(errorCountedAsScore(makeRecord({ status: 'error' }))).toBe(false)
    expect(errorCountedAsScore({ ...makeRecord({ headline: 70 }), status: 'error' })).toBe(true)
  })

  test('the table has one row per scenario and says NO for a failure', () => {
    const text = renderTable([
      { scenario: 'a', expected: 'x', observed: 'y', pass: true },
      { scenario: 'bb', expected: 'xx', observed: 'yy', pass: false },
    ])
    expect(text.split('\n')).toEqual(['scenario | expected | observed | pass', '---------|----------|----------|-----', 'a        | x        | y        | yes', 'bb       | xx       | yy       | NO'])
  })
})
