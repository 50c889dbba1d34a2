import { describe, expect, test } from 'vitest'
import { normaliseClause, scoreContractReview } from '../../../lib/eval/scorers/contract-review.js'
import type { ContractReviewDeliverable, ContractReviewTruth } from '../../../lib/tasks/kinds/contract-review.js'

/**
 * Three planted risks (weights HIGH 3, MEDIUM 2, LOW 1; total 6) and one benign look-alike.
 * score = 100 × (0.375 · weighted recall + 0.375 · precision + 0.15 · severity accuracy + 0.1 · category accuracy)
 */
const truth: ContractReviewTruth = {
  input: 'agreement',
  risks: [
    { id: 'r1', clause: '9.2', category: 'liability_cap', severity: 'HIGH', summary: 'Liability capped at one month of fees.' },
    { id: 'r2', clause: '4.1', category: 'auto_renewal', severity: 'MEDIUM', summary: 'Renews for three years silently.' },
    { id: 'r3', clause: '12.3', category: 'audit_rights', severity: 'LOW', summary: 'No audit right for the customer.' },
  ],
  benign: [{ clause: '9.1', resembles: 'liability_cap', why: 'A mutual cap at twelve months of fees.' }],
}

type Risk = ContractReviewDeliverable['risks'][number]
const risk = (clause: string, category: Risk['category'], severity: Risk['severity']): Risk => ({ clause, category, severity, explanation: 'e', amendment: 'a' })
const memo = (risks: Risk[]): ContractReviewDeliverable => ({ overallRisk: 'HIGH', summary: 's', risks })

describe('normaliseClause', () => {
  test('reads the clause number out of the ways people write it', () => {
    expect(['Clause 9.2', '§9.2', '9.2.', ' 9.2 ', 'section 14.3.1(b)'].map(normaliseClause)).toEqual(['9.2', '9.2', '9.2', '9.2', '14.3.1'])
    expect(normaliseClause(' preamble ')).toBe('preamble')
  })
})

describe('scoreContractReview', () => {
  test('perfect memo: 100, every HIGH risk caught', () => {
    const s = scoreContractReview(truth, memo([risk('Clause 9.2', 'liability_cap', 'HIGH'), risk('§4.1', 'auto_renewal', 'MEDIUM'), risk('12.3.', 'audit_rights', 'LOW')]))
    expect(s.score).toBe(100)
    expect(s.metrics).toEqual({ recall: 1, weighted_recall: 1, precision: 1, f1: 1, severity_accuracy: 1, category_accuracy: 1 })
    expect(s.mustCatch).toEqual([{ id: 'r1', description: 'HIGH-risk clause 9.2 (liability_cap)', caught: true }])
  })

  test('partial memo: two risks found, one with the wrong severity, one with the wrong category', () => {
    const s = scoreContractReview(truth, memo([risk('9.2', 'liability_cap', 'MEDIUM'), risk('4.1', 'indemnity', 'MEDIUM')]))
    // 100 × (0.375 · 5/6 + 0.375 · 2/2 + 0.15 · 1/2 + 0.1 · 1/2) = 31.25 + 37.5 + 7.5 + 5
    expect(s.score).toBe(81.25)
    expect(s.metrics).toEqual({ recall: 0.6667, weighted_recall: 0.8333, precision: 1, f1: 0.8, severity_accuracy: 0.5, category_accuracy: 0.5 })
    expect(s.counts).toEqual({
      recall_high: { hit: 1, total: 1 },
      recall_medium: { hit: 1, total: 1 },
      recall_low: { hit: 0, total: 1 },
      clauses_flagged: { hit: 2, total: 2 },
      benign_flagged: { hit: 0, total: 1 },
    })
  })

  test('empty memo: 0, precision undefined, the HIGH risk missed', () => {
    const s = scoreContractReview(truth, memo([]))
    expect(s.score).toBe(0)
    expect(s.metrics).toEqual({ recall: 0, weighted_recall: 0, precision: null, f1: 0, severity_accuracy: null, category_accuracy: null })
    expect(s.mustCatch.map((m) => m.caught)).toEqual([false])
  })

  test('a memo full of false alarms: the benign cap and invented risks flagged beside one real risk', () => {
    const s = scoreContractReview(
      truth,
      memo([risk('9.2', 'liability_cap', 'HIGH'), risk('9.1', 'liability_cap', 'HIGH'), risk('5.5', 'other', 'LOW'), risk('7.7', 'data_transfer', 'MEDIUM'), risk('Clause 9.2', 'indemnity', 'LOW')]),
    )
    // Four distinct clauses, one of them a risk. 100 × (0.375 · 3/6 + 0.375 · 1/4 + 0.15 · 1 + 0.1 · 1) = 18.75 + 9.375 + 15 + 10
    expect(s.score).toBe(53.125)
    // One flag in four is right: the HIGH risk it flags is not a must-catch item caught.
    expect(s.mustCatch).toEqual([{ id: 'r1', description: 'HIGH-risk clause 9.2 (liability_cap) (not counted: 25 % of the flagged clauses are right, below the 50 % floor)', caught: false }])
    expect(s.metrics).toEqual({ recall: 0.3333, weighted_recall: 0.5, precision: 0.25, f1: 0.2857, severity_accuracy: 1, category_accuracy: 1 })
    expect(s.counts.clauses_flagged).toEqual({ hit: 1, total: 4 })
    expect(s.counts.benign_flagged).toEqual({ hit: 1, total: 1 })
  })

  test('the first flag of a clause is the one scored', () => {
    const s = scoreContractReview(truth, memo([risk('9.2', 'indemnity', 'LOW'), risk('9.2', 'liability_cap', 'HIGH')]))
    expect(s.metrics.severity_accuracy).toBe(0)
    expect(s.metrics.category_accuracy).toBe(0)
  })
})

