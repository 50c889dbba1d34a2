import { describe, expect, test } from 'vitest'
import type { PriceTable } from '../../lib/llm/pricing.js'
import { type CaseObservation, estimatePlan, observe, type PlanInput } from '../../lib/run/plan.js'
import { renderPlan } from '../../lib/run/plan-render.js'
import { makeRecord } from '../results/fixtures.js'

// $1 per million prompt tokens and $2 per million completion tokens for the agents; half for the judge.
const PRICES: PriceTable = {
  agent: { input: 1, output: 2, cachedInput: null, verifiedAt: '2026-01-01', source: 'test' },
  judge: { input: 0.5, output: 1, cachedInput: null, verifiedAt: '2026-01-01', source: 'test' },
}
const obs = (orgPrompt: number, orgCompletion: number, chain = 2, calls = 2): CaseObservation => ({ orgPrompt, orgCompletion, judgePrompt: 1000, judgeCompletion: 0, calls, chain })

function input(over: Partial<PlanInput> = {}): PlanInput {
  return {
    cells: [
      { task: 't1', topology: 'single', trials: 3, observations: [obs(1000, 500), obs(3000, 500)] },
      { task: 't1', topology: 'star', trials: 3, observations: [obs(10_000, 2_000, 3, 7)] },
      { task: 't1', topology: 'self_refine', trials: 3, observations: [obs(10_000, 2_000, 7, 7)] },
    ],
    model: 'agent',
    judgeModel: 'judge',
    prices: PRICES,
    limits: { concurrency: 4, rpm: null, tpm: null },
    latencyMs: 100,
    maxUsd: null,
    source: 'test observations',
    ...over,
  }
}

describe('estimatePlan', () => {
  test('per topology: cases, calls, and tokens and dollars from the lowest to the highest observed case', () => {
    const plan = estimatePlan(input())
    const single = plan.rows.find((r) => r.topology === 'single')!
    expect(single).toMatchObject({ cases: 3, calls: 6 })
    // Each case 1000 judge tokens plus 1500 or 3500 org tokens.
    expect(single.tokens).toEqual({ low: 3 * 2500, mid: 3 * 3500, high: 3 * 4500 })
    // Org: 1000×$1 + 500×$2 per million = $0.002 (or $0.004); judge 1000×$0.5 = $0.0005.
    expect(single.usd!.low).toBeCloseTo(3 * 0.0025, 12)
    expect(single.usd!.high).toBeCloseTo(3 * 0.0045, 12)
    expect(plan.total).toMatchObject({ topology: 'total', cases: 9, calls: 6 + 21 + 21 })
  })

  test('the wall time is the throughput bound of the planned calls at the stated latency; self_refine waits for star', () => {
    const plan = estimatePlan(input())
    // 48 calls, 4 at a time: 12 waves of 100 ms; the chain is star's 3 then self_refine's 7 = 10 calls.
    expect(plan.wall).toEqual({ ms: 1200, limitedBy: 'concurrency' })
    expect(estimatePlan(input({ limits: { concurrency: 64, rpm: null, tpm: null } })).wall).toEqual({ ms: 1000, limitedBy: 'dependencies' })
  })

  test('self_refine@<peer> waits for its peer: hrm\'s chain of 9 then the matched agent\'s 8', () => {
    const cells = [
      ...input().cells,
      { task: 't1', topology: 'hrm', trials: 3, observations: [obs(30_000, 4_000, 9, 20)] },
      { task: 't1', topology: 'self_refine@hrm', trials: 3, observations: [obs(30_000, 4_000, 8, 8)] },
    ]
    expect(estimatePlan(input({ cells, limits: { concurrency: 1000, rpm: null, tpm: null } })).wall).toEqual({ ms: 1700, limitedBy: 'dependencies' })
  })

  test('a model without a price leaves the dollars unknown, never $0; so does a cell never observed', () => {
    const unpriced = estimatePlan(input({ model: 'mystery' }))
    expect(unpriced.unpriced).toEqual(['mystery'])
    expect(unpriced.total.usd).toBeNull()
    const cells = input().cells
    const unobserved = estimatePlan(input({ cells: [...cells, { task: 't2', topology: 'single', trials: 3, observations: [] }] }))
    expect(unobserved.unobserved).toEqual(['t2 × single'])
    expect(unobserved.total.tokens).toBeNull()
  })

  test('with a dollar cap, a model without a price is said to stop the run before it starts, as the run\'s start check does', () => {
    expect(renderPlan(estimatePlan(input({ model: 'mystery', maxUsd: 5 })), 'h')).toContain(
      'dollar cap: ORGBENCH_MAX_USD=5 needs a price for every model the run calls, so the run will refuse to start until "mystery" has one (ORGBENCH_PRICES), or the cap is unset',
    )
    expect(renderPlan(estimatePlan(input({ model: 'mystery' })), 'h')).not.toContain('refuse to start')
  })

  test('the rendering states the source, the latency assumption, the limit that sets the wall time and that nothing was called', () => {
    const text = renderPlan(estimatePlan(input({ maxUsd: 0.01 })), 'orgbench plan — test')
    expect(text).toContain('token counts from test observations')
    expect(text).toContain('at 100 ms per call (stated; set with --latency), 4 calls in flight; set by the concurrency limit (ORGBENCH_MAX_CONCURRENCY=4)')
    expect(text).toMatch(/dollar cap: ORGBENCH_MAX_USD=0.01 is below the estimate \(about \$[\d.]+\); about \d+ of 9 cases would end as budget errors/)
    expect(text.trimEnd().endsWith('no network call was made')).toBe(true)
    const table = text.split('\n').slice(text.split('\n').findIndex((l) => l.startsWith('topology')))
    expect(Math.max(...table.slice(0, table.indexOf('')).map((l) => l.length))).toBeLessThanOrEqual(120)
  })

  test('the latency says where it comes from; at 0 ms no wall time is claimed, unless a rate limit sets one', () => {
    expect(renderPlan(estimatePlan(input({ latencyFrom: 'given with --latency' })), 'h')).toContain('at 100 ms per call (given with --latency; set with --latency)')
    const atOnce = renderPlan(estimatePlan(input({ latencyMs: 0, latencyFrom: "the simulator's configured latency" })), 'h')
    expect(atOnce).toContain("estimated wall time: none at 0 ms per call (the simulator's configured latency): the calls wait on nothing, so the run takes as long as its own work; give an endpoint's latency with --latency")
    expect(atOnce).not.toContain('0.0 s')
    const paced = renderPlan(estimatePlan(input({ latencyMs: 0, limits: { concurrency: 4, rpm: 6, tpm: null } })), 'h')
    expect(paced).toMatch(/estimated wall time: at least [1-9][\d.]* (s|min) at 0 ms per call \(stated; set with --latency\), 4 calls in flight, 6 requests\/min; set by the request rate \(ORGBENCH_RPM=6\)/)
  })
})

