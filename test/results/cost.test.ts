import { describe, expect, test } from 'vitest'
import { capSpend, costByRole, callsCost, criticalPathMs, sumCostParts, totalTokens } from '../../lib/results/cost.js'
import { callRecord as call } from '../support/calls.js'

describe('callsCost', () => {
  test('sums tokens and dollars of the calls', () => {
    const part = callsCost([
      call({ id: 'c1', promptTokens: 100, completionTokens: 50, cachedTokens: 20, reasoningTokens: 5, costUsd: 0.001 }),
      call({ id: 'c2', promptTokens: 300, completionTokens: 70, cachedTokens: 0, reasoningTokens: 0, costUsd: 0.0025 }),
    ])
    expect(part).toEqual({ usd: 0.0035, knownUsd: 0.0035, unpriced: 0, paidUsd: 0.0035, cachedCalls: 0, calls: 2, tokens: { prompt: 400, completion: 120, cached: 20, reasoning: 5 } })
  })

  test('one billed call without a price makes the total unknown (null), never an undercount; the known part and the count are kept', () => {
    const part = callsCost([call({ id: 'c1', costUsd: 0.001 }), call({ id: 'c2', costUsd: null })])
    expect(part).toMatchObject({ usd: null, knownUsd: 0.001, unpriced: 1, paidUsd: null })
  })

  test('a call without reported usage leaves its tokens and the totals unknown, never 0', () => {
    const part = callsCost([call({ id: 'c1' }), call({ id: 'c2', promptTokens: null, completionTokens: null, cachedTokens: null, reasoningTokens: null, costUsd: null })])
    expect(part.tokens).toEqual({ prompt: null, completion: null, cached: null, reasoning: null })
    expect(part).toMatchObject({ usd: null, knownUsd: 0.001, unpriced: 1 })
    expect(totalTokens(part)).toBeNull()
    expect(totalTokens(callsCost([call({ id: 'c1' })]))).toBe(150)
  })

  test('a call with an attempt of unknown usage and a retry that reported its own: the total stays unknown, the retry counts in the known part', () => {
    const unknown = { promptTokens: null, completionTokens: null, cachedTokens: null, reasoningTokens: null, costUsd: null }
    const retried = call({ id: 'c2', ...unknown, attempts: 2, maxCostUsd: 0.05, reportedUsage: { attempts: 1, promptTokens: 1296, completionTokens: 1073, cachedTokens: 0, reasoningTokens: 0, costUsd: 0.003442 } })
    const unpricedRetry = call({ id: 'c3', ...unknown, attempts: 2, reportedUsage: { attempts: 1, promptTokens: 10, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0, costUsd: null } })
    expect(callsCost([call({ id: 'c1', costUsd: 0.001 }), retried, unpricedRetry])).toMatchObject({ usd: null, knownUsd: 0.004442, unpriced: 2, usageUnknown: 2, paidUsd: null, calls: 3 })
    expect(capSpend([retried])).toEqual({ usd: 0.05, atWorstCase: 1 })
  })

  test('replies from the cache count in the full cost; only those paid by an earlier run are left out of what this run paid', () => {
    const part = callsCost([call({ id: 'c1', costUsd: 0.001 }), call({ id: 'c2', costUsd: 0.002, cached: 'earlier-run' }), call({ id: 'c3', costUsd: 0.004, cached: 'this-run' })])
    expect(part).toMatchObject({ usd: 0.007, paidUsd: 0.005, cachedCalls: 2 })
  })

  test('a call that never got a response (no tokens) costs nothing and does not null the total', () => {
    const failed = call({ id: 'c2', promptTokens: 0, completionTokens: 0, costUsd: null, error: { kind: 'connection', class: 'APIConnectionError', status: null, message: 'refused' } })
    expect(callsCost([call({ id: 'c1', costUsd: 0.002 }), failed])).toMatchObject({ usd: 0.002, calls: 2 })
  })

  test('calls never made (refused by the cap, missing from a replay) are not counted as calls; cached replies are', () => {
    const refused = call({ id: 'c2', attempts: 0, promptTokens: 0, completionTokens: 0, costUsd: 0, error: { kind: 'budget', class: 'BudgetRefused', status: null, message: 'cap' } })
    const cached = call({ id: 'c3', attempts: 0, cached: 'this-run' })
    expect(callsCost([call({ id: 'c1' }), refused, cached])).toMatchObject({ calls: 2, cachedCalls: 1 })
  })

  test('calls of unknown cost are told apart: no usage (tokens unknown) from no price (tokens known)', () => {
    const noUsage = call({ id: 'c2', promptTokens: null, completionTokens: null, cachedTokens: null, reasoningTokens: null, costUsd: null, maxCostUsd: 0.5 })
    const unpriced = call({ id: 'c3', costUsd: null })
    const part = callsCost([call({ id: 'c1' }), noUsage, unpriced])
    expect(part).toMatchObject({ usd: null, unpriced: 2, usageUnknown: 1 })
    expect(callsCost([call({ id: 'c1' })])).not.toHaveProperty('usageUnknown')
    expect(sumCostParts([part, part, callsCost([])])).toMatchObject({ unpriced: 4, usageUnknown: 2 })
    expect(sumCostParts([callsCost([])])).not.toHaveProperty('usageUnknown')
  })

  test('no calls cost 0', () => {
    expect(callsCost([])).toEqual({ usd: 0, knownUsd: 0, unpriced: 0, paidUsd: 0, cachedCalls: 0, calls: 0, tokens: { prompt: 0, completion: 0, cached: 0, reasoning: 0 } })
  })

  test('dollars are rounded to 1e-8 so float noise does not show', () => {
    expect(callsCost([call({ id: 'a', costUsd: 0.1 }), call({ id: 'b', costUsd: 0.2 })]).usd).toBe(0.3)
  })
})

