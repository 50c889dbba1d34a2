import { describe, expect, test } from 'vitest'
import { checkReconciliationTruth, toCents } from '../../../lib/tasks/kinds/reconciliation-check.js'
import { STRUCTURED_KINDS } from '../../../lib/tasks/kinds/index.js'
import { RECONCILIATION_CATEGORIES, ReconciliationTruth } from '../../../lib/tasks/kinds/reconciliation.js'

/**
 * A small reconciliation that adds up, worked by hand:
 * 1200: statement 1,000.00 − 100.00 − 5.00 + 30.00 (a February item) = 925.00; ledger 1,030.00 − 100.00 − 100.00 − 50.00 = 780.00.
 *       925.00 + reconciling item −50.00 = 875.00 = 780.00 + adjustments (+100.00 duplicate, −5.00 fee).
 * 1210: 500.00 + 20.00 on both sides.
 */
const INPUTS = new Map([
  ['ledger', 'line,date,account,amount\nG1,2026-03-10,1200,-100.00\nG2,2026-03-11,1200,-100.00\nG3,2026-03-31,1200,-50.00\nG4,2026-03-12,1210,20.00\n'],
  ['bank', 'id,booking_date,amount\nE4,2026-03-02,30.00\nE1,2026-03-10,-100.00\nE2,2026-03-15,-5.00\nE3,2026-04-01,-50.00\n'],
  ['usd', 'id,booking_date,amount\nU1,2026-03-12,20.00\n'],
  ['policy', '# Policy'],
])
const CATEGORIES = new Set(RECONCILIATION_CATEGORIES.map((c) => c.id))

const truth = (): ReconciliationTruth =>
  ReconciliationTruth.parse({
    ledger: 'ledger',
    supporting: ['policy'],
    periodEnd: '2026-03-31',
    materialityEur: 5000,
    accounts: [
      { account: '1200', currency: 'EUR', statement: 'bank', ratePerEur: 1, statementOpening: 1000, statementBalance: 925, ledgerOpening: 1030, ledgerBalance: 780 },
      { account: '1210', currency: 'USD', statement: 'usd', ratePerEur: 1.1, statementOpening: 500, statementBalance: 520, ledgerOpening: 500, ledgerBalance: 520 },
    ],
    exceptions: [
      { id: 'x1', account: '1200', category: 'duplicate', ledgerLines: ['G1', 'G2'], statementLines: ['E1'], amount: 100, ledgerAdjustment: 100, summary: 'A payment posted twice.' },
      { id: 'x2', account: '1200', category: 'bank_charge', ledgerLines: [], statementLines: ['E2'], amount: 5, ledgerAdjustment: -5, summary: 'A fee not recorded.' },
    ],
    reconcilingItems: [{ id: 't1', account: '1200', ledgerLines: ['G3'], statementLines: ['E3'], amount: -50, summary: 'Paid on 31 March, debited 1 April.' }],
    priorItems: [{ id: 'p1', account: '1200', statementLines: ['E4'], amount: 30, summary: 'A February receipt credited in March.' }],
    decoys: [{ account: '1210', lines: ['G4', 'U1'], resembles: 'fx_difference', why: 'A USD receipt that matches.' }],
  })
const check = (t: ReconciliationTruth, inputs = INPUTS) => checkReconciliationTruth(t, inputs, CATEGORIES)

describe('toCents', () => {
  test('reads plain decimals with at most two places, nothing else', () => {
    expect(['-1234.56', '7', '0.5', ' 12.30 '].map(toCents)).toEqual([-123456, 700, 50, 1230])
    expect(['1,234.56', '1.234', 'abc', ''].map(toCents)).toEqual([null, null, null, null])
  })
})

