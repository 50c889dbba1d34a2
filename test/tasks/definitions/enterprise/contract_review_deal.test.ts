import { describe, expect, test } from 'vitest'
import type { ContractReviewTruth } from '../../../../lib/tasks/kinds/contract-review.js'
import { checkContractTruth, checkSetup, countBy, inputsOf, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('contract_review_deal')
const truth = task.truth!.data as ContractReviewTruth

describe('contract_review_deal: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'legal',
    tier: 'hard',
    kind: 'execution',
    deliverable: 'contract_review',
    roles: ["data_protection_counsel", "regulatory_counsel", "commercial_counsel", "procurement_lead", "technology_counsel"],
    rubric: [["risk_identification", 20], ["specificity", 20], ["actionability", 20], ["completeness", 20], ["commercial_balance", 20]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["msa:markdown", "order-form:markdown", "dpa:markdown", "fs-addendum:markdown", "support-addendum:markdown", "sow-1:markdown", "amendment-1:markdown", "amendment-2:markdown", "intake:csv"])
  })
})

describe('contract_review_deal: its ground truth', () => {

  test('50 planted risks by severity and 38 benign look-alikes', () => {
    expect(countBy(truth.risks, (r) => r.severity)).toEqual([["HIGH", 19], ["LOW", 11], ["MEDIUM", 20]])
    expect(truth.benign).toHaveLength(38)
  })

  checkContractTruth(task)

  test('eight documents under review and the intake data they are computed from; every document but the data is listed', () => {
    expect(truth.documents).toEqual(['msa', 'order-form', 'dpa', 'fs-addendum', 'support-addendum', 'sow-1', 'amendment-1', 'amendment-2'])
    expect(truth.data).toEqual(['intake'])
    expect([...truth.documents!, ...truth.data!].sort()).toEqual(task.resolvedInputs.map((i) => i.id).sort())
  })
})
