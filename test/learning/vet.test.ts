import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { applyFix, applyFixTo, LEARNABLE_KNOBS, learnedOptionsProblem } from '../../lib/learning/protocol.js'
import { TOPOLOGIES } from '../../lib/topologies/index.js'
import type { Retrospective } from '../../lib/learning/retrospective.js'
import { vetRetrospective } from '../../lib/learning/vet.js'
import { lessonLeaks } from '../../lib/learning/lesson-leaks.js'
import { loadRegistry } from '../../lib/tasks/registry.js'

const codeReview = (await loadRegistry()).get('code_review_execution')

const ctx = { readers: ['security_reviewer', 'synthesizer'], topology: 'star', iteration: 2, runId: 'r1', protocol: {}, leaks: () => [] }
const retro = (r: Partial<Retrospective>): Retrospective => ({ failureModes: [{ id: 'm1', description: 'missed the races', evidence: '"recall_high": 1 of 2' }], lessons: [], protocolFixes: [], ...r })
const TEXT = 'Watch for race_condition items in every shared structure.'

describe('vetRetrospective: only what can take effect is kept', () => {
  test('a lesson keeps the addressees that read memory, with provenance from its failure mode', () => {
    const v = vetRetrospective(retro({ lessons: [{ failureMode: 'm1', audience: ['security_reviewer', 'network_analyst'], text: TEXT }] }), ctx)
    expect(v.lessons).toEqual([{ text: TEXT, audience: ['security_reviewer'], provenance: { runId: 'r1', topology: 'star', iteration: 2, failureMode: 'missed the races', evidence: '"recall_high": 1 of 2' } }])
    expect(v.rejected).toEqual([{ what: expect.stringContaining('for network_analyst'), reason: 'no agent "network_analyst" reads memory in star (readers: security_reviewer, synthesizer)', iteration: 2, topology: 'star' }])
  })

  test('a lesson for no reader at all (the original\'s dead keys) is rejected and recorded', () => {
    const v = vetRetrospective(retro({ lessons: [{ failureMode: 'm1', audience: ['systems_architect'], text: TEXT }] }), ctx)
    expect(v.lessons).toEqual([])
    expect(v.rejected).toHaveLength(1)
  })

  test('a lesson for a group reaches the readers in it: "all" every reader, "specialists" those that are not structural', () => {
    const readers = { ...ctx, readers: ['security_reviewer', 'performance_reviewer', 'synthesizer'] }
    const v = vetRetrospective(retro({ lessons: [{ failureMode: 'm1', audience: ['all'], text: TEXT }, { failureMode: 'm1', audience: ['specialists', 'synthesizer'], text: `${TEXT} Twice.` }] }), readers)
    expect(v.lessons.map((l) => l.audience)).toEqual([
      ['security_reviewer', 'performance_reviewer', 'synthesizer'],
      ['security_reviewer', 'performance_reviewer', 'synthesizer'],
    ])
    expect(v.rejected).toEqual([])
  })

  test('a group with no reader in this topology is rejected for that reason', () => {
    const v = vetRetrospective(retro({ lessons: [{ failureMode: 'm1', audience: ['specialists'], text: TEXT }] }), { ...ctx, topology: 'single', readers: ['single'] })
    expect(v.lessons).toEqual([])
    expect(v.rejected.map((r) => r.reason)).toEqual(['no agent of the group "specialists" reads memory in single (readers: single)'])
  })

  test('a lesson too short to act on is rejected', () => {
    expect(vetRetrospective(retro({ lessons: [{ failureMode: 'm1', audience: ['synthesizer'], text: 'Be careful.' }] }), ctx).rejected[0]!.reason).toBe('shorter than 20 characters')
  })

  test("a lesson that names the task's answers is rejected with what it names; a general lesson is kept", () => {
    const leaking = 'In pull request d03, services/support/tickets_api.py line 60 interpolates the status parameter into SQL: report it as a CRITICAL injection and BLOCK d03.'
    const general = 'Before approving a pull request, trace every value a request supplies to the query or path it reaches.'
    const v = vetRetrospective(retro({ lessons: [{ failureMode: 'm1', audience: ['all'], text: leaking }, { failureMode: 'm1', audience: ['all'], text: general }] }), { ...ctx, leaks: lessonLeaks(codeReview) })
    expect(v.lessons.map((l) => l.text)).toEqual([general])
    expect(v.rejected).toEqual([{ what: `lesson "${leaking.slice(0, 80)}"`, reason: expect.stringMatching(/^names this task's answers: .*"d03" \(an input id of the task\).*; expected how to work, in words that fit any case of the task$/), iteration: 2, topology: 'star' }])
  })

  test('protocol fixes: a knob the topology does not read is rejected; a valid hrm knob is applied', () => {
    const star = vetRetrospective(retro({ protocolFixes: [{ knob: 'maxSegments', value: '4', reason: 'more time' }] }), ctx)
    expect(star.protocol).toEqual({})
    expect(star.rejected[0]!.reason).toBe('star reads no knob "maxSegments" (learnable: none)')
    const hrm = vetRetrospective(retro({ protocolFixes: [{ knob: 'maxSegments', value: '4', reason: 'more time' }] }), { ...ctx, topology: 'hrm' })
    expect(hrm).toMatchObject({ protocol: { maxSegments: 4 }, rejected: [] })
  })
})

describe('applyFix', () => {
  test('self_refine\'s budget is not learnable: it keeps the single-agent arm budget-matched', () => {
    expect(applyFix('self_refine', {}, 'budgetTokens', '999999')).toEqual({ ok: false, reason: "self_refine's budget is never learnable: it keeps the single-agent arm budget-matched to star" })
  })

  test('an invalid value for a knob the topology reads is rejected with the reason', () => {
    expect(applyFix('hrm', {}, 'haltThreshold', '1.5')).toMatchObject({ ok: false, reason: expect.stringContaining('hrm.haltThreshold=1.5 is invalid') })
    expect(applyFix('hrm', { maxSegments: 2 }, 'minSegments', '3')).toMatchObject({ ok: false })
    expect(applyFix('hrm', {}, 'halting', 'fixed')).toEqual({ ok: true, options: { halting: 'fixed' } })
  })
})

describe('learnedOptionsProblem: a stored protocol entry is checked as a retrospective\'s fixes are', () => {
  test('learnable knobs with valid values can take effect', () => {
    expect(learnedOptionsProblem('hrm', { cycles: 3, halting: 'fixed' })).toBeNull()
    expect(learnedOptionsProblem('star', {})).toBeNull()
  })

  test('a knob that is never learned, one the topology does not read, a bad value or an unknown topology names the field and what is expected', () => {
    expect(learnedOptionsProblem('self_refine', { budgetTokens: 1000, budgetSource: 'hand' })).toEqual({ field: 'self_refine.budgetTokens', message: "self_refine's budget is never learnable: it keeps the single-agent arm budget-matched to star" })
    expect(learnedOptionsProblem('star', { anything: 1 })).toEqual({ field: 'star.anything', message: 'star reads no knob "anything" (learnable: none)' })
    expect(learnedOptionsProblem('hrm', { bogus: 5 })).toMatchObject({ field: 'hrm.bogus', message: expect.stringContaining('hrm reads no knob "bogus" (learnable: cycles,') })
    expect(learnedOptionsProblem('hrm', { cycles: 0 })).toMatchObject({ field: 'hrm.cycles', message: expect.stringContaining('>=1') })
    expect(learnedOptionsProblem('hrm', { minSegments: 3, maxSegments: 2 })).toEqual({ field: 'hrm.minSegments', message: 'expected minSegments <= maxSegments' })
    expect(learnedOptionsProblem('swarm', { size: 3 })).toMatchObject({ field: 'swarm', message: expect.stringMatching(/^expected a topology \(single, /) })
  })
})

describe('learnable knobs come from each topology\'s registry entry and are checked against its own options schema', () => {
  // A second organisation with a knob, as a contributor would declare it (hrm's schema would accept anything for it).
  const debate = { id: 'debate', options: z.strictObject({ rounds: z.number().int().min(1).default(1) }), learnableKnobs: ['rounds'] }

  test('a value its own schema refuses is rejected with the reason; a valid one is kept', () => {
    expect(applyFixTo(debate, {}, 'rounds', '-5')).toMatchObject({ ok: false, reason: expect.stringContaining('debate.rounds=-5 is invalid') })
    expect(applyFixTo(debate, {}, 'rounds', '"many"')).toMatchObject({ ok: false, reason: expect.stringContaining('debate.rounds="many" is invalid') })
    expect(applyFixTo(debate, {}, 'rounds', '3')).toEqual({ ok: true, options: { rounds: 3 } })
  })

  test('learnable knobs without a schema to check them against are refused', () => {
    expect(applyFixTo({ id: 'debate', learnableKnobs: ['rounds'] }, {}, 'rounds', '3')).toEqual({ ok: false, reason: 'debate declares learnable knobs but no options schema to check rounds=3 against' })
  })

  test('every registered topology\'s learnable knobs are options its schema reads, and only those topologies have any', () => {
    for (const t of Object.values(TOPOLOGIES)) {
      const knobs = t.learnableKnobs ?? []
      expect(LEARNABLE_KNOBS[t.id] ?? [], t.id).toEqual(knobs)
      if (knobs.length === 0) continue
      const defaults = t.options!.parse({}) as Record<string, unknown>
      for (const knob of knobs) expect(Object.keys(defaults), `${t.id}.${knob}`).toContain(knob)
    }
    // Spelled out, since LEARNABLE_KNOBS is built from the entries: today only hrm has learnable knobs.
    expect(LEARNABLE_KNOBS).toEqual({ hrm: ['cycles', 'passes', 'minSegments', 'maxSegments', 'halting', 'haltThreshold', 'convergence'] })
  })

  test('options are strict: a knob no schema reads is an error, not silently dropped', () => {
    expect(applyFix('hrm', { cylces: 3 }, 'cycles', '2')).toMatchObject({ ok: false, reason: expect.stringContaining('hrm.cycles=2 is invalid') })
  })
})
