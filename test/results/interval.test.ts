import { describe, expect, test } from 'vitest'
import { clippedInterval, Interval, NON_NEGATIVE, SCORE_BOUNDS } from '../../lib/results/interval.js'

describe('Interval', () => {
  test('names how it was computed; an unknown method or a missing bound is rejected', () => {
    expect(Interval.parse({ lo: 1, hi: 2, level: 0.95, method: 'wilson' })).toEqual({ lo: 1, hi: 2, level: 0.95, method: 'wilson' })
    expect(Interval.safeParse({ lo: 1, hi: 2, level: 0.95, method: 'guess' }).success).toBe(false)
    expect(Interval.safeParse({ lo: 1, level: 0.95, method: 't' }).success).toBe(false)
  })
})

describe('clippedInterval', () => {
  const ci = (lo: number, hi: number): Interval => ({ lo, hi, level: 0.95, method: 't' })
  const round1 = (x: number) => Math.round(x * 10) / 10
  test('clips to what the quantity can be, then rounds; without bounds it only rounds', () => {
    expect(clippedInterval(ci(88.14, 104.37), round1, SCORE_BOUNDS)).toEqual(ci(88.1, 100))
    expect(clippedInterval(ci(-0.0213, 0.0461), round1, NON_NEGATIVE)).toEqual(ci(0, 0))
    expect(clippedInterval(ci(-3.26, 4.04), round1)).toEqual(ci(-3.3, 4))
    expect(clippedInterval(null, round1, SCORE_BOUNDS)).toBeNull()
  })
})
