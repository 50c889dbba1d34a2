import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import type { TestRecord } from '../../lib/results/record.js'
import type { PeerResults } from '../../lib/run/peers.js'
import { isSingleAgent, matchedSingleId } from '../../lib/results/matched-baseline.js'
import { TOPOLOGIES } from '../../lib/topologies/index.js'
import { MatchedPeerCappedError, MatchedPeerError, matchedBudget, selfRefineBudget, topologyOptions, withMatched } from '../../lib/run/topology-options.js'

const config = (vars: Record<string, string> = {}) => loadConfig({ env: { ORGBENCH_TRIALS: '3', ...vars }, cwd: '/nonexistent' })
const starRecord = (prompt: number, completion: number, finished = true) =>
  ({ deliverable: finished ? { kind: 'markdown', text: 'x' } : null, errors: [], cost: { org: { tokens: { prompt, completion, cached: 0, reasoning: 0 } } } }) as unknown as TestRecord

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

describe('matchedBudget: self_refine@<peer> is matched to its peer\'s median spend', () => {
  const peerRecords = (records: Array<TestRecord | null>, peer = 'peer_review'): PeerResults & { asked: string[] } => {
    const asked: string[] = []
    return { asked, scheduled: (t) => t === peer, record: async (t, trial) => (asked.push(`${t}#${trial}`), records[trial - 1] ?? null) }
  }

  test('waits on every trial of its peer and takes the median of the finished ones', async () => {
    const peers = peerRecords([starRecord(9000, 1000), starRecord(30_000, 6000, false), starRecord(20_000, 4000)])
    expect(await matchedBudget(config(), peers, 'peer_review')).toEqual({ budgetTokens: 17_000, budgetSource: 'peer_review-median' })
    expect(peers.asked).toEqual(['peer_review#1', 'peer_review#2', 'peer_review#3'])
    expect(await topologyOptions('self_refine@peer_review', config(), peers)).toEqual({ budgetTokens: 17_000, budgetSource: 'peer_review-median' })
  })

  test('an errored or unscheduled peer is an error naming the cause, never an estimate, and ORGBENCH_SELF_REFINE_BUDGET does not apply', async () => {
    await expect(matchedBudget(config(), peerRecords([null, null, null]), 'peer_review')).rejects.toThrow(MatchedPeerError)
    await expect(matchedBudget(config({ ORGBENCH_SELF_REFINE_BUDGET: '5000' }), peerRecords([null, null, null]), 'peer_review')).rejects.toThrow(
      "none of peer_review's 3 trial(s) of this task finished with known tokens: self_refine@peer_review has no spend to match",
    )
    await expect(matchedBudget(config(), peerRecords([starRecord(1, 1)], 'hrm'), 'peer_review')).rejects.toThrow('peer_review is not scheduled in this run')
    await expect(matchedBudget(config(), undefined, 'hrm')).rejects.toThrow('hrm is not scheduled in this run')
  })

  test('a peer the dollar cap stopped makes it a budget error: it did not run because of the cap, and a resume with a higher cap runs it', async () => {
    const refused = { deliverable: null, errors: [{ stage: 'organisation', kind: 'budget', message: 'refused', callId: 'c001' }] } as unknown as TestRecord
    const stopped = matchedBudget(config(), peerRecords([refused, refused, null], 'hrm'), 'hrm')
    await expect(stopped).rejects.toThrow(MatchedPeerCappedError)
    await expect(stopped).rejects.toMatchObject({
      name: 'budget',
      message: "none of hrm's 3 trial(s) of this task finished, 2 of them stopped by the dollar cap (ORGBENCH_MAX_USD): self_refine@hrm has no spend to match, and runs when a resume with a higher cap has run hrm",
    })
    // A peer with one finished trial is matched to it, whatever stopped the others.
    expect(await matchedBudget(config(), peerRecords([refused, starRecord(900, 100), null], 'hrm'), 'hrm')).toEqual({ budgetTokens: 1000, budgetSource: 'hrm-median' })
  })
})

describe('withMatched: the topologies a run declares', () => {
  test('off: as chosen; on: self_refine@<organisation> after everything, for the organisations that run (star\'s is self_refine)', () => {
    const chosen = ['single', 'star', 'self_refine', 'pipeline', 'hrm']
    expect(withMatched({ computeMatched: false }, chosen)).toEqual(chosen)
    expect(withMatched({ computeMatched: true }, chosen)).toEqual([...chosen, 'self_refine@pipeline', 'self_refine@hrm'])
    expect(config({ ORGBENCH_COMPUTE_MATCHED: 'on' }).computeMatched).toBe(true)
    expect(config().computeMatched).toBe(false)
    expect(() => config({ ORGBENCH_COMPUTE_MATCHED: 'yes' })).toThrow(/ORGBENCH_COMPUTE_MATCHED="yes" is invalid: expected "on" or "off"/)
  })

  test('on: every registered organisation but star gets its own matched self_refine, declared after it', () => {
    const every = Object.keys(TOPOLOGIES)
    const organisations = every.filter((t) => !isSingleAgent(t) && t !== 'star')
    expect(organisations.length).toBeGreaterThan(0)
    // Today's registry, spelled out: the rule above is also the one MATCHED_PEERS is built with.
    expect(organisations).toEqual(['pipeline', 'peer_review', 'hrm', 'self_decompose'])
    expect(withMatched({ computeMatched: true }, every)).toEqual([...every, ...organisations.map(matchedSingleId)])
  })
})
