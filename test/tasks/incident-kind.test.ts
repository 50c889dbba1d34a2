import { leakWords } from '../../lib/tasks/neutrality.js'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { IncidentKindTruth, IncidentResponseDeliverable, MultiIncidentDeliverable, type MultiIncidentTruth } from '../../lib/tasks/kinds/incident-response.js'
import { deliverableSchema, STRUCTURED_KINDS } from '../../lib/tasks/kinds/index.js'
import { loadRegistry } from '../../lib/tasks/registry.js'

const inputs = new Map([
  ['system', '# System\n\n- queue-worker: consumes jobs\n- cache: serves reads\n- deploy-bot: rolls out releases\n'],
  ['events', ['E-0001 10:00 deploy-bot release', 'E-0002 10:01 queue-worker refused', 'E-0003 10:02 cache flag on', 'E-0004 10:03 queue-worker idle', 'E-0005 10:04 cache misses'].join('\n')],
  ['metrics', 'minute,value\n'],
  ['runbook', '## R01 Skip\n## R02 Revert flag\n## R03 Fail over\n'],
])

const multi = (over: Partial<MultiIncidentTruth> = {}): MultiIncidentTruth => ({
  inputs: { system: 'system', events: 'events', metrics: 'metrics', runbook: 'runbook' },
  incidents: [
    {
      id: 'a',
      rootCause: { component: 'queue-worker', summary: 'Stuck on one job.' },
      firstBadEvent: 'E-0002',
      causalChain: [
        { link: 'the refused job', events: ['E-0002'] },
        { link: 'the worker goes idle', events: ['E-0004'] },
      ],
      events: ['E-0002', 'E-0004'],
    },
    {
      id: 'b',
      rootCause: { component: 'cache', summary: 'A flag evicts hot keys.' },
      firstBadEvent: 'E-0003',
      causalChain: [
        { link: 'the flag goes on', events: ['E-0003'] },
        { link: 'reads miss the cache', events: ['E-0005'] },
      ],
      events: ['E-0003', 'E-0005'],
    },
  ],
  requiredActions: [
    { action: 'R01', incident: 'a', why: 'Skip the stuck job.' },
    { action: 'R02', incident: 'b', why: 'Turn the flag off.' },
  ],
  harmfulActions: [{ action: 'R03', why: 'Loses unconfirmed work.', mustAvoid: true }],
  redHerrings: [{ component: 'deploy-bot', events: ['E-0001'], why: 'The release changed nothing relevant.' }],
  ...over,
})
const check = (t: MultiIncidentTruth) => STRUCTURED_KINDS.incident_response.check(t, { inputs, formats: new Map(), categories: new Set() })