describe('a plan under the response cache or a resume', () => {
  test('replay: nothing is sent or paid, so the cap is not drawn on; read-write: the run may cost less', () => {
    const replay = renderPlan(estimatePlan(input({ maxUsd: 0.01, cache: 'replay' })), 'orgbench plan — test')
    expect(replay).toContain('ORGBENCH_CACHE=replay: every reply comes from the response cache, so nothing is sent or paid')
    expect(replay).toContain('dollar cap: ORGBENCH_CACHE=replay sends nothing, so nothing is drawn on ORGBENCH_MAX_USD=0.01')
    expect(replay).not.toContain('budget errors')
    expect(renderPlan(estimatePlan(input({ cache: 'read-write' })), 'orgbench plan — test')).toContain('the plan counts every call as sent, so the run may cost and take less')
  })
  test("a resume's verdict is against what the cap has left after the run's earlier sessions", () => {
    // The plan costs $0.0945–$0.1005: a cap of $0.15 covers it, unless $0.10 of it is spent.
    expect(renderPlan(estimatePlan(input({ maxUsd: 0.15 })), 'h')).toContain('dollar cap: ORGBENCH_MAX_USD=0.15 covers the whole plan')
    expect(renderPlan(estimatePlan(input({ maxUsd: 0.15, spentUsd: 0.1 })), 'h')).toMatch(
      /dollar cap: ORGBENCH_MAX_USD=0\.15, less the \$0\.1000 the run's earlier sessions spent \(\$0\.0500 left\), is below the estimate \(about \$[\d.]+\); about \d+ of 9 cases would end as budget errors/,
    )
  })
})

describe('observe', () => {
  test('takes tokens, calls and the chain of an ok record; an errored record or unknown tokens give nothing', () => {
    const r = makeRecord({ headline: 80 })
    expect(observe(r)).toMatchObject({ orgPrompt: 100, orgCompletion: 50, calls: r.calls.length })
    expect(observe({ ...r, status: 'error' })).toBeNull()
    expect(observe({ ...r, cost: { ...r.cost, org: { ...r.cost.org, tokens: { ...r.cost.org.tokens, prompt: null } } } })).toBeNull()
  })
})
