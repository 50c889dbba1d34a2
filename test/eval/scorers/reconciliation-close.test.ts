import { describe, expect, test } from 'vitest'
import { scoreClose } from '../../../lib/eval/scorers/reconciliation-close.js'
import { scoreReconciliation } from '../../../lib/eval/scorers/reconciliation.js'
import type { CloseDeliverable, CloseTruth, ReconciliationDeliverable, ReconciliationTruth } from '../../../lib/tasks/kinds/reconciliation.js'

/**
 * Close schedules worked by hand. Cards: ****1111 over its budget of 1,000.00 from K3 (spend
 * 1,020.00, 3 charges); ****2222 close under its budget (490.00 of 500.00); ****3333 far under.
 * Interest on 1200 over four days (balances 1,000, 1,000, 2,000, 2,000; interest 0.30). Revaluation
 * of 1210: carrying 800.00, closing value 790.00, revaluation −10.00. Tolerances: spend 0.50;
 * interest 0.05 (half credit 1.00); EUR 1.00 (half credit 20.00); counts, first charges and daily
 * balances exact. Every expected number below is worked out by hand from these facts.
 */
const close: CloseTruth = {
  cards: [
    { account: '1250', card: '****1111', budget: 1000, charges: 3, spend: 1020, firstChargeOverBudget: 'K3' },
    { account: '1250', card: '****2222', budget: 500, charges: 2, spend: 490, firstChargeOverBudget: null },
    { account: '1250', card: '****3333', budget: 800, charges: 4, spend: 300, firstChargeOverBudget: null },
  ],
  interest: [
    {
      account: '1200',
      basis: 365,
      bands: [
        { from: 0, rate: 0 },
        { from: 100, rate: 0.0365 },
      ],
      days: [
        { date: '2026-03-01', balance: 1000 },
        { date: '2026-03-02', balance: 1000 },
        { date: '2026-03-03', balance: 2000 },
        { date: '2026-03-04', balance: 2000 },
      ],
      interest: 0.3,
    },
  ],
  rates: 'rates',
  revaluation: [{ account: '1210', carryingOpeningEur: 700, carryingAmountEur: 800, closingValueEur: 790, revaluationEur: -10 }],
}

const perfect = (): Required<CloseDeliverable> => ({
  cardReview: [
    { card: '****1111', charges: 3, spend: 1020, firstChargeOverBudget: 'K3' },
    { card: '****2222', charges: 2, spend: 490, firstChargeOverBudget: null },
    { card: '****3333', charges: 4, spend: 300, firstChargeOverBudget: null },
  ],
  interest: [{ account: '1200', days: close.interest[0]!.days.map((d) => ({ ...d })), interest: 0.3 }],
  revaluation: [{ account: '1210', carryingAmountEur: 800, closingValueEur: 790, revaluationEur: -10 }],
})
const base: ReconciliationDeliverable = { accounts: [], reconcilingItems: [], exceptions: [], summary: '' }
const score = (d: CloseDeliverable) => scoreClose(close, { ...base, ...d })

