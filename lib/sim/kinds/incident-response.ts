import { compareIncident, matchIncidents } from '../../eval/scorers/incidents.js'
import {
  hasImpact,
  type ImpactReportDeliverable,
  impactMeasures,
  type IncidentResponseDeliverable,
  type IncidentResponseTruth,
  type IncidentTruth,
  isMultiIncident,
  type MultiIncidentDeliverable,
  type MultiIncidentTruth,
} from '../../tasks/kinds/incident-response.js'
import { majorityRight, objectsWith, type SimContext, type SimItem } from '../context.js'
import type { Task } from '../../tasks/registry.js'
import { itemChances, trapChance } from '../calibration.js'
import type { Difficulty } from '../profiles.js'
import { believeImpact, believePlan, planActions, reportImpact } from './incident-impact.js'
import { INCIDENT_IDS } from './incident-outcomes.js'

const FOCUS = {
  cause: ['dependenc', 'change', 'deploy', 'config', 'origin'],
  event: ['timeline', 'order', 'sequence', 'log', 'first'],
  action: ['remed', 'recover', 'runbook', 'mitigat', 'capacity', 'side effect'],
  chain: ['flow', 'consumer', 'dependenc', 'onset', 'series'],
}

/**
 * The simulator's item for one decision of an incident response (a root cause, a first event, a
 * chain link, an action), for agents and judge alike: the one place where an item's chances are set
 * (from the task's calibration where it has one, see incident-outcomes.ts).
 */
export function incidentItem(task: Task, id: string, difficulty: Difficulty, focusWords: readonly string[], theme: string): SimItem {
  return { id, difficulty, ...itemChances(task, id, difficulty), focusWords, themes: [theme] }
}

/** The items of a single incident, and how hard each is. */
const ONE = {
  cause: (task: Task) => incidentItem(task, 'root-cause', 'CRITICAL', FOCUS.cause, 'root_cause'),
  event: (task: Task) => incidentItem(task, 'first-bad-event', 'MEDIUM', FOCUS.event, 'first_event'),
  action: (task: Task, a: string) => incidentItem(task, a, 'MEDIUM', FOCUS.action, 'action'),
}

/** Whether the model, this trial, orders a harmful action of a single incident. */
const ordersHarm = (ctx: SimContext, h: string) => ctx.errs(trapChance(ctx.task, ctx.profile, INCIDENT_IDS.harmful(h), ctx.profile.falseAlarm), h, 'harmful')

/**
 * The items of several overlapping incidents. Root causes and the must-avoid action are CRITICAL
 * decisions (so sim-strong names both causes and does no irreversible harm); first bad events,
 * chain links, required actions and seeing why the other harmful actions are harmful here are
 * LOW: on the hard tier a strong single agent misses many of them.
 */
const SEVERAL = {
  cause: (task: Task, t: IncidentTruth) => incidentItem(task, INCIDENT_IDS.cause(t.id), rootCauseDifficulty(inputsText(task), t), FOCUS.cause, 'root_cause'),
  event: (task: Task, t: IncidentTruth) => incidentItem(task, INCIDENT_IDS.event(t.id), 'LOW', FOCUS.event, 'first_event'),
  link: (task: Task, t: IncidentTruth, k: number) => incidentItem(task, INCIDENT_IDS.link(t.id, k), 'LOW', FOCUS.chain, 'chain'),
  /** An action whose every target is must-catch is as hard to miss as the must-catch itself. */
  action: (task: Task, a: string, mustCatch = false) => incidentItem(task, a, mustCatch ? 'CRITICAL' : 'LOW', FOCUS.action, 'action'),
  harm: (task: Task, h: MultiIncidentTruth['harmfulActions'][number]) => incidentItem(task, INCIDENT_IDS.harm(h.action), h.mustAvoid ? 'CRITICAL' : 'LOW', FOCUS.action, 'harm'),
}

