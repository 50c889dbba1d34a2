import type { IncidentResponseTruth, IncidentTruth, MultiIncidentDeliverable, MultiIncidentTruth } from '../../tasks/kinds/incident-response.js'
import { f1, type GroundTruthScore, type MustCatch, ratio, round4, round4OrNull } from '../types.js'
import { componentIn, idIn, idKey, idsIn } from './ids.js'

type Reported = MultiIncidentDeliverable['incidents'][number]

/** How well one reported incident describes one true incident, part by part. */
export interface IncidentMatch {
  rootCause: 0 | 1
  firstBadEvent: 0 | 1
  /** Share of the chain's links evidenced by at least one cited event. */
  linkRecall: number
  /** Share of the cited events that belong to the incident; null when none is cited. */
  precision: number | null
  /** F1 of link recall and precision (0 when nothing is cited). */
  chain: number
  /** 0.5 · root cause + 0.2 · first bad event + 0.3 · chain. */
  value: number
}

/**
 * What each harmful action ordered costs, in points, on every incident task: as much as a plan free
 * of harm earns on the single-incident task (its 0.15 share). A fixed cost, not a share of the
 * truth's harmful list, which would make each harmful action cheaper the longer the list.
 */
export const HARMFUL_ACTION_PENALTY = 15

/** A score in points less HARMFUL_ACTION_PENALTY for each of `harmful` actions ordered, floored at 0. */
export const lessHarm = (points: number, harmful: number) => Math.max(0, points - HARMFUL_ACTION_PENALTY * harmful)

/** Ids (events, actions, targets) as compared: trimmed, upper case. */
export const normalId = (raw: string) => raw.trim().toUpperCase()

/** The components a component field is read against: the truth's list, or else every component the truth names. */
export function knownComponents(truth: IncidentResponseTruth | MultiIncidentTruth): Set<string> {
  if (truth.components) return new Set(truth.components)
  const causes = 'incidents' in truth ? truth.incidents.map((x) => x.rootCause.component) : [truth.rootCause.component]
  return new Set([...causes, ...truth.redHerrings.map((r) => r.component)])
}

/** Whether a component field names exactly the component `component`, among the known ones. */
export const namesComponent = (raw: string, component: string, known: ReadonlySet<string>) => componentIn(raw, new Set([...known, component])) === component

/** Whether an event field names exactly the event `event` ("`E-0066`", "E-0066 (release applied)"). */
export const namesEvent = (raw: string, event: string) => idIn(raw, event) === idKey(event)

/** The action ids a response orders, as idKeys ("R05 Roll back …" orders R05; a field naming two actions orders neither). */
export const actionsOrdered = (actions: ReadonlyArray<{ action: string }>, example: string) => new Set(actions.map((a) => idIn(a.action, example)).filter((a) => a !== null))

/** Compares one reported incident with one true incident, its components read against `known`. */
export function compareIncident(truth: IncidentTruth, reported: Reported, known: ReadonlySet<string> = new Set([truth.rootCause.component])): IncidentMatch {
  const rootCause = namesComponent(reported.rootCauseComponent, truth.rootCause.component, known) ? 1 : 0
  const firstBadEvent = namesEvent(reported.firstBadEvent, truth.firstBadEvent) ? 1 : 0
  const cited = new Set(reported.causalChain.flatMap((e) => idsIn(e, truth.firstBadEvent)))
  const own = new Set(truth.events.map(idKey))
  const linkRecall = truth.causalChain.filter((l) => l.events.some((e) => cited.has(idKey(e)))).length / truth.causalChain.length
  const precision = ratio([...cited].filter((e) => own.has(e)).length, cited.size)
  const chain = f1(precision, linkRecall) ?? 0
  return { rootCause, firstBadEvent, linkRecall, precision, chain, value: 0.5 * rootCause + 0.2 * firstBadEvent + 0.3 * chain }
}

/**
 * The one-to-one pairing of true with reported incidents that maximises the total match value
 * (reported[i] for true incident i, or -1 for none). Exhaustive: there are a handful of incidents
 * on either side, and ties keep the earliest pairing found.
 */
export function matchIncidents(values: number[][]): number[] {
  let best: number[] = values.map(() => -1)
  let bestTotal = 0
  const reportedCount = values[0]?.length ?? 0
  const pick = (t: number, used: Set<number>, chosen: number[], total: number) => {
    if (t === values.length) {
      if (total > bestTotal + 1e-12) {
        bestTotal = total
        best = [...chosen]
      }
      return
    }
    pick(t + 1, used, [...chosen, -1], total)
    for (let r = 0; r < reportedCount; r++) {
      if (used.has(r) || values[t]![r]! <= 0) continue
      used.add(r)
      pick(t + 1, used, [...chosen, r], total + values[t]![r]!)
      used.delete(r)
    }
  }
  pick(0, new Set(), [], 0)
  return best
}

/** The actions a response orders, against the required and harmful ones of the truth. */
function actionOutcome(truth: MultiIncidentTruth, deliverable: MultiIncidentDeliverable) {
  // Action ids ("R07") are their own idKeys, so the truth's ids look themselves up.
  const taken: ReadonlySet<string> = actionsOrdered(deliverable.actions, truth.requiredActions[0]!.action)
  const required = truth.requiredActions.filter((a) => taken.has(a.action)).length
  const harmful = truth.harmfulActions.filter((a) => taken.has(a.action)).length
  return {
    taken,
    required,
    harmful,
    recall: ratio(required, truth.requiredActions.length) ?? 1,
  }
}