describe('ground truth of several incidents', () => {
  test('consistent truth passes', () => {
    expect(check(multi())).toEqual([])
  })

  test('every reference that is not in its input, and every inconsistency between the incidents, is named by field', () => {
    const [a, b] = multi().incidents
    const problems = check(
      multi({
        incidents: [
          { ...a!, rootCause: { component: 'scheduler', summary: 'Not described anywhere.' }, events: ['E-0002', 'E-0004', 'E-0009'] },
          {
            ...b!,
            id: 'a',
            firstBadEvent: 'E-0005',
            causalChain: [
              { link: 'not the first bad event', events: ['E-0003'] },
              { link: 'an event of the other incident', events: ['E-0004'] },
            ],
            events: ['E-0003', 'E-0004', 'E-0005'],
          },
        ],
        requiredActions: [
          { action: 'R09', incident: 'a', why: 'No such action.' },
          { action: 'R02', incident: 'c', why: 'No such incident.' },
          { action: 'R02', incident: 'a', why: 'Listed twice.' },
        ],
        harmfulActions: [{ action: 'R02', why: 'Both required and harmful.', mustAvoid: false }],
        redHerrings: [{ component: 'deploy-bot', events: ['E-0001', 'E-0002'], why: 'Claims an event of incident a.' }],
      }),
    )
    expect(problems).toEqual([
      { field: 'incidents.0.rootCause.component', message: 'component "scheduler" is not described in system' },
      { field: 'incidents.0.events.2', message: 'event E-0009 does not exist in events' },
      { field: 'incidents.1.id', message: 'duplicate incident id "a"' },
      { field: 'incidents.1.events.0', message: 'event E-0003 comes before the first bad event E-0005' },
      { field: 'incidents.1.events.1', message: 'event E-0004 comes before the first bad event E-0005' },
      { field: 'incidents.1.causalChain.0.events', message: 'expected the first link to be the first bad event E-0005 alone' },
      { field: 'requiredActions.0.action', message: 'action R09 does not exist in runbook' },
      { field: 'requiredActions.1.incident', message: 'expected one of the incident ids (a), got "c"' },
      { field: 'requiredActions.2.action', message: 'duplicate required action "R02" (also requiredActions.1.action)' },
      { field: 'harmfulActions.0.action', message: 'action R02 is also required (requiredActions.1); an action is either required or harmful, or no response could score full marks' },
      { field: 'redHerrings.0.events.1', message: 'event E-0002 belongs to incident "a"; a red herring explains nothing' },
    ])
  })

  test('an event claimed by two incidents and a chain event outside its incident are named', () => {
    const [a, b] = multi().incidents
    expect(
      check(
        multi({
          incidents: [
            { ...a!, causalChain: [...a!.causalChain, { link: 'a link outside the incident', events: ['E-0005'] }] },
            { ...b!, events: ['E-0003', 'E-0004', 'E-0005'] },
          ],
        }),
      ),
    ).toEqual([
      { field: 'incidents.0.causalChain.2.events.0', message: 'event E-0005 is not among the incident\'s events' },
      { field: 'incidents.1.events.1', message: 'event E-0004 also belongs to incident "a"' },
    ])
  })

  test('an impact report: every incident has one, starting no earlier than its first bad event, first seen by a monitor alert after it, each measure once', () => {
    const withMonitor = new Map(inputs)
    withMonitor.set('events', `${inputs.get('events')}\nE-0006 10:05 monitor alert queue lag\nE-0007 10:06 monitor alert cache misses`)
    const checkWith = (t: MultiIncidentTruth) => STRUCTURED_KINDS.incident_response.check(t, { inputs: withMonitor, formats: new Map(), categories: new Set() })
    const [a, b] = multi().incidents
    const figures = [{ measure: 'jobs_lost', value: 12, mustCatch: false }]
    const good = multi({ incidents: [{ ...a!, impact: { start: '10:01', detectedBy: 'E-0006', figures } }, { ...b!, impact: { start: '10:04', detectedBy: 'E-0007', figures } }] })
    expect(checkWith(good)).toEqual([])
    expect(checkWith(multi({ incidents: [good.incidents[0]!, b!] }))).toEqual([{ field: 'incidents.1.impact', message: 'expected an impact, as the other incidents have: an impact report covers every incident' }])
    expect(
      checkWith(
        multi({
          incidents: [
            { ...a!, impact: { start: '10:00', detectedBy: 'E-0004', figures: [...figures, ...figures] } },
            { ...b!, impact: { start: '10:04', detectedBy: 'E-0009', figures } },
          ],
        }),
      ),
    ).toEqual([
      { field: 'incidents.0.impact.start', message: 'expected a minute at or after the first bad event\'s (10:01), got "10:00"' },
      { field: 'incidents.0.impact.detectedBy', message: 'expected a monitor event (an alert or page), got "10:03 queue-worker idle"' },
      { field: 'incidents.0.impact.figures.1.measure', message: 'measure "jobs_lost" is given twice' },
      { field: 'incidents.1.impact.detectedBy', message: 'event E-0009 does not exist in the log' },
    ])
  })

  test('a plan: an action follows only required actions, never itself, and a must-catch on targets has targets', () => {
    expect(
      check(
        multi({
          requiredActions: [
            { action: 'R01', incident: 'a', why: 'Skip the stuck job.', after: ['R02'], mustCatchTargets: true },
            { action: 'R02', incident: 'b', why: 'Turn the flag off.', after: ['R01', 'R03'] },
          ],
        }),
      ),
    ).toEqual([
      { field: 'requiredActions.0.mustCatchTargets', message: 'expected targets for a must-catch on targets' },
      { field: 'requiredActions.0.after', message: 'R01 must come after itself (a cycle)' },
      { field: 'requiredActions.1.after.1', message: 'expected a required action, got "R03"' },
      { field: 'requiredActions.1.after', message: 'R02 must come after itself (a cycle)' },
    ])
  })

  test('parsing picks the shape by the presence of "incidents" and reports mistakes against that shape', () => {
    const broken = { ...multi(), incidents: [{ ...multi().incidents[0]!, firstBadEvent: 'E-12' }] }
    const result = IncidentKindTruth.safeParse(broken)
    expect(result.success).toBe(false)
    expect(result.error!.issues.map((i) => [i.path.join('.'), i.message])).toEqual([
      ['incidents.0.firstBadEvent', 'expected an event id like "E-9001"'],
      ['incidents', 'Too small: expected array to have >=2 items'],
    ])
    const single = IncidentKindTruth.safeParse({ inputs: multi().inputs, rootCause: { component: 'cache', summary: 'too short' } })
    expect(single.error!.issues.map((i) => i.path.join('.'))).toEqual(['rootCause.summary', 'firstBadEvent', 'requiredActions'])
  })
})

const registry = await loadRegistry()

describe('the deliverable shape follows the ground truth', () => {
  test('one incident keeps the original schema, byte for byte; several incidents get a list of incidents', () => {
    const several = { deliverable: 'incident_response' as const, categories: [], truth: { kind: 'incident_response' as const, data: multi() } }
    const standard = registry.get('incident_response_execution')
    expect(deliverableSchema({ deliverable: 'incident_response', categories: standard.categories, truth: standard.truth })).toBe(IncidentResponseDeliverable)
    expect(deliverableSchema({ deliverable: 'incident_response', categories: [], truth: null })).toBe(IncidentResponseDeliverable)
    expect(deliverableSchema(several)).toBe(MultiIncidentDeliverable)
    expect(Object.keys((z.toJSONSchema(deliverableSchema(several)) as { properties: object }).properties)).toEqual(['incidents', 'actions', 'summary'])
  })
})

describe('leak words of several incidents', () => {
  test('every root-cause component is a giveaway in names and foci', () => {
    const truth = multi()
    const words = leakWords({ truth: { kind: 'incident_response', data: truth }, categories: [], seen: '' })
    for (const x of truth.incidents) expect(words.prose).toContainEqual({ word: x.rootCause.component, why: 'a root-cause component' })
  })
})
