import { describe, expect, test, vi } from 'vitest'
import { scoreChecklist } from '../../lib/eval/checklist.js'
import { deliverableText, headlineScore, scoreGroundTruth, scoreTaskChecklist } from '../../lib/eval/score.js'
import { scoreCodeReview } from '../../lib/eval/scorers/code-review.js'
import { loadRegistry } from '../../lib/tasks/registry.js'

const registry = await loadRegistry()
const execution = registry.get('code_review_execution')
const design = registry.get('software_architecture')

describe('headlineScore', () => {
  test('the tasks used here weigh their components as assumed', () => {
    expect(execution.composite).toEqual({ groundTruth: 0.7, checklist: 0, judge: 0.3 })
    expect(design.composite).toEqual({ groundTruth: 0, checklist: 0.4, judge: 0.6 })
  })

  test('mixes the weighted components', () => {
    expect(headlineScore(execution, { groundTruth: 80, checklist: undefined, judge: 60 })).toBe(74)
    expect(headlineScore(design, { groundTruth: undefined, checklist: 50, judge: 80 })).toBe(68)
  })

  test('a component switched off (undefined) is left out and the other weights renormalised', () => {
    expect(headlineScore(execution, { groundTruth: 80, checklist: undefined, judge: undefined })).toBe(80)
    expect(headlineScore(design, { groundTruth: undefined, checklist: 50, judge: undefined })).toBe(50)
  })

  test('a weighted component that failed (null) makes the headline null, never a lower number', () => {
    expect(headlineScore(execution, { groundTruth: 80, checklist: undefined, judge: null })).toBeNull()
    expect(headlineScore(execution, { groundTruth: null, checklist: undefined, judge: 60 })).toBeNull()
  })

  test('a component with weight 0 is ignored even when given, null or not', () => {
    expect(headlineScore(execution, { groundTruth: 80, checklist: 10, judge: 60 })).toBe(74)
    expect(headlineScore(execution, { groundTruth: 80, checklist: null, judge: 60 })).toBe(74)
  })

  test('nothing to weigh gives null', () => {
    expect(headlineScore(execution, { groundTruth: undefined, checklist: undefined, judge: undefined })).toBeNull()
  })

  test('is rounded to 4 decimals', () => {
    // 0.7 × 33.33333 + 0.3 × 66.66667 = 43.333332
    expect(headlineScore(execution, { groundTruth: 33.33333, checklist: undefined, judge: 66.66667 })).toBe(43.3333)
  })
})

describe('scoreGroundTruth', () => {
  test('a task without ground truth has no ground-truth score', () => {
    expect(scoreGroundTruth(design, { kind: 'markdown', text: '# Plan' })).toBeNull()
  })

  test('dispatches to the scorer of the task kind, after validating the deliverable', () => {
    const data = { reviews: [{ diff: 'd01', verdict: 'APPROVE' as const, summary: 'fine', findings: [] }] }
    const truth = execution.truth!.kind === 'code_review' ? execution.truth!.data : null
    const { outcomes, ...score } = scoreGroundTruth(execution, { kind: 'structured', schema: 'code_review_deliverable', data })!
    expect(score).toEqual(scoreCodeReview(truth!, data))
    // The kind's outcome counts ride along with the score.
    expect(Object.keys(outcomes!).sort()).toEqual(['code_review.escaped_severe_bugs', 'code_review.false_blocks', 'code_review.usd_per_caught_bug'])
  })

  test('a markdown deliverable for a structured task, or an invalid one, is an error (recorded, never a 0)', () => {
    expect(() => scoreGroundTruth(execution, { kind: 'markdown', text: 'LGTM' })).toThrow('task code_review_execution expects a structured deliverable, got markdown')
    expect(() => scoreGroundTruth(execution, { kind: 'structured', schema: 'code_review_deliverable', data: { reviews: 'none' } })).toThrow(/reviews/)
  })
})

describe('deliverableText', () => {
  test('markdown as is; structured deliverables as JSON indented by two spaces', () => {
    expect(deliverableText({ kind: 'markdown', text: '# Title\n\nBody' })).toBe('# Title\n\nBody')
    expect(deliverableText({ kind: 'structured', schema: 's', data: { a: [1] } })).toBe('{\n  "a": [\n    1\n  ]\n}')
    expect(deliverableText({ kind: 'structured', schema: 's', data: 'plain' })).toBe('"plain"')
  })

  test("writes a structured deliverable's JSON once per data object, however often its text is read", () => {
    const data = { findings: [{ id: 'F1', severity: 'high' }] }
    const copy = structuredClone(data)
    const stringify = vi.spyOn(JSON, 'stringify')
    try {
      const texts = [deliverableText({ kind: 'structured', schema: 's', data }), deliverableText({ kind: 'structured', schema: 's', data }), deliverableText({ kind: 'structured', schema: 'other', data })]
      expect(stringify.mock.calls.filter(([value]) => value === data)).toHaveLength(1)
      // Equal data in another object is another value: its text is written for it.
      const again = deliverableText({ kind: 'structured', schema: 's', data: copy })
      expect(stringify.mock.calls.filter(([value]) => value === copy)).toHaveLength(1)
      stringify.mockRestore()
      expect([...texts, again]).toEqual(Array(4).fill(JSON.stringify(data, null, 2)))
    } finally {
      stringify.mockRestore()
    }
  })
})

describe('scoreTaskChecklist', () => {
  test('scores the deliverable text against the task checklist, or null when the task has none', () => {
    const text = 'We shard by tenant id and cap p99 latency at 200 ms.'
    expect(scoreTaskChecklist(design, { kind: 'markdown', text })).toEqual(scoreChecklist(design.checklist, text))
    expect(design.checklist.length).toBeGreaterThan(0)
    const withoutChecklist = registry.tasks.find((t) => t.checklist.length === 0)!
    expect(scoreTaskChecklist(withoutChecklist, { kind: 'markdown', text })).toBeNull()
  })
})
