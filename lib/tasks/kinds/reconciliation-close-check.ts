import { CsvError, parseCsv } from '../csv.js'
import type { TruthProblem as Problem } from './index.js'
import { CARD_COLUMNS, type CloseTruth, LEDGER_COLUMNS, type InterestTruth, type ReconciliationTruth, VALUE_DATE_COLUMNS } from './reconciliation.js'


const cents = (x: number) => Math.round(x * 100)
const money = (c: number) => (c / 100).toFixed(2)
/** Rounds cents to a whole cent, halves away from zero. */
const roundCents = (x: number) => Math.sign(x) * Math.round(Math.abs(x))
const addDay = (date: string) => new Date(Date.parse(`${date}T00:00:00Z`) + 86_400_000).toISOString().slice(0, 10)

/** An input's rows with the columns it must have, or a problem naming the field that points at it. */
function rowsOf(inputs: ReadonlyMap<string, string>, input: string, columns: readonly string[], field: string, problems: Problem[]): Array<Record<string, string>> | null {
  const text = inputs.get(input)
  if (text === undefined) {
    problems.push({ field, message: `expected the id of a task input, got "${input}"` })
    return null
  }
  try {
    return parseCsv(text, columns).rows
  } catch (e) {
    if (!(e instanceof CsvError)) throw e
    // A table without the columns is most likely the wrong one named; a table written wrong is named by its own file and line.
    if (e.missingColumns.length > 0) problems.push({ field, message: `expected ${input} to be a table with columns ${columns.join(', ')}: ${e.message}` })
    else problems.push({ field, input, line: e.line, message: e.message })
    return null
  }
}

/** A day's interest (cents, unrounded) on a balance in cents under a scale. */
export function dayInterestCents(t: Pick<InterestTruth, 'basis' | 'bands'>, balance: number): number {
  return t.bands.reduce((s, b, i) => {
    const to = i + 1 < t.bands.length ? cents(t.bands[i + 1]!.from) : Infinity
    return s + (Math.max(0, Math.min(balance, to) - cents(b.from)) * b.rate) / t.basis
  }, 0)
}

/**
 * Cross-checks the close schedules against the inputs, re-deriving every figure: each card's
 * charges of the period's month, spend and first charge over budget from its statement; each
 * interest schedule's daily balances by value date from the statement's opening balance and lines,
 * and its interest from its scale; each revaluation from the ledger lines of its account at the
 * reference rate of their dates.
 */
