import { describe, expect, test } from 'vitest'
import { compareImpactIncident, figureCredit, scoreImpactReport } from '../../../lib/eval/scorers/incident-impact.js'
import { scoreIncidentKind } from '../../../lib/eval/scorers/incident-response.js'
import { scoreIncidents } from '../../../lib/eval/scorers/incidents.js'
import type { ImpactReportDeliverable, MultiIncidentTruth } from '../../../lib/tasks/kinds/incident-response.js'
import { perfectImpactReport } from '../../support/incidents.js'

/**
 * Two incidents with an impact report: "a" (queue-worker, figures orders_lost = 1,000 must-catch and
 * lines_lost = 40) and "b" (cache, figure sessions_lost = 50). Required R01 (targets O-1, O-2, O-3,
 * must-catch), R02 (after R01), R03 (target CHG-1), R04 (after R03); harmful R05 (must be avoided).
 * Expected values below are computed by hand from
 *
 * per incident = 0.4 · root cause + 0.15 · first bad event + 0.25 · chain + 0.1 · start + 0.1 · first alert
 * response     = 0.5 · required recall + 0.2 · order + 0.3 · targets
 * score        = max(0, 100 × (0.6 · figures + 0.2 · diagnosis + 0.1 · response + 0.1) − 15 × harmful actions ordered)
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
        { link: 'the worker stops consuming', events: ['E-0012'] },
      ],
      events: ['E-0010', 'E-0012', 'E-0020'],
      impact: {
        start: '13:05',
        detectedBy: 'E-0020',
        figures: [
          { measure: 'orders_lost', value: 1000, mustCatch: true },
          { measure: 'lines_lost', value: 40, mustCatch: false },
        ],
      },
    },
    {
      id: 'b',
      rootCause: { component: 'cache', summary: 'A cache flag evicts hot keys.' },
      firstBadEvent: 'E-0011',
      causalChain: [
        { link: 'the flag is switched on', events: ['E-0011'] },
        { link: 'the hit ratio falls', events: ['E-0014'] },
      ],
      events: ['E-0011', 'E-0014', 'E-0030'],
      impact: { start: '13:20', detectedBy: 'E-0030', figures: [{ measure: 'sessions_lost', value: 50, mustCatch: false }] },
    },
  ],
  requiredActions: [
    { action: 'R01', incident: 'a', why: 'Skip the poisoned messages.', targets: ['O-1', 'O-2', 'O-3'], mustCatchTargets: true },
    { action: 'R02', incident: 'a', why: 'Replay what was skipped.', after: ['R01'] },
    { action: 'R03', incident: 'b', why: 'Turn the flag off again.', targets: ['CHG-1'] },
    { action: 'R04', incident: 'b', why: 'Warm the cache back up.', after: ['R03'] },
  ],
  harmfulActions: [{ action: 'R05', why: 'Failing over loses unconfirmed messages.', mustAvoid: true }],
  redHerrings: [],
}

const perfect = perfectImpactReport(truth)
const withFigures = (figures: Record<string, number | null>[]): ImpactReportDeliverable => ({
  ...perfect,
  incidents: perfect.incidents.map((i, k) => ({ ...i, impact: { ...i.impact, figures: figures[k]! } })),
})

describe('a figure', () => {
  test('within 2 % (at least 1) earns full credit, within 5 % (at least 2) half, otherwise none', () => {
    expect([figureCredit(1000, 1000), figureCredit(1020, 1000), figureCredit(979, 1000)]).toEqual([1, 1, 0.5])
    expect([figureCredit(1050, 1000), figureCredit(1051, 1000), figureCredit(null, 1000), figureCredit(undefined, 1000)]).toEqual([0.5, 0, 0, 0])
    // Small counts: ±1 is right, ±2 half.
    expect([figureCredit(11, 10), figureCredit(12, 10), figureCredit(13, 10), figureCredit(0, 0), figureCredit(2, 0)]).toEqual([1, 0.5, 0, 1, 0.5])
  })
})

describe('an incident with its timeline', () => {
  test('the start minute and the first alert count a tenth each, beside the diagnosis', () => {
    const right = perfect.incidents[0]!
    expect(compareImpactIncident(truth.incidents[0]!, right)).toMatchObject({ start: 1, detected: 1, value: 1 })
    const late = { ...right, impact: { ...right.impact, start: '13:06', detectedBy: 'e-0020 ' } }
    expect(compareImpactIncident(truth.incidents[0]!, late)).toMatchObject({ start: 0, detected: 1, value: 0.9 })
  })
})

describe('scoring an impact report', () => {
  test('the perfect report scores 100 with every must-catch item caught', () => {
    const s = scoreImpactReport(truth, perfect)
    expect(s.score).toBe(100)
    expect(s.metrics).toMatchObject({ figures: 1, order: 1, targets: 1, response: 1, diagnosis: 1, impact_start_recall: 1, detection_recall: 1 })
    expect(s.mustCatch.map((m) => [m.id, m.caught])).toEqual([
      ['root-cause-a', true],
      ['root-cause-b', true],
      ['avoid-R05', true],
      ['figure-a-orders_lost', true],
      ['targets-R01', true],
    ])
  })

  test('figures weigh 60 %: one figure off by 3 %, one off by 10 %, one right', () => {
    const s = scoreImpactReport(truth, withFigures([{ orders_lost: 1030, lines_lost: 44, sessions_lost: null }, { orders_lost: null, lines_lost: null, sessions_lost: 50 }]))
    // figures = (0.5 + 0 + 1) / 3 = 0.5; score = 100 × (0.6 · 0.5 + 0.2 + 0.1 + 0.1) = 70
    expect(s.metrics.figures).toBe(0.5)
    expect(s.score).toBe(70)
    expect(s.counts).toMatchObject({ figures_exact: { hit: 1, total: 3 }, figures_close: { hit: 2, total: 3 } })
    expect(s.mustCatch.find((m) => m.id === 'figure-a-orders_lost')!.caught).toBe(false)
  })

  test('a figure reported on the wrong incident earns nothing', () => {
    const swapped = withFigures([{ orders_lost: null, lines_lost: 40, sessions_lost: 50 }, { orders_lost: 1000, lines_lost: null, sessions_lost: null }])
    expect(scoreImpactReport(truth, swapped).metrics.figures).toBeCloseTo(1 / 3, 4)
  })

  test('targets are scored by F1 per targeted action; order is kept through other actions; a must-catch target list needs every id', () => {
    const actions: ImpactReportDeliverable['actions'] = [
      { action: 'R03', targets: ['chg-1'], after: [], rationale: 'r' },
      { action: 'R01', targets: ['O-1', 'O-2', 'O-9'], after: [], rationale: 'r' },
      { action: 'R04', targets: [], after: ['R02'], rationale: 'r' },
      { action: 'R02', targets: [], after: ['R01', 'R03'], rationale: 'r' },
    ]
    const s = scoreImpactReport(truth, { ...perfect, actions })
    // R01: 2 of 3 wanted, 2 of 3 given: F1 = 2/3; R03: 1. targets = (2/3 + 1) / 2 = 5/6.
    // R02 waits for R01 directly, R04 for R03 through R02: order = 1. response = 0.5 + 0.2 + 0.3 · 5/6 = 0.95.
    expect(s.metrics).toMatchObject({ order: 1, targets: 0.8333, response: 0.95 })
    expect(s.score).toBe(99.5)
    expect(s.mustCatch.find((m) => m.id === 'targets-R01')!.caught).toBe(false)
    expect(s.counts.targets_R01).toEqual({ hit: 2, total: 3 })
    // Targets are ids as the other ids are read (ids.ts): backticks, case and a missing dash name the same one.
    const quoted = actions.map((a) => (a.action === 'R01' ? { ...a, targets: ['`O-1`', 'o2', ' O-9 '] } : a))
    expect(scoreImpactReport(truth, { ...perfect, actions: quoted }).counts.targets_R01).toEqual({ hit: 2, total: 3 })
  })

  test('an action that starts before what it must follow breaks the order; a missing action breaks its constraints too', () => {
    const actions = perfect.actions.filter((a) => a.action !== 'R03').map((a) => ({ ...a, after: [] }))
    const s = scoreImpactReport(truth, { ...perfect, actions })
    // recall 3/4; order 0/2; targets (1 + 0) / 2. response = 0.375 + 0 + 0.15 = 0.525.
    expect(s.metrics).toMatchObject({ required_action_recall: 0.75, order: 0, targets: 0.5, response: 0.525 })
    expect(s.score).toBe(95.25)
  })

  test('a harmful action costs 15 points, more than the last tenth a plan free of harm earns, and misses its must-catch item', () => {
    const s = scoreImpactReport(truth, { ...perfect, actions: [...perfect.actions, { action: 'R05', targets: [], after: [], rationale: 'r' }] })
    expect(s.score).toBe(85)
    expect(s.mustCatch.find((m) => m.id === 'avoid-R05')!.caught).toBe(false)
  })
})

describe('truth without an impact keeps the scoring of several incidents', () => {
  test('scoreIncidentKind scores a report of several incidents as before when no incident has an impact', () => {
    const plain: MultiIncidentTruth = {
      ...truth,
      incidents: truth.incidents.map(({ impact: _, ...rest }) => rest),
      requiredActions: truth.requiredActions.map(({ targets: _t, after: _a, mustCatchTargets: _m, ...rest }) => rest),
    }
    const report = { incidents: perfect.incidents.map(({ impact: _, ...rest }) => rest), actions: perfect.actions.map(({ action, rationale }) => ({ action, rationale })), summary: 's' }
    expect(scoreIncidentKind(plain, report)).toEqual(scoreIncidents(plain, report))
    expect(scoreIncidentKind(plain, report).score).toBe(100)
    expect(scoreIncidentKind(plain, report).mustCatch.map((m) => m.id)).toEqual(['root-cause-a', 'root-cause-b', 'avoid-R05'])
  })
})
