import { describe, expect, test } from 'vitest'
import { type GraderLayoutProbe, graderLayoutProblems } from '../../lib/human/page-check.js'

const fits: GraderLayoutProbe = { width: { width: 400, scrollWidth: 400, overflowing: [] }, deliverables: [376, 376], scoresOutside: 0, listCovered: 0 }

describe('graderLayoutProblems', () => {
  test('a page that fits its window, with readable deliverables, reachable scores and a visible item list, passes', () => {
    expect(graderLayoutProblems(fits)).toEqual([])
  })
  test('names a page that scrolls sideways, narrow deliverables, scores beyond the edge and an item list under the header', () => {
    // What the page measured at 400 px before it had a one-column layout.
    const cramped: GraderLayoutProbe = { width: { width: 400, scrollWidth: 499, overflowing: ['table'] }, deliverables: [70, 70], scoresOutside: 10, listCovered: 27 }
    expect(graderLayoutProblems(cramped)).toEqual([
      'the grading page at 400 px: the page is 499 px wide and scrolls sideways (table reach beyond it)',
      'the grading page at 400 px: 2 deliverable(s) narrower than 300 px (70, 70)',
      'the grading page at 400 px: 10 score control(s) lie beyond the window\'s edge',
      "the grading page at 400 px: after scrolling, the header hides 27 px of the item list's first entry",
    ])
  })
})
