import { describe, expect, test } from 'vitest'
import { compareIncident, matchIncidents, scoreIncidents } from '../../../lib/eval/scorers/incidents.js'
import type { MultiIncidentDeliverable, MultiIncidentTruth } from '../../../lib/tasks/kinds/incident-response.js'

/**
 * Two incidents: "a" starts in queue-worker at E-0010 (chain links E-0010 | E-0012 or E-0015 | E-0020),
 * "b" starts in cache at E-0011 (links E-0011 | E-0014 or E-0018). Required R01, R02 (a) and R03, R04 (b);
 * harmful R05 (must be avoided) and R06. Expected values below are computed by hand from
 *
 * per incident = 0.5 · root cause + 0.2 · first bad event + 0.3 · F1(link recall, event precision)
 * diagnosis    = Σ paired values / max(2, reported incidents)
 * score        = max(0, 100 × (0.5 · diagnosis + 0.3 · required recall + 0.2) − 15 × harmful actions ordered)
 */
const truth: MultiIncidentTruth = {
  inputs: { system: 'system', events: 'events', metrics: 'metrics', runbook: 'runbook' },
  incidents: [
    {
      id: 'a',
      rootCause: { component: 'queue-worker', summary: 'The worker stalls on one message.' },
      firstBadEvent: 'E-0010',
      causalChain: [
        { link: 'the first refused message', events: ['E-0010'] },
        { link: 'the worker stops consuming', events: ['E-0012', 'E-0015'] },
        { link: 'the queue alert fires', events: ['E-0020'] },
      ],
      events: ['E-0010', 'E-0012', 'E-0015', 'E-0020', 'E-0022'],
    },
    {
      id: 'b',
      rootCause: { component: 'cache', summary: 'A cache flag evicts hot keys.' },
      firstBadEvent: 'E-0011',
      causalChain: [
        { link: 'the flag is switched on', events: ['E-0011'] },
        { link: 'the hit ratio falls', events: ['E-0014', 'E-0018'] },
      ],
      events: ['E-0011', 'E-0014', 'E-0018'],
    },
  ],
  requiredActions: [
    { action: 'R01', incident: 'a', why: 'Skip the poisoned message.' },
    { action: 'R02', incident: 'a', why: 'Replay what was skipped.' },
    { action: 'R03', incident: 'b', why: 'Turn the flag off again.' },
    { action: 'R04', incident: 'b', why: 'Warm the cache back up.' },
  ],
  harmfulActions: [
    { action: 'R05', why: 'Failing over loses unconfirmed messages.', mustAvoid: true },
    { action: 'R06', why: 'Rolling back the good release reopens a bug.', mustAvoid: false },
  ],
  redHerrings: [{ component: 'deploy-bot', events: ['E-0005'], why: 'A release that changed nothing relevant.' }],
}

const incident = (rootCauseComponent: string, firstBadEvent: string, causalChain: string[]) => ({ rootCauseComponent, firstBadEvent, causalChain, summary: 's' })
const report = (incidents: MultiIncidentDeliverable['incidents'], actions: string[]): MultiIncidentDeliverable => ({
  incidents,
  actions: actions.map((action) => ({ action, rationale: 'r' })),
  summary: 's',
})
const A = incident('queue-worker', 'E-0010', ['E-0010', 'E-0012', 'E-0020'])
const B = incident('cache', 'E-0011', ['E-0011', 'E-0014'])

