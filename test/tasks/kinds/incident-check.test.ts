import { describe, expect, test } from 'vitest'
import { checkIncidentTruth } from '../../../lib/tasks/kinds/incident-check.js'
import { STRUCTURED_KINDS } from '../../../lib/tasks/kinds/index.js'
import type { IncidentResponseTruth } from '../../../lib/tasks/kinds/incident-response.js'

// Ground truth of one incident, checked against its system description, event log and runbook (several incidents: test/tasks/incident-kind.test.ts).
const inputs = new Map([
  ['sys', '# System\n\n- cache: serves reads\n- cache-warmer: fills the cache at night\n- queue-worker: consumes jobs\n'],
  ['log', 'E-0001 10:00 deploy-bot release\nE-0002 10:01 cache flag on\nE-0003 10:02 queue-worker lag'],
  ['metrics', 'minute,value\n'],
  ['runbook', '## R01 Revert the flag\n## R02 Restart the workers\n'],
])
const truth = (over: Partial<IncidentResponseTruth> = {}): IncidentResponseTruth => ({
  inputs: { system: 'sys', events: 'log', metrics: 'metrics', runbook: 'runbook' },
  rootCause: { component: 'cache', summary: 'A flag evicts hot keys.' },
  firstBadEvent: 'E-0002',
  requiredActions: ['R01'],
  harmfulActions: ['R02'],
  redHerrings: [{ component: 'queue-worker', events: ['E-0003'], why: 'Lag follows the cache misses.' }],
  ...over,
})
const check = (t: IncidentResponseTruth, ins = inputs) => checkIncidentTruth(t, { inputs: ins, formats: new Map(), categories: new Set() })

describe('checkIncidentTruth: one incident', () => {
  test('consistent truth passes', () => {
    expect(check(truth())).toEqual([])
  })

  const unfounded = truth({
    rootCause: { component: 'scheduler', summary: 'Not described anywhere.' },
    firstBadEvent: 'E-0042',
    requiredActions: ['R09'],
    redHerrings: [{ component: 'queue', events: ['E-0003', 'E-0077'], why: 'Component named only as part of another.' }],
  })

  test('every reference that is not in its input is named by field', () => {
    expect(check(unfounded)).toEqual([
      { field: 'rootCause.component', message: 'component "scheduler" is not described in sys' },
      { field: 'firstBadEvent', message: 'event E-0042 does not exist in log' },
      { field: 'requiredActions.0', message: 'action R09 does not exist in runbook' },
      { field: 'redHerrings.0.component', message: 'component "queue" is not described in sys' },
      { field: 'redHerrings.0.events.1', message: 'event E-0077 does not exist in log' },
    ])
  })

  test('is the check of the incident_response kind', async () => {
    expect(await STRUCTURED_KINDS.incident_response.check(unfounded, { inputs, formats: new Map(), categories: new Set() })).toEqual(check(unfounded))
  })

  test('a component list names components the system describes, the root cause and red herrings among them', () => {
    expect(check(truth({ components: ['cache', 'cache-warmer', 'queue-worker'] }))).toEqual([])
    expect(check(truth({ components: ['cache', 'planner'] }))).toEqual([
      { field: 'components.1', message: 'component "planner" is not described in sys' },
      { field: 'components', message: 'expected every root-cause and red-herring component in the list, "queue-worker" is missing' },
    ])
  })

  test('harmful actions must exist in the runbook too', () => {
    expect(check(truth({ harmfulActions: ['R02', 'R08'] }))).toEqual([{ field: 'harmfulActions.1', message: 'action R08 does not exist in runbook' }])
  })

  test('an action listed twice, or both required and harmful, is refused: no response could score full marks', () => {
    expect(check(truth({ requiredActions: ['R01', 'R01'], harmfulActions: ['R02', 'R01'] }))).toEqual([
      { field: 'requiredActions.1', message: 'duplicate required action "R01" (also requiredActions.0)' },
      { field: 'harmfulActions.1', message: 'action R01 is also required (requiredActions.0); an action is either required or harmful, or no response could score full marks' },
    ])
  })

  test('an event id on two lines of the log, or an action defined twice in the runbook, is named with its lines', () => {
    const twice = new Map([...inputs, ['log', `${inputs.get('log')}\nE-0003 10:03 queue-worker lag again`], ['runbook', '## R01 Revert the flag\n## R02 Restart the workers\n- R02: restart again\nSee R01 first.\n']])
    expect(check(truth(), twice)).toEqual([
      { field: 'inputs.events', message: 'event E-0003 is defined on lines 3 and 4 of log; expected each once' },
      { field: 'inputs.runbook', message: 'action R02 is defined on lines 2 and 3 of runbook; expected each once' },
    ])
  })

  test('a component is a whole name: "cache-warmer" in the system description does not describe "warmer"', () => {
    expect(check(truth({ rootCause: { component: 'warmer', summary: 'Fills the cache too late.' } }))).toEqual([{ field: 'rootCause.component', message: 'component "warmer" is not described in sys' }])
    expect(check(truth({ rootCause: { component: 'cache-warmer', summary: 'Fills the cache too late.' } }))).toEqual([])
  })

  test('an input id that the task does not have is named once, and what depends on it is reported against it', () => {
    const withoutRunbook = new Map([...inputs].filter(([id]) => id !== 'runbook'))
    expect(check(truth(), withoutRunbook)).toEqual([
      { field: 'inputs.runbook', message: 'expected the id of a task input, got "runbook"' },
      { field: 'requiredActions.0', message: 'action R01 does not exist in runbook' },
      { field: 'harmfulActions.0', message: 'action R02 does not exist in runbook' },
    ])
  })
})
