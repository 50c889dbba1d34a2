import { z } from 'zod'
import { AccountTicket, type SupportTriageTruth, Ticket, TicketBatch } from './support-triage.js'
import { duplicateIds, type TruthContext, type TruthProblem, unknownCategory, unknownInput } from './truth-context.js'

/**
 * The account ids of an account table: a CSV whose header has an "account" column; or where it
 * cannot be read. The CSV parser is loaded here, when a task has an account table, so that a
 * worker of other tasks never loads it.
 */
export async function accountIds(csv: string): Promise<{ ids: Set<string> } | { error: string; line: number | null }> {
  const { CsvError, parseCsv } = await import('../csv.js')
  try {
    return { ids: new Set(parseCsv(csv, ['account']).rows.map((r) => r.account!.trim())) }
  } catch (e) {
    if (!(e instanceof CsvError)) throw e
    // Without the column the truth most likely names the wrong table; a table written wrong is named by its line.
    return e.missingColumns.length > 0 ? { error: 'expected a CSV header with an "account" column', line: null } : { error: e.message, line: e.line }
  }
}

type BatchTicket = TicketBatch['tickets'][number]

/** ", got <value>" for a value short enough to show, else nothing. */
const got = (value: unknown) => (['string', 'number', 'boolean'].includes(typeof value) && String(value).length <= 80 ? `, got ${JSON.stringify(value)}` : '')

/**
 * The ticket batch of input `input`, or its problems, one per mistake, each against the batch's
 * own file with the field and what was expected. A ticket is read as the shape it means (with an
 * `account`, or with a `client`), so that a mistake is named against that shape rather than as a
 * mismatch with both.
 */
export function readBatch(text: string, input: string): { batch: TicketBatch } | { problems: TruthProblem[] } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    return { problems: [{ input, field: '(root)', message: `expected valid JSON: ${(e as Error).message}` }] }
  }
  const outer = z.strictObject({ tickets: z.array(z.unknown()).min(1, 'expected at least one ticket') }).safeParse(raw, { reportInput: true })
  const issues = outer.success
    ? outer.data.tickets.flatMap((ticket, i) => {
        const shape = ticket !== null && typeof ticket === 'object' && 'account' in ticket ? AccountTicket : Ticket
        const parsed = shape.safeParse(ticket, { reportInput: true })
        return parsed.success ? [] : parsed.error.issues.map((issue) => ({ ...issue, path: ['tickets', i, ...issue.path] }))
      })
    : outer.error.issues
  if (issues.length > 0) return { problems: issues.map((issue) => ({ input, field: issue.path.join('.') || '(root)', message: `${issue.message}${got(issue.input)}` })) }
  return { batch: TicketBatch.parse(raw) }
}
const clientOf = (t: BatchTicket) => ('account' in t ? t.account : t.client.name)

/**
 * Cross-checks a triage truth against its ticket batch (and account table): a label for every
 * ticket and no other, the task's categories, every account known, and merges that point back in
 * time, to the same client, to an original that is itself not merged.
 */