describe('scoreIncidents', () => {
  test('perfect response: both incidents, every required action, nothing harmful: 100, in whatever order the incidents come', () => {
    for (const incidents of [
      [A, B],
      [B, A],
    ]) {
      const s = scoreIncidents(truth, report(incidents, ['R01', 'R02', 'R03', 'R04']))
      expect(s.score).toBe(100)
      expect(s.metrics).toEqual({
        diagnosis: 1,
        root_cause_recall: 1,
        first_bad_event_recall: 1,
        chain_quality: 1,
        incident_precision: 1,
        required_action_recall: 1,
        harmful_action_share: 0,
      })
      expect(s.mustCatch).toEqual([
        { id: 'root-cause-a', description: 'incident a originates in queue-worker', caught: true },
        { id: 'root-cause-b', description: 'incident b originates in cache', caught: true },
        { id: 'avoid-R05', description: 'harmful action R05 is not ordered', caught: true },
      ])
    }
  })

  test('ids are compared trimmed and case-insensitively', () => {
    const s = scoreIncidents(truth, report([incident(' Queue-Worker ', 'e-0010', ['e-0010', ' E-0012', 'e-0020']), B], ['r01', 'R02 ', 'R03', 'R04']))
    expect(s.score).toBe(100)
  })

  test('ids in backticks or beside their names are read by the id; a field naming both root causes names neither', () => {
    const quoted = scoreIncidents(truth, report([incident('`queue-worker` (deploy qw-7)', '`E-0010` (deploy applied)', ['E-0010 deploy', '`E-0012`', 'E-0020']), B], ['R02 Roll back the worker', ...truth.requiredActions.map((a) => a.action).filter((a) => a !== 'R02')]))
    const plain = scoreIncidents(truth, report([A, B], truth.requiredActions.map((a) => a.action)))
    expect(quoted.score).toBe(plain.score)
    expect(compareIncident(truth.incidents[0]!, incident('queue-worker or cache', 'E-0010', []), new Set(['queue-worker', 'cache'])).rootCause).toBe(0)
  })

  test('partial response: a wrong first event, chains with gaps and a stray event, half the actions and one harmful one', () => {
    const s = scoreIncidents(truth, report([incident('queue-worker', 'E-0012', ['E-0012', 'E-0020', 'E-0030']), incident('cache', 'E-0011', ['E-0011'])], ['R01', 'R03', 'R06']))
    // a: 0.5 + 0 + 0.3 · F1(2/3, 2/3) = 0.7; b: 0.5 + 0.2 + 0.3 · F1(precision 1, links 1/2) = 0.9
    // 100 × (0.5 · 0.8 + 0.3 · 0.5 + 0.2) − 15 = 40 + 15 + 20 − 15
    expect(s.score).toBe(60)
    expect(s.metrics).toMatchObject({ diagnosis: 0.8, first_bad_event_recall: 0.5, chain_quality: 0.6667, required_action_recall: 0.5, harmful_action_share: 0.5 })
    expect(s.counts).toMatchObject({
      required_actions: { hit: 2, total: 4 },
      required_actions_a: { hit: 1, total: 2 },
      required_actions_b: { hit: 1, total: 2 },
      harmful_actions_taken: { hit: 1, total: 2 },
      chain_links_a: { hit: 2, total: 3 },
      chain_links_b: { hit: 1, total: 2 },
    })
    expect(s.mustCatch.every((m) => m.caught)).toBe(true)
  })

  test('merging both incidents into one cause earns one incident at most, even with every action right', () => {
    const merged = incident('queue-worker', 'E-0010', ['E-0010', 'E-0011', 'E-0012', 'E-0014', 'E-0020'])
    const s = scoreIncidents(truth, report([merged], ['R01', 'R02', 'R03', 'R04']))
    // paired with a: 0.5 + 0.2 + 0.3 · F1(precision 3/5, links 1) = 0.925; b is left unpaired
    // 100 × (0.5 · 0.925 / 2 + 0.3 + 0.2) = 23.125 + 50
    expect(s.score).toBe(73.125)
    expect(s.mustCatch.map((m) => [m.id, m.caught])).toEqual([
      ['root-cause-a', true],
      ['root-cause-b', false],
      ['avoid-R05', true],
    ])
  })

  test('blaming the red herring for one incident and ordering the must-avoid action', () => {
    const s = scoreIncidents(truth, report([A, incident('deploy-bot', 'E-0005', ['E-0005'])], ['R01', 'R02', 'R05']))
    // the herring matches nothing (value 0), so diagnosis = 1 / 2
    // 100 × (0.5 · 0.5 + 0.3 · 0.5 + 0.2) − 15 = 25 + 15 + 20 − 15
    expect(s.score).toBe(45)
    expect(s.metrics).toMatchObject({ root_cause_recall: 0.5, incident_precision: 0.5 })
    expect(s.counts.reported_incidents_paired).toEqual({ hit: 1, total: 2 })
    expect(s.mustCatch.filter((m) => !m.caught).map((m) => m.id)).toEqual(['root-cause-b', 'avoid-R05'])
  })

  test('false alarm: a third, spurious incident dilutes a perfect diagnosis, and a harmful action costs 15 points', () => {
    const s = scoreIncidents(truth, report([A, B, incident('deploy-bot', 'E-0005', ['E-0005'])], ['R01', 'R02', 'R03', 'R04', 'R06']))
    // 100 × (0.5 · 2/3 + 0.3 · 1 + 0.2) − 15 = 33.3333 + 30 + 20 − 15
    expect(s.score).toBe(68.3333)
    expect(s.metrics).toMatchObject({ diagnosis: 0.6667, incident_precision: 0.6667, harmful_action_share: 0.5 })
  })

  test('each harmful action ordered costs 15 points, not a share of the harmful list: ordering every action of the runbook scores 70 at best', () => {
    const everything = scoreIncidents(truth, report([A, B], ['R01', 'R02', 'R03', 'R04', 'R05', 'R06']))
    // 100 × (0.5 + 0.3 + 0.2) − 2 × 15; a share of the list would have cost both together 20
    expect(everything.score).toBe(70)
    expect(everything.counts.harmful_actions_taken).toEqual({ hit: 2, total: 2 })
    // The same two actions cost the same against a longer harmful list.
    const longer = { ...truth, harmfulActions: [...truth.harmfulActions, { action: 'R07', why: 'Loses the queue.', mustAvoid: false }, { action: 'R08', why: 'Signs everyone out.', mustAvoid: false }] }
    expect(scoreIncidents(longer, report([A, B], ['R01', 'R02', 'R03', 'R04', 'R05', 'R06'])).score).toBe(70)
    // Floored at 0: seven harmful actions cost more than a right diagnosis earns.
    expect(scoreIncidents(longer, report([], ['R05', 'R06', 'R07', 'R08'])).score).toBe(0)
  })

  test('empty response: only "did no harm" is earned, and both root causes are missed', () => {
    const s = scoreIncidents(truth, report([], []))
    // 100 × 0.2 · (1 − 0)
    expect(s.score).toBe(20)
    expect(s.metrics).toMatchObject({ diagnosis: 0, incident_precision: null, required_action_recall: 0 })
    expect(s.mustCatch.map((m) => m.caught)).toEqual([false, false, true])
  })
})

