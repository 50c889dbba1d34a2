import { z } from 'zod'
import { AccountTicket, type SupportTriageTruth, Ticket, TicketBatch } from './support-triage.js'
import { duplicateIds, type TruthContext, type TruthProblem, unknownCategory, unknownInput } from './truth-context.js'

/** The account ids of an account table: a CSV whose header has an "account" column. */
export function accountIds(csv: string): { ids: Set<string> } | { error: string } {
  const lines = csv.split(/\r?\n/).filter((l) => l.trim() !== '')
  const header = (lines[0] ?? '').split(',').map((h) => h.trim())
  const column = header.indexOf('account')
  if (column < 0) return { error: 'expected a CSV header with an "account" column' }
  return { ids: new Set(lines.slice(1).map((l) => l.split(',')[column]!.trim())) }
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
export function checkSupportTriage(truth: SupportTriageTruth, { inputs, categories }: TruthContext): TruthProblem[] {
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

  if (truth.accounts !== undefined) {
    const table = inputs.get(truth.accounts)
    if (table === undefined) problems.push(unknownInput('accounts', truth.accounts))
    else {
      const parsed = accountIds(table)
      if ('error' in parsed) problems.push({ field: 'accounts', message: `${truth.accounts}: ${parsed.error}` })
      else {
        batch.tickets.forEach((t, i) => {
          if (!('account' in t)) problems.push({ field: `${truth.input}.tickets.${i}`, message: `expected ticket ${t.id} to name an account of ${truth.accounts}` })
          else if (!parsed.ids.has(t.account)) problems.push({ field: `${truth.input}.tickets.${i}.account`, message: `account ${t.account} of ticket ${t.id} is not in ${truth.accounts}` })
        })
      }
    }
  }
  return [...problems, ...checkMerges(truth, byId)]
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
