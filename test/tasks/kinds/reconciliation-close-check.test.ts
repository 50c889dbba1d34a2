import { describe, expect, test } from 'vitest'
import { checkCloseTruth, dayInterestCents } from '../../../lib/tasks/kinds/reconciliation-close-check.js'
import { CloseTruth, type ReconciliationTruth } from '../../../lib/tasks/kinds/reconciliation.js'

/**
 * Small inputs worked by hand.
 * Card ****1111, budget 1,000.00: K1 is a February charge and K6 an April one (not counted), K4 a
 * refund (does not reduce the spend); the March charges in transaction-date order are K3 300.00 (3
 * March, listed after K2), K2 400.00 (5 March), K5 320.00 (31 March, booked 1 April): 3 charges,
 * spend 1,020.00, the running total 300, 700, 1,020 crosses the budget at K5.
 * Account 1200, opening 1,000.00: E1 +100 value 2 March; E2 +50 booked 3 March, value 5 March; E3 +10
 * booked 1 April, value 31 March (counts); E4 +7 booked 31 March, value 2 April (does not). Balances:
 * 1 March 1,000; 2–4 March 1,100; 5–30 March 1,150; 31 March 1,160. Scale 0 % up to 1,000, 3.65 % above,
 * actual/365, so a day earns 0.0001 × the part above 1,000: 3 × 0.01 + 26 × 0.015 + 0.016 = 0.436 → 0.44.
 * Account 1210: G1 +108.00 on 2 March at 1.08 = 100.00 EUR; G2 −54.00 on Saturday 7 March at the rate of
 * 6 March, 1.2 = −45.00 EUR. Carrying 900.00 + 100.00 − 45.00 = 955.00; closing 1,054.00 / 1.25 = 843.20;
 * revaluation −111.80.
 */
const INPUTS = new Map([
  ['card', 'id,txn_date,booking_date,card,amount\nK1,2026-02-27,2026-03-02,****1111,-50.00\nK2,2026-03-05,2026-03-06,****1111,-400.00\nK3,2026-03-03,2026-03-06,****1111,-300.00\nK4,2026-03-10,2026-03-11,****1111,100.00\nK5,2026-03-31,2026-04-01,****1111,-320.00\nK6,2026-04-01,2026-04-02,****1111,-99.00\n'],
  ['bank', 'id,booking_date,value_date,amount\nE1,2026-03-02,2026-03-02,100.00\nE2,2026-03-03,2026-03-05,50.00\nE4,2026-03-31,2026-04-02,7.00\nE3,2026-04-01,2026-03-31,10.00\n'],
  ['ledger', 'line,date,account,amount\nG1,2026-03-02,1210,108.00\nG2,2026-03-07,1210,-54.00\n'],
  ['rates', 'date,USD\n2026-03-02,1.0800\n2026-03-06,1.2000\n2026-03-31,1.2500\n'],
])
const truth = { ledger: 'ledger', periodEnd: '2026-03-31', accounts: [
  { account: '1200', currency: 'EUR', statement: 'bank', ratePerEur: 1, statementOpening: 1000, statementBalance: 1157, ledgerOpening: 1000, ledgerBalance: 1157 },
  { account: '1210', currency: 'USD', statement: 'usd', ratePerEur: 1.25, statementOpening: 1000, statementBalance: 1054, ledgerOpening: 1000, ledgerBalance: 1054 },
  { account: '1250', currency: 'EUR', statement: 'card', ratePerEur: 1, statementOpening: 0, statementBalance: -700, ledgerOpening: 0, ledgerBalance: -700 },
] } as ReconciliationTruth
const balance = (day: number) => (day === 1 ? 1000 : day <= 4 ? 1100 : day <= 30 ? 1150 : 1160)
const close = (): CloseTruth =>
  CloseTruth.parse({
    cards: [{ account: '1250', card: '****1111', budget: 1000, charges: 3, spend: 1020, firstChargeOverBudget: 'K5' }],
    interest: [{ account: '1200', basis: 365, bands: [{ from: 0, rate: 0 }, { from: 1000, rate: 0.0365 }], days: Array.from({ length: 31 }, (_, i) => ({ date: `2026-03-${String(i + 1).padStart(2, '0')}`, balance: balance(i + 1) })), interest: 0.44 }],
    rates: 'rates',
    revaluation: [{ account: '1210', carryingOpeningEur: 900, carryingAmountEur: 955, closingValueEur: 843.2, revaluationEur: -111.8 }],
  })