describe('normaliseClause with schedule and annex paragraphs', () => {
  test('keeps the letter of a schedule or annex paragraph, in capitals; the first number in the text wins', () => {
    expect(['S1.4', 'Schedule 1, paragraph S1.4', 's1.4', 'A2.10 of Annex 2', 'clause 14.3 (see also S1.3)', 'Clause9.2'].map(normaliseClause)).toEqual(['S1.4', 'S1.4', 'S1.4', 'A2.10', '14.3', '9.2'])
  })
})

/**
 * A review of two documents. Three planted risks (weights HIGH 3, MEDIUM 2, LOW 1; total 6), one benign
 * look-alike. r1 is created in the addendum by a clause that undoes a carve-out in the agreement (a
 * finding at msa 14.3 also counts for it); r3 is optional. The expected scores below are computed by hand.
 */
describe('scoreContractReview of several documents', () => {
  const deal: ContractReviewTruth = {
    documents: ['msa', 'dpa'],
    risks: [
      { id: 'r1', document: 'dpa', clause: '12.2', category: 'liability_cap', severity: 'HIGH', summary: 'Caps what the agreement left uncapped.', alsoAt: [{ document: 'msa', clause: '14.3' }], readWith: [{ document: 'msa', clause: '2.4' }] },
      { id: 'r2', document: 'msa', clause: '4.5', category: 'price_escalation', severity: 'MEDIUM', summary: 'Uncapped increases at renewal.', readWith: [{ clause: '4.1' }] },
      { id: 'r3', document: 'msa', clause: 'S1.6', category: 'service_credits', severity: 'LOW', summary: 'Credits lost on a disputed invoice.', optional: true },
    ],
    benign: [{ document: 'msa', clause: '2.4', resembles: 'liability_cap', why: 'A conventional order of precedence.' }],
  }
  const at = (document: string, clause: string, category: Risk['category'], severity: Risk['severity']): Risk => ({ document, ...risk(clause, category, severity) })

  test('perfect review: 100, the one must-catch risk caught, named with its document', () => {
    const s = scoreContractReview(deal, memo([at('dpa', '12.2', 'liability_cap', 'HIGH'), at('msa', 'Clause 4.5', 'price_escalation', 'MEDIUM'), at('msa', 'S1.6', 'service_credits', 'LOW')]))
    expect(s.score).toBe(100)
    expect(s.mustCatch).toEqual([{ id: 'r1', description: 'HIGH-risk clause 12.2 of dpa (liability_cap)', caught: true }])
    expect(s.counts).toEqual({
      recall_high: { hit: 1, total: 1 },
      recall_medium: { hit: 1, total: 1 },
      recall_low: { hit: 1, total: 1 },
      clauses_flagged: { hit: 3, total: 3 },
      benign_flagged: { hit: 0, total: 1 },
      recall_cross_document: { hit: 1, total: 1 },
    })
  })

  test('partial review: r1 found at the clause it undoes, r2 cited in the wrong document, r3 under another category', () => {
    const s = scoreContractReview(deal, memo([at('msa', '14.3', 'liability_cap', 'MEDIUM'), at('dpa', '4.5', 'price_escalation', 'MEDIUM'), at('msa', 'Schedule 1, paragraph s1.6', 'indemnity', 'LOW')]))
    // Found r1 and r3; dpa 4.5 is a false alarm. 100 × (0.375 · 4/6 + 0.375 · 2/3 + 0.15 · 1/2 + 0.1 · 1/2) = 25 + 25 + 7.5 + 5
    expect(s.score).toBe(62.5)
    expect(s.metrics).toEqual({ recall: 0.6667, weighted_recall: 0.6667, precision: 0.6667, f1: 0.6667, severity_accuracy: 0.5, category_accuracy: 0.5 })
    expect(s.counts.recall_medium).toEqual({ hit: 0, total: 1 })
    expect(s.counts.clauses_flagged).toEqual({ hit: 2, total: 3 })
    expect(s.mustCatch.map((m) => m.caught)).toEqual([true])
  })

  test('empty review: 0, precision undefined, the must-catch risk missed', () => {
    const s = scoreContractReview(deal, memo([]))
    expect(s.score).toBe(0)
    expect(s.metrics).toEqual({ recall: 0, weighted_recall: 0, precision: null, f1: 0, severity_accuracy: null, category_accuracy: null })
    expect(s.counts.recall_cross_document).toEqual({ hit: 0, total: 1 })
    expect(s.mustCatch).toEqual([{ id: 'r1', description: 'HIGH-risk clause 12.2 of dpa (liability_cap)', caught: false }])
  })

  test('false alarms: the benign clause and an invented one; citing a found risk again at its other clause is neither right nor wrong', () => {
    const s = scoreContractReview(
      deal,
      memo([at('dpa', '12.2', 'liability_cap', 'HIGH'), at('msa', '14.3', 'liability_cap', 'HIGH'), at('msa', '2.4', 'liability_cap', 'MEDIUM'), at('msa', '7.7', 'other', 'LOW'), at('dpa', '12.2', 'indemnity', 'LOW')]),
    )
    // One risk found, two false alarms. 100 × (0.375 · 3/6 + 0.375 · 1/3 + 0.15 · 1 + 0.1 · 1) = 18.75 + 12.5 + 15 + 10
    expect(s.score).toBe(56.25)
    expect(s.metrics).toEqual({ recall: 0.3333, weighted_recall: 0.5, precision: 0.3333, f1: 0.3333, severity_accuracy: 1, category_accuracy: 1 })
    expect(s.counts.clauses_flagged).toEqual({ hit: 1, total: 3 })
    expect(s.counts.benign_flagged).toEqual({ hit: 1, total: 1 })
  })
})

