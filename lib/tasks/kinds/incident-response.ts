import { z } from 'zod'

export const EventId = z.string().regex(/^E-\d{4}$/, 'expected an event id like "E-9001"')
export const ActionId = z.string().regex(/^R\d{2}$/, 'expected a runbook action id like "R99"')
export const ComponentId = z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a component id like "planner"')

export const IncidentResponseTruth = z.strictObject({
  /** Input ids: the system description, the event log, the metrics and the runbook. */
  inputs: z.strictObject({ system: z.string(), events: z.string(), metrics: z.string(), runbook: z.string() }),
  /**
   * Every component the system input describes, when given: a deliverable's component field is read
   * for the one of these it names ("`embedding-service` (release …)" names embedding-service). Without
   * it, the components the truth itself names (root causes, red herrings) are the ones known.
   */
  components: z.array(ComponentId).min(1).optional(),
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
  firstBadEvent: z.string().describe('event id, e.g. "E-9001"'),
  causalChain: z.array(z.string()).describe('event ids from the first bad event to the visible impact'),
  actions: z.array(z.object({ action: z.string().describe('runbook action id, e.g. "R99"'), rationale: z.string() })),
  summary: z.string(),
})
export type IncidentResponseDeliverable = z.infer<typeof IncidentResponseDeliverable>

/** One link of an incident's causal chain: what happened, and the events that show it (any one covers the link). */
export const ChainLink = z.strictObject({
  link: z.string().min(10),
  events: z.array(EventId).min(1),
})
export type ChainLink = z.infer<typeof ChainLink>

/** A measure of an incident's cost, by its id in the task's brief, e.g. "orders_unpublished". */
export const MeasureId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a measure id like "orders_unpublished"')
/** A minute of the day, "HH:MM". */
export const MinuteOfDay = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'expected a minute like "13:08"')

/** What an incident cost, for a task that asks for it: when the harm began, which alert showed it first, and exact figures. */
export const IncidentImpact = z.strictObject({
  /** The first minute in which the incident did harm. */
  start: MinuteOfDay,
  /** The first monitor alert or page the incident set off. */
  detectedBy: EventId,
  /** Exact counts, each of a measure the brief defines; a reported figure is judged against the tolerance the brief states. */
  figures: z
    .array(z.strictObject({ measure: MeasureId, value: z.number().int().nonnegative(), mustCatch: z.boolean().default(false) }))
    .min(1),
})
export type IncidentImpact = z.infer<typeof IncidentImpact>

/** One of several incidents under way at once. */
export const IncidentTruth = z.strictObject({
  /** A label for reports and for required actions to point at; never shown to agents. */
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, 'expected a short lowercase label like "a"'),
  rootCause: z.strictObject({ component: ComponentId, summary: z.string().min(10) }),
  /** The event where the incident began: the first link of its chain. */
  firstBadEvent: EventId,
  /** From the first bad event to the impact the business sees, in time order. */
  causalChain: z.array(ChainLink).min(2),
  /** Every event that belongs to this incident, the chain's included: a cited event outside it is not a link of this chain. */
  events: z.array(EventId).min(1),
  /** What the incident cost (optional: tasks whose brief asks for an impact report). */
  impact: IncidentImpact.optional(),
})
export type IncidentTruth = z.infer<typeof IncidentTruth>

/**
 * Ground truth of a task with several overlapping incidents. It keeps the single-incident truth's
 * top-level action and red-herring lists, with more detail: each required action names the incident
 * it addresses, and each harmful action says why it is harmful here and whether avoiding it is a
 * must-catch item.
 */
export const MultiIncidentTruth = z.strictObject({
  inputs: z.strictObject({ system: z.string(), events: z.string(), metrics: z.string(), runbook: z.string() }),
  incidents: z.array(IncidentTruth).min(2),
  /**
   * Every component the system input describes, when given: a deliverable's component field is read
   * for the one of these it names ("`embedding-service` (release …)" names embedding-service). Without
   * it, the components the truth itself names (root causes, red herrings) are the ones known.
   */
  components: z.array(ComponentId).min(1).optional(),
  requiredActions: z
    .array(
      z.strictObject({
        action: ActionId,
        incident: z.string(),
        why: z.string().min(10),
        /** What the action must be applied to (change, order or query ids), when the brief asks for targets. */
        targets: z.array(z.string().min(1)).min(1).optional(),
        /** Whether naming every target is a must-catch item. */
        mustCatchTargets: z.boolean().optional(),
        /** Actions that must have taken effect before this one starts, when the brief asks for an order. */
        after: z.array(ActionId).min(1).optional(),
      }),
    )
    .min(1),
  harmfulActions: z.array(z.strictObject({ action: ActionId, why: z.string().min(10), mustAvoid: z.boolean().default(false) })).min(1),
  redHerrings: z.array(z.strictObject({ component: ComponentId, events: z.array(EventId).min(1), why: z.string().min(10) })).default([]),
})
export type MultiIncidentTruth = z.infer<typeof MultiIncidentTruth>

