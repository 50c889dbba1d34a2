import { describe, expect, test } from 'vitest'
import { calibrationsFor } from '../../support/calibrations.js'
import { SimContext } from '../../../lib/sim/context.js'
import { believeImpact, believePlan, IMPACT, planActions, reportImpact } from '../../../lib/sim/kinds/incident-impact.js'
import { SIM_PROFILES, type SimProfile } from '../../../lib/sim/profiles.js'
import type { IncidentTruth, MultiIncidentTruth } from '../../../lib/tasks/kinds/incident-response.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

const task = (await loadRegistry()).get('incident_response_overlap')
// Typical detectability for every item: the calibration file would move it.
calibrationsFor(null)

const every = (x: number) => ({ CRITICAL: x, HIGH: x, MEDIUM: x, LOW: x })
const fixed = { roleVariation: 0, callVariation: 0, inFocus: 1, outOfFocus: 1 }
/** Sees every item itself. */
const SEES_ALL: SimProfile = { ...SIM_PROFILES['sim-strong']!, ...fixed, id: 'sees-all', detect: every(1) }
/** Sees nothing itself and takes nothing from earlier work. */
const BLIND: SimProfile = { ...SIM_PROFILES['sim-strong']!, ...fixed, id: 'blind', detect: every(0), retain: every(0) }
/** Sees nothing itself but takes what earlier work reports. */
const TRUSTING: SimProfile = { ...BLIND, id: 'trusting', retain: every(1) }

const call = (profile: SimProfile, trial = 'seed-1', callKey = 'call-1') => new SimContext({ task, profile, role: null, prior: [], prompt: '', callKey, trialKey: `${trial}|${profile.id}` })
const nothingCarried = () => false

const incident: IncidentTruth = {
  id: 'a',
  rootCause: { component: 'queue-worker', summary: 'Stuck on one poisoned job.' },
  firstBadEvent: 'E-0002',
  causalChain: [
    { link: 'the poisoned job', events: ['E-0002'] },
    { link: 'the queue backs up', events: ['E-0005', 'E-0006'] },
  ],
  events: ['E-0002', 'E-0005', 'E-0006'],
  impact: {
    start: '13:59',
    detectedBy: 'E-0009',
    figures: [
      { measure: 'orders_delayed', value: 400, mustCatch: true },
      { measure: 'refunds', value: 0, mustCatch: false },
    ],
  },
}
const MEASURES = ['orders_delayed', 'refunds', 'emails_lost']
const truth = {
  requiredActions: [
    { action: 'R01', incident: 'a', why: 'Skip the poisoned job.', targets: ['job-17'] },
    { action: 'R02', incident: 'a', why: 'Drain the backed-up queue.', targets: ['q-1', 'q-2', 'q-3'], mustCatchTargets: true, after: ['R01', 'R04'] },
    { action: 'R03', incident: 'b', why: 'Restart the cache nodes.' },
  ],
} as MultiIncidentTruth

describe("the simulator's impact-report items", () => {
  test('a must-catch figure or set of targets is CRITICAL; every other impact item is LOW; each has its id and theme', () => {
    const [delayed, refunds] = incident.impact!.figures
    const items = [IMPACT.figure(task, incident, delayed!), IMPACT.figure(task, incident, refunds!), IMPACT.start(task, incident), IMPACT.detected(task, incident), IMPACT.targets(task, truth.requiredActions[1]!), IMPACT.targets(task, truth.requiredActions[0]!), IMPACT.after(task, truth.requiredActions[1]!)]
    expect(items.map((i) => [i.id, i.difficulty, i.themes])).toEqual([
      ['figure-a-orders_delayed', 'CRITICAL', ['figure']],
      ['figure-a-refunds', 'LOW', ['figure']],
      ['impact-start-a', 'LOW', ['timeline']],
      ['impact-detected-a', 'LOW', ['timeline']],
      ['targets-R02', 'CRITICAL', ['targets']],
      ['targets-R01', 'LOW', ['targets']],
      ['after-R02', 'LOW', ['order']],
    ])
  })
})

describe('reportImpact', () => {
  test('a call that sees everything reports the exact minute, alert and figures; a measure the incident does not have stays null', () => {
    expect(reportImpact(call(SEES_ALL), MEASURES, incident, nothingCarried)).toEqual({ start: '13:59', detectedBy: 'E-0009', figures: { orders_delayed: 400, refunds: 0, emails_lost: null } })
  })

  test('a call that sees nothing estimates figures 6 to 20 % off, puts the start a few minutes off and names the alert of the last link', () => {
    for (const trial of ['seed-1', 'seed-2', 'seed-3', 'seed-4', 'seed-5', 'seed-6']) {
      const r = reportImpact(call(BLIND, trial), MEASURES, incident, nothingCarried)
      expect([0.06, 0.09, 0.13, 0.2]).toContainEqual(Math.abs(r.figures.orders_delayed! - 400) / 400)
      expect(r.figures.refunds).toBe(0)
      expect(r.figures.emails_lost).toBeNull()
      // 13:59 moved by -2, -1, +1 or +3 minutes, across the hour.
      expect(['13:57', '13:58', '14:00', '14:02']).toContain(r.start)
      expect(r.detectedBy).toBe('E-0005')
    }
  })

  test("a model's wrong values are the same in every call of its trial, and differ between trials", () => {
    const seen = (trial: string, callKey: string) => reportImpact(call(BLIND, trial, callKey), MEASURES, incident, nothingCarried)
    expect(seen('seed-1', 'call-2')).toEqual(seen('seed-1', 'call-1'))
    const trials = new Set(['1', '2', '3', '4', '5', '6', '7', '8'].map((s) => JSON.stringify(seen(`seed-${s}`, 'call-1'))))
    expect(trials.size).toBeGreaterThan(1)
  })

  test('a call that sees nothing itself takes the values earlier work reports, asking for each by its key and the true value', () => {
    const asked: Array<[string, unknown]> = []
    const r = reportImpact(call(TRUSTING), MEASURES, incident, (key, value) => (asked.push([key, value]), true))
    expect(r).toEqual({ start: '13:59', detectedBy: 'E-0009', figures: { orders_delayed: 400, refunds: 0, emails_lost: null } })
    expect(asked).toEqual([
      ['orders_delayed', 400],
      ['refunds', 0],
      ['start', '13:59'],
      ['detectedBy', 'E-0009'],
    ])
  })

  test('a spurious incident, or one without impact in the truth, gets a made-up minute and no figures', () => {
    const none = { orders_delayed: null, refunds: null, emails_lost: null }
    expect(reportImpact(call(SEES_ALL), MEASURES, null, nothingCarried)).toEqual({ start: '13:30', detectedBy: 'E-0001', figures: none })
    expect(reportImpact(call(SEES_ALL), MEASURES, { ...incident, impact: undefined }, nothingCarried)).toEqual({ start: '13:30', detectedBy: 'E-0002', figures: none })
  })
})

