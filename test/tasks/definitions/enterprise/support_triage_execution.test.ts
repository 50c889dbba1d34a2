import { describe, expect, test } from 'vitest'
import type { SupportTriageTruth } from '../../../../lib/tasks/kinds/support-triage.js'
import { checkSetup, checkTriageTruth, countBy, inputsOf, inputText, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('support_triage_execution')
const truth = task.truth!.data as SupportTriageTruth

describe('support_triage_execution: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'support',
    tier: 'standard',
    kind: 'execution',
    deliverable: 'support_triage',
    roles: ["support_operations", "customer_success", "classification_analyst", "knowledge_manager", "sla_analyst"],
    rubric: [["priority_accuracy", 20], ["routing_accuracy", 20], ["sla_accuracy", 20], ["rationale_quality", 20], ["coverage", 20]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["policy:markdown", "tickets:json"])
  })
})

describe('support_triage_execution: its ground truth', () => {
  const batch = (JSON.parse(inputText(task, truth.input)) as { tickets: Array<{ id: string; account?: string }> }).tickets

  test('one decision per ticket of the batch, in its order: 51 tickets by priority', () => {
    expect(truth.tickets.map((t) => t.id)).toEqual(batch.map((t) => t.id))
    expect(countBy(truth.tickets, (t) => t.priority)).toEqual([["P0", 9], ["P1", 11], ["P2", 15], ["P3", 16]])
  })

  checkTriageTruth(task)

  test('no merges are scored: no ticket names an original', () => {
    expect(truth.tickets.filter((t) => t.mergeInto !== undefined)).toEqual([])
    expect(truth.accounts).toBeUndefined()
  })
})
