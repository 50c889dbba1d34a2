import type { IntervalOptions } from '../../eval/stats.js'
import { STRUCTURED_KINDS } from '../../tasks/kinds/index.js'
import type { OutcomeSpec } from '../../tasks/kinds/outcomes.js'
import { compareTopologies } from '../../topologies/types.js'
import { BASELINE_TOPOLOGIES, computeMatchedBaseline } from '../matched-baseline.js'
import type { CaseSummary } from '../summary.js'
import { groupBy, orgUsdOf, unknownCosts } from '../values.js'
import { adjustedOutcomeDifferences, estimateOutcome, outcomeDifference, type OutcomeValue } from './estimate.js'
import { type Bounds, NON_NEGATIVE, SCORE_BOUNDS } from '../interval.js'
import type { OutcomeComparison, OutcomeFigure, OutcomeGroup, OutcomeReport } from './schema.js'

const SPECS = new Map<string, OutcomeSpec>(Object.values(STRUCTURED_KINDS).flatMap((k) => k.outcomes.map((o) => [o.id, o] as const)))

/** Every outcome every kind declares. */
export function outcomeSpecs(): OutcomeSpec[] {
  return [...SPECS.values()]
}

/** The declaration of an outcome id, from the kinds (undefined for an id this version does not know). */
export function outcomeSpec(id: string): OutcomeSpec | undefined {
  return SPECS.get(id)
}

/** The range an outcome can take: 0-100 % for a share, 0 to `per` for a rate of at most one event per unit, at least 0 otherwise. */
export function boundsOf(spec: Pick<OutcomeSpec, 'kind' | 'per' | 'atMostOnePerUnit'>): Bounds {
  if (spec.kind === 'share') return SCORE_BOUNDS
  return spec.kind === 'rate' && spec.atMostOnePerUnit ? [0, spec.per] : NON_NEGATIVE
}

/** A case's value of an outcome as a ratio; null for an errored case, a missing count or unknown dollars. */
export function outcomeValue(c: CaseSummary, spec: OutcomeSpec): OutcomeValue | null {
  const m = c.status === 'ok' ? c.scores.groundTruth?.outcomes?.[spec.id] : undefined
  if (!m) return null
  const at = { task: c.task, trial: c.trial }
  if (spec.kind === 'spend') return c.cost.org.usd === null ? null : { ...at, num: spec.per * c.cost.org.usd, den: m.count }
  return m.of === 0 ? null : { ...at, num: (spec.per * m.count) / m.of, den: 1 }
}

/** A case's events of a rate outcome (what a cost model prices), each worth `perEvent` (1: counted); null as for outcomeValue. */
export function eventsPerCase(c: CaseSummary, spec: OutcomeSpec, perEvent = 1): OutcomeValue | null {
  const m = c.status === 'ok' ? c.scores.groundTruth?.outcomes?.[spec.id] : undefined
  return m ? { task: c.task, trial: c.trial, num: m.count * perEvent, den: 1 } : null
}

/** The organisation's dollars of a case that counts for cost (values.ts countsForCost: errored ones with calls too); null otherwise or when unknown. */
export function spendOf(c: CaseSummary): OutcomeValue | null {
  const usd = orgUsdOf(c)
  return usd === null ? null : { task: c.task, trial: c.trial, num: usd, den: 1 }
}

/** Spend per case, unknown (mean null) as soon as one case that counts for cost has an unknown cost, as in the run's tables. */
function spendPerCase(comparison: OutcomeComparison, cases: readonly CaseSummary[]): OutcomeComparison {
  return unknownCosts(cases) > 0 ? { ...comparison, value: { ...comparison.value, mean: null, se: null, ci: null } } : comparison
}

const hasOutcomes = (c: CaseSummary) => Object.keys(c.scores.groundTruth?.outcomes ?? {}).some((id) => SPECS.has(id))

/** The cases of the tasks that carry outcome counts: only these enter an outcome, the others are never borrowed from. */
function measuredCases(cases: readonly CaseSummary[]): CaseSummary[] {
  const measured = new Set(cases.filter(hasOutcomes).map((c) => c.task))
  return cases.filter((c) => measured.has(c.task))
}

/** One topology's figure over the cases of a cost center, with its differences against single and the compute-matched baseline. */
function compareTopology(inCenter: readonly CaseSummary[], topology: string, of: (c: CaseSummary) => OutcomeValue | null, bounds: Bounds, options: IntervalOptions): OutcomeComparison {
  const byTopology = groupBy(inCenter, (c) => c.topology)
  const values = (t: string) => (byTopology.get(t) ?? []).map(of).filter((v): v is OutcomeValue => v !== null)
  const mine = values(topology)
  const against = (baseline: string | null) => (baseline === null || baseline === topology || !byTopology.has(baseline) ? null : outcomeDifference(mine, values(baseline), baseline, { ...options, bounds }))
  return { value: estimateOutcome(mine, { ...options, bounds }), vsSingle: against(BASELINE_TOPOLOGIES.vsSingle), vsMatched: against(computeMatchedBaseline(topology, new Set(byTopology.keys()))) }
}

