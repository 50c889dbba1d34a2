import { describe, expect, test } from 'vitest'
import { normaliseClause, scoreContractReview } from '../../../lib/eval/scorers/contract-review.js'
import type { ContractReviewDeliverable, ContractReviewTruth } from '../../../lib/tasks/kinds/contract-review.js'

/**
 * Three planted risks (weights HIGH 3, MEDIUM 2, LOW 1; total 6) and one benign look-alike.
 * score = 100 × (0.45 · weighted recall + 0.3 · precision + 0.15 · severity accuracy + 0.1 · category accuracy)
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
    // 100 × (0.45 · 5/6 + 0.3 · 2/2 + 0.15 · 1/2 + 0.1 · 1/2) = 37.5 + 30 + 7.5 + 5
    expect(s.score).toBe(80)
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
    // Four distinct clauses, one of them a risk. 100 × (0.45 · 3/6 + 0.3 · 1/4 + 0.15 · 1 + 0.1 · 1) = 22.5 + 7.5 + 15 + 10
    expect(s.score).toBe(55)
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
    // Found r1 and r3; dpa 4.5 is a false alarm. 100 × (0.45 · 4/6 + 0.3 · 2/3 + 0.15 · 1/2 + 0.1 · 1/2) = 30 + 20 + 7.5 + 5
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
    // One risk found, two false alarms. 100 × (0.45 · 3/6 + 0.3 · 1/3 + 0.15 · 1 + 0.1 · 1) = 22.5 + 10 + 15 + 10
    expect(s.score).toBe(57.5)
    expect(s.metrics).toEqual({ recall: 0.3333, weighted_recall: 0.5, precision: 0.3333, f1: 0.3333, severity_accuracy: 1, category_accuracy: 1 })
    expect(s.counts.clauses_flagged).toEqual({ hit: 1, total: 3 })
    expect(s.counts.benign_flagged).toEqual({ hit: 1, total: 1 })
  })
})
