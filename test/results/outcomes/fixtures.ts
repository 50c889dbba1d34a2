import type { TestRecord } from '../../../lib/results/record.js'
import { makeRecord, type RecordSpec } from '../fixtures.js'

/** A code-review case: `escaped` severe bugs out of 4 pull requests, `caught` must-catch bugs, at `usd`. */
export function reviewCase(spec: RecordSpec & { escaped: number; caught: number }): TestRecord {
  const r = makeRecord({ task: 'review_a', costCenter: 'engineering', ...spec })
  const outcomes = {
    'code_review.escaped_severe_bugs': { count: spec.escaped, of: 4 },
    'code_review.false_blocks': { count: 0, of: 2 },
    'code_review.usd_per_caught_bug': { count: spec.caught, of: spec.caught },
  }
  return r.status === 'error' ? r : { ...r, scores: { ...r.scores, groundTruth: { score: 50, metrics: {}, counts: {}, mustCatch: [], outcomes } } }
}