/** The ground truth against its ticket batch (and account table, whose check is asynchronous: see accountIds). */
export function checkSupportTriage(truth: SupportTriageTruth, { inputs, categories }: TruthContext): TruthProblem[] | Promise<TruthProblem[]> {
  const text = inputs.get(truth.input)
  if (text === undefined) return [unknownInput('input', truth.input)]
  const read = readBatch(text, truth.input)
  if ('problems' in read) return read.problems
  const { batch } = read
  const byId = new Map(batch.tickets.map((t) => [t.id, t]))
  const problems: TruthProblem[] = duplicateIds(batch.tickets.map((t, i) => ({ id: t.id, field: `tickets.${i}.id` })), 'ticket id').map((p) => ({ ...p, input: truth.input }))
  truth.tickets.forEach((t, i) => {
    const first = truth.tickets.findIndex((u) => u.id === t.id)
    if (first < i) problems.push({ field: `tickets.${i}.id`, message: `ticket ${t.id} is labelled twice (also tickets.${first})` })
  })
  truth.tickets.forEach((t, i) => {
    if (!byId.has(t.id)) problems.push({ field: `tickets.${i}.id`, message: `ticket ${t.id} is not in ${truth.input}` })
    if (!categories.has(t.category)) problems.push(unknownCategory(`tickets.${i}.category`, t.category, categories))
  })
  const labelled = new Set(truth.tickets.map((t) => t.id))
  for (const id of byId.keys()) if (!labelled.has(id)) problems.push({ field: 'tickets', message: `expected a label for ticket ${id}` })

  const merges = checkMerges(truth, byId)
  if (truth.accounts === undefined) return [...problems, ...merges]
  const accounts = truth.accounts
  const table = inputs.get(accounts)
  if (table === undefined) return [...problems, unknownInput('accounts', accounts), ...merges]
  return accountIds(table).then((parsed) => {
    if ('error' in parsed) problems.push(parsed.line === null ? { field: 'accounts', message: `${accounts}: ${parsed.error}` } : { field: 'accounts', input: accounts, line: parsed.line, message: parsed.error })
    else {
      batch.tickets.forEach((t, i) => {
        if (!('account' in t)) problems.push({ field: `${truth.input}.tickets.${i}`, message: `expected ticket ${t.id} to name an account of ${accounts}` })
        else if (!parsed.ids.has(t.account)) problems.push({ field: `${truth.input}.tickets.${i}.account`, message: `account ${t.account} of ticket ${t.id} is not in ${accounts}` })
      })
    }
    return [...problems, ...merges]
  })
}

function checkMerges(truth: SupportTriageTruth, byId: ReadonlyMap<string, BatchTicket>): TruthProblem[] {
  const problems: TruthProblem[] = []
  const withMerge = truth.tickets.filter((t) => t.mergeInto !== undefined).length
  if (withMerge === 0) {
    truth.tickets.forEach((t, i) => {
      if (t.mergeKind !== undefined) problems.push({ field: `tickets.${i}.mergeKind`, message: 'expected no mergeKind in a truth without mergeInto' })
    })
    return problems
  }
  if (withMerge < truth.tickets.length) problems.push({ field: 'tickets', message: `expected mergeInto (an id or null) on every ticket once one has it; ${truth.tickets.length - withMerge} lack it` })
  const merged = new Set(truth.tickets.filter((t) => t.mergeInto).map((t) => t.id))
  truth.tickets.forEach((t, i) => {
    if (!t.mergeInto) {
      if (t.mergeKind !== undefined) problems.push({ field: `tickets.${i}.mergeKind`, message: 'expected no mergeKind on a ticket that is not merged' })
      return
    }
    const field = `tickets.${i}.mergeInto`
    if (t.mergeKind === undefined) problems.push({ field: `tickets.${i}.mergeKind`, message: 'expected duplicate, follow_up or escalation on a merged ticket' })
    const self = byId.get(t.id)
    const target = byId.get(t.mergeInto)
    if (!target) problems.push({ field, message: `ticket ${t.mergeInto} is not in ${truth.input}` })
    else if (t.mergeInto === t.id) problems.push({ field, message: `ticket ${t.id} cannot be merged into itself` })
    else if (merged.has(t.mergeInto)) problems.push({ field, message: `${t.mergeInto} is itself merged; expected the original of its group` })
    else if (self) {
      if (Date.parse(target.receivedAt) > Date.parse(self.receivedAt)) problems.push({ field, message: `${t.mergeInto} was received after ${t.id}; expected an earlier original` })
      if (clientOf(target) !== clientOf(self)) problems.push({ field, message: `${t.mergeInto} belongs to ${clientOf(target)}, ${t.id} to ${clientOf(self)}; expected the same client` })
    }
  })
  return problems
}