/**
 * The dollars per case that a rate outcome's events cost at `usdPerEvent`, for one topology of a
 * cost center, with its differences against the baselines. Each case's events are priced before
 * the estimate is rounded, so 1 event in 3 trials at $180 is $60.00, not 0.3333 × $180. Null for an
 * id that is not a rate outcome.
 */
export function pricedPerCase(cases: readonly CaseSummary[], where: { costCenter: string; topology: string }, id: string, usdPerEvent: number, options: IntervalOptions = {}): OutcomeComparison | null {
  const spec = SPECS.get(id)
  if (!spec || spec.kind !== 'rate') return null
  const inCenter = measuredCases(cases).filter((c) => c.costCenter === where.costCenter)
  return compareTopology(inCenter, where.topology, (c) => eventsPerCase(c, spec, usdPerEvent), NON_NEGATIVE, options)
}

/**
 * Each outcome's table of a cost center shows every topology's Δ vs single and Δ vs matched:
 * they are one family, adjusted together (adjustedOutcomeDifferences).
 */
function adjustedTables(groups: readonly OutcomeGroup[]): OutcomeGroup[] {
  let out = [...groups]
  for (const id of new Set(groups.flatMap((g) => g.outcomes.map((o) => o.outcome)))) {
    const figures = out.flatMap((g) => g.outcomes.filter((o) => o.outcome === id))
    const adjusted = adjustedOutcomeDifferences(
      figures.flatMap((f) => [f.vsSingle, f.vsMatched]),
      boundsOf(SPECS.get(id)!),
    )
    const byFigure = new Map(figures.map((f, k) => [f, { vsSingle: adjusted[2 * k]!, vsMatched: adjusted[2 * k + 1]! }]))
    out = out.map((g) => ({ ...g, outcomes: g.outcomes.map((o) => (byFigure.has(o) ? { ...o, ...byFigure.get(o)! } : o)) }))
  }
  return out
}

/**
 * Outcomes per cost center and topology from the cases of a run (or a report). Only tasks whose
 * cases carry outcome counts enter; tasks without ground truth are listed apart, never borrowed
 * from. Differences are against the single agent and the compute-matched baseline, paired by trial,
 * and adjusted within their outcome's table (adjustedTables).
 */
export function aggregateOutcomes(cases: readonly CaseSummary[], options: IntervalOptions = {}): OutcomeReport {
  const measured = measuredCases(cases)
  const measuredTasks = new Set(measured.map((c) => c.task))
  const withoutTruth = [...groupBy(cases.filter((c) => !measuredTasks.has(c.task) && c.status === 'ok' && c.scores.groundTruth === null), (c) => c.costCenter).entries()].map(
    ([costCenter, cs]) => ({ costCenter, tasks: [...new Set(cs.map((c) => c.task))].sort() }),
  )
  const groups: OutcomeGroup[] = []
  for (const [costCenter, inCenter] of groupBy(measured, (c) => c.costCenter)) {
    const ofCenter: OutcomeGroup[] = []
    const ids = [...new Set(inCenter.flatMap((c) => Object.keys(c.scores.groundTruth?.outcomes ?? {})))].filter((id) => SPECS.has(id)).sort()
    const byTopology = groupBy(inCenter, (c) => c.topology)
    const compare = (topology: string, of: (c: CaseSummary) => OutcomeValue | null, bounds: Bounds = NON_NEGATIVE) => compareTopology(inCenter, topology, of, bounds, options)
    for (const topology of [...byTopology.keys()].sort(compareTopologies)) {
      const rs = byTopology.get(topology)!
      const outcomes: OutcomeFigure[] = ids.map((id) => {
        const spec = SPECS.get(id)!
        return {
          outcome: id,
          kind: spec.kind,
          label: spec.label,
          per: spec.per,
          unit: spec.unit,
          ...compare(topology, (c) => outcomeValue(c, spec), boundsOf(spec)),
          perCase: spec.kind === 'rate' ? compare(topology, (c) => eventsPerCase(c, spec)) : null,
        }
      })
      ofCenter.push({
        costCenter,
        topology,
        tasks: [...new Set(rs.map((c) => c.task))].sort(),
        trials: rs.length,
        errors: rs.filter((c) => c.status === 'error').length,
        spendPerCase: spendPerCase(compare(topology, spendOf), rs),
        outcomes,
      })
    }
    groups.push(...adjustedTables(ofCenter))
  }
  return { groups, withoutTruth }
}