describe('scoreClose', () => {
  test('"none", "n/a" and "-" flag no charge, as null does; a charge is read as an id', () => {
    const d = perfect()
    d.cardReview = [
      { card: '****1111', charges: 3, spend: 1020, firstChargeOverBudget: '`k3`' },
      { card: '****2222', charges: 2, spend: 490, firstChargeOverBudget: 'none' },
      { card: '****3333', charges: 4, spend: 300, firstChargeOverBudget: 'N/A' },
    ]
    const s = score(d)
    expect(s.parts.cards).toBe(1)
    expect(s.counts.cards_wrongly_over_budget).toEqual({ hit: 0, total: 2 })
    expect(score({ ...perfect(), cardReview: [{ card: '****1111', charges: 3, spend: 1020, firstChargeOverBudget: '-' }] }).mustCatch[0]!.caught).toBe(false)
  })

  test('a spend printed negative, as the exports print charges, and a day written as a time or German date are the same figures', () => {
    const d = perfect()
    d.cardReview = d.cardReview.map((c) => ({ ...c, spend: -c.spend }))
    d.interest = [{ ...d.interest[0]!, days: d.interest[0]!.days.map((x, i) => ({ ...x, date: i % 2 === 0 ? `${x.date}T00:00:00` : x.date.split('-').reverse().join('.') })) }]
    expect(score(d).parts).toEqual({ cards: 1, interest: 1, revaluation: 1 })
  })

  test('perfect: every part 1, the card over budget caught', () => {
    const s = score(perfect())
    expect(s.parts).toEqual({ cards: 1, interest: 1, revaluation: 1 })
    expect(s.mustCatch).toEqual([{ id: 'budget-1111', description: 'card ****1111 over its monthly budget of 1,000.00 (spend 1,020.00, first charge over it K3)', caught: true }])
    expect(s.counts.cards_wrongly_over_budget).toEqual({ hit: 0, total: 2 })
  })

  test('partial: each figure against its own tolerance, with half credit where the brief grants it', () => {
    const d = perfect()
    // Cards: ****1111 spend 0.40 off (right), flagged from the wrong charge; ****2222 flagged in error; ****3333 one charge too many.
    d.cardReview = [
      { card: '****1111', charges: 3, spend: 1020.4, firstChargeOverBudget: 'K2' },
      { card: '****2222', charges: 2, spend: 490, firstChargeOverBudget: 'K9' },
      { card: '****3333', charges: 5, spend: 300, firstChargeOverBudget: null },
    ]
    // Interest: days 1 and 2 right, day 3 a cent off, day 4 missing (2 of 4); interest 0.60 off (half).
    d.interest = [{ account: '1200', days: [{ date: '2026-03-01', balance: 1000 }, { date: '2026-03-02', balance: 1000 }, { date: '2026-03-03', balance: 2000.01 }], interest: 0.9 }]
    // Revaluation: carrying 5.00 off and revaluation 5.00 off, both within the half-credit 20.00.
    d.revaluation = [{ account: '1210', carryingAmountEur: 805, closingValueEur: 790, revaluationEur: -15 }]
    const s = score(d)
    // cards = (2/3 counts + 3/3 spends + 0/(1 over + 1 wrongly flagged)) / 3 = 5/9
    expect(s.parts.cards).toBeCloseTo(5 / 9, 10)
    expect(s.metrics).toMatchObject({ card_count_accuracy: 2 / 3, card_spend_accuracy: 1, over_budget_accuracy: 0 })
    // interest = 0.5 · 2/4 + 0.5 · 0.5; revaluation = 0.5 · 0.5 + 0.5 · 0.5
    expect(s.parts.interest).toBe(0.5)
    expect(s.parts.revaluation).toBe(0.5)
    expect(s.counts).toMatchObject({ interest_days: { hit: 2, total: 4 }, interest_amounts: { hit: 0, total: 1 }, carrying_amounts: { hit: 0, total: 1 }, cards_wrongly_over_budget: { hit: 1, total: 2 } })
    // Flagged, though from the wrong charge: the must-catch item is caught.
    expect(s.mustCatch.map((m) => m.caught)).toEqual([true])
  })

  test('tolerances are inclusive at their edge and strict beyond it', () => {
    const at = (spend: number, interest: number, carrying: number) => {
      const d = perfect()
      d.cardReview[0]!.spend = spend
      d.interest[0]!.interest = interest
      d.revaluation[0]!.carryingAmountEur = carrying
      return score(d).metrics
    }
    expect(at(1020.5, 0.35, 801)).toMatchObject({ card_spend_accuracy: 1, interest_accuracy: 1, carrying_accuracy: 1 })
    expect(at(1020.51, 0.36, 801.01)).toMatchObject({ card_spend_accuracy: 2 / 3, interest_accuracy: 0.5, carrying_accuracy: 0.5 })
    expect(at(1019.49, 1.3, 820)).toMatchObject({ card_spend_accuracy: 2 / 3, interest_accuracy: 0.5, carrying_accuracy: 0.5 })
    expect(at(1020, 1.31, 820.01)).toMatchObject({ card_spend_accuracy: 1, interest_accuracy: 0, carrying_accuracy: 0 })
  })

  test('empty: every part 0 and the card over budget missed', () => {
    const s = score({ cardReview: [], interest: [], revaluation: [] })
    // The over-budget share is 0 of 1 when nothing is flagged; counts and spends 0 of 3.
    expect(s.parts).toEqual({ cards: 0, interest: 0, revaluation: 0 })
    expect(s.mustCatch.map((m) => m.caught)).toEqual([false])
  })

  test('a false alarm: a card far under its budget flagged over it halves the over-budget share', () => {
    const d = perfect()
    d.cardReview[2]!.firstChargeOverBudget = 'K7'
    // over-budget share = 1 right / (1 over + 1 wrongly flagged); cards = (1 + 1 + 0.5) / 3
    expect(score(d).parts.cards).toBeCloseTo(2.5 / 3, 10)
  })

  test('cards and accounts are recognised however they are written; repeated entries count once, the first', () => {
    const d = perfect()
    d.cardReview = [{ card: '1111', charges: 3, spend: 1020, firstChargeOverBudget: ' k3 ' }, { card: 'card ****1111', charges: 9, spend: 0, firstChargeOverBudget: null }, ...d.cardReview.slice(1)]
    d.interest[0]!.account = '1200 Weserbank current account'
    d.revaluation[0]!.account = 'Account 1210'
    expect(score(d).parts).toEqual({ cards: 1, interest: 1, revaluation: 1 })
  })
})

