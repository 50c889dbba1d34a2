import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import {
  CONTRACT_CATEGORIES,
  contractReviewDeliverable,
  ContractReviewTruth,
  exposureRight,
  isMultiDocument,
  itemLocation,
  locationKey,
  type PlantedRisk,
  refLocation,
  riskLocations,
} from '../../../lib/tasks/kinds/contract-review.js'
import { deliverableSchema } from '../../../lib/tasks/kinds/index.js'

const ids = CONTRACT_CATEGORIES.map((c) => c.id)
const finding = { clause: '14.3', category: 'liability_cap', severity: 'HIGH', explanation: 'e', amendment: 'a' }
const review = (risks: unknown[]) => ({ overallRisk: 'HIGH', summary: 's', risks })

describe('the deliverable of a contract review', () => {
  test('with one document, findings carry no document and the schema is the single-document one', () => {
    const schema = contractReviewDeliverable(ids, ['agreement'])
    expect(z.toJSONSchema(schema)).toEqual(z.toJSONSchema(contractReviewDeliverable(ids)))
    const items = (z.toJSONSchema(schema) as unknown as { properties: { risks: { items: { required: string[] } } } }).properties.risks.items
    expect(items.required).toEqual(['clause', 'category', 'severity', 'explanation', 'amendment'])
    expect(schema.safeParse(review([finding])).success).toBe(true)
  })

  test('with several documents, every finding names one of them', () => {
    const schema = contractReviewDeliverable(ids, ['msa', 'dpa'])
    const items = (z.toJSONSchema(schema) as unknown as { properties: { risks: { items: { required: string[]; properties: { document: { enum: string[] } } } } } }).properties.risks.items
    expect(items.required).toEqual(['document', 'clause', 'category', 'severity', 'explanation', 'amendment'])
    expect(items.properties.document.enum).toEqual(['msa', 'dpa'])
    expect(schema.safeParse(review([{ document: 'dpa', ...finding }])).success).toBe(true)
    expect(schema.safeParse(review([finding])).success).toBe(false)
    expect(schema.safeParse(review([{ document: 'sow', ...finding }])).success).toBe(false)
  })

  test("deliverableSchema builds a task's schema from its categories and the documents its ground truth lists", () => {
    const categories = CONTRACT_CATEGORIES
    const risk = { id: 'r1', clause: '1.1', category: 'indemnity', severity: 'HIGH' as const, summary: 'A one-sided indemnity.' }
    const single = { kind: 'contract_review' as const, data: { input: 'agreement', risks: [risk], benign: [] } }
    const multi = { kind: 'contract_review' as const, data: { documents: ['msa', 'dpa'], risks: [{ ...risk, document: 'msa' }], benign: [] } }
    const one = deliverableSchema({ deliverable: 'contract_review', categories, truth: single })
    const two = deliverableSchema({ deliverable: 'contract_review', categories, truth: multi })
    expect(one.safeParse(review([finding])).success).toBe(true)
    expect(two.safeParse(review([finding])).success).toBe(false)
    expect(deliverableSchema({ deliverable: 'contract_review', categories, truth: multi })).toBe(two)
  })

  test('a ground truth with exposures asks every finding for one (a number or null), and needs its tolerance; one without keeps the schema it had', () => {
    const risk = { id: 'r1', document: 'msa', clause: '1.1', category: 'indemnity', severity: 'HIGH' as const, summary: 'A one-sided indemnity.' }
    const plain = { documents: ['msa', 'dpa'], risks: [risk], benign: [] }
    const priced = { ...plain, data: ['volumes'], exposureTolerance: { relative: 0.01, absolute: 500 }, risks: [{ ...risk, exposure: { amount: 96_000, basis: 'The discount, repaid.' } }] }
    const schema = (data: object) => deliverableSchema({ deliverable: 'contract_review', categories: CONTRACT_CATEGORIES, truth: { kind: 'contract_review', data: ContractReviewTruth.parse(data) } })
    const required = (data: object) => (z.toJSONSchema(schema(data)) as unknown as { properties: { risks: { items: { required: string[] } } } }).properties.risks.items.required
    expect(required(plain)).toEqual(['document', 'clause', 'category', 'severity', 'explanation', 'amendment'])
    expect(required(priced)).toEqual(['document', 'clause', 'category', 'severity', 'explanation', 'amendment', 'exposure'])
    const found = { document: 'msa', ...finding }
    expect(schema(priced).safeParse(review([{ ...found, exposure: null }])).success).toBe(true)
    expect(schema(priced).safeParse(review([{ ...found, exposure: 95_500 }])).success).toBe(true)
    expect(schema(priced).safeParse(review([found])).success).toBe(false)
    const { exposureTolerance: _, ...untolerated } = priced
    expect(ContractReviewTruth.safeParse(untolerated).error?.issues.map((i) => i.path.join('.'))).toEqual(['exposureTolerance'])
  })

  test('a stated exposure is right within the relative tolerance or the absolute one, whichever is larger', () => {
    const tolerance = { relative: 0.01, absolute: 500 }
    expect([1_010_000, 1_010_001, 989_999].map((x) => exposureRight(x, 1_000_000, tolerance))).toEqual([true, false, false])
    expect([20_500, 20_501, null, undefined, Number.NaN].map((x) => exposureRight(x, 20_000, tolerance))).toEqual([true, false, false, false, false])
  })
})

describe('clause locations', () => {
  const risk: PlantedRisk = {
    id: 'r1',
    document: 'dpa',
    clause: '12.2',
    category: 'liability_cap',
    severity: 'HIGH',
    summary: 'Caps the uncapped.',
    alsoAt: [{ document: 'msa', clause: '14.3' }, { clause: '13.3' }],
  }

  test('in a multi-document review a location is document and clause; a reference defaults to its item’s document', () => {
    const truth = { documents: ['msa', 'dpa'] }
    expect(isMultiDocument(truth)).toBe(true)
    expect(riskLocations(truth, risk).map(locationKey)).toEqual(['dpa 12.2', 'msa 14.3', 'dpa 13.3'])
    expect(refLocation(truth, risk, { clause: '1.1' })).toEqual({ document: 'dpa', clause: '1.1' })
  })

  test('in a single-document review a location is the clause alone', () => {
    const truth = { input: 'agreement', documents: undefined }
    expect(isMultiDocument(truth)).toBe(false)
    expect(itemLocation(truth, { clause: '9.2' })).toEqual({ document: null, clause: '9.2' })
    expect(locationKey(itemLocation(truth, { clause: '9.2' }))).toBe('9.2')
  })
})
