import { figureCredit } from '../../eval/scorers/incident-impact.js'
import { compareIncident, matchIncidents, normalId } from '../../eval/scorers/incidents.js'
import {
  type ImpactReportDeliverable,
  type IncidentResponseDeliverable,
  type IncidentResponseTruth,
  isMultiIncident,
  type MultiIncidentDeliverable,
  type MultiIncidentTruth,
} from '../../tasks/kinds/incident-response.js'
import type { Task } from '../../tasks/registry.js'
import { type ItemOutcomes, registerOutcomeReader } from '../calibration.js'

/** The ids of the simulator's incident items, shared by the items (incident-response.ts, incident-impact.ts) and the calibration reader. */
export const INCIDENT_IDS = {
  cause: (incident: string) => `root-cause-${incident}`,
  event: (incident: string) => `first-bad-${incident}`,
  link: (incident: string, k: number) => `link-${incident}-${k}`,
  harm: (action: string) => `harm-${action}`,
  start: (incident: string) => `impact-start-${incident}`,
  detected: (incident: string) => `impact-detected-${incident}`,
  figure: (incident: string, measure: string) => `figure-${incident}-${measure}`,
  targets: (action: string) => `targets-${action}`,
  after: (action: string) => `after-${action}`,
  /** Traps: a red herring's event in an incident's chain, a red herring reported as an incident, a harmful action ordered. */
  herringInChain: (incident: string) => `herring-in-chain-${incident}`,
  spurious: 'spurious-incident',
  harmful: (action: string) => `harmful-${action}`,
} as const

/** What a calibration diagnosis of one incident got right: the root cause, the first bad event, each required action, and the harmful actions it ordered. */
function readOne(truth: IncidentResponseTruth, d: IncidentResponseDeliverable): ItemOutcomes {
  const taken = new Set(d.actions.map((a) => normalId(a.action)))
  const right = new Map<string, boolean>([
    ['root-cause', d.rootCauseComponent.trim().toLowerCase() === truth.rootCause.component],
    ['first-bad-event', normalId(d.firstBadEvent) === truth.firstBadEvent],
    ...truth.requiredActions.map((a): [string, boolean] => [a, taken.has(a)]),
  ])
  return { right, fooled: new Map(truth.harmfulActions.map((h) => [INCIDENT_IDS.harmful(h), taken.has(h)])) }
}

/**
 * What a calibration report of several incidents got right, paired as the scorer pairs them: each
 * incident's cause, first event, chain links and impact; each required action with its targets and
 * order; each harmful action left out; and the red herrings it fell for.
 */
function readSeveral(truth: MultiIncidentTruth, d: MultiIncidentDeliverable): ItemOutcomes {
  const right = new Map<string, boolean>()
  const fooled = new Map<string, boolean>()
  const pairing = matchIncidents(truth.incidents.map((t) => d.incidents.map((r) => compareIncident(t, r).value)))
  const herringEvents = new Set(truth.redHerrings.filter((h) => !truth.incidents.some((t) => t.rootCause.component === h.component)).flatMap((h) => h.events))
  truth.incidents.forEach((t, i) => {
    const r = pairing[i]! >= 0 ? (d.incidents[pairing[i]!] as ImpactReportDeliverable['incidents'][number]) : null
    const match = r ? compareIncident(t, r) : null
    const cited = new Set((r?.causalChain ?? []).map(normalId))
    right.set(INCIDENT_IDS.cause(t.id), match?.rootCause === 1)
    right.set(INCIDENT_IDS.event(t.id), match?.firstBadEvent === 1)
    t.causalChain.forEach((link, k) => k > 0 && right.set(INCIDENT_IDS.link(t.id, k), link.events.some((e) => cited.has(e))))
    fooled.set(INCIDENT_IDS.herringInChain(t.id), [...cited].some((e) => herringEvents.has(e)))
    if (!t.impact) return
    right.set(INCIDENT_IDS.start(t.id), r?.impact?.start.trim() === t.impact.start)
    right.set(INCIDENT_IDS.detected(t.id), normalId(r?.impact?.detectedBy ?? '') === t.impact.detectedBy)
    for (const f of t.impact.figures) right.set(INCIDENT_IDS.figure(t.id, f.measure), figureCredit(r?.impact?.figures[f.measure], f.value) === 1)
  })
  fooled.set(INCIDENT_IDS.spurious, d.incidents.length > pairing.filter((p) => p >= 0).length)
  const actions = d.actions as Array<Partial<ImpactReportDeliverable['actions'][number]> & { action: string }>
  const taken = (id: string) => actions.filter((a) => normalId(a.action) === id)
  const same = (a: readonly string[], b: readonly string[]) => [...new Set(a.map(normalId))].sort().join(',') === [...new Set(b.map(normalId))].sort().join(',')
  for (const a of truth.requiredActions) {
    const mine = taken(a.action)
    right.set(a.action, mine.length > 0)
    if (a.targets) right.set(INCIDENT_IDS.targets(a.action), same(mine.flatMap((x) => x.targets ?? []), a.targets))
    if (a.after) right.set(INCIDENT_IDS.after(a.action), a.after.every((b) => mine.some((x) => (x.after ?? []).map(normalId).includes(normalId(b)))))
  }
  for (const h of truth.harmfulActions) right.set(INCIDENT_IDS.harm(h.action), taken(h.action).length === 0)
  return { right, fooled }
}

registerOutcomeReader('incident_response', (task: Task, data: unknown) => {
  const truth = task.truth!.data as IncidentResponseTruth | MultiIncidentTruth
  return isMultiIncident(truth) ? readSeveral(truth, data as MultiIncidentDeliverable) : readOne(truth, data as IncidentResponseDeliverable)
})