/** Whether ground truth of several incidents asks for an impact report (then every incident has one). */
export function hasImpact(truth: MultiIncidentTruth): boolean {
  return truth.incidents.some((x) => x.impact !== undefined)
}

/** The measures an impact report gives per incident: every measure the truth has a figure for, in order of first appearance. */
export function impactMeasures(truth: MultiIncidentTruth): string[] {
  return [...new Set(truth.incidents.flatMap((x) => x.impact?.figures.map((f) => f.measure) ?? []))]
}

/** Whether ground truth of the incident kind describes several incidents. */
export function isMultiIncident(truth: IncidentResponseTruth | MultiIncidentTruth): truth is MultiIncidentTruth {
  return 'incidents' in truth
}

/**
 * The incident kind's ground truth: one incident (the original shape, unchanged) or several. The
 * shape is chosen by the presence of "incidents", so that a mistake is reported against the shape
 * the file means rather than as a mismatch with both.
 */
export const IncidentKindTruth = z.unknown().transform((raw, ctx): IncidentResponseTruth | MultiIncidentTruth => {
  const multi = raw !== null && typeof raw === 'object' && 'incidents' in raw
  const parsed = (multi ? MultiIncidentTruth : IncidentResponseTruth).safeParse(raw)
  if (parsed.success) return parsed.data
  for (const issue of parsed.error.issues) ctx.addIssue({ code: 'custom', message: issue.message, path: issue.path })
  return z.NEVER
})

/** The diagnosis of one of several incidents, as a deliverable reports it. */
const diagnosed = {
  rootCauseComponent: z.string().describe('id of the component where this incident started'),
  firstBadEvent: z.string().describe('event id, e.g. "E-9001"'),
  causalChain: z.array(z.string()).describe('event ids in time order, from the first bad event to the impact'),
}

/** The deliverable when several incidents may be under way: one entry per incident, then the actions. */
export const MultiIncidentDeliverable = z.object({
  incidents: z
    .array(z.object({ ...diagnosed, summary: z.string() }))
    .describe('one entry per distinct incident'),
  actions: z.array(z.object({ action: z.string().describe('runbook action id, e.g. "R99"'), rationale: z.string() })),
  summary: z.string(),
})
export type MultiIncidentDeliverable = z.infer<typeof MultiIncidentDeliverable>

/**
 * The deliverable of an incident report with impact, for the given measures: each incident also
 * states when its harm began, the alert that first showed it and a figure per measure (null for a
 * measure the incident did not affect); each action names what it applies to and what must have
 * taken effect before it starts. Every field is required (structured outputs allow no optional ones).
 */
export function impactReportDeliverable(measures: readonly string[]) {
  const figures = z.strictObject(Object.fromEntries(measures.map((m) => [m, z.number().nullable()])))
  return z.object({
    incidents: z
      .array(
        z.object({
          ...diagnosed,
          impact: z.object({
            start: z.string().describe('the first minute in which the incident did harm, "HH:MM"'),
            detectedBy: z.string().describe('event id of the first monitor alert or page the incident set off'),
            figures: figures.describe('one exact count per measure; null for a measure this incident did not affect'),
          }),
          summary: z.string(),
        }),
      )
      .describe('one entry per distinct incident'),
    actions: z.array(
      z.object({
        action: z.string().describe('runbook action id, e.g. "R99"'),
        targets: z.array(z.string()).describe('what the action is applied to, by id (change, order or query ids); empty when it takes none'),
        after: z.array(z.string()).describe('action ids of this plan that must have taken effect before this one starts; empty when it can start at once'),
        rationale: z.string(),
      }),
    ),
    summary: z.string(),
  })
}
/** An incident report with impact (see impactReportDeliverable). */
export type ImpactReportDeliverable = z.infer<ReturnType<typeof impactReportDeliverable>>