/**
 * A review that asks for the money at stake. Three risks carry an exposure (weights HIGH 3, MEDIUM 2,
 * LOW 1; total 6), one does not; the tolerance is 1% or 500, whichever is larger. The expected scores
 * below are computed by hand:
 * score = 100 × (0.5 · severity-weighted exposure accuracy + 0.5 · (0.375 · weighted recall + 0.375 · precision + 0.15 · severity + 0.1 · category))
 */
describe('scoreContractReview with exposures', () => {
  const priced: ContractReviewTruth = {
    documents: ['msa', 'order-form'],
    data: ['volumes'],
    exposureTolerance: { relative: 0.01, absolute: 500 },
    risks: [
      { id: 'unit', document: 'msa', clause: '1.9', category: 'usage_metering', severity: 'HIGH', summary: 'Every document is a billing unit.', exposure: { amount: 1_000_000, basis: 'Excess fees over three years.' } },
      { id: 'discount', document: 'order-form', clause: '2.1', category: 'price_escalation', severity: 'MEDIUM', summary: 'Discount for the first year only.', exposure: { amount: 192_000, basis: 'Two years at 96,000.' } },
      { id: 'storage', document: 'order-form', clause: '4.3', category: 'usage_metering', severity: 'LOW', summary: 'The replica counts as storage.', exposure: { amount: 20_000, basis: 'Months above the allowance.' } },
      { id: 'audit', document: 'msa', clause: '18.2', category: 'audit_rights', severity: 'HIGH', summary: 'No on-site audit for the regulator.' },
    ],
    benign: [],
  }
  const priceAt = (document: string, clause: string, category: Risk['category'], severity: Risk['severity'], exposure: number | null): Risk => ({ document, ...risk(clause, category, severity), exposure })
  const perfect = [
    priceAt('msa', '1.9', 'usage_metering', 'HIGH', 1_000_000),
    priceAt('order-form', '2.1', 'price_escalation', 'MEDIUM', 192_000),
    priceAt('order-form', '4.3', 'usage_metering', 'LOW', 20_000),
    priceAt('msa', '18.2', 'audit_rights', 'HIGH', null),
  ]

  test('perfect review: 100; each HIGH risk with a figure is two must-catch items, the clause and the figure', () => {
    const s = scoreContractReview(priced, memo(perfect))
    expect(s.score).toBe(100)
    expect(s.metrics.exposure_accuracy).toBe(1)
    expect(s.counts.exposures_right).toEqual({ hit: 3, total: 3 })
    expect(s.mustCatch.map((m) => [m.id, m.caught])).toEqual([
      ['unit', true],
      ['audit', true],
      ['unit/exposure', true],
    ])
    expect(s.mustCatch[2]!.description).toBe('the exposure of HIGH-risk clause 1.9 of msa: 1,000,000 within the stated tolerance')
  })

  test('figures inside the tolerance count, figures outside it do not, and a figure on a risk without one is ignored', () => {
    // 1.9: 1% of 1,000,000 is 10,000, so 1,009,999 is right; 2.1: 1% of 192,000 is 1,920, so 194,000 is not;
    // 4.3: 1% of 20,000 is 200 < 500, so 20,499 is right; 18.2 states a figure the truth does not ask for.
    const s = scoreContractReview(
      priced,
      memo([
        priceAt('msa', '1.9', 'usage_metering', 'HIGH', 1_009_999),
        priceAt('order-form', '2.1', 'price_escalation', 'MEDIUM', 194_000),
        priceAt('order-form', '4.3', 'usage_metering', 'LOW', 20_499),
        priceAt('msa', '18.2', 'audit_rights', 'HIGH', 5_000_000),
      ]),
    )
    // Exposure accuracy (3 + 1) / 6; the list part is perfect. 100 × (0.5 · 4/6 + 0.5 · 1) = 83.3333
    expect(s.score).toBe(83.3333)
    expect(s.metrics.exposure_accuracy).toBe(0.6667)
    expect(s.counts.exposures_right).toEqual({ hit: 2, total: 3 })
  })

  test('partial review: the HIGH figure wrong, the MEDIUM risk missed, the LOW one right, the audit risk found', () => {
    const s = scoreContractReview(priced, memo([priceAt('msa', '1.9', 'usage_metering', 'HIGH', 800_000), priceAt('order-form', '4.3', 'usage_metering', 'LOW', 20_000), priceAt('msa', '18.2', 'audit_rights', 'HIGH', null)]))
    // Weighted recall (3 + 1 + 3) / 9, precision 1, severity and category 1: list part 0.375 · 7/9 + 0.625 = 0.9167;
    // exposure accuracy 1/6. 100 × (0.5 · 1/6 + 0.5 · 0.9167) = 8.3333 + 45.8333
    expect(s.score).toBe(54.1667)
    expect(s.mustCatch.map((m) => [m.id, m.caught])).toEqual([
      ['unit', true],
      ['audit', true],
      ['unit/exposure', false],
    ])
  })

  test('below half the weighted recall the score is capped at 100 × recall / 0.5, whatever its figures', () => {
    const s = scoreContractReview(priced, memo([priceAt('order-form', '4.3', 'usage_metering', 'LOW', 20_000)]))
    // Weighted recall 1/9 caps at 100 × (1/9) / 0.5 = 22.2222; uncapped 100 × (0.5 · 1/6 + 0.5 · (0.375 · 1/9 + 0.625)) = 41.6667.
    expect(s.metrics).toMatchObject({ weighted_recall: 0.1111, precision: 1, severity_accuracy: 1, exposure_accuracy: 0.1667 })
    expect(s.score).toBe(22.2222)
  })

  test('empty review: 0, every must-catch item missed', () => {
    const s = scoreContractReview(priced, memo([]))
    expect(s.score).toBe(0)
    expect(s.metrics.exposure_accuracy).toBe(0)
    expect(s.mustCatch.every((m) => !m.caught)).toBe(true)
  })

  test('false alarms lower the list half only; a null or missing figure on a priced risk is wrong', () => {
    const s = scoreContractReview(
      priced,
      memo([
        priceAt('msa', '1.9', 'usage_metering', 'HIGH', null),
        { document: 'order-form', ...risk('2.1', 'price_escalation', 'MEDIUM') },
        priceAt('order-form', '4.3', 'usage_metering', 'LOW', 20_000),
        priceAt('msa', '18.2', 'audit_rights', 'HIGH', null),
        priceAt('msa', '4.5', 'price_escalation', 'MEDIUM', 10_000),
        priceAt('order-form', '5.5', 'usage_metering', 'MEDIUM', 10_000),
      ]),
    )
    // Recall 1, precision 4/6, severity and category 1: list part 0.375 + 0.375 · 2/3 + 0.25 = 0.875; exposure 1/6.
    // 100 × (0.5 · 1/6 + 0.5 · 0.875) = 52.0833
    expect(s.score).toBe(52.0833)
    expect(s.metrics.precision).toBe(0.6667)
  })

  test('a review without exposures scores exactly as before', () => {
    const { exposureTolerance: _, data: __, ...plain } = priced
    const s = scoreContractReview({ ...plain, risks: priced.risks.map(({ exposure: _e, ...r }) => r) }, memo(perfect.slice(0, 2)))
    // 100 × (0.375 · 5/9 + 0.375 · 1 + 0.15 · 1 + 0.1 · 1) = 20.8333 + 62.5
    expect(s.score).toBe(83.3333)
    expect(s.metrics.exposure_accuracy).toBeUndefined()
    expect(s.mustCatch.map((m) => m.id)).toEqual(['unit', 'audit'])
    // Without figures to carry it, a short review is not capped: its recall term already costs it.
    const short = scoreContractReview({ ...plain, risks: priced.risks.map(({ exposure: _e, ...r }) => r) }, memo([perfect[2]!]))
    // 100 × (0.375 · 1/9 + 0.375 + 0.15 + 0.1) = 4.1667 + 62.5
    expect(short.score).toBe(66.6667)
  })
})
