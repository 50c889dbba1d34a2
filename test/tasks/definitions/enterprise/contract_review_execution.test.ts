import { describe, expect, test } from 'vitest'
import type { ContractReviewTruth } from '../../../../lib/tasks/kinds/contract-review.js'
import { checkContractTruth, checkSetup, countBy, inputsOf, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('contract_review_execution')
const truth = task.truth!.data as ContractReviewTruth

describe('contract_review_execution: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'legal',
    tier: 'standard',
    kind: 'execution',
    deliverable: 'contract_review',
    roles: ["privacy_counsel", "commercial_counsel", "technology_counsel", "procurement_lead", "risk_officer"],
    rubric: [["risk_identification", 20], ["specificity", 20], ["actionability", 20], ["completeness", 20], ["commercial_balance", 20]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["agreement:markdown"])
  })
})

describe('contract_review_execution: its ground truth', () => {

  test('13 planted risks by severity and 8 benign look-alikes', () => {
    expect(countBy(truth.risks, (r) => r.severity)).toEqual([["HIGH", 8], ["LOW", 1], ["MEDIUM", 4]])
    expect(truth.benign).toHaveLength(8)
  })

  checkContractTruth(task)

  test('a single-document review of the agreement', () => {
    expect(truth.input).toBe('agreement')
    expect(truth.documents).toBeUndefined()
  })
})
