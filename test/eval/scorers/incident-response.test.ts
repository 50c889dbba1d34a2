import { describe, expect, test } from 'vitest'
import { scoreIncidentResponse } from '../../../lib/eval/scorers/incident-response.js'
import type { IncidentResponseDeliverable, IncidentResponseTruth } from '../../../lib/tasks/kinds/incident-response.js'

/**
 * Root cause in "planner", first bad event E-0042, required R03 and R07, harmful R01 and R09.
 * score = max(0, 100 × (0.35 · root cause + 0.2 · first bad event + 0.3 · required-action recall + 0.15) − 15 × harmful actions ordered)
 */
const truth: IncidentResponseTruth = {
  inputs: { system: 'system', events: 'events', metrics: 'metrics', runbook: 'runbook' },
  rootCause: { component: 'planner', summary: 'The planner loops on a stale lease.' },
  firstBadEvent: 'E-0042',
  requiredActions: ['R03', 'R07'],
  harmfulActions: ['R01', 'R09'],
  redHerrings: [],
}

const report = (rootCauseComponent: string, firstBadEvent: string, actions: string[], causalChain: string[] = []): IncidentResponseDeliverable => ({
  rootCauseComponent,
  firstBadEvent,
  causalChain,
  actions: actions.map((action) => ({ action, rationale: 'r' })),
  summary: 's',
})

describe('scoreIncidentResponse', () => {
  test('perfect response: 100; names are compared trimmed and case-insensitively', () => {
    const s = scoreIncidentResponse(truth, report(' Planner ', 'e-0042', ['r03', 'R07'], ['E-0042', 'E-0050']))
    expect(s.score).toBe(100)
    expect(s.metrics).toEqual({ root_cause: 1, first_bad_event: 1, required_action_recall: 1, harmful_action_share: 0, chain_starts_at_first_bad_event: 1 })
    expect(s.mustCatch).toEqual([{ id: 'root-cause', description: 'the fault originates in planner', caught: true }])
  })

  test('partial response: right component, wrong first event, half the required actions and one harmful action', () => {
    const s = scoreIncidentResponse(truth, report('planner', 'E-0040', ['R03', 'R01'], ['E-0040']))
    // 100 × (0.35 + 0 + 0.3 · 1/2 + 0.15) − 15 = 35 + 15 + 15 − 15
    expect(s.score).toBe(50)
    expect(s.metrics).toEqual({ root_cause: 1, first_bad_event: 0, required_action_recall: 0.5, harmful_action_share: 0.5, chain_starts_at_first_bad_event: 0 })
    expect(s.counts).toEqual({ incidents_root_cause: { hit: 1, total: 1 }, required_actions: { hit: 1, total: 2 }, harmful_actions_taken: { hit: 1, total: 2 } })
  })

  test('empty response: only the "did no harm" share is earned, and the root cause is missed', () => {
    const s = scoreIncidentResponse(truth, report('', '', []))
    // 100 × 0.15
    expect(s.score).toBe(15)
    expect(s.mustCatch.map((m) => m.caught)).toEqual([false])
  })

  test('a response that takes every action it can think of, harmful ones included, and blames the wrong component', () => {
    const s = scoreIncidentResponse(truth, report('cache', 'E-0042', ['R01', 'R03', 'R05', 'R07', 'R09']))
    // 100 × (0 + 0.2 + 0.3 · 1 + 0.15) − 2 × 15 = 65 − 30
    expect(s.score).toBe(35)
    expect(s.metrics).toMatchObject({ root_cause: 0, required_action_recall: 1, harmful_action_share: 1 })
  })

  test('with no harmful actions listed, the harmful share is undefined and costs nothing', () => {
    const s = scoreIncidentResponse({ ...truth, harmfulActions: [] }, report('planner', 'E-0042', ['R03', 'R07']))
    expect(s.metrics.harmful_action_share).toBeNull()
    expect(s.score).toBe(100)
  })

  test('each harmful action ordered costs 15 points, however many the truth lists; the score stops at 0', () => {
    const many = { ...truth, harmfulActions: ['R01', 'R02', 'R04', 'R05', 'R06', 'R08', 'R09'] }
    expect(scoreIncidentResponse(many, report('planner', 'E-0042', ['R03', 'R07', 'R01'])).score).toBe(85)
    expect(scoreIncidentResponse(many, report('planner', 'E-0042', ['R03', 'R07', 'R01', 'R02'])).score).toBe(70)
    const everything = ['R01', 'R02', 'R03', 'R04', 'R05', 'R06', 'R07', 'R08', 'R09'].map((a) => a)
    const s = scoreIncidentResponse(many, report('planner', 'E-0042', everything))
    expect(s.score).toBe(0)
    expect(s.counts.harmful_actions_taken).toEqual({ hit: 7, total: 7 })
  })

  test('ids written with backticks or with their names beside them are read by the id', () => {
    const listed = { ...truth, components: ['planner', 'cache', 'gateway'] }
    const s = scoreIncidentResponse(listed, report('`planner` (release p-2026.1)', '`E-0042` (lease renewed twice)', ['R03 Restart the planner', '`R07`'], ['E-0042 lease', 'E-0050']))
    expect(s.score).toBe(100)
    expect(s.mustCatch[0]!.caught).toBe(true)
  })

  test('a field that names two components, two events or two actions is wrong', () => {
    const listed = { ...truth, components: ['planner', 'cache', 'gateway'] }
    const s = scoreIncidentResponse(listed, report('planner or cache', 'E-0042 or E-0040', ['R03 then R01', 'R07']))
    expect(s.metrics).toMatchObject({ root_cause: 0, first_bad_event: 0, required_action_recall: 0.5 })
    // R01 is not counted as ordered either: the field names no one action.
    expect(s.counts.harmful_actions_taken).toEqual({ hit: 0, total: 2 })
    expect(s.mustCatch[0]!.caught).toBe(false)
  })

  test('without a component list, the components the truth names are the ones a field is read against', () => {
    const herring = { ...truth, redHerrings: [{ component: 'cache', events: ['E-0001'], why: 'unrelated warnings that predate the fault' }] }
    expect(scoreIncidentResponse(herring, report('the planner service', 'E-0042', ['R03', 'R07'])).metrics.root_cause).toBe(1)
    expect(scoreIncidentResponse(herring, report('planner, cache', 'E-0042', ['R03', 'R07'])).metrics.root_cause).toBe(0)
  })
})
