import { describe, expect, test } from 'vitest'
import type { ContractReviewTruth } from '../../../../lib/tasks/kinds/contract-review.js'
import { checkSetup, countBy, hasClause, inputText, inputsOf, promptText, taskOf } from '../../../support/task-definitions.js'

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
  const documentOf = (x: { document?: string }) => x.document ?? truth.input!

  test('50 planted risks by severity and 38 benign look-alikes', () => {
    expect(countBy(truth.risks, (r) => r.severity)).toEqual([["HIGH", 19], ["LOW", 11], ["MEDIUM", 20]])
    expect(truth.benign).toHaveLength(38)
  })

  test('every risk, every clause it is read with, and every look-alike is a clause of the document it names', () => {
    const places = [...truth.risks.flatMap((r) => [{ document: documentOf(r), clause: r.clause }, ...(r.readWith ?? []).map((w) => ({ document: w.document ?? documentOf(r), clause: w.clause }))]), ...truth.benign.map((b) => ({ document: documentOf(b), clause: b.clause }))]
    for (const p of places) expect(hasClause(inputText(task, p.document), p.clause), `${p.document} ${p.clause}`).toBe(true)
  })

  test("every risk's category is the task's; no look-alike shares a clause with a risk of its document", () => {
    const ids = task.categories.map((c) => c.id)
    for (const r of truth.risks) expect(ids, r.id).toContain(r.category)
    const risky = new Set(truth.risks.map((r) => `${documentOf(r)} ${r.clause}`))
    expect(truth.benign.filter((b) => risky.has(`${documentOf(b)} ${b.clause}`))).toEqual([])
  })

  test('the prompt cites no clause of a planted risk', () => {
    const prompt = promptText(task)
    expect(truth.risks.filter((r) => new RegExp(`\\b${r.clause.replace(/\./g, '\\.')}\\b`).test(prompt)).map((r) => r.id)).toEqual([])
  })

  test('eight documents under review and the intake data they are computed from; every document but the data is listed', () => {
    expect(truth.documents).toEqual(['msa', 'order-form', 'dpa', 'fs-addendum', 'support-addendum', 'sow-1', 'amendment-1', 'amendment-2'])
    expect(truth.data).toEqual(['intake'])
    expect([...truth.documents!, ...truth.data!].sort()).toEqual(task.resolvedInputs.map((i) => i.id).sort())
  })
})
