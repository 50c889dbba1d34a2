import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import type { TestRecord } from '../../lib/results/record.js'
import type { PeerResults } from '../../lib/run/peers.js'
import { selfRefineBudget, topologyOptions } from '../../lib/run/topology-options.js'

const config = (vars: Record<string, string> = {}) => loadConfig({ env: { ORGBENCH_TRIALS: '3', ...vars }, cwd: '/nonexistent' })
const starRecord = (prompt: number, completion: number, finished = true) =>
  ({ deliverable: finished ? { kind: 'markdown', text: 'x' } : null, cost: { org: { tokens: { prompt, completion, cached: 0, reasoning: 0 } } } }) as unknown as TestRecord

function peersWith(star: Array<TestRecord | null> | null): PeerResults & { asked: number[] } {
  const asked: number[] = []
  return {
    asked,
    scheduled: (t) => t === 'star' && star !== null,
    record: async (t, trial) => {
      expect(t).toBe('star')
      asked.push(trial)
      return star?.[trial - 1] ?? null
    },
  }
}

describe('selfRefineBudget', () => {
  test('is the median of star\'s prompt + completion tokens over the configured trials', async () => {
    const peers = peersWith([starRecord(900, 100), starRecord(4000, 1000), starRecord(2000, 500)])
    expect(await selfRefineBudget(config(), peers)).toEqual({ budgetTokens: 2500, budgetSource: 'star-median' })
    expect(peers.asked).toEqual([1, 2, 3])
  })

  test('skips star trials that produced no deliverable', async () => {
    const peers = peersWith([starRecord(900, 100), null, starRecord(2000, 500, false)])
    expect(await selfRefineBudget(config(), peers)).toEqual({ budgetTokens: 1000, budgetSource: 'star-median' })
  })

  test('falls back to an estimate from its own draft when star is not scheduled or never finished', async () => {
    expect(await selfRefineBudget(config(), peersWith(null))).toEqual({ budgetTokens: null, budgetSource: 'estimate' })
    expect(await selfRefineBudget(config(), undefined)).toEqual({ budgetTokens: null, budgetSource: 'estimate' })
    expect(await selfRefineBudget(config(), peersWith([null, null, null]))).toEqual({ budgetTokens: null, budgetSource: 'estimate' })
  })

  test('ORGBENCH_SELF_REFINE_BUDGET overrides star without waiting for it', async () => {
    const peers = peersWith([starRecord(900, 100)])
    expect(await selfRefineBudget(config({ ORGBENCH_SELF_REFINE_BUDGET: '12345' }), peers)).toEqual({ budgetTokens: 12_345, budgetSource: 'override' })
    expect(peers.asked).toEqual([])
  })
})

describe('topologyOptions', () => {
  test('hrm gets the configured schedule; topologies without knobs get none and never wait', async () => {
    const c = config({ ORGBENCH_HRM_CYCLES: '4' })
    expect(await topologyOptions('hrm', c)).toEqual({ ...c.hrm })
    expect((await topologyOptions('hrm', c)).cycles).toBe(4)
    const peers = peersWith([starRecord(1, 1)])
    expect(await topologyOptions('pipeline', c, peers)).toEqual({})
    expect(peers.asked).toEqual([])
  })
})