const inputTexts = new WeakMap<Task, string>()
/** The task's inputs as given, one after another (the logs an origin is read from). */
function inputsText(task: Task): string {
  let text = inputTexts.get(task)
  if (text === undefined) inputTexts.set(task, (text = task.resolvedInputs.map((i) => i.content).join('\n')))
  return text
}

/** Simulated incident response for ground truth of either shape: one incident or several. */
export function simulateIncidentResponse(ctx: SimContext, truth: IncidentResponseTruth | MultiIncidentTruth): IncidentResponseDeliverable | MultiIncidentDeliverable {
  return isMultiIncident(truth) ? simulateIncidents(ctx, truth) : simulateOneIncident(ctx, truth)
}

const actionsOf = (deliverables: ReadonlyArray<Record<string, unknown>>) => new Set(deliverables.flatMap((e) => (Array.isArray(e.actions) ? e.actions : [])).map((a) => (a as { action?: unknown }).action))

/**
 * Simulated diagnosis of a single incident: the root cause, the first bad event and the remediation,
 * per the profile. A merge takes a root cause or first event from earlier work only when most of it agrees.
 */
function simulateOneIncident(ctx: SimContext, truth: IncidentResponseTruth): IncidentResponseDeliverable {
  const earlier = objectsWith(ctx.prior, ['rootCauseComponent', 'firstBadEvent', 'actions'])
  const seenCause = majorityRight(earlier.map((e) => e.rootCauseComponent), truth.rootCause.component) || ctx.hinted(`rootCauseComponent=${truth.rootCause.component}`)
  const seenEvent = majorityRight(earlier.map((e) => e.firstBadEvent), truth.firstBadEvent) || ctx.hinted(`firstBadEvent=${truth.firstBadEvent}`)
  const cause = ctx.decide(ONE.cause(ctx.task), seenCause)
  const event = ctx.decide(ONE.event(ctx.task), seenEvent)
  const herrings = truth.redHerrings
  const wrongComponent = herrings.length > 0 ? ctx.pick(herrings, 'herring').component : 'unknown'
  const wrongEvent = herrings.length > 0 ? ctx.pick(herrings.flatMap((h) => h.events), 'herring-event') : 'E-0001'

  const seenActions = actionsOf(earlier)
  const actions = truth.requiredActions
    .filter((a) => ctx.decide(ONE.action(ctx.task, a), seenActions.has(a) || ctx.hinted(`action=${a}`)).found)
    .map((a) => ({ action: a, rationale: `Runbook action ${a} addresses the failure.` }))
  for (const h of truth.harmfulActions) {
    if (ordersHarm(ctx, h) || (seenActions.has(h) && ctx.keepsSpurious(h, 'harmful'))) {
      actions.push({ action: h, rationale: `Runbook action ${h} should restore service quickly.` })
    }
  }
  const firstBad = event.found ? truth.firstBadEvent : wrongEvent
  return {
    rootCauseComponent: cause.found && !cause.confused ? truth.rootCause.component : wrongComponent,
    firstBadEvent: firstBad,
    causalChain: [firstBad],
    actions,
    summary: cause.found ? truth.rootCause.summary : 'The incident started in a downstream component.',
  }
}

type ReportedIncident = MultiIncidentDeliverable['incidents'][number] & { impact?: ImpactReportDeliverable['incidents'][number]['impact'] }

/** Red herrings that can be blamed instead of a cause: those in components that caused nothing. */
const blameable = (truth: MultiIncidentTruth) => truth.redHerrings.filter((h) => !truth.incidents.some((t) => t.rootCause.component === h.component))