describe('capSpend', () => {
  test('counts the calls sent at their cost, or at their worst case when no usage says what they cost; cached replies count nothing', () => {
    const spend = capSpend([
      call({ id: 'c1', costUsd: 0.25 }),
      call({ id: 'c2', promptTokens: null, completionTokens: null, costUsd: null, maxCostUsd: 0.5 }),
      call({ id: 'c3', costUsd: 1, cached: 'this-run' }),
      call({ id: 'c4', costUsd: 2, cached: 'earlier-run' }),
      call({ id: 'c5', attempts: 0, promptTokens: 0, completionTokens: 0, costUsd: 0 }),
    ])
    expect(spend).toEqual({ usd: 0.75, atWorstCase: 1 })
  })

  test('adds to a running count when given one', () => {
    const running = { usd: 0.1, atWorstCase: 2 }
    expect(capSpend([call({ id: 'c1', costUsd: 0.2 })], running)).toBe(running)
    expect(running).toEqual({ usd: 0.3, atWorstCase: 2 })
  })
})

describe('costByRole', () => {
  test('groups calls by role, roles sorted', () => {
    const byRole = costByRole([call({ id: 'c1', role: 'synthesizer', costUsd: 0.003 }), call({ id: 'c2', role: 'analyst', costUsd: 0.001 }), call({ id: 'c3', role: 'analyst', costUsd: 0.002 })])
    expect(Object.keys(byRole)).toEqual(['analyst', 'synthesizer'])
    expect(byRole.analyst).toMatchObject({ usd: 0.003, calls: 2 })
    expect(byRole.synthesizer).toMatchObject({ usd: 0.003, calls: 1 })
  })
})

describe('criticalPathMs', () => {
  test('is the longest chain of dependent calls, each at its own latency', () => {
    // a (100) and b (50) in parallel; c (30) needs both; d (120) is independent.
    const calls = [
      call({ id: 'a', startMs: 0, latencyMs: 100 }),
      call({ id: 'b', startMs: 0, latencyMs: 50 }),
      call({ id: 'c', startMs: 100, latencyMs: 30, dependsOn: ['a', 'b'] }),
      call({ id: 'd', startMs: 5, latencyMs: 120 }),
    ]
    expect(criticalPathMs(calls)).toBe(130)
  })

  test('a long chain beats a slow single call; unknown dependencies count as ready at 0', () => {
    const chain = [
      call({ id: 'a', startMs: 0, latencyMs: 40 }),
      call({ id: 'b', startMs: 40, latencyMs: 40, dependsOn: ['a'] }),
      call({ id: 'c', startMs: 80, latencyMs: 40, dependsOn: ['b', 'earlier-run'] }),
      call({ id: 'slow', startMs: 0, latencyMs: 110 }),
    ]
    expect(criticalPathMs(chain)).toBe(120)
  })

  test('does not depend on when calls waited in a queue, only on latency and dependencies', () => {
    const a = [call({ id: 'a', startMs: 0, latencyMs: 10 }), call({ id: 'b', startMs: 500, latencyMs: 10, dependsOn: ['a'] })]
    expect(criticalPathMs(a)).toBe(20)
    expect(criticalPathMs([])).toBe(0)
  })
})