const check = (c: CloseTruth, inputs = INPUTS) => checkCloseTruth(truth, c, inputs)

describe('dayInterestCents', () => {
  test('each band earns its rate on the part of the balance inside it', () => {
    const scale = { basis: 365 as const, bands: [{ from: 0, rate: 0 }, { from: 400, rate: 0.0365 }, { from: 600, rate: 0.073 }] }
    // 700.00: 200.00 in the middle band (2 cents a day) and 100.00 in the top one (2 cents a day).
    expect(dayInterestCents(scale, 70_000)).toBeCloseTo(4, 10)
    expect(dayInterestCents(scale, 30_000)).toBe(0)
  })
})

describe('checkCloseTruth', () => {
  test('figures that follow from the inputs pass', () => {
    expect(check(close())).toEqual([])
  })

  test("a card's count, spend and first charge over budget are re-derived from its statement", () => {
    const c = close()
    c.cards[0] = { ...c.cards[0]!, charges: 4, spend: 920, firstChargeOverBudget: 'K2' }
    expect(check(c)).toEqual([
      { field: 'close.cards.0.charges', message: 'expected 3 (the card\'s charges with a transaction date in 2026-03), got 4' },
      { field: 'close.cards.0.spend', message: 'expected 1020.00 (the total of those charges), got 920.00' },
      { field: 'close.cards.0.firstChargeOverBudget', message: 'expected K5 (the charge that first takes the spend above 1000.00), got K2' },
    ])
    // With a budget of 1,100.00 no charge takes the spend above it.
    c.cards[0] = { ...c.cards[0]!, charges: 3, spend: 1020, budget: 1100, firstChargeOverBudget: 'K5' }
    expect(check(c)).toEqual([{ field: 'close.cards.0.firstChargeOverBudget', message: 'expected null (the charge that first takes the spend above 1100.00), got K5' }])
  })

  test('daily balances follow value dates, every calendar day in order, and the interest follows the scale', () => {
    const c = close()
    c.interest[0]!.days[4]!.balance = 1100
    c.interest[0]!.days[6]!.date = '2026-03-08'
    c.interest[0]!.interest = 0.43
    expect(check(c)).toEqual([
      { field: 'close.interest.0.days.4.balance', message: 'expected 1150.00 (the opening balance plus the lines with a value date up to 2026-03-05), got 1100.00' },
      { field: 'close.interest.0.days.6.date', message: 'expected 2026-03-07 (every calendar day of 2026-03 in order), got 2026-03-08' },
      { field: 'close.interest.0.interest', message: "expected 0.44 (the sum of the days' interest under the scale), got 0.43" },
    ])
  })

  test('a revaluation is re-derived from the ledger at the rate of each date, and needs the rates input', () => {
    const c = close()
    c.revaluation[0] = { ...c.revaluation[0]!, carryingAmountEur: 960, revaluationEur: -116.8 }
    expect(check(c)).toEqual([
      { field: 'close.revaluation.0.carryingAmountEur', message: 'expected 955.00 (the opening carrying amount plus each ledger line at the reference rate of its date), got 960.00' },
      { field: 'close.revaluation.0.revaluationEur', message: 'expected -111.80 (the closing value minus the carrying amount), got -116.80' },
    ])
    expect(check({ ...close(), rates: undefined })).toEqual([{ field: 'close.rates', message: 'expected the id of the reference-rate input, which a revaluation needs' }])
    expect(check({ ...close(), revaluation: [{ ...close().revaluation[0]!, account: '1200' }] })).toEqual([{ field: 'close.revaluation.0.account', message: 'expected a foreign-currency account with a column in rates, got 1200 (EUR)' }])
  })

  test('unknown accounts and statements without the columns a schedule needs are named by field', () => {
    const c = close()
    c.cards[0]!.account = '1299'
    c.interest[0]!.account = '1250'
    expect(check(c)).toEqual([
      { field: 'close.cards.0.account', message: 'expected one of the accounts 1200, 1210, 1250, got "1299"' },
      { field: 'close.interest.0.account', message: 'expected card to be a table with columns id, value_date, amount: expected column(s) value_date in the header (id, txn_date, booking_date, card, amount)' },
    ])
  })
})