/** Whether the model, this trial, leaves a red herring's event in an incident's chain. */
const herringInChain = (ctx: SimContext, t: IncidentTruth) => ctx.errs(trapChance(ctx.task, ctx.profile, INCIDENT_IDS.herringInChain(t.id), ctx.profile.falseAlarm), t.id, 'herring-in-chain')
/** The red herring's event the model puts in an incident's chain when it does, this trial. */
const herringEvent = (ctx: SimContext, herrings: MultiIncidentTruth['redHerrings'], t: IncidentTruth): string => ctx.pick(ctx.pick(herrings, t.id, 'herring').events, t.id, 'herring-event')
/** Whether the model, this trial, promotes a red herring to an incident of its own (twice as tempting as a false alarm elsewhere). */
const spuriousIncident = (ctx: SimContext) => ctx.errs(trapChance(ctx.task, ctx.profile, INCIDENT_IDS.spurious, Math.min(1, 2 * ctx.profile.falseAlarm)), 'spurious-incident')

/**
 * How hard naming an incident's origin is: CRITICAL when its first bad event is logged by the
 * root-cause component itself, HIGH when the log line names another component (a release logged by
 * the deployer, say) and the origin has to be inferred from what the change does. Both are
 * must-catch items, which sim-strong always catches; weaker profiles miss HIGH ones more often.
 */
export function rootCauseDifficulty(prompt: string, truth: MultiIncidentTruth['incidents'][number]): 'CRITICAL' | 'HIGH' {
  const line = new RegExp(`^${truth.firstBadEvent} \\S+ (\\S+) `, 'm').exec(prompt)
  return line === null || line[1] === truth.rootCause.component ? 'CRITICAL' : 'HIGH'
}

/**
 * Simulated diagnosis of several overlapping incidents (see SEVERAL for how hard each part is). A
 * strong single agent orders a harmful action whenever it misses why it is harmful. A missed root
 * cause is either merged away or blamed on a red herring, and a spurious incident is sometimes
 * added; a model does either the same way in every call of the trial. A merge takes a root cause or
 * a first event from earlier work only when most earlier deliverables report it.
 */
