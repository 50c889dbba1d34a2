import { describe, expect, test } from 'vitest'
import { LINE_TOLERANCE, scoreCodeReview } from '../../../lib/eval/scorers/code-review.js'
import type { CodeFinding, CodeReviewDeliverable, CodeReviewTruth } from '../../../lib/tasks/kinds/code-review.js'

/**
 * Two diffs: dA is defective (CRITICAL injection at api/users.py 10-12, MEDIUM performance at line 30;
 * severity weights 4 + 2 = 6) and must be blocked; dB is a decoy diff that should be approved.
 * score = 100 × (0.35 · weighted recall + 0.35 · precision + 0.2 · verdict accuracy + 0.1 · severity accuracy)
 */
const truth: CodeReviewTruth = {
  diffs: [
    {
      input: 'dA',
      kind: 'defective',
      verdict: 'BLOCK',
      issues: [
        { id: 'a1', category: 'injection', severity: 'CRITICAL', file: 'api/users.py', lines: { start: 10, end: 12 }, summary: 'Name formatted into SQL.' },
        { id: 'a2', category: 'performance', severity: 'MEDIUM', file: 'api/users.py', lines: { start: 30, end: 30 }, summary: 'One query per row in a loop.' },
      ],
      decoys: [],
    },
    { input: 'dB', kind: 'decoy', verdict: 'APPROVE', issues: [], decoys: [{ file: 'lib/db.py', lines: { start: 5, end: 5 }, looksLike: 'injection', why: 'Parameters are bound, not formatted.' }] },
  ],
}

const finding = (file: string, line: number, category: CodeFinding['category'], severity: CodeFinding['severity']): CodeFinding => ({ file, line, category, severity, explanation: 'e', fix: 'f' })
const review = (diff: string, verdict: 'APPROVE' | 'REQUEST_CHANGES' | 'BLOCK', findings: CodeFinding[]) => ({ diff, verdict, summary: 's', findings })

