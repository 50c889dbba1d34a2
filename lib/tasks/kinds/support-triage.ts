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
export const Ticket = z.strictObject({
  id: z.string().regex(/^T-\d{4}$/),
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
export const TicketBatch = z.strictObject({ tickets: z.array(Ticket).min(1) })

export const TicketTruth = z.strictObject({
  id: z.string().regex(/^T-\d{4}$/),
  priority: Priority,
  routing: Routing,
  /** One of the task's categories. */
  category: CategoryId,
  slaDeadline: Instant,
})
export const SupportTriageTruth = z.strictObject({
  /** Input id of the ticket batch fixture. */
  input: z.string().min(1),
  tickets: z.array(TicketTruth).min(1),
})
export type SupportTriageTruth = z.infer<typeof SupportTriageTruth>

/** What a triage must hand in, for a task whose ticket categories are `categoryIds`. */
export function supportTriageDeliverable(categoryIds: readonly string[]) {
  const TicketDecision = z.object({
    id: z.string(),
    priority: Priority,
    routing: Routing,
    category: categoryEnum(categoryIds, false),
    slaDeadline: z.string().describe('ISO 8601 time with offset'),
    rationale: z.string(),
  })
  return z.object({ tickets: z.array(TicketDecision) })
}
export type SupportTriageDeliverable = z.infer<ReturnType<typeof supportTriageDeliverable>>
