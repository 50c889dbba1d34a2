import { describe, expect, test } from 'vitest'
import { cappedByRecall, RECALL_FLOOR } from '../../../lib/eval/scorers/recall-cap.js'

describe('cappedByRecall', () => {
  test('at or above the floor the score is kept', () => {
    expect(RECALL_FLOOR).toBe(0.5)
    expect([cappedByRecall(0.9, 0.5), cappedByRecall(0.9, 1), cappedByRecall(0.3, 0.8)]).toEqual([0.9, 0.9, 0.3])
  })

  test('below it the score is at most recall / floor: 0 when nothing is found, one half when a quarter is', () => {
    expect([cappedByRecall(0.9, 0), cappedByRecall(0.9, 0.25), cappedByRecall(0.4, 0.25)]).toEqual([0, 0.5, 0.4])
  })

  test('nothing to find (null recall) caps nothing', () => {
    expect(cappedByRecall(0.7, null)).toBe(0.7)
  })
})
