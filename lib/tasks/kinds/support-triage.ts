import { z } from 'zod'

export const Priority = z.enum(['P0', 'P1', 'P2', 'P3'])
export const Routing = z.enum(['L1', 'L2', 'L3'])
export const TicketCategory = z.enum([
  'outage',
  'performance',
  'defect',
  'security',
  'billing',
  'access',
  'data',
  'how_to',
  'feature_request',
])
export type Priority = z.infer<typeof Priority>
export type Routing = z.infer<typeof Routing>
export type TicketCategory = z.infer<typeof TicketCategory>

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
  category: TicketCategory,
  slaDeadline: Instant,
})
export const SupportTriageTruth = z.strictObject({
  /** Input id of the ticket batch fixture. */
  input: z.string().min(1),
  tickets: z.array(TicketTruth).min(1),
})
export type SupportTriageTruth = z.infer<typeof SupportTriageTruth>

export const TicketDecision = z.object({
  id: z.string(),
  priority: Priority,
  routing: Routing,
  category: TicketCategory,
  slaDeadline: z.string().describe('ISO 8601 time with offset'),
  rationale: z.string(),
})
export const SupportTriageDeliverable = z.object({
  tickets: z.array(TicketDecision),
})
export type SupportTriageDeliverable = z.infer<typeof SupportTriageDeliverable>
