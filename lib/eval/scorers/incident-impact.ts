import type { ImpactReportDeliverable, IncidentTruth, MultiIncidentTruth } from '../../tasks/kinds/incident-response.js'
import { f1, type GroundTruthScore, type MustCatch, ratio, round4 } from '../types.js'
import { idIn, idKey } from './ids.js'
import { assessIncidents, compareIncident, type IncidentMatch, lessHarm, namesEvent } from './incidents.js'

type Reported = ImpactReportDeliverable['incidents'][number]

/** A reported incident against a true one, with the timeline an impact report adds. */
export interface ImpactMatch extends IncidentMatch {
  /** The first minute of harm, exactly. */
  start: 0 | 1
  /** The first alert the incident set off, exactly. */
  detected: 0 | 1
}

/** A figure within 2 % of the exact count (at least 1) earns full credit; within 5 % (at least 2), half. */
export function figureCredit(reported: number | null | undefined, exact: number): 0 | 0.5 | 1 {
  if (typeof reported !== 'number' || !Number.isFinite(reported)) return 0
  const off = Math.abs(reported - exact)
  return off <= Math.max(1, 0.02 * exact) ? 1 : off <= Math.max(2, 0.05 * exact) ? 0.5 : 0
}

/**
 * Compares a reported incident with a true one: the diagnosis of compareIncident, and the timeline.
 * value = 0.4 · root cause + 0.15 · first bad event + 0.25 · chain + 0.1 · start + 0.1 · first alert
 */
export function compareImpactIncident(truth: IncidentTruth, reported: Reported, known?: ReadonlySet<string>): ImpactMatch {
  const base = compareIncident(truth, reported, known)
  const start = reported.impact.start.trim() === truth.impact?.start ? 1 : 0
  const detected = truth.impact !== undefined && namesEvent(reported.impact.detectedBy, truth.impact.detectedBy) ? 1 : 0
  return { ...base, start, detected, value: 0.4 * base.rootCause + 0.15 * base.firstBadEvent + 0.25 * base.chain + 0.1 * start + 0.1 * detected }
}

/** Whether `from` must wait for `to` in a plan: `to` is reachable through the plan's "after" links. */
function waitsFor(plan: ReadonlyMap<string, ReadonlySet<string>>, from: string, to: string): boolean {
  const stack = [...(plan.get(from) ?? [])]
  const seen = new Set<string>()
  while (stack.length > 0) {
    const next = stack.pop()!
    if (next === to) return true
    if (seen.has(next)) continue
    seen.add(next)
    stack.push(...(plan.get(next) ?? []))
  }
  return false
}

/**
 * Scoring of an incident report with impact: several incidents paired as scoreIncidents pairs them,
 * each with its timeline and figures, and a plan whose actions name their targets and order. A plan
 * that orders no harmful action earns the last 0.1, and each harmful action ordered costs
 * HARMFUL_ACTION_PENALTY points, as on every incident task.
 *
 * figures   = mean over the true incidents' figures of figureCredit (0 for an unpaired incident)
 * diagnosis = Σ compareImpactIncident values of the pairing / max(true incidents, reported incidents)
 * response  = 0.5 · required-action recall + 0.2 · order (share of "after" constraints the plan keeps,
 *             directly or through other actions) + 0.3 · targets (mean F1 of each targeted action's ids)
 * score     = max(0, 100 × (0.6 · figures + 0.2 · diagnosis + 0.1 · response + 0.1) − 15 × harmful actions ordered)
 */
