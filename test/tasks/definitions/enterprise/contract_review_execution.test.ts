import { describe, expect, test } from 'vitest'
import type { ContractReviewTruth } from '../../../../lib/tasks/kinds/contract-review.js'
import { checkSetup, countBy, hasClause, inputText, inputsOf, promptText, taskOf } from '../../../support/task-definitions.js'

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
  const documentOf = (x: { document?: string }) => x.document ?? truth.input!

  test('13 planted risks by severity and 8 benign look-alikes', () => {
    expect(countBy(truth.risks, (r) => r.severity)).toEqual([["HIGH", 8], ["LOW", 1], ["MEDIUM", 4]])
    expect(truth.benign).toHaveLength(8)
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

  test('a single-document review of the agreement', () => {
    expect(truth.input).toBe('agreement')
    expect(truth.documents).toBeUndefined()
  })
})