describe('checkReconciliationTruth', () => {
  test('a truth that adds up and cites every line once passes', () => {
    expect(check(truth())).toEqual([])
  })

  test('every input must be named once: as the ledger, a statement or a supporting input', () => {
    const t = truth()
    t.supporting = ['nope']
    expect(check(t)).toEqual([
      { field: 'supporting.0', message: 'expected the id of a task input, got "nope"' },
      { field: 'supporting', message: 'expected input "policy" to be named as the ledger, an account\'s statement or a supporting input' },
    ])
  })

  test('item ids are unique across exceptions, reconciling items and prior items', () => {
    const t = truth()
    t.exceptions[1]!.id = 'x1'
    t.priorItems[0]!.id = 't1'
    expect(check(t)).toEqual([
      { field: 'exceptions.1.id', message: 'duplicate item id "x1" (also exceptions.0.id)' },
      { field: 'priorItems.0.id', message: 'duplicate item id "t1" (also reconcilingItems.0.id)' },
    ])
  })

  test('cited lines must exist in the right input and account, and be cited once', () => {
    const t = truth()
    t.exceptions[0]!.ledgerLines = ['G1', 'G9']
    t.exceptions[1]!.statementLines = ['U1']
    t.reconcilingItems[0]!.ledgerLines = ['G3', 'G1']
    const problems = check(t)
    // No amount problems follow from lines that could not be read; the balance proof still runs.
    expect(problems.filter((p) => !p.field.startsWith('accounts'))).toEqual([
      { field: 'exceptions.0.ledgerLines.1', message: 'line G9 is not in ledger' },
      { field: 'exceptions.1.statementLines.0', message: 'line U1 is not in bank' },
      { field: 'reconcilingItems.0.ledgerLines.1', message: 'line G1 is already cited by exceptions.0' },
    ])
  })

  test("an exception's adjustment must bring its ledger lines to its statement lines, and its amount must be its size", () => {
    const t = truth()
    t.exceptions[0]!.ledgerAdjustment = 90
    t.exceptions[1]!.amount = 4
    const problems = check(t)
    expect(problems).toContainEqual({ field: 'exceptions.0.ledgerAdjustment', message: 'expected 100.00 (its statement lines to 2026-03-31 minus its ledger lines), got 90.00' })
    expect(problems).toContainEqual({ field: 'exceptions.1.amount', message: 'expected 5.00 (the size of the adjustment), got 4.00' })
  })

  test('a reconciling item must clear after the period end at its ledger amount', () => {
    const t = truth()
    t.exceptions = [t.exceptions[0]!]
    t.reconcilingItems[0]!.statementLines = ['E2']
    const problems = check(t)
    expect(problems).toContainEqual({ field: 'reconcilingItems.0.statementLines', message: 'expected statement lines totalling -50.00, got -5.00' })
    expect(problems).toContainEqual({ field: 'reconcilingItems.0.statementLines.0', message: 'line E2 is dated 2026-03-15; an item in transit reaches the statement after 2026-03-31' })
  })

  test('balances must follow from the lines, and what is left must be explained', () => {
    const t = truth()
    t.accounts[0]!.ledgerBalance = 790
    t.exceptions[1]!.category = 'bank_fees'
    const problems = check(t)
    expect(problems).toContainEqual({ field: 'accounts.0.ledgerBalance', message: 'expected 780.00 (opening plus the ledger lines), got 790.00' })
    expect(problems).toContainEqual({
      field: 'accounts.0',
      message: 'amounts do not add up: statement 925.00 + reconciling items -50.00 = 875.00, but ledger 790.00 + adjustments 95.00 = 885.00',
    })
    expect(problems).toContainEqual({ field: 'exceptions.1.category', message: expect.stringContaining('got "bank_fees"') })
  })

  test("the previous period's open items must explain the opening difference", () => {
    const t = truth()
    t.priorItems = []
    t.accounts[0]!.statementBalance = 925
    expect(check(t)).toContainEqual({ field: 'accounts.0.ledgerOpening', message: "expected 1000.00 (statement opening plus the previous period's open items), got 1030.00" })
  })

  test('a decoy cannot be part of an item, and a table without the needed columns is named', () => {
    const t = truth()
    t.decoys.push({ account: '1200', lines: ['E1'], resembles: 'duplicate', why: 'Looks paid twice.' })
    expect(check(t)).toEqual([{ field: 'decoys.1.lines.0', message: 'line E1 is cited by exceptions.0; a decoy is fine, so it cannot be part of an item' }])
    const broken = new Map(INPUTS)
    broken.set('usd', 'id,date,amount\nU1,2026-03-12,20.00\n')
    expect(check(truth(), broken)).toEqual([{ field: 'accounts.1.statement', message: 'expected usd to be a table with columns id, booking_date, amount: expected column(s) booking_date in the header (id, date, amount)' }])
  })

  test('line ids must be unique across the ledger and the statements', () => {
    const clash = new Map(INPUTS)
    clash.set('usd', 'id,booking_date,amount\nG4,2026-03-12,20.00\n')
    expect(check(truth(), clash)[0]).toEqual({ field: 'accounts.1.statement', input: 'usd', line: 2, message: 'column id: line id "G4" is also used in ledger' })
  })
})

describe('reconciliation schemas', () => {
  test("the deliverable takes the task's categories or \"other\", nothing else", () => {
    const schema = STRUCTURED_KINDS.reconciliation.deliverable(RECONCILIATION_CATEGORIES.map((c) => c.id))
    const finding = { account: '1200', category: 'other', ledgerLines: ['G1'], statementLines: [], amount: 5, ledgerAdjustment: -5, entry: 'none', explanation: 'e' }
    const deliverable = { accounts: [], reconcilingItems: [], exceptions: [finding], summary: 's' }
    expect(schema.safeParse(deliverable).success).toBe(true)
    expect(schema.safeParse({ ...deliverable, exceptions: [{ ...finding, category: 'timing_difference' }] }).success).toBe(false)
  })

  test('truth amounts have at most two decimals and an exception amount is positive', () => {
    const raw = JSON.parse(JSON.stringify(truth())) as { exceptions: Array<{ amount: number; ledgerAdjustment: number }> }
    raw.exceptions[0]!.ledgerAdjustment = 100.005
    raw.exceptions[1]!.amount = 0
    const issues = ReconciliationTruth.safeParse(raw).error!.issues.map((i) => `${i.path.join('.')}: ${i.message}`)
    expect(issues).toEqual(['exceptions.0.ledgerAdjustment: expected an amount with at most two decimals', 'exceptions.1.amount: expected a positive amount'])
  })
})