describe('compareIncident', () => {
  test('an empty chain has no precision and no chain credit', () => {
    expect(compareIncident(truth.incidents[0]!, incident('queue-worker', 'E-0010', []))).toEqual({ rootCause: 1, firstBadEvent: 1, linkRecall: 0, precision: null, chain: 0, value: 0.7 })
  })

  test('several events of one link count once towards link recall, each towards precision', () => {
    const m = compareIncident(truth.incidents[0]!, incident('x', 'E-0001', ['E-0012', 'E-0015', 'E-0022']))
    // links: only "stops consuming" (1/3); precision 3/3; F1 = 2 · 1/3 / (4/3) = 0.5
    expect(m).toMatchObject({ rootCause: 0, firstBadEvent: 0, linkRecall: 1 / 3, precision: 1, chain: 0.5 })
    expect(m.value).toBeCloseTo(0.15, 10)
  })
})

describe('matchIncidents', () => {
  test('pairs for the best total, not greedily', () => {
    // greedy would take 0.9 then 0.1 (1.0); the best pairing is 0.8 + 0.85
    expect(matchIncidents([
      [0.9, 0.8],
      [0.85, 0.1],
    ])).toEqual([1, 0])
  })

  test('leaves a true incident unpaired when nothing reported matches it, and one reported incident serves one true incident only', () => {
    expect(matchIncidents([[0.9], [0.7]])).toEqual([0, -1])
    expect(matchIncidents([[0], [0]])).toEqual([-1, -1])
    expect(matchIncidents([[], []])).toEqual([-1, -1])
  })
})