export function scoreImpactReport(truth: MultiIncidentTruth, deliverable: ImpactReportDeliverable): GroundTruthScore {
  const { paired, diagnosis, outcome, metrics, counts, mustCatch } = assessIncidents(truth, deliverable, (t, r, known) => compareImpactIncident(t, r as Reported, known))

  const figures = paired.flatMap((p) =>
    (p.truth.impact?.figures ?? []).map((f) => {
      const given = (p.reported as Reported | null)?.impact.figures[f.measure]
      return { incident: p.truth.id, ...f, credit: figureCredit(given, f.value) }
    }),
  )
  const figureScore = figures.length === 0 ? 1 : figures.reduce((s, f) => s + f.credit, 0) / figures.length

  const actions = (deliverable as ImpactReportDeliverable).actions
  const plan = new Map<string, Set<string>>()
  const targetsOf = new Map<string, Set<string>>()
  const actionId = (raw: string) => idIn(raw, truth.requiredActions[0]!.action)
  for (const a of actions) {
    const id = actionId(a.action)
    if (id === null) continue
    plan.set(id, new Set([...(plan.get(id) ?? []), ...a.after.map(actionId).filter((x) => x !== null)]))
    targetsOf.set(id, new Set([...(targetsOf.get(id) ?? []), ...a.targets.map(idKey)]))
  }
  const constraints = truth.requiredActions.flatMap((a) => (a.after ?? []).map((b) => ({ action: a.action, after: b })))
  const kept = constraints.filter((c) => outcome.taken.has(c.action) && outcome.taken.has(c.after) && waitsFor(plan, c.action, c.after))
  const order = ratio(kept.length, constraints.length) ?? 1
  const targeted = truth.requiredActions.flatMap((a) => {
    if (!a.targets) return []
    const want = new Set(a.targets.map(idKey))
    const got = targetsOf.get(a.action) ?? new Set<string>()
    const hit = [...want].filter((x) => got.has(x)).length
    return [{ action: a.action, hit, total: want.size, f1: f1(ratio(hit, got.size) ?? 0, hit / want.size) ?? 0, mustCatch: a.mustCatchTargets === true }]
  })
  const targets = targeted.length === 0 ? 1 : targeted.reduce((s, t) => s + t.f1, 0) / targeted.length
  const response = 0.5 * outcome.recall + 0.2 * order + 0.3 * targets

  const matched = paired.map((p) => p.match as ImpactMatch | null)
  const share = (f: (m: ImpactMatch | null) => number) => round4(matched.reduce((s, m) => s + f(m), 0) / matched.length)
  const scoreMetrics: GroundTruthScore['metrics'] = {
    ...metrics,
    impact_start_recall: share((m) => m?.start ?? 0),
    detection_recall: share((m) => m?.detected ?? 0),
    figures: round4(figureScore),
    order: round4(order),
    targets: round4(targets),
    response: round4(response),
  }
  const scoreCounts: GroundTruthScore['counts'] = {
    ...counts,
    figures_exact: { hit: figures.filter((f) => f.credit === 1).length, total: figures.length },
    figures_close: { hit: figures.filter((f) => f.credit > 0).length, total: figures.length },
    order_kept: { hit: kept.length, total: constraints.length },
  }
  for (const f of figures) scoreCounts[`figure_${f.incident}_${f.measure}`] = { hit: f.credit === 1 ? 1 : 0, total: 1 }
  for (const t of targeted) scoreCounts[`targets_${t.action}`] = { hit: t.hit, total: t.total }
  const extra: MustCatch[] = [
    ...figures.filter((f) => f.mustCatch).map((f) => ({ id: `figure-${f.incident}-${f.measure}`, description: `incident ${f.incident}: ${f.measure} is ${f.value} (within 2 %)`, caught: f.credit === 1 })),
    ...targeted.filter((t) => t.mustCatch).map((t) => ({ id: `targets-${t.action}`, description: `${t.action} is applied to all ${t.total} of its targets`, caught: t.hit === t.total })),
  ]
  return {
    score: round4(lessHarm(100 * (0.6 * figureScore + 0.2 * diagnosis + 0.1 * response + 0.1), outcome.harmful)),
    metrics: scoreMetrics,
    counts: scoreCounts,
    mustCatch: [...mustCatch, ...extra],
  }
}
