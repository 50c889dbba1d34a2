import { describe, expect, test } from 'vitest'
import type { ReconciliationTruth } from '../../../../lib/tasks/kinds/reconciliation.js'
import { checkSetup, countBy, firstColumn, inputText, inputsOf, promptText, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('cash_reconciliation_execution')
const truth = task.truth!.data as ReconciliationTruth

describe('cash_reconciliation_execution: its setup', () => {
  checkSetup(task, {
    track: 'finance',
    costCenter: 'finance',
    tier: 'hard',
    kind: 'execution',
    deliverable: 'reconciliation',
    roles: ["cash_accountant", "treasury_analyst", "payments_controller", "close_lead", "financial_controller"],
    rubric: [["exception_identification", 25], ["classification", 10], ["adjusting_entries", 15], ["reconciliation_proof", 15], ["month_end_schedules", 25], ["escalation", 10]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('each role is named after the accounts or the part of the close its focus covers', () => {
    expect(task.roles.map((r) => [r.name, r.focus.split(':')[0]])).toEqual([
      ['Cash Reconciliation Accountant', 'The two EUR bank accounts'],
      ['Treasury Analyst', 'The two foreign-currency accounts'],
      ['Payments Control Analyst', 'The supplier side of every account'],
      ['Card Reconciliation Accountant', 'The two card accounts'],
      ['Financial Controller', 'The policy and the result'],
    ])
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["policy:markdown", "balances:markdown", "ledger:csv", "bank-eur:csv", "bank-usd:csv", "lesmona-eur:csv", "lesmona-gbp:csv", "card:csv", "pcard:csv", "vendors:csv", "vendor-changes:csv", "invoices:csv", "rates:csv", "payouts:csv", "collections:csv", "cardholders:csv", "orders:csv", "terms:markdown"])
  })
})

describe('cash_reconciliation_execution: its ground truth', () => {
  const ledger = firstColumn(inputText(task, truth.ledger))
  const statementOf = new Map(truth.accounts.map((a) => [a.account, firstColumn(inputText(task, a.statement))]))

  test('six accounts, each reconciled against its own statement input, at the end of March 2026', () => {
    expect(truth.accounts.map((a) => [a.account, a.currency, a.statement])).toEqual([
      ['1200', 'EUR', 'bank-eur'],
      ['1210', 'USD', 'bank-usd'],
      ['1220', 'EUR', 'lesmona-eur'],
      ['1230', 'GBP', 'lesmona-gbp'],
      ['1250', 'EUR', 'card'],
      ['1260', 'EUR', 'pcard'],
    ])
    expect(truth.periodEnd).toBe('2026-03-31')
  })

  test('63 exceptions by category, 13 reconciling items, 9 prior-period items and 35 decoys', () => {
    expect(countBy(truth.exceptions, (x) => x.category)).toEqual([['amount_error', 15], ['bank_charge', 9], ['cutoff_error', 6], ['duplicate', 8], ['fx_difference', 8], ['suspected_fraud', 7], ['unrecorded_item', 10]])
    expect([truth.reconcilingItems.length, truth.priorItems.length, truth.decoys.length]).toEqual([13, 9, 35])
  })

  test("every line an item cites is a line of the ledger or of its account's statement", () => {
    for (const x of [...truth.exceptions, ...truth.reconcilingItems]) {
      for (const id of x.ledgerLines) expect(ledger.has(id), `${x.id}: ledger line ${id}`).toBe(true)
      for (const id of x.statementLines) expect(statementOf.get(x.account)!.has(id), `${x.id}: statement line ${id} of ${x.account}`).toBe(true)
    }
    for (const p of truth.priorItems) for (const id of p.statementLines) expect(statementOf.get(p.account)!.has(id), `${p.id}: ${id}`).toBe(true)
    for (const d of truth.decoys) for (const id of d.lines) expect(ledger.has(id) || statementOf.get(d.account)!.has(id), `decoy of ${d.account}: ${id}`).toBe(true)
  })

  test('no line is both an exception and a decoy', () => {
    const flagged = new Set(truth.exceptions.flatMap((x) => [...x.ledgerLines, ...x.statementLines]))
    expect(truth.decoys.flatMap((d) => d.lines).filter((id) => flagged.has(id))).toEqual([])
  })

  test('the prompt names no line of an exception', () => {
    const prompt = promptText(task)
    expect(truth.exceptions.flatMap((x) => [...x.ledgerLines, ...x.statementLines]).filter((id) => new RegExp(`\\b${id}\\b`).test(prompt))).toEqual([])
  })
})
