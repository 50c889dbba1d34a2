import { describe, expect, test } from 'vitest'
import { type CodeReviewTruth } from '../../../../lib/tasks/kinds/code-review.js'
import { checkCodeReviewTruth, checkSetup, countBy, inputsOf, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('code_review_execution')
const truth = task.truth!.data as CodeReviewTruth

describe('code_review_execution: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'engineering',
    tier: 'standard',
    kind: 'execution',
    deliverable: 'code_review',
    roles: ["security_reviewer", "concurrency_reviewer", "efficiency_reviewer", "reliability_reviewer", "maintainability_reviewer"],
    rubric: [["bug_detection", 20], ["false_positive_rate", 20], ["fix_quality", 20], ["severity_accuracy", 20], ["review_completeness", 20]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["d01:diff", "d02:diff", "d03:diff", "d04:diff", "d05:diff", "d06:diff", "d07:diff", "d08:diff", "d09:diff", "d10:diff", "d11:diff", "d12:diff", "d13:diff", "d14:diff"])
  })
})

describe('code_review_execution: its ground truth', () => {
  const issues = truth.diffs.flatMap((d) => d.issues)

  test('14 diffs (10 defective, 2 clean, 2 decoy); 15 planted issues by severity, 4 decoy lines', () => {
    expect(countBy(truth.diffs, (d) => d.kind)).toEqual([["clean", 2], ["decoy", 2], ["defective", 10]])
    expect(countBy(issues, (i) => i.severity)).toEqual([["CRITICAL", 3], ["HIGH", 5], ["LOW", 1], ["MEDIUM", 6]])
    expect(truth.diffs.flatMap((d) => d.decoys)).toHaveLength(4)
  })

  checkCodeReviewTruth(task)
})
