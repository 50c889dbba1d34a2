import { z } from 'zod'
import { describe, expect, test } from 'vitest'
import { applyFix, applyFixTo, LEARNABLE_KNOBS, learnedOptionsProblem } from '../../lib/learning/protocol.js'

/*
 * More cases of the same rules are in test/learning/vet.test.ts, which checks them as a
 * retrospective's fixes are vetted.
 */

describe('LEARNABLE_KNOBS', () => {
  test("only topologies that declare learnable knobs are listed; self_refine's budget never is", () => {
    expect(LEARNABLE_KNOBS).toEqual({ hrm: ['cycles', 'passes', 'minSegments', 'maxSegments', 'halting', 'haltThreshold', 'convergence'] })
  })
})

describe('applyFix', () => {
  test('a value is read as JSON when it parses, as the raw string otherwise, and joins the current options', () => {
    expect(applyFix('hrm', { cycles: 2 }, 'haltThreshold', '0.8')).toEqual({ ok: true, options: { cycles: 2, haltThreshold: 0.8 } })
    expect(applyFix('hrm', {}, 'halting', 'fixed')).toEqual({ ok: true, options: { halting: 'fixed' } })
    expect(applyFix('hrm', {}, 'halting', '"fixed"')).toEqual({ ok: true, options: { halting: 'fixed' } })
  })

  test('a topology that is not in the registry reads no knob', () => {
    expect(applyFix('swarm', {}, 'size', '3')).toEqual({ ok: false, reason: 'swarm reads no knob "size" (learnable: none)' })
  })
})

describe('applyFixTo', () => {
  test('a topology that declares learnable knobs without an options schema cannot have them checked, so the fix is refused', () => {
    expect(applyFixTo({ id: 'debate', learnableKnobs: ['rounds'] }, {}, 'rounds', '3')).toEqual({ ok: false, reason: 'debate declares learnable knobs but no options schema to check rounds=3 against' })
  })

  test('the current options are not changed by a fix', () => {
    const current = { rounds: 1 }
    const entry = { id: 'debate', options: z.strictObject({ rounds: z.number().int().min(1) }), learnableKnobs: ['rounds'] }
    expect(applyFixTo(entry, current, 'rounds', '4')).toEqual({ ok: true, options: { rounds: 4 } })
    expect(current).toEqual({ rounds: 1 })
  })
})

describe('learnedOptionsProblem', () => {
  test('no options at all can always take effect', () => {
    expect(learnedOptionsProblem('hrm', {})).toBeNull()
    expect(learnedOptionsProblem('self_refine', {})).toBeNull()
  })

  test("self_refine's budget source is never learned either", () => {
    expect(learnedOptionsProblem('self_refine', { budgetSource: 'hand' })).toEqual({ field: 'self_refine.budgetSource', message: "self_refine's budget is never learnable: it keeps the single-agent arm budget-matched to star" })
  })
})
