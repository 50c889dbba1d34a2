import { describe, expect, test } from 'vitest'
import { macroF1, sameInstant, scoreSupportTriage } from '../../../lib/eval/scorers/support-triage.js'
import type { SupportTriageDeliverable, SupportTriageTruth } from '../../../lib/tasks/kinds/support-triage.js'

/**
 * Three tickets: a P0 outage, a P2 how-to and a P1 billing problem.
 * score = 100 × (0.3 · priority macro-F1 + 0.2 · routing macro-F1 + 0.2 · category macro-F1 + 0.3 · SLA exact)
 */
const truth: SupportTriageTruth = {
  input: 'tickets',
  tickets: [
    { id: 'T-0001', priority: 'P0', routing: 'L3', category: 'outage', slaDeadline: '2026-11-02T13:00:00+01:00' },
    { id: 'T-0002', priority: 'P2', routing: 'L1', category: 'how_to', slaDeadline: '2026-11-03T12:00:00Z' },
    { id: 'T-0003', priority: 'P1', routing: 'L2', category: 'billing', slaDeadline: '2026-11-02T18:00:00Z' },
  ],
}

type Decision = SupportTriageDeliverable['tickets'][number]
const decide = (id: string, priority: Decision['priority'], routing: Decision['routing'], category: Decision['category'], slaDeadline: string): Decision => ({
  id,
  priority,
  routing,
  category,
  slaDeadline,
  rationale: 'r',
})

describe('macroF1', () => {
  test('averages per-class F1 over the classes in the truth; a missing prediction is wrong', () => {
    expect(macroF1(['a', 'b'], ['a', 'b'])).toBe(1)
    // a: tp 1, fp 1 → 2/3; b: tp 0 → 0
    expect(macroF1(['a', 'b'], ['a', 'a'])).toBeCloseTo(1 / 3, 12)
    expect(macroF1(['a', 'b'], ['a', undefined])).toBe(0.5)
    expect(macroF1([], [])).toBeNull()
  })
})

describe('sameInstant', () => {
  test('compares instants to the minute, whatever the offset', () => {
    expect(sameInstant('2026-11-02T13:00:00+01:00', '2026-11-02T12:00:00Z')).toBe(true)
    expect(sameInstant('2026-11-02T12:00:30Z', '2026-11-02T12:00:00Z')).toBe(true)
    expect(sameInstant('2026-11-02T12:01:00Z', '2026-11-02T12:00:00Z')).toBe(false)
    expect(sameInstant('tomorrow', '2026-11-02T12:00:00Z')).toBe(false)
    expect(sameInstant('2026-11-02 13:00:00+0100', '2026-11-02T12:00:00Z')).toBe(true)
  })
})

describe('a deadline without an offset', () => {
  test('is not a hit, whatever time zone the machine runs in', () => {
    const before = process.env.TZ
    try {
      const verdicts = ['UTC', 'Europe/Berlin', 'America/New_York'].map((tz) => {
        process.env.TZ = tz
        // 13:00 Berlin is the deadline: read in Berlin's zone this local time would be right.
        return [sameInstant('2026-11-02T13:00:00', '2026-11-02T13:00:00+01:00'), sameInstant('2026-11-02T12:00:00', '2026-11-02T12:00:00Z')]
      })
      expect(verdicts).toEqual([
        [false, false],
        [false, false],
        [false, false],
      ])
    } finally {
      if (before === undefined) delete process.env.TZ
      else process.env.TZ = before
    }
  })
})

