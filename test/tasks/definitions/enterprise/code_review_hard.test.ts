import { describe, expect, test } from 'vitest'
import { type CodeReviewTruth } from '../../../../lib/tasks/kinds/code-review.js'
import { checkCodeReviewTruth, checkSetup, countBy, inputsOf, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('code_review_hard')
const truth = task.truth!.data as CodeReviewTruth

describe('code_review_hard: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'engineering',
    tier: 'hard',
    kind: 'execution',
    deliverable: 'code_review',
    roles: ["security_reviewer", "schema_reviewer", "transactions_reviewer", "amounts_reviewer", "correctness_reviewer"],
    rubric: [["bug_detection", 25], ["false_positive_rate", 20], ["fix_quality", 20], ["severity_accuracy", 20], ["review_completeness", 15]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["p01:diff", "p02:diff", "p03:diff", "p04:diff", "p05:diff", "p06:diff", "p07:diff", "p08:diff", "p09:diff", "p10:diff", "p11:diff", "p12:diff", "r01:markdown", "r02:json", "r03:json", "r04:text", "r05:text", "r06:text", "r07:text", "r08:text", "r09:text", "r10:text", "r11:text", "r12:text", "r13:text", "r14:text", "r15:text", "r16:text"])
  })
})

describe('code_review_hard: its ground truth', () => {
  const issues = truth.diffs.flatMap((d) => d.issues)

  test('12 diffs (8 defective, 4 decoy); 33 planted issues by severity, 42 decoy lines', () => {
    expect(countBy(truth.diffs, (d) => d.kind)).toEqual([["decoy", 4], ["defective", 8]])
    expect(countBy(issues, (i) => i.severity)).toEqual([["CRITICAL", 5], ["HIGH", 6], ["LOW", 9], ["MEDIUM", 13]])
    expect(truth.diffs.flatMap((d) => d.decoys)).toHaveLength(42)
  })

  checkCodeReviewTruth(task)
})