export function simulateIncidents(ctx: SimContext, truth: MultiIncidentTruth): MultiIncidentDeliverable {
  const earlier = objectsWith(ctx.prior, ['incidents', 'actions'])
  const reportedBy = earlier.map((e) => objectsWith([e.incidents], ['rootCauseComponent', 'firstBadEvent', 'causalChain']))
  const mostReport = (test: (i: Record<string, unknown>) => boolean) => majorityRight(reportedBy.map((incidents) => incidents.some(test)), true)
  const seenCited = new Set(reportedBy.flat().flatMap((e) => (Array.isArray(e.causalChain) ? e.causalChain : [])))
  const seenActions = actionsOf(earlier)
  const herrings = blameable(truth)

  const measures = hasImpact(truth) ? impactMeasures(truth) : null
  const valueOf = (i: Record<string, unknown>, key: string) => {
    const impact = (i.impact ?? {}) as Record<string, unknown>
    return key === 'start' || key === 'detectedBy' ? impact[key] : ((impact.figures ?? {}) as Record<string, unknown>)[key]
  }
  const withImpact = (t: IncidentTruth | null, reported: ReportedIncident): ReportedIncident =>
    measures === null ? reported : { ...reported, impact: reportImpact(ctx, measures, t, (key, value) => t !== null && mostReport((i) => i.rootCauseComponent === t.rootCause.component && valueOf(i, key) === value)) }

  const incidents: ReportedIncident[] = []
  for (const t of truth.incidents) {
    const cause = ctx.decide(SEVERAL.cause(ctx.task, t), mostReport((i) => i.rootCauseComponent === t.rootCause.component) || ctx.hinted(`rootCauseComponent=${t.rootCause.component}`))
    const named = cause.found && !cause.confused
    if (!named && ctx.errs(0.5, t.id, 'merged')) continue
    const first = ctx.decide(SEVERAL.event(ctx.task, t), mostReport((i) => i.firstBadEvent === t.firstBadEvent) || ctx.hinted(`firstBadEvent=${t.firstBadEvent}`))
    const symptom = t.causalChain[1]?.events[0] ?? t.firstBadEvent
    const chain = t.causalChain.flatMap((link, k) => {
      const shown = link.events.find((e) => seenCited.has(e))
      const found = k === 0 ? first.found : ctx.decide(SEVERAL.link(ctx.task, t, k), shown !== undefined).found
      return found ? [shown ?? ctx.pick(link.events, t.id, 'link', k)] : []
    })
    if (herrings.length > 0 && herringInChain(ctx, t)) chain.push(herringEvent(ctx, herrings, t))
    const herring = herrings.length > 0 ? ctx.pick(herrings, t.id, 'blamed') : null
    incidents.push(
      withImpact(t, {
        rootCauseComponent: named ? t.rootCause.component : (herring?.component ?? 'unknown'),
        firstBadEvent: first.found ? t.firstBadEvent : symptom,
        causalChain: [...new Set(chain)].sort(),
        summary: named ? t.rootCause.summary : 'A recent change in this component set off the failures.',
      }),
    )
  }
  if (herrings.length > 0) {
    const h = ctx.pick(herrings, 'spurious')
    const carried = reportedBy.flat().some((i) => i.rootCauseComponent === h.component) && !incidents.some((i) => i.rootCauseComponent === h.component)
    if (spuriousIncident(ctx) || (carried && ctx.keepsSpurious('spurious-incident', h.component))) {
      incidents.push(withImpact(null, { rootCauseComponent: h.component, firstBadEvent: h.events[0]!, causalChain: h.events.slice(0, 3), summary: `A separate problem in ${h.component}.` }))
    }
  }

  const actions = truth.requiredActions
    .filter((a) => ctx.decide(SEVERAL.action(ctx.task, a.action, a.mustCatchTargets), seenActions.has(a.action) || ctx.hinted(`action=${a.action}`)).found)
    .map((a) => ({ action: a.action, rationale: `Runbook action ${a.action} addresses incident ${a.incident}.` }))
  for (const h of truth.harmfulActions) {
    const kept = seenActions.has(h.action) && ctx.keepsSpurious(h.action, 'harmful')
    if (kept || !ctx.sees(SEVERAL.harm(ctx.task, h))) actions.push({ action: h.action, rationale: `Runbook action ${h.action} should relieve the symptoms quickly.` })
  }
  const sameIds = (a: unknown, b: readonly string[]) => Array.isArray(a) && [...a].sort().join(',') === [...b].sort().join(',')
  const planned = (action: string, key: 'targets' | 'after', value: readonly string[]) =>
    majorityRight(
      earlier.map((e) => (Array.isArray(e.actions) ? e.actions : []).some((x: Record<string, unknown>) => x.action === action && sameIds(x[key], value))),
      true,
    )
  return {
    incidents,
    actions: measures === null ? actions : planActions(ctx, truth, actions, planned),
    summary: `${incidents.length} incident(s): ${incidents.map((i) => i.rootCauseComponent).join(', ')}.`,
  }
}

/** What a judge model believes happened, for ground truth of either shape (see the two functions below). */
export function believeIncidentResponse(
  judge: SimContext,
  truth: IncidentResponseTruth | MultiIncidentTruth,
  candidate: IncidentResponseDeliverable | MultiIncidentDeliverable,
): IncidentResponseTruth | MultiIncidentTruth {
  return isMultiIncident(truth) ? believeIncidents(judge, truth, candidate as MultiIncidentDeliverable) : believeOneIncident(judge, truth, candidate as IncidentResponseDeliverable)
}

/**
 * What a judge model believes happened in a single incident: the root cause and first event as it
 * sees them (the candidate's where it cannot tell), the required actions it sees or the candidate
 * names, and the harmful actions it would take itself counted as required.
 */
function believeOneIncident(judge: SimContext, truth: IncidentResponseTruth, candidate: IncidentResponseDeliverable): IncidentResponseTruth {
  const named = new Set(candidate.actions.map((a) => a.action))
  const fooled = truth.harmfulActions.filter((h) => ordersHarm(judge, h))
  const required = [...truth.requiredActions.filter((a) => judge.sees(ONE.action(judge.task, a)) || named.has(a)), ...fooled]
  return {
    ...truth,
    rootCause: { ...truth.rootCause, component: judge.sees(ONE.cause(judge.task)) ? truth.rootCause.component : candidate.rootCauseComponent },
    firstBadEvent: judge.sees(ONE.event(judge.task)) ? truth.firstBadEvent : candidate.firstBadEvent,
    requiredActions: required.length > 0 ? required : truth.requiredActions,
    harmfulActions: truth.harmfulActions.filter((a) => !fooled.includes(a)),
  }
}

