import { describe, expect, test } from 'vitest'
import { ALWAYS_MUST_CATCH, type CardReviewTruth, closeDecoys, closeItems, closeSections, LineId, NEAR_BUDGET, nearBudget, RECONCILIATION_CATEGORIES, type ReconciliationTruth } from '../../../lib/tasks/kinds/reconciliation.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

const truth = (await loadRegistry()).get('cash_reconciliation_execution').truth!.data as ReconciliationTruth
const card = (spend: number, firstChargeOverBudget: string | null = null): CardReviewTruth => ({ ...truth.close!.cards[0]!, budget: 4000, spend, firstChargeOverBudget })

describe('nearBudget', () => {
  test(`a card that ends the month within ${NEAR_BUDGET * 100} % of its budget and never over it is a look-alike`, () => {
    expect(NEAR_BUDGET).toBe(0.97)
    expect(nearBudget(card(3880))).toBe(true)
    expect(nearBudget(card(3879.99))).toBe(false)
    expect(nearBudget(card(4000))).toBe(true)
    expect(nearBudget(card(3990, 'C-0007'))).toBe(false)
  })
})

describe('close schedules', () => {
  test("the hard task's close: its scored figures are its cards, interest schedules and revaluations; its decoys the near-budget cards", () => {
    const close = truth.close!
    expect(closeItems(truth)).toBe(close.cards.length + close.interest.length + close.revaluation.length)
    expect(closeDecoys(truth)).toBe(close.cards.filter((c) => c.firstChargeOverBudget === null && c.spend >= 0.97 * c.budget).length)
    expect(closeSections(truth)).toEqual(['cardReview', 'interest', 'revaluation'])
  })

  test('a truth without a close has none of them', () => {
    const { close: _close, ...plain } = truth
    expect([closeItems(plain as ReconciliationTruth), closeDecoys(plain as ReconciliationTruth), closeSections(plain as ReconciliationTruth)]).toEqual([0, 0, []])
    expect(closeSections(undefined)).toEqual([])
  })
})

describe('ids and categories', () => {
  test('a line id is letters and digits, dashes after the first character', () => {
    for (const ok of ['G0142', 'E-0001', 'x1']) expect(LineId.safeParse(ok).success, ok).toBe(true)
    expect(LineId.safeParse('-G1').error?.issues[0]?.message).toBe('expected a line id like "G9001"')
  })

  test('suspected fraud is always must-catch, and is a category of the kind', () => {
    expect(ALWAYS_MUST_CATCH).toBe('suspected_fraud')
    expect(RECONCILIATION_CATEGORIES.map((c) => c.id)).toContain(ALWAYS_MUST_CATCH)
  })
})