describe('scoreSupportTriage', () => {
  test('perfect triage: 100, deadlines written in another offset still count', () => {
    const s = scoreSupportTriage(truth, {
      tickets: [decide('T-0003', 'P1', 'L2', 'billing', '2026-11-02T19:00:00+01:00'), decide('T-0001', 'P0', 'L3', 'outage', '2026-11-02T12:00:00Z'), decide('T-0002', 'P2', 'L1', 'how_to', '2026-11-03T12:00:00Z')],
    })
    expect(s.score).toBe(100)
    expect(s.metrics).toEqual({
      priority_accuracy: 1,
      priority_macro_f1: 1,
      routing_accuracy: 1,
      routing_macro_f1: 1,
      category_accuracy: 1,
      category_macro_f1: 1,
      sla_exact: 1,
      p0_recall: 1,
      p0_precision: 1,
      coverage: 1,
    })
    expect(s.mustCatch).toEqual([{ id: 'T-0001', description: 'P0 ticket T-0001 must be triaged as P0', caught: true }])
  })

  test('partial triage: one ticket right, one under-prioritised with a wrong deadline, one left out', () => {
    const s = scoreSupportTriage(truth, { tickets: [decide('T-0001', 'P0', 'L3', 'outage', '2026-11-02T12:00:00Z'), decide('T-0002', 'P3', 'L1', 'how_to', '2026-11-04T12:00:00Z')] })
    // priority F1: P0 1, P2 0, P1 0 → 1/3; routing: L3 1, L1 1, L2 0 → 2/3; category 2/3; SLA 1/3
    // 100 × (0.3/3 + 0.2 · 2/3 + 0.2 · 2/3 + 0.3/3) = 46.6667
    expect(s.score).toBe(46.6667)
    expect(s.metrics).toEqual({
      priority_accuracy: 0.3333,
      priority_macro_f1: 0.3333,
      routing_accuracy: 0.6667,
      routing_macro_f1: 0.6667,
      category_accuracy: 0.6667,
      category_macro_f1: 0.6667,
      sla_exact: 0.3333,
      p0_recall: 1,
      p0_precision: 1,
      coverage: 0.6667,
    })
    expect(s.counts).toEqual({ tickets_covered: { hit: 2, total: 3 }, p0: { hit: 1, total: 1 }, p0_handled: { hit: 1, total: 1 }, sla_exact: { hit: 1, total: 3 } })
  })

  test('empty triage: 0, the P0 ticket missed', () => {
    const s = scoreSupportTriage(truth, { tickets: [] })
    expect(s.score).toBe(0)
    expect(s.metrics).toMatchObject({ priority_macro_f1: 0, sla_exact: 0, p0_recall: 0, coverage: 0 })
    expect(s.mustCatch.map((m) => m.caught)).toEqual([false])
  })

  test('over-escalation: every ticket a P0 outage for L3 (plus an invented ticket) with wrong deadlines', () => {
    const s = scoreSupportTriage(truth, {
      tickets: ['T-0001', 'T-0002', 'T-0003', 'T-9999'].map((id) => decide(id, 'P0', 'L3', 'outage', '2026-11-01T00:00:00Z')),
    })
    // each field: the true class F1 = 2·1/(2·1 + 2 + 0) = 0.5, the other two 0 → 1/6; SLA 0
    // 100 × (0.3 + 0.2 + 0.2) / 6 = 11.6667
    expect(s.score).toBe(11.6667)
    expect(s.metrics).toMatchObject({ priority_accuracy: 0.3333, priority_macro_f1: 0.1667, routing_macro_f1: 0.1667, category_macro_f1: 0.1667, sla_exact: 0, p0_recall: 1, p0_precision: 0.25, coverage: 1 })
    // One ticket in four triaged P0 is a P0: marking everything P0 does not catch the outage.
    expect(s.mustCatch).toEqual([{ id: 'T-0001', description: 'P0 ticket T-0001 must be triaged as P0 (not counted: 25 % of the tickets triaged P0 are right, below the 50 % floor)', caught: false }])
  })

  test('one over-prioritised ticket beside the P0 keeps the P0 caught: half the tickets triaged P0 are P0', () => {
    const s = scoreSupportTriage(truth, { tickets: [decide('T-0001', 'P0', 'L3', 'outage', '2026-11-02T12:00:00Z'), decide('T-0002', 'P0', 'L1', 'how_to', '2026-11-03T12:00:00Z')] })
    expect(s.metrics.p0_precision).toBe(0.5)
    expect(s.mustCatch.map((m) => m.caught)).toEqual([true])
  })

  test('a duplicated ticket is scored by its first decision', () => {
    const s = scoreSupportTriage(truth, { tickets: [decide('T-0001', 'P2', 'L1', 'how_to', 'x'), decide('T-0001', 'P0', 'L3', 'outage', '2026-11-02T12:00:00Z')] })
    expect(s.metrics.p0_recall).toBe(0)
  })

  test('ticket ids are read as ids: case, spaces, backticks and the dash do not count', () => {
    const s = scoreSupportTriage(truth, {
      tickets: [decide('t-0001 ', 'P0', 'L3', 'outage', '2026-11-02T12:00:00Z'), decide('`T-0002`', 'P2', 'L1', 'how_to', '2026-11-03T12:00:00Z'), decide('T0003', 'P1', 'L2', 'billing', '2026-11-02T18:00:00Z')],
    })
    expect(s.score).toBe(100)
    expect(s.warnings).toBeUndefined()
  })

  test('a deliverable none of whose ids is in the batch scores 0 and says why in a warning', () => {
    const s = scoreSupportTriage(truth, { tickets: [decide('X-0001', 'P0', 'L3', 'outage', '2026-11-02T12:00:00Z')] })
    expect(s.score).toBe(0)
    expect(s.warnings).toEqual(['none of the deliverable\'s 1 ticket id(s) (e.g. "X-0001") names a ticket of the task (e.g. "T-0001"): every ticket scores as left out'])
    // An empty deliverable is not a reading problem: nothing to warn about.
    expect(scoreSupportTriage(truth, { tickets: [] }).warnings).toBeUndefined()
  })
})