/** Must-catch items every response to several incidents has: each root cause named, each must-avoid action not ordered. */
function incidentMustCatch(truth: MultiIncidentTruth, rootCaught: (i: number) => boolean, taken: ReadonlySet<string>): MustCatch[] {
  return [
    ...truth.incidents.map((t, i) => ({ id: `root-cause-${t.id}`, description: `incident ${t.id} originates in ${t.rootCause.component}`, caught: rootCaught(i) })),
    ...truth.harmfulActions.filter((a) => a.mustAvoid).map((a) => ({ id: `avoid-${a.action}`, description: `harmful action ${a.action} is not ordered`, caught: !taken.has(a.action) })),
  ]
}

/**
 * Scoring of several overlapping incidents. Reported incidents are paired one to one with the true
 * ones so as to maximise the total match: a reported incident stands for one true incident at most,
 * so an answer that merges two incidents into one cause earns one of them, and a reported incident
 * that matches nothing (a red herring promoted to an incident) dilutes the diagnosis.
 *
 * A plan that orders no harmful action earns the last 0.2, and each harmful action ordered costs
 * HARMFUL_ACTION_PENALTY points.
 *
 * per incident = 0.5 · root cause + 0.2 · first bad event + 0.3 · chain (F1 of link recall and event precision)
 * diagnosis    = Σ per-incident values of the pairing / max(true incidents, reported incidents)
 * score        = max(0, 100 × (0.5 · diagnosis + 0.3 · required-action recall + 0.2) − 15 × harmful actions ordered)
 */
export function scoreIncidents(truth: MultiIncidentTruth, deliverable: MultiIncidentDeliverable): GroundTruthScore {
  const { diagnosis, outcome, metrics, counts, mustCatch } = assessIncidents(truth, deliverable, compareIncident)
  return {
    score: round4(lessHarm(100 * (0.5 * diagnosis + 0.3 * outcome.recall + 0.2), outcome.harmful)),
    metrics,
    counts,
    mustCatch,
  }
}

/**
 * What every response to several incidents is measured on, whatever else its task asks: the
 * pairing of reported with true incidents (by `compare`'s value), the diagnosis, the actions, and
 * their metrics, counts and must-catch items.
 */
export function assessIncidents<M extends IncidentMatch>(truth: MultiIncidentTruth, deliverable: MultiIncidentDeliverable, compare: (t: IncidentTruth, r: Reported, known: ReadonlySet<string>) => M) {
  const reported = deliverable.incidents
  const known = knownComponents(truth)
  const matches = truth.incidents.map((t) => reported.map((r) => compare(t, r, known)))
  const pairing = matchIncidents(matches.map((row) => row.map((m) => m.value)))
  const paired = truth.incidents.map((t, i) => ({ truth: t, reported: pairing[i]! >= 0 ? reported[pairing[i]!]! : null, match: pairing[i]! >= 0 ? matches[i]![pairing[i]!]! : null }))
  const diagnosis = paired.reduce((s, p) => s + (p.match?.value ?? 0), 0) / Math.max(truth.incidents.length, reported.length)
  const outcome = actionOutcome(truth, deliverable)

  const mean = (f: (m: M | null) => number) => paired.reduce((s, p) => s + f(p.match), 0) / paired.length
  const rootCauses = paired.filter((p) => p.match?.rootCause === 1).length
  const metrics: GroundTruthScore['metrics'] = {
    diagnosis: round4(diagnosis),
    root_cause_recall: round4(rootCauses / paired.length),
    first_bad_event_recall: round4(mean((m) => m?.firstBadEvent ?? 0)),
    chain_quality: round4(mean((m) => m?.chain ?? 0)),
    incident_precision: round4OrNull(ratio(rootCauses, reported.length)),
    required_action_recall: round4(outcome.recall),
    harmful_action_share: round4OrNull(ratio(outcome.harmful, truth.harmfulActions.length)),
  }
  const counts: GroundTruthScore['counts'] = {
    incidents_root_cause: { hit: rootCauses, total: truth.incidents.length },
    reported_incidents_paired: { hit: pairing.filter((r) => r >= 0).length, total: reported.length },
    required_actions: { hit: outcome.required, total: truth.requiredActions.length },
    harmful_actions_taken: { hit: outcome.harmful, total: truth.harmfulActions.length },
  }
  for (const p of paired) {
    const own = truth.requiredActions.filter((a) => a.incident === p.truth.id)
    counts[`required_actions_${p.truth.id}`] = { hit: own.filter((a) => outcome.taken.has(a.action)).length, total: own.length }
    counts[`chain_links_${p.truth.id}`] = { hit: Math.round((p.match?.linkRecall ?? 0) * p.truth.causalChain.length), total: p.truth.causalChain.length }
  }
  const mustCatch = incidentMustCatch(truth, (i) => paired[i]!.match?.rootCause === 1, outcome.taken)
  return { paired, diagnosis, outcome, metrics, counts, mustCatch }
}
