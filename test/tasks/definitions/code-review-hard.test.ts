import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { scoreCodeReview } from '../../../lib/eval/scorers/code-review.js'
import { readCalibration } from '../../../lib/tasks/calibration-file.js'
import type { CodeReviewDeliverable, CodeReviewTruth } from '../../../lib/tasks/kinds/code-review.js'
import { loadRegistry, PROJECT_ROOT } from '../../../lib/tasks/registry.js'

/**
 * The hard code review, on the real-model review shipped as its calibration: its must-catch bugs
 * stay caught, and the same review buried under false findings (as a shotgun is) catches none.
 */
const task = (await loadRegistry()).get('code_review_hard')
const truth = task.truth!.data as CodeReviewTruth
const calibrated = (readCalibration(join(PROJECT_ROOT, 'fixtures'), task.id)!.runs[0]!.deliverable as { data: CodeReviewDeliverable }).data
/** The review with `n` false findings beside each of its findings, far from any planted line. */
const buried = (n: number): CodeReviewDeliverable => ({
  ...calibrated,
  reviews: calibrated.reviews.map((r) => ({ ...r, findings: r.findings.flatMap((f) => [f, ...Array.from({ length: n }, (_, k) => ({ ...f, line: f.line + 1000 * (k + 1) }))]) })),
})
const bugsCaught = (d: CodeReviewDeliverable) => scoreCodeReview(truth, d).mustCatch.filter((m) => !m.id.endsWith('-not-approved') && m.caught).length

describe('code_review_hard: must-catch bugs and the precision floor', () => {
  test('the calibrated review catches all eleven must-catch bugs, and still does with four false findings beside each finding', () => {
    expect(bugsCaught(calibrated)).toBe(11)
    expect(scoreCodeReview(truth, buried(4)).metrics.precision).toBe(0.2)
    expect(bugsCaught(buried(4))).toBe(11)
  })

  test('with ten false findings beside each, fewer than 10 % of its findings are right and it catches none', () => {
    expect(scoreCodeReview(truth, buried(10)).metrics.precision).toBeLessThan(0.1)
    expect(bugsCaught(buried(10))).toBe(0)
  })
})