export function checkCloseTruth(truth: ReconciliationTruth, close: CloseTruth, inputs: ReadonlyMap<string, string>): Problem[] {
  const problems: Problem[] = []
  const accounts = new Map(truth.accounts.map((a) => [a.account, a]))
  const month = truth.periodEnd.slice(0, 7)
  const knownAccount = (field: string, account: string) => {
    if (accounts.has(account)) return true
    problems.push({ field, message: `expected one of the accounts ${[...accounts.keys()].join(', ')}, got "${account}"` })
    return false
  }
  const differs = (field: string, expected: number, got: number, how: string) => {
    if (expected !== got) problems.push({ field, message: `expected ${money(expected)} (${how}), got ${money(got)}` })
  }

  const seenCards = new Set<string>()
  close.cards.forEach((c, i) => {
    const f = `close.cards.${i}`
    if (seenCards.has(c.card)) problems.push({ field: `${f}.card`, message: `duplicate card "${c.card}"` })
    seenCards.add(c.card)
    if (!knownAccount(`${f}.account`, c.account)) return
    const rows = rowsOf(inputs, accounts.get(c.account)!.statement, CARD_COLUMNS, `${f}.account`, problems)
    if (!rows) return
    // Export order, then a stable sort by transaction date.
    const charges = rows.filter((r) => r.card === c.card && Number(r.amount) < 0 && r.txn_date!.startsWith(month)).sort((a, b) => a.txn_date!.localeCompare(b.txn_date!))
    if (charges.length !== c.charges) problems.push({ field: `${f}.charges`, message: `expected ${charges.length} (the card's charges with a transaction date in ${month}), got ${c.charges}` })
    let spend = 0
    let first: string | null = null
    for (const r of charges) {
      spend -= cents(Number(r.amount))
      if (first === null && spend > cents(c.budget)) first = r.id!
    }
    differs(`${f}.spend`, spend, cents(c.spend), `the total of those charges`)
    if (first !== c.firstChargeOverBudget) problems.push({ field: `${f}.firstChargeOverBudget`, message: `expected ${first ?? 'null'} (the charge that first takes the spend above ${c.budget.toFixed(2)}), got ${c.firstChargeOverBudget ?? 'null'}` })
  })

  close.interest.forEach((t, i) => {
    const f = `close.interest.${i}`
    if (!knownAccount(`${f}.account`, t.account)) return
    if (t.bands[0]!.from !== 0 || t.bands.some((b, j) => j > 0 && b.from <= t.bands[j - 1]!.from)) problems.push({ field: `${f}.bands`, message: 'expected bands in rising order, the first from 0' })
    const a = accounts.get(t.account)!
    const rows = rowsOf(inputs, a.statement, VALUE_DATE_COLUMNS, `${f}.account`, problems)
    if (!rows) return
    let date = `${month}-01`
    let total = 0
    t.days.forEach((d, j) => {
      if (d.date !== date) problems.push({ field: `${f}.days.${j}.date`, message: `expected ${date} (every calendar day of ${month} in order), got ${d.date}` })
      const day = date
      const balance = cents(a.statementOpening) + rows.filter((r) => r.value_date! >= `${month}-01` && r.value_date! <= day).reduce((s, r) => s + cents(Number(r.amount)), 0)
      differs(`${f}.days.${j}.balance`, balance, cents(d.balance), `the opening balance plus the lines with a value date up to ${day}`)
      total += dayInterestCents(t, balance)
      date = addDay(date)
    })
    if (t.days.at(-1)?.date !== truth.periodEnd) problems.push({ field: `${f}.days`, message: `expected the days to end on ${truth.periodEnd}` })
    differs(`${f}.interest`, roundCents(total), cents(t.interest), "the sum of the days' interest under the scale")
  })

  if (close.revaluation.length > 0) {
    const rates = close.rates === undefined ? null : rowsOf(inputs, close.rates, ['date'], 'close.rates', problems)
    if (close.rates === undefined) problems.push({ field: 'close.rates', message: 'expected the id of the reference-rate input, which a revaluation needs' })
    const ledger = rowsOf(inputs, truth.ledger, LEDGER_COLUMNS, 'ledger', problems)
    close.revaluation.forEach((r, i) => {
      const f = `close.revaluation.${i}`
      if (!knownAccount(`${f}.account`, r.account) || !rates || !ledger) return
      const a = accounts.get(r.account)!
      if (a.currency === 'EUR' || rates.length === 0 || !(a.currency in rates[0]!)) return problems.push({ field: `${f}.account`, message: `expected a foreign-currency account with a column in ${close.rates}, got ${r.account} (${a.currency})` })
      const rateOn = (date: string) => Number([...rates].reverse().find((x) => x.date! <= date)?.[a.currency] ?? NaN)
      const carrying = cents(r.carryingOpeningEur) + ledger.filter((l) => l.account === r.account).reduce((s, l) => s + roundCents(cents(Number(l.amount)) / rateOn(l.date!)), 0)
      const closing = roundCents(cents(a.ledgerBalance) / rateOn(truth.periodEnd))
      differs(`${f}.carryingAmountEur`, carrying, cents(r.carryingAmountEur), 'the opening carrying amount plus each ledger line at the reference rate of its date')
      differs(`${f}.closingValueEur`, closing, cents(r.closingValueEur), `the ledger balance at the rate of ${truth.periodEnd}`)
      differs(`${f}.revaluationEur`, closing - carrying, cents(r.revaluationEur), 'the closing value minus the carrying amount')
    })
  }
  return problems
}
