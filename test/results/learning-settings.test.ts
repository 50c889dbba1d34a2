import { describe, expect, test } from 'vitest'
import { LearningSplit, LearnSettings } from '../../lib/results/learning-settings.js'

describe('LearningSplit', () => {
  test('an input split: the unit, the share held out, and each side\'s ids with their hash', () => {
    const split = { task: 'support_triage_execution', mode: 'inputs', unit: 'ticket', fraction: 0.25, reason: null, train: { ids: ['T-1', 'T-2', 'T-3'], sha256: 'a'.repeat(64) }, heldOut: { ids: ['T-4'], sha256: 'b'.repeat(64) }, trainSeeds: [1, 2], heldOutSeeds: [101, 102] }
    expect(LearningSplit.parse(split)).toEqual(split)
  })

  test('a seed-only split has no unit, share or sides, and says why', () => {
    const split = { task: 'software_architecture', mode: 'seeds', unit: null, fraction: null, reason: 'a design task has no inputs to split', train: null, heldOut: null, trainSeeds: [1], heldOutSeeds: [2] }
    expect(LearningSplit.parse(split)).toEqual(split)
  })

  test('refuses another mode, a side without its hash, and a fractional seed', () => {
    const base = { task: 't', mode: 'seeds', unit: null, fraction: null, reason: 'x', train: null, heldOut: null, trainSeeds: [1], heldOutSeeds: [2] }
    expect(LearningSplit.safeParse({ ...base, mode: 'tickets' }).success).toBe(false)
    expect(LearningSplit.safeParse({ ...base, train: { ids: ['a'] } }).error?.issues[0]?.path).toEqual(['train', 'sha256'])
    expect(LearningSplit.safeParse({ ...base, heldOutSeeds: [2.5] }).error?.issues[0]?.path).toEqual(['heldOutSeeds', 0])
  })
})

describe('LearnSettings', () => {
  test('four whole numbers: iterations, trials per side, and the lesson budget', () => {
    expect(LearnSettings.parse({ iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 })).toEqual({ iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 })
    expect(LearnSettings.safeParse({ iterations: 3, trainTrials: 2, heldOutTrials: 4 }).error?.issues[0]?.path).toEqual(['budgetTokens'])
    expect(LearnSettings.safeParse({ iterations: 1.5, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 }).success).toBe(false)
  })
})
