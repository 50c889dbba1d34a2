import { z } from 'zod'
import { categories, categoryEnum, CategoryId } from '../categories.js'

export const Priority = z.enum(['P0', 'P1', 'P2', 'P3'])
export const Routing = z.enum(['L1', 'L2', 'L3'])
export type Priority = z.infer<typeof Priority>
export type Routing = z.infer<typeof Routing>

/** The ticket categories every triage task has (a task's policy defines them; a task may add its own). */
export const TICKET_CATEGORIES = categories([
  ['security', 'information seen by someone not entitled to it, accounts misused, or a weakness in sign-in, tokens, permissions or provisioning'],
  ['outage', 'a tenant that cannot be used at all: nothing loads, or every page or API call fails'],
  ['data', 'records lost, deleted, duplicated, altered or incomplete, stored or passing through an import, export or sync'],
  ['access', 'a legitimate user who cannot sign in, or lacks an account, role or permission they should have'],
  ['performance', 'the product works but is slow, times out, delivers late or fails intermittently'],
  ['defect', 'a function behaves wrongly while the records stay complete and correct'],
  ['billing', "the vendor's own charges to the client: invoices, payments, refunds, seats, plans"],
  ['how_to', 'the client asks whether or how something can be done, configured or found'],
  ['feature_request', 'the client asks for a capability the product does not have, or a change to one'],
])
export type TicketCategory = string

/** ISO 8601 instant with an explicit offset, e.g. "2026-11-02T13:00:00+01:00". */
export const Instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2})?(Z|[+-]\d{2}:\d{2})$/, 'expected an ISO 8601 time with offset')

/** One ticket of the batch as the agents see it. */
const TicketId = z.string().regex(/^T-\d{4}$/, 'expected a ticket id like "T-0042"')

export const Ticket = z.strictObject({
  id: TicketId,
  receivedAt: Instant,
  client: z.strictObject({
    name: z.string(),
    tier: z.enum(['Enterprise', 'Growth', 'Starter']),
    arrEur: z.number().int().nonnegative(),
    plan: z.string(),
  }),
  channel: z.enum(['email', 'portal', 'phone', 'chat', 'api']),
  subject: z.string(),
  body: z.string(),
})
/**
 * A ticket that names its client by account id: tier, plan and contract come from a separate
 * account table (an input of the task), not from the ticket.
 */
export const AccountTicket = z.strictObject({
  id: TicketId,
  receivedAt: Instant,
  account: z.string().regex(/^A-\d{4}$/, 'expected an account id like "A-1234"'),
  requester: z.string().min(1),
  channel: z.enum(['email', 'portal', 'phone', 'chat', 'api']),
  subject: z.string(),
  body: z.string(),
})
export const TicketBatch = z.strictObject({ tickets: z.array(z.union([Ticket, AccountTicket])).min(1) })
export type TicketBatch = z.infer<typeof TicketBatch>

export const MergeKind = z.enum(['duplicate', 'follow_up', 'escalation'])
export type MergeKind = z.infer<typeof MergeKind>

export const TicketTruth = z.strictObject({
  id: TicketId,
  priority: Priority,
  routing: Routing,
  /** One of the task's categories. */
  category: CategoryId,
  slaDeadline: Instant,
  /**
   * For a task that scores merges: the original ticket this one is merged into, or null. Either
   * every ticket of a truth file has it or none has.
   */
  mergeInto: TicketId.nullable().optional(),
  /** How a merged ticket relates to its original (an escalation raises the group's priority). */
  mergeKind: MergeKind.optional(),
  /** Why the ticket is hard (the rules and calendar facts its labels depend on); not scored. */
  traps: z.array(z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected snake_case trap names')).optional(),
})
export const SupportTriageTruth = z.strictObject({
  /** Input id of the ticket batch fixture. */
  input: z.string().min(1),
  /** Input id of the account table (CSV with an "account" column) that the tickets refer to. */
  accounts: z.string().min(1).optional(),
  tickets: z.array(TicketTruth).min(1),
})
export type SupportTriageTruth = z.infer<typeof SupportTriageTruth>

/** Whether a truth scores merges (its tickets carry mergeInto), which adds the field to the deliverable. */
export const scoresMerges = (truth: SupportTriageTruth | undefined): boolean => truth?.tickets.some((t) => t.mergeInto !== undefined) ?? false

/**
 * What a triage must hand in, for a task whose ticket categories are `categoryIds`; with `merges`,
 * every decision also names the ticket it is merged into (or null).
 */
export function supportTriageDeliverable(categoryIds: readonly string[], options: { merges?: boolean } = {}) {
  const TicketDecision = z.object({
    id: z.string(),
    priority: Priority,
    routing: Routing,
    category: categoryEnum(categoryIds, false),
    slaDeadline: z.string().describe('ISO 8601 time with offset'),
    rationale: z.string(),
  })
  const decision = options.merges ? TicketDecision.extend({ mergeInto: z.string().nullable().describe('id of the original ticket this one is merged into, or null') }) : TicketDecision
  return z.object({ tickets: z.array(decision) }) as z.ZodType<SupportTriageDeliverable>
}
/** A triage: one decision per ticket; mergeInto only for tasks that score merges. */
export interface SupportTriageDeliverable {
  tickets: Array<{ id: string; priority: Priority; routing: Routing; category: string; slaDeadline: string; rationale: string; mergeInto?: string | null }>
}
