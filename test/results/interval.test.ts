import { describe, expect, test } from 'vitest'
import { Interval } from '../../lib/results/interval.js'

describe('Interval', () => {
  test('names how it was computed; an unknown method or a missing bound is rejected', () => {
    expect(Interval.parse({ lo: 1, hi: 2, level: 0.95, method: 'wilson' })).toEqual({ lo: 1, hi: 2, level: 0.95, method: 'wilson' })
    expect(Interval.safeParse({ lo: 1, hi: 2, level: 0.95, method: 'guess' }).success).toBe(false)
    expect(Interval.safeParse({ lo: 1, level: 0.95, method: 't' }).success).toBe(false)
  })
})
