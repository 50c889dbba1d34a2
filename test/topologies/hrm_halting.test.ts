import { describe, expect, test } from 'vitest'
import { converged, haltDecision, needsAssessment } from '../../lib/topologies/hrm_halting.js'

const act = { minSegments: 2, maxSegments: 4, halting: 'act' as const, haltThreshold: 0.8, convergence: 0.1 }
const fixed = { ...act, halting: 'fixed' as const }

describe('haltDecision in ACT mode', () => {
  test.each([
    [{ segment: 1, distance: null, passProbability: 0.99 }, false, 'below_min_segments'],
    [{ segment: 2, distance: 0.05, passProbability: null }, true, 'converged'],
    [{ segment: 2, distance: 0.1, passProbability: 0.8 }, true, 'confident'],
    [{ segment: 3, distance: 0.5, passProbability: 0.79 }, false, 'not_confident'],
    [{ segment: 3, distance: 0.5, passProbability: null }, false, 'not_confident'],
    [{ segment: 4, distance: 0.9, passProbability: 0.1 }, true, 'max_segments'],
  ] as const)('%o → halt %s (%s)', (state, halt, reason) => {
    expect(haltDecision(act, state)).toEqual({ halt, reason })
  })
})

describe('haltDecision in fixed mode', () => {
  test('runs maxSegments whatever the deliverable and the assessment say', () => {
    expect(haltDecision(fixed, { segment: 2, distance: 0, passProbability: 1 })).toEqual({ halt: false, reason: 'fixed_segments' })
    expect(haltDecision(fixed, { segment: 4, distance: 0.9, passProbability: 0 })).toEqual({ halt: true, reason: 'max_segments' })
  })
})

describe('needsAssessment', () => {
  test('asks the halting head only when the ACT rule could go either way', () => {
    expect([1, 2, 3, 4].map((segment) => needsAssessment(act, segment, 0.5))).toEqual([false, true, true, false])
    expect(needsAssessment(act, 2, 0.05)).toBe(false)
    expect(needsAssessment(fixed, 2, 0.5)).toBe(false)
  })

  test('convergence needs a previous deliverable and a distance strictly below ε', () => {
    expect(converged(null, 0.1)).toBe(false)
    expect(converged(0.1, 0.1)).toBe(false)
    expect(converged(0.0999, 0.1)).toBe(true)
    expect(converged(0, 0)).toBe(false)
  })
})
