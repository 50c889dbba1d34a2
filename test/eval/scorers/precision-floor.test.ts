import { describe, expect, test } from 'vitest'
import { CODE_REVIEW_PRECISION_FLOOR, MUST_CATCH_PRECISION_FLOOR, unlessShotgun } from '../../../lib/eval/scorers/precision-floor.js'

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

  test('a lower floor may be given: a code review needs a tenth of its findings right', () => {
    expect(unlessShotgun(items, 0.38, 'findings', CODE_REVIEW_PRECISION_FLOOR)).toEqual(items)
    expect(unlessShotgun(items, 0.05, 'findings', CODE_REVIEW_PRECISION_FLOOR)[0]).toEqual({ id: 'a', description: 'risk a (not counted: 5 % of the findings are right, below the 10 % floor)', caught: false })
  })
})
