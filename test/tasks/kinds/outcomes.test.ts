import { describe, expect, test } from 'vitest'
import { STRUCTURED_KINDS } from '../../../lib/tasks/kinds/index.js'
import { measureOutcomes } from '../../../lib/tasks/kinds/outcomes.js'

const counts = (c: Record<string, [number, number]>) => ({ counts: Object.fromEntries(Object.entries(c).map(([k, [hit, total]]) => [k, { hit, total }])) })

describe('outcome metrics declared with each kind, measured from ground-truth counts', () => {
  test('code review: escaped CRITICAL+HIGH bugs out of the pull requests, clean ones not approved, caught must-catch bugs', () => {
    const score = counts({ recall_critical: [1, 2], recall_high: [2, 4], verdicts: [3, 5], clean_not_approved: [1, 2], must_catch_bugs: [3, 5] })
    expect(measureOutcomes(STRUCTURED_KINDS.code_review.outcomes, score)).toEqual({
      'code_review.escaped_severe_bugs': { count: 3, of: 5 },
      'code_review.false_blocks': { count: 1, of: 2 },
      'code_review.usd_per_caught_bug': { count: 3, of: 3 },
    })
  })

  test('contract review: HIGH risks missed and false flags per contract, one contract per case', () => {
    const score = counts({ recall_high: [2, 3], clauses_flagged: [4, 7] })
    expect(measureOutcomes(STRUCTURED_KINDS.contract_review.outcomes, score)).toEqual({
      'contract_review.high_risks_missed': { count: 1, of: 1 },
      'contract_review.false_flags': { count: 3, of: 1 },
      'contract_review.usd_per_contract': { count: 1, of: 1 },
    })
  })

  test('support triage: P0 tickets mishandled and SLA deadlines wrong out of every ticket of the batch', () => {
    const score = counts({ tickets_covered: [38, 40], p0_handled: [3, 4], sla_exact: [30, 40] })
    expect(measureOutcomes(STRUCTURED_KINDS.support_triage.outcomes, score)).toEqual({
      'support_triage.p0_misrouted': { count: 1, of: 40 },
      'support_triage.sla_wrong': { count: 10, of: 40 },
      'support_triage.usd_per_tickets': { count: 40, of: 40 },
    })
  })

  test('incident response: right root causes out of the incidents, harmful actions taken per incident', () => {
    const score = counts({ incidents_root_cause: [1, 2], harmful_actions_taken: [3, 4] })
    expect(measureOutcomes(STRUCTURED_KINDS.incident_response.outcomes, score)).toEqual({
      'incident_response.right_root_cause': { count: 1, of: 2 },
      'incident_response.harmful_actions': { count: 3, of: 2 },
      'incident_response.usd_per_incident': { count: 2, of: 2 },
    })
  })

  test('reconciliation: material exceptions missed, false exceptions and wrong amounts per close', () => {
    const score = counts({ must_catch: [2, 3], exceptions_reported: [4, 6], amounts_right: [3, 4] })
    expect(measureOutcomes(STRUCTURED_KINDS.reconciliation.outcomes, score)).toEqual({
      'reconciliation.material_missed': { count: 1, of: 1 },
      'reconciliation.false_exceptions': { count: 2, of: 1 },
      'reconciliation.amounts_wrong': { count: 1, of: 1 },
      'reconciliation.usd_per_close': { count: 1, of: 1 },
    })
  })

  test('an outcome whose counts the score lacks (a record scored before they existed) is left out, never 0', () => {
    expect(measureOutcomes(STRUCTURED_KINDS.code_review.outcomes, counts({ recall_critical: [1, 1], recall_high: [0, 0], verdicts: [1, 1] }))).toEqual({
      'code_review.escaped_severe_bugs': { count: 0, of: 1 },
    })
  })

  test('outcome ids are unique over every kind and carry their kind as prefix', () => {
    const all = Object.entries(STRUCTURED_KINDS).flatMap(([kind, k]) => k.outcomes.map((o) => ({ kind, id: o.id })))
    expect(new Set(all.map((o) => o.id)).size).toBe(all.length)
    for (const o of all) expect(o.id.startsWith(`${o.kind}.`)).toBe(true)
  })
})