describe('scoreReconciliation with close schedules', () => {
  // The smallest reconciliation: one account, one exception, nothing in transit.
  const truth: ReconciliationTruth = {
    ledger: 'ledger',
    supporting: [],
    periodEnd: '2026-03-31',
    materialityEur: 5000,
    accounts: [{ account: '1200', currency: 'EUR', statement: 'bank', ratePerEur: 1, statementOpening: 0, statementBalance: 100, ledgerOpening: 0, ledgerBalance: 140 }],
    exceptions: [{ id: 'c1', account: '1200', category: 'bank_charge', ledgerLines: [], statementLines: ['E1'], amount: 40, ledgerAdjustment: -40, summary: 'A fee not recorded.' }],
    reconcilingItems: [],
    priorItems: [],
    decoys: [],
  }
  const reconciled: ReconciliationDeliverable = {
    accounts: [{ account: '1200', statementBalance: 100, ledgerBalance: 140, adjustedStatementBalance: 100, adjustedLedgerBalance: 100, unexplainedDifference: 0 }],
    reconcilingItems: [],
    exceptions: [{ account: '1200', category: 'bank_charge', ledgerLines: [], statementLines: ['E1'], amount: 40, ledgerAdjustment: -40, entry: 'Dr 6855 / Cr 1200', explanation: 'fee' }],
    summary: 's',
  }

  test('without close schedules the score is the reconciliation alone, and no close metric appears', () => {
    const s = scoreReconciliation(truth, reconciled)
    expect(s.score).toBe(100)
    expect(s.metrics).not.toHaveProperty('reconciliation')
  })

  test('with them, the reconciliation weighs 0.55 and the schedules share 0.45; cards over budget join the must-catch items', () => {
    const partial = perfect()
    partial.revaluation = []
    // reconciliation 1, cards 1, interest 1, revaluation 0: 100 × (0.55 + 0.45 · 2/3)
    const s = scoreReconciliation({ ...truth, close }, { ...reconciled, ...partial })
    expect(s.score).toBe(85)
    expect(s.metrics).toMatchObject({ reconciliation: 100, revaluation_accuracy: 0 })
    expect(s.mustCatch.map((m) => m.id)).toEqual(['budget-1111'])
    expect(s.counts.must_catch).toEqual({ hit: 1, total: 1 })
  })

  test('a schedule the truth does not ask for does not count', () => {
    const onlyCards: CloseTruth = { ...close, interest: [], revaluation: [] }
    // reconciliation 1, cards 5/9 (the partial review above) → 100 × (0.55 + 0.45 · 5/9)
    const d = perfect()
    d.cardReview = [
      { card: '****1111', charges: 3, spend: 1020.4, firstChargeOverBudget: 'K2' },
      { card: '****2222', charges: 2, spend: 490, firstChargeOverBudget: 'K9' },
      { card: '****3333', charges: 5, spend: 300, firstChargeOverBudget: null },
    ]
    expect(scoreReconciliation({ ...truth, close: onlyCards }, { ...reconciled, cardReview: d.cardReview }).score).toBe(80)
  })

  test('a package that reports no exception scores 0, however right its balances and schedules', () => {
    const s = scoreReconciliation({ ...truth, close }, { ...reconciled, exceptions: [], ...perfect() })
    expect(s.metrics).toMatchObject({ card_count_accuracy: 1, interest_accuracy: 1, revaluation_accuracy: 1, weighted_recall: 0 })
    expect(s.score).toBe(0)
  })

  test('below half the weighted exception recall the score is capped at 100 × recall / 0.5', () => {
    // Four fees, one reported: recall 1/4 caps the score at 50, whatever the schedules.
    const four: ReconciliationTruth = { ...truth, exceptions: ['E1', 'E2', 'E3', 'E4'].map((line, i) => ({ ...truth.exceptions[0]!, id: `c${i + 1}`, statementLines: [line], amount: 10, ledgerAdjustment: -10 })) }
    const one = { ...reconciled, exceptions: [{ ...reconciled.exceptions[0]!, amount: 10, ledgerAdjustment: -10 }], ...perfect() }
    expect(scoreReconciliation({ ...four, close }, one).score).toBe(50)
  })

  test('cards flagged over budget mostly wrongly do not catch the card that is', () => {
    const d = perfect()
    d.cardReview = d.cardReview.map((c) => ({ ...c, firstChargeOverBudget: 'K1' }))
    const s = scoreClose(close, { ...base, ...d })
    expect(s.mustCatch.map((m) => m.caught)).toEqual([false])
    expect(s.mustCatch[0]!.description).toContain('not counted: 33 % of the cards flagged over budget are right')
  })
})