describe('scoreCodeReview', () => {
  test('perfect review: 100', () => {
    const deliverable: CodeReviewDeliverable = {
      reviews: [review('dA', 'BLOCK', [finding('api/users.py', 11, 'injection', 'CRITICAL'), finding('api/users.py', 30, 'performance', 'MEDIUM')]), review('dB', 'APPROVE', [])],
    }
    const s = scoreCodeReview(truth, deliverable)
    expect(s.score).toBe(100)
    expect(s.metrics).toEqual({ recall: 1, weighted_recall: 1, precision: 1, f1: 1, verdict_accuracy: 1, severity_accuracy: 1 })
    expect(s.mustCatch).toEqual([
      { id: 'a1', description: 'CRITICAL injection in api/users.py lines 10-12 (dA)', caught: true },
      { id: 'dA-not-approved', description: 'dA must not be approved (expected BLOCK)', caught: true },
    ])
  })

  test('a path written as in the diff header (b/, ./, backticks) and a diff id in another case or with a word before it still match', () => {
    const numbered: CodeReviewTruth = { diffs: truth.diffs.map((d) => ({ ...d, input: d.input === 'dA' ? 'd01' : 'd02' })) }
    const deliverable: CodeReviewDeliverable = {
      reviews: [
        review('D01', 'BLOCK', [finding('b/api/users.py', 11, 'injection', 'CRITICAL'), finding('`./api/users.py`', 30, 'performance', 'MEDIUM')]),
        review('diff d02', 'APPROVE', []),
      ],
    }
    const s = scoreCodeReview(numbered, deliverable)
    expect(s.score).toBe(100)
    expect(s.mustCatch.every((m) => m.caught)).toBe(true)
  })

  test('a shotgun (every category on every line) catches no must-catch bug: fewer than 10 % of its findings are right', () => {
    const categories = ['injection', 'performance', 'auth_bypass', 'data_integrity', 'logic_error'] as const
    const everywhere = Array.from({ length: 40 }, (_, i) => categories.map((c) => finding('api/users.py', i + 1, c, 'CRITICAL'))).flat()
    const s = scoreCodeReview(truth, { reviews: [review('dA', 'BLOCK', everywhere), review('dB', 'APPROVE', [])] })
    // 2 of 200 findings right: precision 0.01, below the code review's floor.
    expect(s.metrics.precision).toBe(0.01)
    expect(s.mustCatch).toEqual([
      { id: 'a1', description: 'CRITICAL injection in api/users.py lines 10-12 (dA) (not counted: 1 % of the findings are right, below the 10 % floor)', caught: false },
      { id: 'dA-not-approved', description: 'dA must not be approved (expected BLOCK)', caught: true },
    ])
    // A noisy review with a tenth of its findings right still catches it.
    const noisy = scoreCodeReview(truth, { reviews: [review('dA', 'BLOCK', [finding('api/users.py', 11, 'injection', 'CRITICAL'), ...Array.from({ length: 9 }, (_, i) => finding('api/users.py', 100 + i, 'logic_error', 'LOW'))]), review('dB', 'APPROVE', [])] })
    expect(noisy.metrics.precision).toBe(0.1)
    expect(noisy.mustCatch.every((m) => m.caught)).toBe(true)
  })

  test('partial review: the critical issue two lines off with the wrong severity, the medium one missed', () => {
    const deliverable: CodeReviewDeliverable = { reviews: [review('dA', 'REQUEST_CHANGES', [finding('api/users.py', 14, 'injection', 'HIGH')]), review('dB', 'APPROVE', [])] }
    const s = scoreCodeReview(truth, deliverable)
    // 100 × (0.35 · 4/6 + 0.35 · 1/1 + 0.2 · 1/2 + 0.1 · 0/1) = 23.3333 + 35 + 10 + 0
    expect(s.score).toBe(68.3333)
    expect(s.metrics).toEqual({ recall: 0.5, weighted_recall: 0.6667, precision: 1, f1: 0.6667, verdict_accuracy: 0.5, severity_accuracy: 0 })
    expect(s.counts).toEqual({
      recall_critical: { hit: 1, total: 1 },
      recall_high: { hit: 0, total: 0 },
      recall_medium: { hit: 0, total: 1 },
      recall_low: { hit: 0, total: 0 },
      verdicts: { hit: 1, total: 2 },
      diffs_reviewed: { hit: 2, total: 2 },
      findings: { hit: 1, total: 1 },
      false_alarms_on_clean_and_decoy: { hit: 0, total: 1 },
      // dB (expected APPROVE) was approved; the one CRITICAL must-catch bug was caught.
      clean_not_approved: { hit: 0, total: 1 },
      must_catch_bugs: { hit: 1, total: 1 },
    })
    // REQUEST_CHANGES is not an approval, so the must-not-approve item is caught.
    expect(s.mustCatch.map((m) => m.caught)).toEqual([true, true])
  })

  test('empty review: 0, precision undefined, every must-catch item missed', () => {
    const s = scoreCodeReview(truth, { reviews: [] })
    expect(s.score).toBe(0)
    expect(s.metrics).toEqual({ recall: 0, weighted_recall: 0, precision: null, f1: 0, verdict_accuracy: 0, severity_accuracy: null })
    expect(s.counts.diffs_reviewed).toEqual({ hit: 0, total: 2 })
    expect(s.mustCatch.map((m) => m.caught)).toEqual([false, false])
  })

  test('a review full of false alarms: duplicates, invented defects and the decoy flagged', () => {
    const deliverable: CodeReviewDeliverable = {
      reviews: [
        review('dA', 'BLOCK', [finding('api/users.py', 10, 'injection', 'CRITICAL'), finding('api/users.py', 50, 'race_condition', 'HIGH'), finding('api/users.py', 11, 'injection', 'CRITICAL')]),
        review('dB', 'REQUEST_CHANGES', [finding('lib/db.py', 5, 'injection', 'HIGH'), finding('lib/db.py', 7, 'error_handling', 'LOW')]),
      ],
    }
    const s = scoreCodeReview(truth, deliverable)
    // 100 × (0.35 · 4/6 + 0.35 · 1/5 + 0.2 · 1/2 + 0.1 · 1/1) = 23.3333 + 7 + 10 + 10
    expect(s.score).toBe(50.3333)

    expect(s.metrics).toEqual({ recall: 0.5, weighted_recall: 0.6667, precision: 0.2, f1: 0.2857, verdict_accuracy: 0.5, severity_accuracy: 1 })
    expect(s.counts.findings).toEqual({ hit: 1, total: 5 })
    expect(s.counts.false_alarms_on_clean_and_decoy).toEqual({ hit: 2, total: 5 })
  })

  test(`a finding matches within ±${LINE_TOLERANCE} lines of the range, in the same file and category only`, () => {
    const matched = (f: CodeFinding) => scoreCodeReview(truth, { reviews: [review('dA', 'BLOCK', [f])] }).counts.recall_critical!.hit
    expect(matched(finding('api/users.py', 7, 'injection', 'CRITICAL'))).toBe(1)
    expect(matched(finding('api/users.py', 15, 'injection', 'CRITICAL'))).toBe(1)
    expect(matched(finding('api/users.py', 6, 'injection', 'CRITICAL'))).toBe(0)
    expect(matched(finding('api/users.py', 16, 'injection', 'CRITICAL'))).toBe(0)
    expect(matched(finding('api/other.py', 11, 'injection', 'CRITICAL'))).toBe(0)
    expect(matched(finding('api/users.py', 11, 'auth_bypass', 'CRITICAL'))).toBe(0)
  })

  test('one finding matches one issue at most, and the more severe issue gets it', () => {
    const close: CodeReviewTruth = {
      diffs: [
        {
          input: 'd',
          kind: 'defective',
          verdict: 'REQUEST_CHANGES',
          issues: [
            { id: 'low', category: 'error_handling', severity: 'LOW', file: 'x.ts', lines: { start: 20, end: 20 }, summary: 'Swallowed error.' },
            { id: 'high', category: 'error_handling', severity: 'HIGH', file: 'x.ts', lines: { start: 22, end: 22 }, summary: 'Lost write on failure.' },
          ],
          decoys: [],
        },
      ],
    }
    const s = scoreCodeReview(close, { reviews: [review('d', 'REQUEST_CHANGES', [finding('x.ts', 21, 'error_handling', 'HIGH')])] })
    expect(s.counts.findings).toEqual({ hit: 1, total: 1 })
    expect(s.counts.recall_high).toEqual({ hit: 1, total: 1 })
    expect(s.counts.recall_low).toEqual({ hit: 0, total: 1 })
  })

  test('an optional issue counts in recall and precision but is never a must-catch item', () => {
    const withOptional: CodeReviewTruth = {
      diffs: [
        {
          input: 'd',
          kind: 'defective',
          verdict: 'REQUEST_CHANGES',
          issues: [
            { id: 'req', category: 'error_handling', severity: 'HIGH', file: 'x.ts', lines: { start: 10, end: 10 }, summary: 'Lost write on failure.' },
            { id: 'opt', category: 'performance', severity: 'HIGH', file: 'x.ts', lines: { start: 30, end: 30 }, summary: 'Loads every row per request.', optional: true },
          ],
          decoys: [],
        },
      ],
    }
    const s = scoreCodeReview(withOptional, { reviews: [review('d', 'REQUEST_CHANGES', [finding('x.ts', 30, 'performance', 'HIGH')])] })
    expect(s.mustCatch.map((m) => m.id)).toEqual(['req'])
    expect(s.metrics.recall).toBe(0.5)
    expect(s.metrics.precision).toBe(1)
  })

  test('a finding matches only within its own diff: filed under the decoy diff, it cannot catch the bug of dA', () => {
    const s = scoreCodeReview(truth, {
      reviews: [review('dA', 'BLOCK', []), review('dB', 'REQUEST_CHANGES', [finding('api/users.py', 11, 'injection', 'CRITICAL')])],
    })
    // 100 × (0.35 · 0/6 + 0.35 · 0/1 + 0.2 · 1/2 + 0.1 · 0) = 10: nothing caught, the one finding a false alarm on dB.
    expect(s.score).toBe(10)
    expect(s.metrics).toMatchObject({ recall: 0, precision: 0 })
    expect(s.counts.false_alarms_on_clean_and_decoy).toEqual({ hit: 1, total: 1 })
    expect(s.mustCatch.find((m) => m.id === 'a1')!.caught).toBe(false)
  })

  test('approving a diff that must be blocked misses its must-catch item', () => {
    const s = scoreCodeReview(truth, { reviews: [review('dA', 'APPROVE', [finding('api/users.py', 11, 'injection', 'CRITICAL')])] })
    expect(s.mustCatch.find((m) => m.id === 'dA-not-approved')!.caught).toBe(false)
  })
})

