import { describe, expect, test } from 'vitest'
import { isMustCatch, scoreReconciliation } from '../../../lib/eval/scorers/reconciliation.js'
import type { ExceptionFinding, ReconciliationDeliverable, ReconciliationTruth } from '../../../lib/tasks/kinds/reconciliation.js'

/**
 * Four exceptions, two timing differences, a prior item and a decoy. Must-catch: the suspected
 * fraud (always) and the EUR 6,000 duplicate (material at EUR 5,000); the USD 6,000 duplicate is
 * EUR 4,800 at 1.25 and is not. Weights for the weighted recall: 3 + 3 + 1 + 1 = 8.
 * Adjusted balances (statement + reconciling items = ledger + adjustments):
 *   1200: 10,000 − 500 = 9,500 = 3,540 + (0 + 6,000 − 40);  1210: 20,000 + 200 = 20,200 = 26,200 − 6,000.
 * score = 100 × (0.35 · weighted recall + 0.20 · precision + 0.15 · timing F1 + 0.15 · amount accuracy + 0.15 · account proof),
 * where the account proof counts each account's adjusted statement and adjusted ledger balance (4 in all) when
 * it is right and follows from the deliverable's own reconciling items or adjustments.
 * Every expected number below is worked out by hand from these facts.
 */
const truth: ReconciliationTruth = {
  ledger: 'ledger',
  supporting: [],
  periodEnd: '2026-03-31',
  materialityEur: 5000,
  accounts: [
    { account: '1200', currency: 'EUR', statement: 'bank', ratePerEur: 1, statementOpening: 0, statementBalance: 10_000, ledgerOpening: 0, ledgerBalance: 3540 },
    { account: '1210', currency: 'USD', statement: 'usd', ratePerEur: 1.25, statementOpening: 0, statementBalance: 20_000, ledgerOpening: 0, ledgerBalance: 26_200 },
  ],
  exceptions: [
    { id: 'f1', account: '1200', category: 'suspected_fraud', ledgerLines: ['G1', 'G2'], statementLines: ['E1', 'E2'], amount: 9000, ledgerAdjustment: 0, summary: 'One invoice paid in two parts.' },
    { id: 'd1', account: '1200', category: 'duplicate', ledgerLines: ['G3', 'G4'], statementLines: ['E3'], amount: 6000, ledgerAdjustment: 6000, summary: 'A payment posted twice.' },
    { id: 'c1', account: '1200', category: 'bank_charge', ledgerLines: [], statementLines: ['E4'], amount: 40, ledgerAdjustment: -40, summary: 'Account fee not recorded.' },
    { id: 'u1', account: '1210', category: 'duplicate', ledgerLines: ['G5', 'G6'], statementLines: ['U1'], amount: 6000, ledgerAdjustment: -6000, summary: 'A USD receipt posted twice.' },
  ],
  reconcilingItems: [
    { id: 't1', account: '1200', ledgerLines: ['G7'], statementLines: ['E9'], amount: -500, summary: 'Paid on 31 March, debited on 1 April.' },
    { id: 't2', account: '1210', ledgerLines: ['G8'], statementLines: ['U9'], amount: 200, summary: 'Received on 31 March, credited on 1 April.' },
  ],
  priorItems: [{ id: 'p1', account: '1200', statementLines: ['E5'], amount: -100, summary: 'February payment debited in March.' }],
  decoys: [{ account: '1200', lines: ['G9', 'E6'], resembles: 'duplicate', why: 'Two invoices of the same amount.' }],
}

const exception = (account: string, category: string, lines: string[], amount: number, ledgerAdjustment: number): ExceptionFinding => ({
  account,
  category,
  ledgerLines: lines.filter((l) => l.toUpperCase().startsWith('G')),
  statementLines: lines.filter((l) => !l.toUpperCase().startsWith('G')),
  amount,
  ledgerAdjustment,
  entry: 'Dr x / Cr y',
  explanation: 'because',
})
const timing = (account: string, lines: string[], amount: number) => ({ account, ledgerLines: lines.slice(0, 1), statementLines: lines.slice(1), amount, explanation: 'in transit' })
const balances = (over: Partial<Record<'1200' | '1210', Partial<ReconciliationDeliverable['accounts'][number]>>> = {}): ReconciliationDeliverable['accounts'] => [
  { account: '1200', statementBalance: 10_000, ledgerBalance: 3540, adjustedStatementBalance: 9500, adjustedLedgerBalance: 9500, unexplainedDifference: 0, ...over['1200'] },
  { account: '1210', statementBalance: 20_000, ledgerBalance: 26_200, adjustedStatementBalance: 20_200, adjustedLedgerBalance: 20_200, unexplainedDifference: 0, ...over['1210'] },
]
const perfectExceptions = () => [
  exception('1200', 'suspected_fraud', ['G1', 'G2', 'E1', 'E2'], 9000, 0),
  exception('1200', 'duplicate', ['G3', 'G4', 'E3'], 6000, 6000),
  exception('1200', 'bank_charge', ['E4'], 40, -40),
  exception('1210', 'duplicate', ['G5', 'G6', 'U1'], 6000, -6000),
]
const deliverable = (over: Partial<ReconciliationDeliverable>): ReconciliationDeliverable => ({
  accounts: balances(),
  reconcilingItems: [timing('1200', ['G7', 'E9'], -500), timing('1210', ['G8', 'U9'], 200)],
  exceptions: perfectExceptions(),
  summary: 's',
  ...over,
})

