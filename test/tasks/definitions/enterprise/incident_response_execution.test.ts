import { describe, expect, test } from 'vitest'
import type { IncidentResponseTruth } from '../../../../lib/tasks/kinds/incident-response.js'
import { checkIncidentCitations, checkSetup, inputsOf, inputText, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('incident_response_execution')
const truth = task.truth!.data as IncidentResponseTruth

describe('incident_response_execution: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'operations',
    tier: 'standard',
    kind: 'execution',
    deliverable: 'incident_response',
    roles: ["systems_architect", "coordination_specialist", "governance_designer", "load_engineer", "learning_analyst"],
    rubric: [["diagnosis_accuracy", 20], ["evidence_use", 20], ["remediation_quality", 20], ["risk_awareness", 20], ["communication", 20]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["system:markdown", "events:log", "metrics:csv", "runbook:markdown"])
  })
})

describe('incident_response_execution: its ground truth', () => {
  checkIncidentCitations(task, 18)

  test('one incident: its root cause is a component of the system, it begins at an event of the log, and the actions split into required and harmful', () => {
    expect(truth.components).toContain(truth.rootCause.component)
    expect(inputText(task, 'system')).toContain(truth.rootCause.component)
    expect(truth.firstBadEvent).toBe('E-0066')
    expect(truth.requiredActions).toEqual(['R05', 'R10', 'R14'])
    expect(truth.harmfulActions).toEqual(['R04', 'R07', 'R12'])
    expect(truth.requiredActions.filter((a) => truth.harmfulActions.includes(a))).toEqual([])
  })

  test('a red herring is never the root cause', () => {
    expect(truth.redHerrings.map((r) => r.component)).not.toContain(truth.rootCause.component)
  })
})