describe('issues visible across files: several locations and categories', () => {
  /**
   * One defective diff: a migration (db/0018.py line 20) lacks the unique constraint that the
   * model declares (app/models.py line 40) and the service relies on (app/service.py 70-72);
   * either location, and the category race_condition as well as data_integrity, catch it.
   * A second, LOW issue and a decoy spot sit in the same diff.
   */
  const cross: CodeReviewTruth = {
    diffs: [
      {
        input: 'p1',
        kind: 'defective',
        verdict: 'REQUEST_CHANGES',
        issues: [
          {
            id: 'p1-1',
            category: 'data_integrity',
            alsoCategories: ['race_condition'],
            severity: 'HIGH',
            file: 'db/0018.py',
            lines: { start: 20, end: 20 },
            locations: [
              { file: 'app/models.py', lines: { start: 40, end: 40 } },
              { file: 'app/service.py', lines: { start: 70, end: 72 } },
            ],
            summary: 'The migration omits the unique constraint the retry handling relies on.',
          },
          { id: 'p1-2', category: 'off_by_one', severity: 'LOW', file: 'app/service.py', lines: { start: 90, end: 90 }, summary: 'The page repeats its last row.' },
        ],
        decoys: [{ file: 'app/service.py', lines: { start: 30, end: 31 }, looksLike: 'injection', why: 'Only placeholders are formatted into the SQL text.' }],
      },
    ],
  }
  const caught = (f: CodeFinding) => scoreCodeReview(cross, { reviews: [review('p1', 'REQUEST_CHANGES', [f])] }).counts.recall_high!.hit

  test('a finding at any of the locations catches the issue, within the line tolerance of that location', () => {
    expect(caught(finding('db/0018.py', 23, 'data_integrity', 'HIGH'))).toBe(1)
    expect(caught(finding('app/models.py', 38, 'data_integrity', 'HIGH'))).toBe(1)
    expect(caught(finding('app/service.py', 75, 'data_integrity', 'HIGH'))).toBe(1)
    expect(caught(finding('app/service.py', 76, 'data_integrity', 'HIGH'))).toBe(0)
    // Line 40 is a location in app/models.py, not in app/service.py.
    expect(caught(finding('app/service.py', 40, 'data_integrity', 'HIGH'))).toBe(0)
  })

  test('a further category catches it too; any other category does not', () => {
    expect(caught(finding('app/service.py', 71, 'race_condition', 'HIGH'))).toBe(1)
    expect(caught(finding('app/service.py', 71, 'error_handling', 'HIGH'))).toBe(0)
  })

  test('two findings of one issue at two locations: one catches it, the other counts against precision', () => {
    const s = scoreCodeReview(cross, {
      reviews: [
        review('p1', 'REQUEST_CHANGES', [
          finding('db/0018.py', 20, 'data_integrity', 'HIGH'),
          finding('app/service.py', 71, 'race_condition', 'MEDIUM'),
          finding('app/service.py', 30, 'injection', 'HIGH'),
        ]),
      ],
    })
    // weighted recall 3/4 (HIGH 3 of HIGH 3 + LOW 1); precision 1/3; verdict 1/1; severity 1/1
    // 100 × (0.35 · 3/4 + 0.35 · 1/3 + 0.2 · 1 + 0.1 · 1) = 26.25 + 11.6667 + 20 + 10
    expect(s.score).toBe(67.9167)
    expect(s.counts.findings).toEqual({ hit: 1, total: 3 })
    // The finding on the decoy spot is a false alarm, although its diff is defective.
    expect(s.counts.false_alarms_on_clean_and_decoy).toEqual({ hit: 1, total: 3 })
    expect(s.mustCatch).toEqual([{ id: 'p1-1', description: 'HIGH data_integrity in db/0018.py lines 20-20 (p1)', caught: true }])
  })
})
