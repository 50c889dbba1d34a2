import { describe, expect, test } from 'vitest'
import type { MultiIncidentTruth } from '../../../../lib/tasks/kinds/incident-response.js'
import { checkIncidentCitations, checkSetup, inputsOf, inputText, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('incident_response_overlap')
const truth = task.truth!.data as MultiIncidentTruth

describe('incident_response_overlap: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'operations',
    tier: 'hard',
    kind: 'execution',
    deliverable: 'incident_response',
    roles: ["systems_architect", "flow_analyst", "change_reviewer", "capacity_engineer", "metrics_analyst"],
    rubric: [["diagnosis_accuracy", 25], ["evidence_use", 20], ["remediation_quality", 20], ["risk_awareness", 20], ["communication", 15]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["system:markdown", "events:log", "metrics:csv", "runbook:markdown"])
  })
})

describe('incident_response_overlap: its ground truth', () => {
  checkIncidentCitations(task, 24)

  test('four overlapping incidents, each with its root-cause component named in the system description and its first bad event', () => {
    expect(truth.incidents.map((i) => [i.id, i.rootCause.component, i.firstBadEvent])).toEqual([
      ['a', 'orders', 'E-0358'],
      ['b', 'inventory', 'E-0835'],
      ['c', 'cart', 'E-0473'],
      ['d', 'reporting', 'E-2846'],
    ])
    const system = inputText(task, 'system')
    for (const i of truth.incidents) expect(system, i.id).toContain(`\`${i.rootCause.component}\``)
  })

  test('10 required actions, each for one of the incidents, and 6 harmful ones, none of them required', () => {
    const ids = truth.incidents.map((i) => i.id)
    expect(truth.requiredActions).toHaveLength(10)
    for (const a of truth.requiredActions) expect(ids, a.action).toContain(a.incident)
    expect(truth.harmfulActions).toHaveLength(6)
    const required = new Set(truth.requiredActions.map((a) => a.action))
    expect(truth.harmfulActions.filter((h) => required.has(h.action))).toEqual([])
  })

  test("a red herring's events are neither an incident's first bad event nor a link of its causal chain (a red herring may sit in a root-cause component: inventory's CHG-5533)", () => {
    const causal = new Set(truth.incidents.flatMap((i) => [i.firstBadEvent, ...i.causalChain.flatMap((l) => l.events)]))
    expect(truth.redHerrings.flatMap((r) => r.events).filter((e) => causal.has(e))).toEqual([])
    expect(truth.redHerrings.filter((r) => r.component === 'inventory').map((r) => r.events)).toEqual([['E-1170']])
  })
})
