import { describe, expect, test } from 'vitest'
import { MUST_CATCH_PRECISION_FLOOR, unlessShotgun } from '../../../lib/eval/scorers/precision-floor.js'

const items = [
  { id: 'a', description: 'risk a', caught: true },
  { id: 'b', description: 'risk b', caught: false },
]

describe('unlessShotgun', () => {
  test('at or above the floor, or with nothing flagged, the items are as caught', () => {
    expect(unlessShotgun(items, MUST_CATCH_PRECISION_FLOOR, 'flags')).toEqual(items)
    expect(unlessShotgun(items, 1, 'flags')).toEqual(items)
    expect(unlessShotgun(items, null, 'flags')).toEqual(items)
  })

  test('below it, a caught item does not count and says why; a missed one is unchanged', () => {
    expect(unlessShotgun(items, 0.1, 'flagged clauses')).toEqual([
      { id: 'a', description: 'risk a (not counted: 10 % of the flagged clauses are right, below the 50 % floor)', caught: false },
      { id: 'b', description: 'risk b', caught: false },
    ])
  })
})
