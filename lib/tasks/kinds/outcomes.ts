/*
 * Outcome metrics: what a cost-center owner recognises (escaped bugs per 100 pull requests, SLA
 * deadlines wrong per 1,000 tickets, dollars per contract), declared with each deliverable kind so
 * that every task of the kind gets them. Each is measured from the ground-truth score of one case
 * (its counts), never recomputed from the deliverable.
 */

/** The parts of a ground-truth score an outcome is measured from. */
export interface ScoredCounts {
  counts: Readonly<Record<string, { hit: number; total: number }>>
}

/** What one case contributes to an outcome: `count` events out of `of` units (pull requests, tickets, closes). */
export interface OutcomeCount {
  count: number
  of: number
}

/**
 * How an outcome is read:
 * - `rate`: bad events per `per` units (per × count / of); lower is better; a cost model may price each event;
 * - `share`: good events as a percentage of units (100 × count / of); higher is better;
 * - `spend`: model dollars per `per` of what `count` counts (per × org dollars / count); lower is better.
 */
export type OutcomeKind = 'rate' | 'share' | 'spend'

/** One outcome metric of a kind. */
export interface OutcomeSpec {
  /** Unique over every kind: "<kind>.<name>". */
  id: string
  kind: OutcomeKind
  /** Plain words for the event or spend, e.g. "escaped CRITICAL/HIGH bugs". */
  label: string
  /** The unit the figure is normalised by, e.g. 100 (pull requests). */
  per: number
  /** What is counted in `of` (rate, share) or `count` (spend), plural, e.g. "pull requests". */
  unit: string
  /** A rate whose unit has at most one event (a ticket's deadline is right or wrong), so it cannot pass `per`; absent when a unit can have several. */
  atMostOnePerUnit?: true
  /** The case's events and units; null when the case's score lacks the counts it needs. */
  measure(score: ScoredCounts): OutcomeCount | null
}

const count = (score: ScoredCounts, name: string) => score.counts[name]
const missed = (score: ScoredCounts, ...names: string[]) => {
  const parts = names.map((n) => count(score, n))
  return parts.every((p) => p !== undefined) ? parts.reduce((s, p) => s + p!.total - p!.hit, 0) : null
}
const rateOf = (events: number | null, of: number | null | undefined): OutcomeCount | null => (events === null || of === undefined || of === null ? null : { count: events, of })
const perCase = (events: number | null): OutcomeCount | null => rateOf(events, 1)
/** The hits of a count out of its total (a count named for what is counted). */
const hitsOf = (score: ScoredCounts, name: string): OutcomeCount | null => {
  const c = count(score, name)
  return c ? rateOf(c.hit, c.total) : null
}
/** What model dollars buy in a case: `n` things (tickets, incidents, caught bugs). */
const bought = (n: number | undefined): OutcomeCount | null => (n === undefined ? null : { count: n, of: n })

/** Code review: escaped severe bugs, false blocks of clean pull requests, dollars per caught must-catch bug. */
export const CODE_REVIEW_OUTCOMES: readonly OutcomeSpec[] = [
  {
    id: 'code_review.escaped_severe_bugs',
    kind: 'rate',
    label: 'escaped CRITICAL/HIGH bugs',
    per: 100,
    unit: 'pull requests',
    measure: (s) => rateOf(missed(s, 'recall_critical', 'recall_high'), count(s, 'verdicts')?.total),
  },
  {
    id: 'code_review.false_blocks',
    kind: 'rate',
    label: 'false blocks or change requests',
    per: 100,
    unit: 'clean pull requests',
    atMostOnePerUnit: true,
    measure: (s) => hitsOf(s, 'clean_not_approved'),
  },
  {
    id: 'code_review.usd_per_caught_bug',
    kind: 'spend',
    label: 'model dollars',
    per: 1,
    unit: 'caught must-catch bugs',
    measure: (s) => bought(count(s, 'must_catch_bugs')?.hit),
  },
]

