import { CsvError, parseCsv } from '../csv.js'
import type { TruthProblem as Problem } from './index.js'
import { duplicateIds } from './truth-context.js'
import { LEDGER_COLUMNS, type ReconciliationTruth, STATEMENT_COLUMNS } from './reconciliation.js'
import { checkCloseTruth } from './reconciliation-close-check.js'


interface Line {
  source: string
  account: string
  date: string
  cents: number
}

/** An amount column as integer cents, or null when it is not a plain decimal with at most two places. */
export function toCents(text: string): number | null {
  return /^-?\d+(\.\d{1,2})?$/.test(text.trim()) ? Math.round(Number(text) * 100) : null
}

const cents = (x: number) => Math.round(x * 100)
const money = (c: number) => (c / 100).toFixed(2)

/**
 * Reads the ledger and the statements into one table of lines keyed by id. Line ids must be unique
 * across all of them, because findings cite lines by id alone.
 */
function readLines(truth: ReconciliationTruth, inputs: ReadonlyMap<string, string>, problems: Problem[]): Map<string, Line> | null {
  const lines = new Map<string, Line>()
  const sources: Array<{ field: string; input: string; account: string | null; idColumn: string; dateColumn: string; columns: readonly string[] }> = [
    { field: 'ledger', input: truth.ledger, account: null, idColumn: 'line', dateColumn: 'date', columns: LEDGER_COLUMNS },
    ...truth.accounts.map((a, i) => ({ field: `accounts.${i}.statement`, input: a.statement, account: a.account, idColumn: 'id', dateColumn: 'booking_date', columns: STATEMENT_COLUMNS })),
  ]
  for (const s of sources) {
    const text = inputs.get(s.input)
    if (text === undefined) continue // reported by the coverage check
    let table
    try {
      table = parseCsv(text, s.columns)
    } catch (e) {
      if (!(e instanceof CsvError)) throw e
      // A table without the columns is most likely the wrong one named; a table written wrong is named by its own file and line.
      if (e.missingColumns.length > 0) problems.push({ field: s.field, message: `expected ${s.input} to be a table with columns ${s.columns.join(', ')}: ${e.message}` })
      else problems.push({ field: s.field, input: s.input, line: e.line, message: e.message })
      continue
    }
    table.rows.forEach((row, r) => {
      const id = row[s.idColumn]!
      const amount = toCents(row.amount!)
      const at = { field: s.field, input: s.input, line: table.lines[r]! }
      if (amount === null) problems.push({ ...at, message: `column amount: expected an amount like "-1234.56", got "${row.amount}"` })
      else if (lines.has(id)) problems.push({ ...at, message: `column ${s.idColumn}: line id "${id}" is also used in ${lines.get(id)!.source}` })
      else lines.set(id, { source: s.input, account: s.account ?? row.account!, date: row[s.dateColumn]!, cents: amount })
    })
  }
  return problems.length > 0 ? null : lines
}

/**
 * Cross-checks reconciliation ground truth against its fixtures: every input is named, every line
 * it cites exists in the right account and is cited once, and the amounts add up. Per account:
 * ledger opening + lines = ledger balance; statement opening + lines to the period end = statement
 * balance; the previous period's open items explain the opening difference; each exception's
 * adjustment brings its ledger lines to its statement lines of the period; each reconciling item
 * clears after the period end at its ledger amount; and statement balance + reconciling items =
 * ledger balance + adjustments, so nothing is left unexplained. The close schedules, where there
 * are, are re-derived from the inputs (checkCloseTruth).
 */
