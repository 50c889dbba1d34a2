import { describe, expect, test } from 'vitest'
import { Estimate, LearningEvidence } from '../../lib/memory/evidence.js'

const settings = { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }
const estimate = { mean: 4.5, lo: 1, hi: 8, n: 4 }
const arm = { topology: 'star', curve: [{ ...estimate, iteration: 0, errors: 0, memoryVersion: 'default' }], improvement: estimate, memoryOff: null, stop: 'iteration limit' }

describe('LearningEvidence', () => {
  test('reads a version written before the provider, model, retrospective cost and split were recorded', () => {
    const old = { runId: 'run-1', simulated: false, settings, arms: [arm], differences: [{ ...estimate, org: 'star', single: 'single' }] }
    expect(LearningEvidence.parse(old)).toEqual(old)
  })

  test('reads the recorded endpoint and the train/held-out split, and keeps them', () => {
    const split = { task: 't', mode: 'seeds', unit: null, fraction: null, reason: 'one input', train: null, heldOut: null, trainSeeds: [1, 2], heldOutSeeds: [3] }
    const full = { runId: 'run-2', simulated: false, provider: 'openrouter', model: 'm', settings, arms: [arm], differences: [], split }
    expect(LearningEvidence.parse(full)).toEqual(full)
    expect(LearningEvidence.safeParse({ ...full, split: { ...split, mode: 'tickets' } }).success).toBe(false)
  })

  test('refuses evidence without settings, and a curve point without its iteration', () => {
    expect(LearningEvidence.safeParse({ runId: 'r', simulated: true, arms: [], differences: [] }).error?.issues[0]?.path).toEqual(['settings'])
    const bad = LearningEvidence.safeParse({ runId: 'r', simulated: true, settings, arms: [{ ...arm, curve: [estimate] }], differences: [] })
    expect(bad.error?.issues.map((i) => i.path.join('.'))).toContain('arms.0.curve.0.iteration')
  })
})

describe('Estimate', () => {
  test('a mean and interval may be unknown (null), the count may not be fractional', () => {
    expect(Estimate.parse({ mean: null, lo: null, hi: null, n: 0 })).toEqual({ mean: null, lo: null, hi: null, n: 0 })
    expect(Estimate.safeParse({ ...estimate, n: 2.5 }).success).toBe(false)
  })
})
