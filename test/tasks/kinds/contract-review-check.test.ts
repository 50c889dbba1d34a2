import { describe, expect, test } from 'vitest'
import { CONTRACT_CATEGORIES, ContractReviewTruth } from '../../../lib/tasks/kinds/contract-review.js'
import { checkContractReviewTruth, clauseNumbers } from '../../../lib/tasks/kinds/contract-review-check.js'
import { STRUCTURED_KINDS, type TruthContext } from '../../../lib/tasks/kinds/index.js'

const categories = [...CONTRACT_CATEGORIES.map((c) => c.id), 'precedence']

/** A checking context from [id, content] documents. */
const context = (docs: Array<[string, string]>): TruthContext => ({
  inputs: new Map(docs),
  formats: new Map(docs.map(([id]) => [id, 'markdown'])),
  categories: new Set(categories),
})

const msa = '# Terms\n\n1.1 "Fees" means the fees.\n\n2.4 Order of precedence.\n\n14.2 The cap.\n\n14.3 Exceptions.\n\nS1.3 Exclusions.\n'
const order = '# Order\n\n1.3 This order prevails.\n\n5.1 Fees table.\n'
const dpa = '# Addendum\n\n12.2 The cap.\n\nA2.1 Updates.\n'
const deal = context([
  ['msa', msa],
  ['order', order],
  ['dpa', dpa],
])

const risk = (over: Record<string, unknown> = {}) => ({ id: 'r1', document: 'dpa', clause: '12.2', category: 'liability_cap', severity: 'HIGH', summary: 'Caps the uncapped.', ...over })
const check = (truth: unknown, ctx = deal) => checkContractReviewTruth(ContractReviewTruth.parse(truth), ctx)

describe('clauseNumbers', () => {
  test('reads clause numbers printed at the start of a line, with a schedule or annex letter', () => {
    const text = '1.1 First\n14.3.1 Deep\nS1.4 Schedule\nA2.10 Annex\n  3.2 indented\n(a) 4.4 inside\nSchedule 1.2 not a clause\n5. Heading\n'
    expect([...clauseNumbers(text)].sort()).toEqual(['1.1', '14.3.1', 'A2.10', 'S1.4'])
  })
})

describe('the truth schema', () => {
  test('names either one document ("input") or several ("documents")', () => {
    const base = { risks: [risk({ document: undefined })] }
    expect(ContractReviewTruth.safeParse({ ...base, input: 'agreement' }).success).toBe(true)
    expect(ContractReviewTruth.safeParse({ ...base, documents: ['msa', 'dpa'] }).success).toBe(true)
    for (const bad of [base, { ...base, input: 'msa', documents: ['msa', 'dpa'] }]) {
      const parsed = ContractReviewTruth.safeParse(bad)
      expect(parsed.success).toBe(false)
      expect(parsed.error!.issues[0]).toMatchObject({ path: ['input'], message: 'expected either "input" (a single-document review) or "documents" (two or more documents), not both or neither' })
    }
  })

  test('accepts schedule and annex paragraph numbers, and rejects other shapes', () => {
    for (const clause of ['9.2', '14.3.1', 'S1.4', 'A2.10']) expect(ContractReviewTruth.safeParse({ input: 'a', risks: [risk({ document: undefined, clause })] }).success, clause).toBe(true)
    for (const clause of ['9', 'S1', 'Sch1.4', 's1.4', '1.2.3.4']) expect(ContractReviewTruth.safeParse({ input: 'a', risks: [risk({ document: undefined, clause })] }).success, clause).toBe(false)
  })
})

