import { describe, expect, test } from 'vitest'
import { scoreSupportTriage } from '../../../lib/eval/scorers/support-triage.js'
import type { SupportTriageDeliverable, SupportTriageTruth } from '../../../lib/tasks/kinds/support-triage.js'

/**
 * A triage that scores merges: T-0002 duplicates the P0 outage T-0001; T-0004 escalates T-0003
 * (a P2 defect raised to P1 by the follow-up); T-0005 stands alone. Expected values are worked out
 * by hand with score = 100 × (0.25 · priority macro-F1 + 0.15 · routing macro-F1
 * + 0.15 · category macro-F1 + 0.25 · SLA exact + 0.2 · merge F1).
 */
const truth: SupportTriageTruth = {
  input: 'tickets',
  accounts: 'accounts',
  tickets: [
    { id: 'T-0001', priority: 'P0', routing: 'L3', category: 'outage', slaDeadline: '2026-10-20T10:00:00Z', mergeInto: null },
    { id: 'T-0002', priority: 'P0', routing: 'L3', category: 'outage', slaDeadline: '2026-10-20T10:00:00Z', mergeInto: 'T-0001', mergeKind: 'duplicate' },
    { id: 'T-0003', priority: 'P1', routing: 'L2', category: 'defect', slaDeadline: '2026-10-21T12:00:00Z', mergeInto: null },
    { id: 'T-0004', priority: 'P1', routing: 'L2', category: 'defect', slaDeadline: '2026-10-21T12:00:00Z', mergeInto: 'T-0003', mergeKind: 'escalation' },
    { id: 'T-0005', priority: 'P3', routing: 'L1', category: 'how_to', slaDeadline: '2026-10-23T17:00:00Z', mergeInto: null },
  ],
}

type Decision = SupportTriageDeliverable['tickets'][number]
const perfect = (): Decision[] => truth.tickets.map((t) => ({ id: t.id, priority: t.priority, routing: t.routing, category: t.category, slaDeadline: t.slaDeadline, rationale: 'r', mergeInto: t.mergeInto ?? null }))
const edit = (changes: Record<string, Partial<Decision>>) => ({ tickets: perfect().map((d) => ({ ...d, ...changes[d.id] })) })

describe('scoreSupportTriage with merges', () => {
  test('perfect: 100, every merge found, both P0 tickets and the escalation caught', () => {
    const s = scoreSupportTriage(truth, { tickets: perfect() })
    expect(s.score).toBe(100)
    expect(s.metrics).toMatchObject({ merge_precision: 1, merge_recall: 1, merge_f1: 1, p0_recall: 1 })
    expect(s.counts).toMatchObject({ merges: { hit: 2, total: 2 }, escalations: { hit: 1, total: 1 } })
    expect(s.mustCatch).toEqual([
      { id: 'T-0001', description: 'P0 ticket T-0001 must be triaged as P0', caught: true },
      { id: 'T-0002', description: 'P0 ticket T-0002 must be triaged as P0', caught: true },
      { id: 'T-0004>T-0003', description: 'T-0004 must be merged into T-0003, which it raises to P1', caught: true },
    ])
  })

  test('partial: the duplicate missed, the escalation merged but the original left at P2 with its old deadline', () => {
    const s = scoreSupportTriage(truth, edit({ 'T-0002': { mergeInto: null }, 'T-0003': { priority: 'P2', slaDeadline: '2026-10-22T12:00:00Z' } }))
    // priority F1: P0 1, P1 2/3 (T-0004 right, T-0003 missed), P3 1 → 8/9; routing 1; category 1; SLA 4/5;
    // merges: tp 1, fp 0, fn 1 → precision 1, recall 0.5, F1 2/3.
    // 100 × (0.25 · 8/9 + 0.15 + 0.15 + 0.25 · 0.8 + 0.2 · 2/3) = 85.5556
    expect(s.score).toBe(85.5556)
    expect(s.metrics).toMatchObject({ priority_macro_f1: 0.8889, sla_exact: 0.8, merge_precision: 1, merge_recall: 0.5, merge_f1: 0.6667 })
    expect(s.mustCatch.map((m) => [m.id, m.caught])).toEqual([
      ['T-0001', true],
      ['T-0002', true],
      ['T-0004>T-0003', false],
    ])
  })

  test('empty: 0, no merges, every must-catch missed', () => {
    const s = scoreSupportTriage(truth, { tickets: [] })
    expect(s.score).toBe(0)
    expect(s.metrics).toMatchObject({ merge_precision: null, merge_recall: 0, merge_f1: 0 })
    expect(s.mustCatch.every((m) => !m.caught)).toBe(true)
  })

  test('false alarms: everything merged into the first ticket', () => {
    const s = scoreSupportTriage(truth, edit({ 'T-0003': { mergeInto: 'T-0001' }, 'T-0004': { mergeInto: 'T-0001' }, 'T-0005': { mergeInto: 'T-0001' } }))
    // merges: T-0002 right (tp 1); T-0003, T-0004, T-0005 wrong (fp 3); T-0004's original missed (fn 1)
    // → precision 0.25, recall 0.5, F1 2/6; 100 × (0.25 + 0.15 + 0.15 + 0.25 + 0.2/3) = 86.6667
    expect(s.score).toBe(86.6667)
    expect(s.metrics).toMatchObject({ merge_precision: 0.25, merge_recall: 0.5, merge_f1: 0.3333 })
    expect(s.mustCatch.find((m) => m.id === 'T-0004>T-0003')?.caught).toBe(false)
  })

  test('a truth without merges ignores mergeInto and keeps the standard formula and metrics', () => {
    const plain: SupportTriageTruth = { input: 'tickets', tickets: truth.tickets.map(({ mergeInto: _m, mergeKind: _k, ...t }) => t) }
    const s = scoreSupportTriage(plain, edit({ 'T-0003': { mergeInto: 'T-0001' } }))
    expect(s.score).toBe(100)
    expect(Object.keys(s.metrics)).not.toContain('merge_f1')
    expect(s.mustCatch.map((m) => m.id)).toEqual(['T-0001', 'T-0002'])
  })
})