export function checkReconciliationTruth(truth: ReconciliationTruth, inputs: ReadonlyMap<string, string>, categories: ReadonlySet<string>): Problem[] {
  const problems: Problem[] = []
  const named: Array<[string, string]> = [['ledger', truth.ledger], ...truth.accounts.map((a, i): [string, string] => [`accounts.${i}.statement`, a.statement]), ...truth.supporting.map((s, i): [string, string] => [`supporting.${i}`, s])]
  const seenInputs = new Set<string>()
  for (const [field, id] of named) {
    if (!inputs.has(id)) problems.push({ field, message: `expected the id of a task input, got "${id}"` })
    else if (seenInputs.has(id)) problems.push({ field, message: `input "${id}" is named twice` })
    seenInputs.add(id)
  }
  for (const id of inputs.keys()) {
    if (!seenInputs.has(id)) problems.push({ field: 'supporting', message: `expected input "${id}" to be named as the ledger, an account's statement or a supporting input` })
  }
  const accounts = new Map(truth.accounts.map((a) => [a.account, a]))
  truth.accounts.forEach((a, i) => {
    if (truth.accounts.findIndex((b) => b.account === a.account) !== i) problems.push({ field: `accounts.${i}.account`, message: `duplicate account "${a.account}"` })
  })
  const items = [
    ...truth.exceptions.map((x, i) => ({ id: x.id, field: `exceptions.${i}.id` })),
    ...truth.reconcilingItems.map((x, i) => ({ id: x.id, field: `reconcilingItems.${i}.id` })),
    ...truth.priorItems.map((x, i) => ({ id: x.id, field: `priorItems.${i}.id` })),
  ]
  problems.push(...duplicateIds(items, 'item id'))
  if (problems.length > 0) return problems
  const lines = readLines(truth, inputs, problems)
  if (!lines) return problems

  const inPeriod = (l: Line) => l.date <= truth.periodEnd
  const ledgerIds = (account: string) => [...lines.values()].filter((l) => l.source === truth.ledger && l.account === account)
  for (const l of lines.values()) {
    if (l.source === truth.ledger && !accounts.has(l.account)) {
      problems.push({ field: 'accounts', message: `the ledger has lines on account "${l.account}", which the truth does not reconcile` })
      break
    }
  }
  for (const [id, l] of lines) {
    if (l.source === truth.ledger && !inPeriod(l)) problems.push({ field: 'ledger', message: `ledger line ${id} is dated ${l.date}, after the period end ${truth.periodEnd}` })
  }

  const used = new Map<string, string>()
  /** The cents of the cited lines of one kind; problems for lines that do not exist, sit elsewhere or are cited twice. */
  const cite = (field: string, account: string, ids: readonly string[], kind: 'ledger' | 'statement', share = false): Line[] => {
    const out: Line[] = []
    ids.forEach((id, j) => {
      const line = lines.get(id)
      const expected = kind === 'ledger' ? truth.ledger : accounts.get(account)?.statement
      if (!line || line.source !== expected) return problems.push({ field: `${field}.${j}`, message: `line ${id} is not in ${expected ?? `a statement of account ${account}`}` })
      if (line.account !== account) return problems.push({ field: `${field}.${j}`, message: `line ${id} is on account ${line.account}, expected ${account}` })
      if (!share) {
        if (used.has(id)) problems.push({ field: `${field}.${j}`, message: `line ${id} is already cited by ${used.get(id)}` })
        used.set(id, field.replace(/\.(ledger|statement)Lines$/, ''))
      }
      out.push(line)
    })
    return out
  }
  const sum = (ls: Line[]) => ls.reduce((s, l) => s + l.cents, 0)
  const knownAccount = (field: string, account: string) => {
    if (accounts.has(account)) return true
    problems.push({ field, message: `expected one of the accounts ${[...accounts.keys()].join(', ')}, got "${account}"` })
    return false
  }

  truth.exceptions.forEach((x, i) => {
    const f = `exceptions.${i}`
    if (!categories.has(x.category)) problems.push({ field: `${f}.category`, message: `expected one of the task's categories (${[...categories].join(', ')}), got "${x.category}"` })
    if (!knownAccount(`${f}.account`, x.account)) return
    if (x.ledgerLines.length + x.statementLines.length === 0) return problems.push({ field: f, message: 'expected at least one ledger or statement line' })
    const before = problems.length
    const ledger = cite(`${f}.ledgerLines`, x.account, x.ledgerLines, 'ledger')
    const statement = cite(`${f}.statementLines`, x.account, x.statementLines, 'statement')
    if (problems.length > before) return // its amounts cannot be checked against lines that are not there
    const expected = sum(statement.filter(inPeriod)) - sum(ledger)
    if (cents(x.ledgerAdjustment) !== expected) {
      problems.push({ field: `${f}.ledgerAdjustment`, message: `expected ${money(expected)} (its statement lines to ${truth.periodEnd} minus its ledger lines), got ${money(cents(x.ledgerAdjustment))}` })
    }
    const amount = expected !== 0 ? Math.abs(expected) : statement.reduce((s, l) => s + Math.abs(l.cents), 0)
    if (cents(x.amount) !== amount) problems.push({ field: `${f}.amount`, message: `expected ${money(amount)} (${expected !== 0 ? 'the size of the adjustment' : 'the total of its statement lines'}), got ${money(cents(x.amount))}` })
  })
  truth.reconcilingItems.forEach((r, i) => {
    const f = `reconcilingItems.${i}`
    if (!knownAccount(`${f}.account`, r.account)) return
    const before = problems.length
    const ledger = cite(`${f}.ledgerLines`, r.account, r.ledgerLines, 'ledger')
    const statement = cite(`${f}.statementLines`, r.account, r.statementLines, 'statement')
    if (problems.length > before) return
    if (sum(ledger) !== cents(r.amount)) problems.push({ field: `${f}.amount`, message: `expected ${money(sum(ledger))} (its ledger lines), got ${money(cents(r.amount))}` })
    if (sum(statement) !== cents(r.amount)) problems.push({ field: `${f}.statementLines`, message: `expected statement lines totalling ${money(cents(r.amount))}, got ${money(sum(statement))}` })
    statement.forEach((l, j) => {
      if (inPeriod(l)) problems.push({ field: `${f}.statementLines.${j}`, message: `line ${r.statementLines[j]} is dated ${l.date}; an item in transit reaches the statement after ${truth.periodEnd}` })
    })
  })
  truth.priorItems.forEach((p, i) => {
    const f = `priorItems.${i}`
    if (!knownAccount(`${f}.account`, p.account)) return
    const before = problems.length
    const statement = cite(`${f}.statementLines`, p.account, p.statementLines, 'statement')
    if (problems.length > before) return
    if (sum(statement) !== cents(p.amount)) problems.push({ field: `${f}.amount`, message: `expected ${money(sum(statement))} (its statement lines), got ${money(cents(p.amount))}` })
    statement.forEach((l, j) => {
      if (!inPeriod(l)) problems.push({ field: `${f}.statementLines.${j}`, message: `line ${p.statementLines[j]} is dated ${l.date}, after the period end` })
    })
  })
  truth.decoys.forEach((d, i) => {
    const f = `decoys.${i}`
    if (!categories.has(d.resembles)) problems.push({ field: `${f}.resembles`, message: `expected one of the task's categories (${[...categories].join(', ')}), got "${d.resembles}"` })
    if (!knownAccount(`${f}.account`, d.account)) return
    d.lines.forEach((id, j) => {
      const line = lines.get(id)
      if (!line || line.account !== d.account) problems.push({ field: `${f}.lines.${j}`, message: `line ${id} is not a ledger or statement line of account ${d.account}` })
      else if (used.has(id)) problems.push({ field: `${f}.lines.${j}`, message: `line ${id} is cited by ${used.get(id)}; a decoy is fine, so it cannot be part of an item` })
    })
  })

  truth.accounts.forEach((a, i) => {
    const f = `accounts.${i}`
    const ledgerSum = sum(ledgerIds(a.account))
    if (cents(a.ledgerOpening) + ledgerSum !== cents(a.ledgerBalance)) {
      problems.push({ field: `${f}.ledgerBalance`, message: `expected ${money(cents(a.ledgerOpening) + ledgerSum)} (opening plus the ledger lines), got ${a.ledgerBalance.toFixed(2)}` })
    }
    const statementSum = sum([...lines.values()].filter((l) => l.source === a.statement && inPeriod(l)))
    if (cents(a.statementOpening) + statementSum !== cents(a.statementBalance)) {
      problems.push({ field: `${f}.statementBalance`, message: `expected ${money(cents(a.statementOpening) + statementSum)} (opening plus the statement lines to ${truth.periodEnd}), got ${a.statementBalance.toFixed(2)}` })
    }
    const prior = truth.priorItems.filter((p) => p.account === a.account).reduce((s, p) => s + cents(p.amount), 0)
    if (cents(a.statementOpening) + prior !== cents(a.ledgerOpening)) {
      problems.push({ field: `${f}.ledgerOpening`, message: `expected ${money(cents(a.statementOpening) + prior)} (statement opening plus the previous period's open items), got ${a.ledgerOpening.toFixed(2)}` })
    }
    const timing = truth.reconcilingItems.filter((r) => r.account === a.account).reduce((s, r) => s + cents(r.amount), 0)
    const adjustments = truth.exceptions.filter((x) => x.account === a.account).reduce((s, x) => s + cents(x.ledgerAdjustment), 0)
    if (cents(a.statementBalance) + timing !== cents(a.ledgerBalance) + adjustments) {
      problems.push({
        field: `${f}`,
        message: `amounts do not add up: statement ${a.statementBalance.toFixed(2)} + reconciling items ${money(timing)} = ${money(cents(a.statementBalance) + timing)}, but ledger ${a.ledgerBalance.toFixed(2)} + adjustments ${money(adjustments)} = ${money(cents(a.ledgerBalance) + adjustments)}`,
      })
    }
  })
  if (truth.close) problems.push(...checkCloseTruth(truth, truth.close, inputs))
  return problems
}