describe('multi-document ground truth is checked against every document', () => {
  const valid = {
    documents: ['msa', 'order', 'dpa'],
    risks: [
      risk({ alsoAt: [{ document: 'msa', clause: '14.3' }], readWith: [{ document: 'msa', clause: '2.4' }] }),
      risk({ id: 'r2', document: 'order', clause: '1.3', category: 'precedence', readWith: [{ clause: '5.1' }, { document: 'msa', clause: 'S1.3' }] }),
    ],
    benign: [{ document: 'msa', clause: '14.2', resembles: 'liability_cap', why: 'A fair general cap.', readWith: [{ clause: '1.1' }] }],
  }

  test('consistent truth passes; a reference without a document is in its item’s own document', () => {
    expect(check(valid)).toEqual([])
  })

  test('every input must be listed as a document, even one that carries no risk', () => {
    expect(check({ ...valid, documents: ['msa', 'order'], risks: [valid.risks[1]] })).toEqual([{ field: 'documents', message: 'expected every input of the task to be listed, "dpa" is missing (a document without risks is listed too)' }])
  })

  test('a document that is not an input, or listed twice', () => {
    expect(check({ ...valid, documents: ['msa', 'order', 'dpa', 'nda', 'msa'] })).toEqual([
      { field: 'documents.3', message: 'expected the id of a task input, got "nda"' },
      { field: 'documents.4', message: 'duplicate document "msa"' },
    ])
  })

  test('a risk must name its document, and its clause must be printed in that document', () => {
    expect(check({ ...valid, risks: [risk({ document: undefined }), risk({ id: 'r2', clause: '5.1' }), risk({ id: 'r3', document: 'sow', clause: '1.1' })] })).toEqual([
      { field: 'risks.0.document', message: 'expected the input id of the document the clause is in (msa, order, dpa)' },
      { field: 'risks.1.clause', message: 'clause 5.1 does not exist in dpa' },
      { field: 'risks.2.document', message: 'expected one of the documents (msa, order, dpa), got "sow"' },
    ])
  })

  test('references (alsoAt, readWith) are checked in the document they name', () => {
    const truth = { ...valid, risks: [risk({ alsoAt: [{ document: 'order', clause: '14.3' }], readWith: [{ clause: 'S1.3' }] })] }
    expect(check(truth)).toEqual([
      { field: 'risks.0.alsoAt.0.clause', message: 'clause 14.3 does not exist in order' },
      { field: 'risks.0.readWith.0.clause', message: 'clause S1.3 does not exist in dpa' },
    ])
  })

  test('a clause can be where one risk is expected only, and never where a benign clause is', () => {
    const truth = {
      ...valid,
      risks: [risk(), risk({ id: 'r2', document: 'msa', clause: '14.3', alsoAt: [{ document: 'dpa', clause: '12.2' }] })],
      benign: [{ document: 'msa', clause: '14.3', resembles: 'liability_cap', why: 'Looks harsh but is fair.' }],
    }
    expect(check(truth)).toEqual([
      { field: 'risks.1', message: 'clause dpa 12.2 is already where risk "r1" is expected; a finding can count for one risk only' },
      { field: 'benign.0.clause', message: 'clause msa 14.3 is where risk "r2" is expected; a benign clause must carry no risk' },
    ])
  })

  test('risk ids are unique and categories are the task’s', () => {
    const truth = { ...valid, risks: [risk(), risk({ document: 'order', clause: '1.3', category: 'governing_law' })] }
    expect(check(truth)).toEqual([
      { field: 'risks.1.id', message: 'duplicate risk id "r1" (also risks.0.id)' },
      { field: 'risks.1.category', message: `expected one of the task's categories (${categories.join(', ')}), got "governing_law"; a task adds its own categories under "categories"` },
    ])
  })
})

describe('single-document ground truth keeps its rules', () => {
  const one = context([['agreement', msa]])

  test('clauses are checked in the one input, with the messages of before', () => {
    const truth = { input: 'agreement', risks: [risk({ document: undefined, clause: '14.2' }), risk({ id: 'r2', document: undefined, clause: '9.9' })], benign: [{ clause: '7.7', resembles: 'indemnity', why: 'Not in the text.' }] }
    expect(check(truth, one)).toEqual([
      { field: 'risks.1.clause', message: 'clause 9.9 does not exist in agreement' },
      { field: 'benign.0.clause', message: 'clause 7.7 does not exist in agreement' },
    ])
  })

  test('items and references may not name a document', () => {
    const truth = { input: 'agreement', risks: [risk({ clause: '14.2', readWith: [{ document: 'agreement', clause: '2.4' }] })] }
    expect(check(truth, one)).toEqual([
      { field: 'risks.0.document', message: 'expected no document in a single-document review (the document is "input")' },
      { field: 'risks.0.readWith.0.document', message: 'expected no document in a single-document review (the document is "input")' },
    ])
  })

  test('an input that does not exist is the only problem reported', () => {
    expect(check({ input: 'nope', risks: [risk({ document: undefined })] }, one)).toEqual([{ field: 'input', message: 'expected the id of a task input, got "nope"' }])
  })

  test('the kind registry uses this check', () => {
    expect(STRUCTURED_KINDS.contract_review.check).toBe(checkContractReviewTruth)
  })
})
