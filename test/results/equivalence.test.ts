import { describe, expect, test } from 'vitest'
import { compareOutcomes, outcomeOf } from '../../lib/results/equivalence.js'
import { callRecord } from '../support/calls.js'
import { makeRecord } from './fixtures.js'

describe('compareOutcomes', () => {
  test('timings and the order of parallel calls do not matter; scores, calls and cases do', () => {
    const base = makeRecord({ topology: 'star', trial: 1 })
    base.calls = [callRecord({ id: 'c001' }), callRecord({ id: 'c002' })]
    const sameButSlower = { ...base, timing: { wallMs: 999, criticalPathMs: 500, sumOfCallsMs: 900 }, calls: [{ ...base.calls[1]!, latencyMs: 77 }, base.calls[0]!] }
    expect(outcomeOf(sameButSlower)).toEqual(outcomeOf(base))
    const otherScore = { ...makeRecord({ topology: 'single', trial: 1 }), scores: { ...base.scores, headline: 1 } }
    const result = compareOutcomes([base, makeRecord({ topology: 'single', trial: 1 }), makeRecord({ trial: 5 })], [sameButSlower, otherScore, makeRecord({ trial: 6 })])
    expect(result).toEqual({ same: ['task_a × star #1'], differ: ['task_a × single #1'], onlyA: ['task_a × single #5'], onlyB: ['task_a × single #6'] })
  })

  test('calls replayed from the cache by a resumed run are the same outcome; a different price is not', () => {
    const base = makeRecord({ topology: 'star', trial: 1 })
    const replayed = { ...base, cost: { ...base.cost, org: { ...base.cost.org, cachedCalls: base.cost.org.cachedCalls + 2 } } }
    expect(outcomeOf(replayed)).toEqual(outcomeOf(base))
    const dearer = { ...base, cost: { ...base.cost, org: { ...base.cost.org, usd: (base.cost.org.usd ?? 0) + 1 } } }
    expect(outcomeOf(dearer)).not.toEqual(outcomeOf(base))
  })
})