describe('planActions', () => {
  const plan = [
    { action: 'R02', rationale: 'drain' },
    { action: 'R01', rationale: 'skip' },
    { action: 'R03', rationale: 'restart' },
    { action: 'R09', rationale: 'not in the truth' },
  ]

  test('a call that sees everything names every target and the order, keeping only actions that are in the plan', () => {
    expect(planActions(call(SEES_ALL), truth, plan, nothingCarried)).toEqual([
      { action: 'R02', targets: ['q-1', 'q-2', 'q-3'], after: ['R01'], rationale: 'drain' },
      { action: 'R01', targets: ['job-17'], after: [], rationale: 'skip' },
      { action: 'R03', targets: [], after: [], rationale: 'restart' },
      { action: 'R09', targets: [], after: [], rationale: 'not in the truth' },
    ])
  })

  test('a call that sees nothing names only the first of several targets, none of a single one, and no order', () => {
    expect(planActions(call(BLIND), truth, plan, nothingCarried).map((a) => [a.action, a.targets, a.after])).toEqual([
      ['R02', ['q-1'], []],
      ['R01', [], []],
      ['R03', [], []],
      ['R09', [], []],
    ])
  })

  test('earlier work that reports targets and order is taken over, asked for by action, kind and true value', () => {
    const asked: unknown[] = []
    const r = planActions(call(TRUSTING), truth, plan, (action, key, value) => (asked.push([action, key, value]), true))
    expect(r.map((a) => [a.action, a.targets, a.after])).toEqual([
      ['R02', ['q-1', 'q-2', 'q-3'], ['R01']],
      ['R01', ['job-17'], []],
      ['R03', [], []],
      ['R09', [], []],
    ])
    expect(asked).toEqual([
      ['R02', 'targets', ['q-1', 'q-2', 'q-3']],
      ['R02', 'after', ['R01', 'R04']],
      ['R01', 'targets', ['job-17']],
    ])
  })
})

describe("what the simulated judge believes of a candidate's impact and plan", () => {
  const theirs = { start: '14:05', detectedBy: 'E-0007', figures: { orders_delayed: 390, refunds: 3, emails_lost: null } }

  test('a judge that sees everything believes the truth, whatever the candidate says', () => {
    expect(believeImpact(call(SEES_ALL), incident, theirs)).toEqual(incident.impact)
    expect(believePlan(call(SEES_ALL), truth, [{ action: 'R02', targets: ['q-9'], after: ['R03'], rationale: 'x' }])).toEqual(truth.requiredActions)
  })

  test("a judge that cannot tell takes the candidate's minute, alert and well-formed figures, and keeps the truth for the rest", () => {
    expect(believeImpact(call(BLIND), incident, theirs)).toEqual({
      start: '14:05',
      detectedBy: 'E-0007',
      figures: [
        { measure: 'orders_delayed', value: 390, mustCatch: true },
        { measure: 'refunds', value: 3, mustCatch: false },
      ],
    })
    const malformed = { start: '14:05', detectedBy: 'the pager', figures: { orders_delayed: -1, refunds: 2.5 } }
    expect(believeImpact(call(BLIND), incident, malformed)).toEqual({ ...incident.impact, start: '14:05' })
    expect(believeImpact(call(BLIND), incident, null)).toEqual(incident.impact)
  })

  test('an incident without impact in the truth has none to believe', () => {
    expect(believeImpact(call(SEES_ALL), { ...incident, impact: undefined }, theirs)).toBeUndefined()
  })

  test("a judge that cannot tell takes the candidate's targets and action ids for the order, where the candidate gives any", () => {
    const candidate = [
      { action: 'R02', targets: ['q-1'], after: ['R01', 'first the skip'], rationale: 'x' },
      { action: 'R02', targets: ['q-9'], after: [], rationale: 'again' },
      { action: 'R01', targets: [], after: [], rationale: 'y' },
    ]
    expect(believePlan(call(BLIND), truth, candidate)).toEqual([
      { ...truth.requiredActions[0], targets: ['job-17'] },
      { ...truth.requiredActions[1], targets: ['q-1', 'q-9'], after: ['R01'] },
      truth.requiredActions[2],
    ])
  })
})