/**
 * What a judge model believes happened in several incidents. For each incident whose root cause it
 * sees, or that the candidate reports (paired as the scorer pairs them), it takes the candidate's
 * cause and first event where it cannot tell them itself, and the chain links it sees or the
 * candidate cites; an incident it cannot see and the candidate leaves out, it does not know of.
 * It counts a red herring's events as belonging where it would put them itself, believes in the
 * spurious incident it would report itself, and takes the harmful actions it would order for required ones.
 */
function believeIncidents(judge: SimContext, truth: MultiIncidentTruth, candidate: MultiIncidentDeliverable): MultiIncidentTruth {
  const pairing = matchIncidents(truth.incidents.map((t) => candidate.incidents.map((r) => compareIncident(t, r).value)))
  const herrings = blameable(truth)
  const herringEvents = (t: IncidentTruth) => (herrings.length > 0 && herringInChain(judge, t) ? [herringEvent(judge, herrings, t)] : [])
  const incidents = truth.incidents.flatMap((t, i): IncidentTruth[] => {
    const theirs = pairing[i]! >= 0 ? candidate.incidents[pairing[i]!]! : null
    const seesCause = judge.sees(SEVERAL.cause(judge.task, t))
    if (!seesCause && !theirs) return []
    const cited = new Set(theirs?.causalChain ?? [])
    const links = t.causalChain.filter((link, k) => judge.sees(SEVERAL.link(judge.task, t, k)) || link.events.some((e) => cited.has(e)))
    const impact = believeImpact(judge, t, (theirs as ReportedIncident | null)?.impact ?? null)
    return [
      {
        ...t,
        rootCause: { ...t.rootCause, component: seesCause || !theirs ? t.rootCause.component : theirs.rootCauseComponent },
        firstBadEvent: judge.sees(SEVERAL.event(judge.task, t)) || !theirs ? t.firstBadEvent : theirs.firstBadEvent,
        causalChain: links.length > 0 ? links : t.causalChain,
        events: [...t.events, ...herringEvents(t)],
        ...(impact ? { impact } : {}),
      },
    ]
  })
  if (herrings.length > 0 && spuriousIncident(judge)) {
    const h = judge.pick(herrings, 'spurious')
    // An incident that never was has no figures to get right; its timeline is whatever the judge reads first.
    const impact = hasImpact(truth) ? { start: '13:00', detectedBy: h.events[0]!, figures: [] } : undefined
    incidents.push({ id: 'believed-herring', rootCause: { component: h.component, summary: h.why }, firstBadEvent: h.events[0]!, causalChain: [{ link: h.why, events: h.events }], events: h.events, ...(impact ? { impact } : {}) })
  }
  const named = new Set(candidate.actions.map((a) => a.action))
  const fooled = truth.harmfulActions.filter((h) => !judge.sees(SEVERAL.harm(judge.task, h)))
  const planned = hasImpact(truth) ? believePlan(judge, truth, (candidate as ImpactReportDeliverable).actions) : truth.requiredActions
  const required = [
    ...planned.filter((a) => judge.sees(SEVERAL.action(judge.task, a.action, a.mustCatchTargets)) || named.has(a.action)),
    ...fooled.map((h) => ({ action: h.action, incident: truth.incidents[0]!.id, why: h.why })),
  ]
  return {
    ...truth,
    incidents: incidents.length > 0 ? incidents : truth.incidents,
    requiredActions: required.length > 0 ? required : truth.requiredActions,
    harmfulActions: truth.harmfulActions.filter((h) => !fooled.includes(h)),
  }
}

