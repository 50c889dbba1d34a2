import { describe, expect, test } from 'vitest'
import { simCalibration } from '../../../lib/sim/calibration.js'
import '../../../lib/sim/kinds/incident-outcomes.js'
import type { ImpactReportDeliverable, IncidentResponseDeliverable, IncidentResponseTruth, MultiIncidentTruth } from '../../../lib/tasks/kinds/incident-response.js'
import type { Task } from '../../../lib/tasks/registry.js'
import { perfectImpactReport } from '../../support/incidents.js'

// The reader registered for incident_response, as the simulator's calibration uses it: one deliverable is one run.
const taskOf = (data: IncidentResponseTruth | MultiIncidentTruth) => ({ truth: { kind: 'incident_response', data } }) as unknown as Task
const read = (truth: IncidentResponseTruth | MultiIncidentTruth, deliverable: unknown) => {
  const c = simCalibration(taskOf(truth), [deliverable])!
  return { right: Object.fromEntries(c.right), fooled: Object.fromEntries(c.fooled) }
}

describe('reading a calibration diagnosis of one incident', () => {
  const truth: IncidentResponseTruth = {
    inputs: { system: 's', events: 'e', metrics: 'm', runbook: 'r' },
    rootCause: { component: 'cache', summary: 'A flag evicts hot keys.' },
    firstBadEvent: 'E-0002',
    requiredActions: ['R01', 'R03'],
    harmfulActions: ['R02'],
    redHerrings: [],
  }
  const diagnosis = (over: Partial<IncidentResponseDeliverable>): IncidentResponseDeliverable => ({ rootCauseComponent: ' Cache ', firstBadEvent: 'e-0002', causalChain: [], actions: [{ action: 'r01', rationale: 'revert' }], summary: 's', ...over })

  test('root cause and first event are read as the scorer reads them (case and spaces aside); each required action by its id', () => {
    expect(read(truth, diagnosis({}))).toEqual({ right: { 'root-cause': 1, 'first-bad-event': 1, R01: 1, R03: 0 }, fooled: { 'harmful-R02': 0 } })
  })

  test('a wrong cause or event is wrong, and an ordered harmful action is a trap fallen for', () => {
    const wrong = diagnosis({ rootCauseComponent: 'queue-worker', firstBadEvent: 'E-0003', actions: [{ action: 'R02', rationale: 'restart' }] })
    expect(read(truth, wrong)).toEqual({ right: { 'root-cause': 0, 'first-bad-event': 0, R01: 0, R03: 0 }, fooled: { 'harmful-R02': 1 } })
  })
})

describe('reading a calibration report of several incidents', () => {
  const figures = (jobs: number) => [{ measure: 'jobs_lost', value: jobs, mustCatch: false }]
  const truth: MultiIncidentTruth = {
    inputs: { system: 's', events: 'e', metrics: 'm', runbook: 'r' },
    incidents: [
      {
        id: 'a',
        rootCause: { component: 'queue-worker', summary: 'Stuck on one job.' },
        firstBadEvent: 'E-0002',
        causalChain: [{ link: 'the refused job', events: ['E-0002'] }, { link: 'the worker goes idle', events: ['E-0004'] }],
        events: ['E-0002', 'E-0004'],
        impact: { start: '10:01', detectedBy: 'E-0006', figures: figures(120) },
      },
      {
        id: 'b',
        rootCause: { component: 'cache', summary: 'A flag evicts hot keys.' },
        firstBadEvent: 'E-0003',
        causalChain: [{ link: 'the flag goes on', events: ['E-0003'] }, { link: 'reads miss the cache', events: ['E-0005'] }],
        events: ['E-0003', 'E-0005'],
        impact: { start: '10:02', detectedBy: 'E-0007', figures: figures(0) },
      },
    ],
    requiredActions: [
      { action: 'R01', incident: 'a', why: 'Skip the stuck job.', targets: ['queue-worker'] },
      { action: 'R02', incident: 'b', why: 'Turn the flag off.', after: ['R01'] },
    ],
    harmfulActions: [{ action: 'R03', why: 'Loses unconfirmed work.', mustAvoid: true }],
    redHerrings: [{ component: 'deploy-bot', events: ['E-0001'], why: 'The release changed nothing relevant.' }],
  }
  const perfect = perfectImpactReport(truth)
  const all = (v: number) => ({
    'root-cause-a': v, 'first-bad-a': v, 'link-a-1': v, 'impact-start-a': v, 'impact-detected-a': v, 'figure-a-jobs_lost': v,
    'root-cause-b': v, 'first-bad-b': v, 'link-b-1': v, 'impact-start-b': v, 'impact-detected-b': v, 'figure-b-jobs_lost': v,
    R01: v, 'targets-R01': v, R02: v, 'after-R02': v, 'harm-R03': v,
  })

  test('the report the truth describes gets every item right and falls for no trap', () => {
    expect(read(truth, perfect)).toEqual({ right: all(1), fooled: { 'herring-in-chain-a': 0, 'herring-in-chain-b': 0, 'spurious-incident': 0 } })
  })

  test('incidents are paired by content, not by their order in the report', () => {
    expect(read(truth, { ...perfect, incidents: [...perfect.incidents].reverse() }).right).toEqual(all(1))
  })

  test('each mistake is read as its own item: a figure off, a target missing, an order left out, a harmful action taken', () => {
    const [a, b] = perfect.incidents as [ImpactReportDeliverable['incidents'][number], ImpactReportDeliverable['incidents'][number]]
    const flawed: ImpactReportDeliverable = {
      ...perfect,
      incidents: [{ ...a, impact: { ...a.impact, figures: { jobs_lost: 150 } } }, b],
      actions: [
        { action: 'R01', targets: [], after: [], rationale: 'skip' },
        { action: 'r02', targets: [], after: [], rationale: 'flag off' },
        { action: 'R03', targets: [], after: [], rationale: 'fail over' },
      ],
    }
    expect(read(truth, flawed).right).toEqual({ ...all(1), 'figure-a-jobs_lost': 0, 'targets-R01': 0, 'after-R02': 0, 'harm-R03': 0 })
  })

  test('a red herring cited in a chain, and an incident that is not one, are traps fallen for', () => {
    const [a, b] = perfect.incidents as [ImpactReportDeliverable['incidents'][number], ImpactReportDeliverable['incidents'][number]]
    const spurious = { ...b, rootCauseComponent: 'deploy-bot', firstBadEvent: 'E-0001', causalChain: ['E-0001'], summary: 'The release broke it.' }
    const fooled = read(truth, { ...perfect, incidents: [{ ...a, causalChain: [...a.causalChain, 'e-0001'] }, b, spurious] }).fooled
    expect(fooled).toEqual({ 'herring-in-chain-a': 1, 'herring-in-chain-b': 0, 'spurious-incident': 1 })
  })
})