describe('isMustCatch', () => {
  test('every suspected fraud, and other exceptions whose amount in EUR reaches materiality; never an optional one', () => {
    expect(truth.exceptions.map((x) => [x.id, isMustCatch(truth, x)])).toEqual([['f1', true], ['d1', true], ['c1', false], ['u1', false]])
    expect(isMustCatch(truth, { ...truth.exceptions[1]!, optional: true })).toBe(false)
    expect(isMustCatch(truth, { ...truth.exceptions[2]!, category: 'suspected_fraud' })).toBe(true)
  })
})

describe('scoreReconciliation', () => {
  test('perfect: 100, every metric 1, both must-catch items caught', () => {
    const s = scoreReconciliation(truth, deliverable({}))
    expect(s.score).toBe(100)
    expect(s.metrics).toEqual({ recall: 1, weighted_recall: 1, precision: 1, f1: 1, amount_accuracy: 1, timing_recall: 1, timing_precision: 1, timing_f1: 1, balance_accuracy: 1 })
    expect(s.mustCatch).toEqual([
      { id: 'f1', description: 'suspected_fraud on account 1200, 9000.00 (One invoice paid in two parts.)', caught: true },
      { id: 'd1', description: 'duplicate on account 1200, 6000.00 (A payment posted twice.)', caught: true },
    ])
  })

  test('line ids in backticks, or several written into one element, are the same lines', () => {
    const quoted = perfectExceptions().map((x) => ({ ...x, ledgerLines: x.ledgerLines.length > 0 ? [x.ledgerLines.map((l) => `\`${l}\``).join(', ')] : [], statementLines: x.statementLines.map((l) => `"${l}"`) }))
    const s = scoreReconciliation(truth, deliverable({ exceptions: quoted }))
    expect(s.score).toBe(100)
    expect(s.mustCatch.every((m) => m.caught)).toBe(true)
  })

  test('a shotgun of exceptions: the must-catch items it cites do not count when most of its reports are wrong', () => {
    const noise = ['G10', 'G11', 'G12', 'G13', 'G14'].map((l) => exception('1200', 'duplicate', [l], 1, 0))
    const s = scoreReconciliation(truth, deliverable({ exceptions: [...perfectExceptions(), ...noise] }))
    expect(s.metrics.precision).toBe(0.4444)
    expect(s.mustCatch.map((m) => m.caught)).toEqual([false, false])
    expect(scoreReconciliation(truth, deliverable({ exceptions: [...perfectExceptions(), ...noise.slice(0, 4)] })).mustCatch.map((m) => m.caught)).toEqual([true, true])
  })

  test('partial: fraud caught from one lower-case line id, a duplicate with the wrong sign, a miss, a wrong category, one timing difference', () => {
    const s = scoreReconciliation(
      truth,
      deliverable({
        exceptions: [
          exception('1200', 'suspected_fraud', ['g2'], 9000, 0),
          exception('1200', 'duplicate', ['G4', 'E3'], 6000, -6000),
          exception('1210', 'amount_error', ['G6', 'U1'], 6000, -6000),
        ],
        reconcilingItems: [timing('1200', ['G7', 'E9'], -500)],
        // 1200: adjusted ledger 3,540 − 6,000 = −2,460 (wrong). 1210: adjusted statement 20,000 (t2 missed, wrong); adjusted ledger 26,200 − 6,000 = 20,200 (right).
        accounts: balances({ '1200': { adjustedLedgerBalance: -2460 }, '1210': { account: 'Account 1210 (USD)', adjustedStatementBalance: 20_000 } }),
      }),
    )
    // weighted recall (3 + 3) / 8 = 0.75; precision 2/3; timing F1 of recall 1/2 and precision 1 = 2/3; amounts right 1 of 2;
    // proof 2 of 4: 1200's adjusted statement balance (10,000 − 500, from its one reconciling item) and 1210's adjusted
    // ledger balance (26,200 − 6,000, from the adjustment of its mislabelled report).
    // 100 × (0.35 · 0.75 + 0.2 · 2/3 + 0.15 · 2/3 + 0.15 · 0.5 + 0.15 · 0.5) = 26.25 + 13.3333 + 10 + 7.5 + 7.5
    expect(s.score).toBe(64.5833)
    expect(s.metrics).toEqual({ recall: 0.5, weighted_recall: 0.75, precision: 0.6667, f1: 0.5714, amount_accuracy: 0.5, timing_recall: 0.5, timing_precision: 1, timing_f1: 0.6667, balance_accuracy: 0.5 })
    expect(s.counts).toEqual({
      recall_suspected_fraud: { hit: 1, total: 1 },
      recall_duplicate: { hit: 1, total: 2 },
      recall_bank_charge: { hit: 0, total: 1 },
      must_catch: { hit: 2, total: 2 },
      exceptions_reported: { hit: 2, total: 3 },
      amounts_right: { hit: 1, total: 2 },
      reconciling_items: { hit: 1, total: 2 },
      timing_flagged_as_error: { hit: 0, total: 2 },
      decoys_flagged: { hit: 0, total: 1 },
      prior_items_flagged: { hit: 0, total: 1 },
      balances: { hit: 2, total: 4 },
    })
  })

  test('the account proof: balances written to agree earn nothing unless the reported items add up to them', () => {
    // Only the fraud reported, both timing differences, and every balance as the truth has it.
    const s = scoreReconciliation(truth, deliverable({ exceptions: [exception('1200', 'suspected_fraud', ['G1', 'E1'], 9000, 0)] }))
    // Adjusted statement balances follow from the reconciling items (2); the adjusted ledger balances would need
    // adjustments of +5,960 on 1200 and −6,000 on 1210, and none is reported (0).
    // weighted recall 3/8; precision 1; timing F1 1; amounts 1 of 1; proof 2 of 4.
    // 100 × (0.35 · 0.375 + 0.2 · 1 + 0.15 · 1 + 0.15 · 1 + 0.15 · 0.5) = 13.125 + 20 + 15 + 15 + 7.5
    expect(s.score).toBe(70.625)
    expect(s.counts.balances).toEqual({ hit: 2, total: 4 })
  })

  test('empty: 0, undefined precisions, every must-catch item missed', () => {
    const s = scoreReconciliation(truth, { accounts: [], reconcilingItems: [], exceptions: [], summary: '' })
    expect(s.score).toBe(0)
    expect(s.metrics).toEqual({ recall: 0, weighted_recall: 0, precision: null, f1: 0, amount_accuracy: null, timing_recall: 0, timing_precision: null, timing_f1: 0, balance_accuracy: 0 })
    expect(s.mustCatch.map((m) => m.caught)).toEqual([false, false])
  })

  test('false alarms: a timing difference, a decoy and a prior item reported as errors, and one exception reported twice', () => {
    const s = scoreReconciliation(
      truth,
      deliverable({
        exceptions: [
          ...perfectExceptions(),
          exception('1200', 'cutoff_error', ['G7', 'E9'], 500, 500),
          exception('1200', 'duplicate', ['G9', 'E6'], 1190, 1190),
          exception('1200', 'unrecorded_item', ['E5'], 100, -100),
          exception('1200', 'bank_charge', ['E4'], 40, -40),
        ],
        reconcilingItems: [timing('1210', ['G8', 'U9'], 200)],
      }),
    )
    // Everything caught, but 4 of 8 reports are false alarms: precision 0.5; timing F1 of recall 1/2 and precision 1 = 2/3.
    // Proof 2 of 4: 1200's stated balances no longer follow from its items (10,000 without its reconciling item;
    // 3,540 + 5,960 + 500 + 1,190 − 100 − 40 = 11,050 with the false alarms); 1210's do.
    // 100 × (0.35 · 1 + 0.2 · 0.5 + 0.15 · 2/3 + 0.15 · 1 + 0.15 · 0.5) = 35 + 10 + 10 + 15 + 7.5
    expect(s.score).toBe(77.5)
    expect(s.metrics.precision).toBe(0.5)
    expect(s.counts).toMatchObject({
      exceptions_reported: { hit: 4, total: 8 },
      timing_flagged_as_error: { hit: 1, total: 2 },
      decoys_flagged: { hit: 1, total: 1 },
      prior_items_flagged: { hit: 1, total: 1 },
      balances: { hit: 2, total: 4 },
    })
  })

  test('the category must match: the fraud reported as a duplicate is a miss and a false alarm', () => {
    const s = scoreReconciliation(truth, deliverable({ exceptions: [exception('1200', 'duplicate', ['G1', 'G2', 'E1', 'E2'], 9000, 0), ...perfectExceptions().slice(1)] }))
    expect(s.mustCatch.find((m) => m.id === 'f1')!.caught).toBe(false)
    expect(s.counts.exceptions_reported).toEqual({ hit: 3, total: 4 })
  })

  test('must-catch items choose first: one report citing two duplicates catches the material one', () => {
    const s = scoreReconciliation(truth, deliverable({ exceptions: [exception('1200', 'duplicate', ['G5', 'G4'], 6000, 6000)] }))
    expect(s.counts.recall_duplicate).toEqual({ hit: 1, total: 2 })
    expect(s.mustCatch.find((m) => m.id === 'd1')!.caught).toBe(true)
  })
})
