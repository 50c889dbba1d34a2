import { z } from 'zod'

export const EventId = z.string().regex(/^E-\d{4}$/, 'expected an event id like "E-0142"')
export const ActionId = z.string().regex(/^R\d{2}$/, 'expected a runbook action id like "R07"')
export const ComponentId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a component id like "planner"')

export const IncidentResponseTruth = z.strictObject({
  /** Input ids: the system description, the event log, the metrics and the runbook. */
  inputs: z.strictObject({ system: z.string(), events: z.string(), metrics: z.string(), runbook: z.string() }),
  rootCause: z.strictObject({ component: ComponentId, summary: z.string().min(10) }),
  /** The earliest event that shows the fault; everything before it is healthy or unrelated. */
  firstBadEvent: EventId,
  /** Runbook actions the response must include. */
  requiredActions: z.array(ActionId).min(1),
  /** Runbook actions that make things worse here (e.g. restarting a healthy component). */
  harmfulActions: z.array(ActionId).default([]),
  redHerrings: z.array(z.strictObject({ component: ComponentId, events: z.array(EventId).min(1), why: z.string().min(10) })).default([]),
})
export type IncidentResponseTruth = z.infer<typeof IncidentResponseTruth>

export const IncidentResponseDeliverable = z.object({
  rootCauseComponent: z.string(),
  firstBadEvent: z.string().describe('event id, e.g. "E-0142"'),
  causalChain: z.array(z.string()).describe('event ids from the first bad event to the visible impact'),
  actions: z.array(z.object({ action: z.string().describe('runbook action id, e.g. "R07"'), rationale: z.string() })),
  summary: z.string(),
})
export type IncidentResponseDeliverable = z.infer<typeof IncidentResponseDeliverable>
