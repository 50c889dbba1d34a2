import { describe, expect, test } from 'vitest'
import type { SupportTriageTruth } from '../../../../lib/tasks/kinds/support-triage.js'
import { checkSetup, checkTriageTruth, countBy, firstColumn, inputsOf, inputText, promptText, realExamples, taskOf } from '../../../support/task-definitions.js'

const task = taskOf('support_triage_hard')
const truth = task.truth!.data as SupportTriageTruth

describe('support_triage_hard: its setup', () => {
  checkSetup(task, {
    track: 'enterprise',
    costCenter: 'support',
    tier: 'hard',
    kind: 'execution',
    deliverable: 'support_triage',
    roles: ["support_operations", "account_analyst", "sla_analyst", "case_linker", "classification_analyst"],
    rubric: [["priority_accuracy", 20], ["routing_accuracy", 15], ["sla_accuracy", 20], ["merge_accuracy", 20], ["rationale_quality", 10], ["coverage", 15]],
    composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
  })

  test('its inputs, in the order agents read them', () => {
    expect(inputsOf(task)).toEqual(["policy:markdown", "accounts:csv", "changes:csv", "tickets:json"])
  })
})

describe('support_triage_hard: its ground truth', () => {
  const batch = (JSON.parse(inputText(task, truth.input)) as { tickets: Array<{ id: string; account?: string }> }).tickets

  test('one decision per ticket of the batch, in its order: 497 tickets by priority', () => {
    expect(truth.tickets.map((t) => t.id)).toEqual(batch.map((t) => t.id))
    expect(countBy(truth.tickets, (t) => t.priority)).toEqual([["P0", 106], ["P1", 227], ["P2", 88], ["P3", 76]])
  })

  checkTriageTruth(task)

  test('95 merged tickets, each into an original of the batch received before it', () => {
    const at = new Map(batch.map((t, i) => [t.id, i]))
    const originals = new Set(truth.tickets.filter((t) => t.mergeInto === null).map((t) => t.id))
    const merged = truth.tickets.filter((t) => t.mergeInto)
    expect(merged).toHaveLength(95)
    for (const t of merged) {
      expect(originals.has(t.mergeInto!), `${t.id} → ${t.mergeInto}`).toBe(true)
      expect(at.get(t.mergeInto!)!, t.id).toBeLessThan(at.get(t.id)!)
    }
  })

  test('every ticket names an account of the account table', () => {
    expect(truth.accounts).toBe('accounts')
    const accounts = firstColumn(inputText(task, 'accounts'))
    expect(batch.filter((t) => !accounts.has(t.account!)).map((t) => t.id)).toEqual([])
  })
})

describe('support_triage_hard: examples', () => {
  test('an example that names a ticket of the queue is caught, as the old field list gave T-4101 (a lapsed account, P3) and T-4120 (merged)', () => {
    const old = ['- id: the ticket id exactly as given (e.g. "T-4101").', '- rationale: a few words, e.g. "lapsed account; P3" or', '  "joins T-4120; Premier P0 30 min".'].join('\n')
    expect(realExamples(task, old)).toEqual(['T-4101', 'T-4120'])
    expect(truth.tickets.find((t) => t.id === 'T-4101')?.priority).toBe('P3')
    expect(truth.tickets.find((t) => t.id === 'T-4120')?.mergeInto).not.toBeNull()
  })

  test('the example ids are outside the queue, and the example original is not itself merged', () => {
    expect(promptText(task)).toContain('(e.g. "T-9001")')
    expect(promptText(task)).toContain('"joins T-9001; Premier P0 30 min"')
    expect(truth.tickets.some((t) => t.id === 'T-9001')).toBe(false)
  })
})