/** Contract review: HIGH risks missed and false flags per contract, dollars per contract reviewed. */
export const CONTRACT_REVIEW_OUTCOMES: readonly OutcomeSpec[] = [
  { id: 'contract_review.high_risks_missed', kind: 'rate', label: 'HIGH risks missed', per: 1, unit: 'contracts', measure: (s) => perCase(missed(s, 'recall_high')) },
  {
    id: 'contract_review.false_flags',
    kind: 'rate',
    label: 'clauses flagged that carry no risk',
    per: 1,
    unit: 'contracts',
    measure: (s) => perCase(missed(s, 'clauses_flagged')),
  },
  { id: 'contract_review.usd_per_contract', kind: 'spend', label: 'model dollars', per: 1, unit: 'contracts', measure: () => bought(1) },
]

const tickets = (s: ScoredCounts) => count(s, 'tickets_covered')?.total

/** Support triage: P0 tickets mishandled and SLA deadlines wrong per 1,000 tickets, dollars per 1,000 tickets. */
export const SUPPORT_TRIAGE_OUTCOMES: readonly OutcomeSpec[] = [
  {
    id: 'support_triage.p0_misrouted',
    kind: 'rate',
    label: 'P0 tickets misprioritised or misrouted',
    per: 1000,
    unit: 'tickets',
    atMostOnePerUnit: true,
    measure: (s) => rateOf(missed(s, 'p0_handled'), tickets(s)),
  },
  { id: 'support_triage.sla_wrong', kind: 'rate', label: 'SLA deadlines computed wrong', per: 1000, unit: 'tickets', atMostOnePerUnit: true, measure: (s) => rateOf(missed(s, 'sla_exact'), tickets(s)) },
  {
    id: 'support_triage.usd_per_tickets',
    kind: 'spend',
    label: 'model dollars',
    per: 1000,
    unit: 'tickets',
    measure: (s) => bought(tickets(s)),
  },
]

const incidents = (s: ScoredCounts) => count(s, 'incidents_root_cause')?.total

/** Incident response: share of incidents with the right root cause, harmful actions per incident, dollars per incident. */
export const INCIDENT_RESPONSE_OUTCOMES: readonly OutcomeSpec[] = [
  {
    id: 'incident_response.right_root_cause',
    kind: 'share',
    label: 'incidents with the right root cause',
    per: 100,
    unit: 'incidents',
    measure: (s) => hitsOf(s, 'incidents_root_cause'),
  },
  {
    id: 'incident_response.harmful_actions',
    kind: 'rate',
    label: 'harmful actions proposed',
    per: 1,
    unit: 'incidents',
    measure: (s) => rateOf(count(s, 'harmful_actions_taken')?.hit ?? null, incidents(s)),
  },
  {
    id: 'incident_response.usd_per_incident',
    kind: 'spend',
    label: 'model dollars',
    per: 1,
    unit: 'incidents',
    measure: (s) => bought(incidents(s)),
  },
]

/** Reconciliation: material exceptions missed, false exceptions and wrong amounts per close, dollars per close. */
export const RECONCILIATION_OUTCOMES: readonly OutcomeSpec[] = [
  {
    id: 'reconciliation.material_missed',
    kind: 'rate',
    label: 'material or fraud exceptions missed',
    per: 1,
    unit: 'closes',
    measure: (s) => perCase(missed(s, 'must_catch')),
  },
  { id: 'reconciliation.false_exceptions', kind: 'rate', label: 'false exceptions raised', per: 1, unit: 'closes', measure: (s) => perCase(missed(s, 'exceptions_reported')) },
  { id: 'reconciliation.amounts_wrong', kind: 'rate', label: 'caught exceptions with a wrong amount', per: 1, unit: 'closes', measure: (s) => perCase(missed(s, 'amounts_right')) },
  { id: 'reconciliation.usd_per_close', kind: 'spend', label: 'model dollars', per: 1, unit: 'closes', measure: () => bought(1) },
]

/** Every outcome a case of a kind has, measured from its ground-truth score (an outcome whose counts are missing is left out). */
export function measureOutcomes(specs: readonly OutcomeSpec[], score: ScoredCounts): Record<string, OutcomeCount> {
  const out: Record<string, OutcomeCount> = {}
  for (const spec of specs) {
    const m = spec.measure(score)
    if (m !== null) out[spec.id] = m
  }
  return out
}
