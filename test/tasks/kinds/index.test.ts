import { describe, expect, test } from 'vitest'
import { deliverableSchema, STRUCTURED_KINDS } from '../../../lib/tasks/kinds/index.js'
import { DeliverableKind } from '../../../lib/tasks/schema.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

const registry = await loadRegistry()

describe('STRUCTURED_KINDS', () => {
  test('every structured deliverable kind of a task definition, and nothing else', () => {
    expect(Object.keys(STRUCTURED_KINDS).sort()).toEqual(DeliverableKind.options.filter((k) => k !== 'markdown').sort())
  })

  test("each names its schema <kind>_deliverable, says what it is and what it enforces", () => {
    for (const [kind, k] of Object.entries(STRUCTURED_KINDS)) {
      expect(k.schemaName, kind).toBe(`${kind}_deliverable`)
      expect(k.summary.length, kind).toBeGreaterThan(40)
      expect(k.rules.length, kind).toBeGreaterThan(0)
    }
  })
})

describe('deliverableSchema', () => {
  test('one schema object per kind, category set and shape: asked twice for the same task, the same object', () => {
    const task = registry.get('code_review_execution')
    expect(deliverableSchema(task as never)).toBe(deliverableSchema(task as never))
  })

  test('two tasks of one kind with the same categories but other shapes get other schemas (merges scored or not)', () => {
    const plain = registry.get('support_triage_execution')
    const merging = registry.get('support_triage_hard')
    expect(plain.categories).toEqual(merging.categories)
    const a = deliverableSchema(plain as never)
    const b = deliverableSchema(merging as never)
    expect(a).not.toBe(b)
    const decision = { id: 'T-4101', priority: 'P3', routing: 'L1', category: 'defect', slaDeadline: '2026-10-15T18:00:00+08:00', rationale: 'lapsed' }
    expect(a.safeParse({ tickets: [decision] }).success).toBe(true)
    expect(b.safeParse({ tickets: [decision] }).success).toBe(false)
    expect(b.safeParse({ tickets: [{ ...decision, mergeInto: null }] }).success).toBe(true)
  })

  test("a task's own categories are in its schema: a finding under one of them is valid only for that task", () => {
    const hard = registry.get('code_review_hard')
    const own = hard.categories.map((c) => c.id).find((id) => !registry.get('code_review_execution').categories.some((c) => c.id === id))
    expect(own).toBeDefined()
    const review = { reviews: [{ diff: 'p01', verdict: 'BLOCK', summary: 's', findings: [{ file: 'a', line: 1, category: own, severity: 'HIGH', explanation: 'e', fix: 'f' }] }] }
    expect(deliverableSchema(hard as never).safeParse(review).success).toBe(true)
    expect(deliverableSchema(registry.get('code_review_execution') as never).safeParse(review).success).toBe(false)
  })
})
