import { describe, expect, test } from 'vitest'
import type { Plan, PlanInput } from '../../lib/run/plan.js'
import { renderPlan } from '../../lib/run/plan-render.js'

/*
 * The plan's words on plans of known numbers. Estimating a plan from observations is specified in
 * test/run/plan.test.ts.
 */

const range = (low: number, mid: number, high: number) => ({ low, mid, high })
const input = (over: Partial<PlanInput> = {}): PlanInput => ({ cells: [], model: 'gpt-x', judgeModel: 'judge-y', prices: {}, limits: { concurrency: 8, rpm: null, tpm: null }, latencyMs: 2000, maxUsd: null, source: '3 observed cases', ...over })
const plan = (over: Partial<Plan> = {}, inputOver: Partial<PlanInput> = {}): Plan => ({
  input: input(inputOver),
  cases: 20,
  tasks: 2,
  rows: [
    { topology: 'single', cases: 10, calls: 25, tokens: range(10_000, 12_000, 15_000), usd: range(0.1, 0.15, 0.2) },
    { topology: 'star', cases: 10, calls: 0, tokens: null, usd: null },
  ],
  total: { topology: 'total', cases: 20, calls: 25, tokens: range(10_000, 12_000, 15_000), usd: range(1, 2, 4) },
  wall: { ms: 90_000, limitedBy: 'concurrency' },
  unobserved: [],
  unpriced: [],
  ...over,
})
const lines = (p: Plan) => renderPlan(p, 'orgbench plan — test', { wide: true }).split('\n')

describe('renderPlan', () => {
  test('the header, what the plan covers, where its counts come from, and that nothing was sent', () => {
    const l = lines(plan())
    expect(l.slice(0, 3)).toEqual(['orgbench plan — test', '20 cases (2 task(s) × topologies × trials) · agents gpt-x · judge judge-y', 'token counts from 3 observed cases'])
    expect(l.at(-1)).toBe('no network call was made')
  })

  test('a row per topology and the total: calls per case, token and dollar ranges, unknown where nothing was observed', () => {
    const text = lines(plan()).join('\n')
    expect(text).toMatch(/single\s+10\s+2\.5\s+25\s+10,000–15,000\s+\$0\.1000–\$0\.2000/)
    expect(text).toMatch(/star\s+10\s+0\.0\s+0\s+unknown\s+unknown/)
    expect(lines(plan()).find((x) => x.startsWith('estimated dollars'))).toBe('estimated dollars: $1.0000–$4.0000 (about $2.0000)')
  })

  test('the wall time in seconds, minutes or hours, with the limit that sets it', () => {
    const wall = (ms: number, limitedBy: Plan['wall']['limitedBy'], limits = input().limits) => lines(plan({ wall: { ms, limitedBy } }, { limits })).find((x) => x.startsWith('estimated wall time'))
    expect(wall(42_000, 'concurrency')).toBe('estimated wall time: at least 42.0 s at 2000 ms per call (stated; set with --latency), 8 calls in flight; set by the concurrency limit (ORGBENCH_MAX_CONCURRENCY=8)')
    expect(wall(90_000, 'rpm', { concurrency: 8, rpm: 60, tpm: null })).toBe('estimated wall time: at least 1.5 min at 2000 ms per call (stated; set with --latency), 8 calls in flight, 60 requests/min; set by the request rate (ORGBENCH_RPM=60)')
    expect(wall(5_400_000, 'tpm', { concurrency: 8, rpm: null, tpm: 100_000 })).toBe('estimated wall time: at least 1.50 h at 2000 ms per call (stated; set with --latency), 8 calls in flight, 100000 tokens/min; set by the token rate (ORGBENCH_TPM=100000)')
    expect(wall(10_000, 'dependencies')).toMatch(/set by the longest chain of calls that wait for each other$/)
  })

  test('unpriced models and unobserved cells are named', () => {
    const l = lines(plan({ unpriced: ['gpt-x'], unobserved: ['b_task × star'], total: { topology: 'total', cases: 20, calls: 25, tokens: null, usd: null } }))
    expect(l).toContain('estimated dollars: unknown')
    expect(l).toContain('no price for "gpt-x": dollars are unknown (add prices with ORGBENCH_PRICES)')
    expect(l).toContain('no observation for b_task × star: their tokens and dollars are unknown')
  })

  test('a cap below the estimate says how many cases would end as budget errors, after what earlier sessions spent', () => {
    expect(lines(plan({}, { maxUsd: 1 }))).toContain('dollar cap: ORGBENCH_MAX_USD=1 is below the estimate (about $2.0000); about 10 of 20 cases would end as budget errors')
    expect(lines(plan({}, { maxUsd: 3, spentUsd: 2 }))).toContain("dollar cap: ORGBENCH_MAX_USD=3, less the $2.0000 the run's earlier sessions spent ($1.0000 left), is below the estimate (about $2.0000); about 10 of 20 cases would end as budget errors")
    expect(lines(plan({}, { maxUsd: 4 }))).toContain('dollar cap: ORGBENCH_MAX_USD=4 covers the whole plan')
  })

  test('a cap just below the middle estimate still names at least one case, never "0 of 20"', () => {
    expect(lines(plan({}, { maxUsd: 1.99 }))).toContain('dollar cap: ORGBENCH_MAX_USD=1.99 is below the estimate (about $2.0000); about 1 of 20 cases would end as budget errors')
  })

  test('a cap between the middle and the high estimate says it covers the one and not the other, and what the high estimate would cost in cases', () => {
    // $3 of $4 at the high estimate: 15 cases fit, 5 do not.
    expect(lines(plan({}, { maxUsd: 3 }))).toContain('dollar cap: ORGBENCH_MAX_USD=3 covers the middle estimate ($2.0000) but not the high one ($4.0000); if the run costs as much as the high estimate, about 5 of 20 cases would end as budget errors')
    expect(lines(plan({}, { maxUsd: 2 }))).toContain('dollar cap: ORGBENCH_MAX_USD=2 covers the middle estimate ($2.0000) but not the high one ($4.0000); if the run costs as much as the high estimate, about 10 of 20 cases would end as budget errors')
    expect(lines(plan({}, { maxUsd: 3.99 })).find((x) => x.startsWith('dollar cap'))).toMatch(/about 1 of 20 cases would end as budget errors$/)
  })

  test('a cap the earlier sessions used up says that nothing is left and every case would end as a budget error, with no "$0" amount', () => {
    const capLines = (maxUsd: number, spentUsd: number, cache?: PlanInput['cache']) => lines(plan({}, { maxUsd, spentUsd, ...(cache ? { cache } : {}) })).filter((x) => x.startsWith('dollar cap'))
    expect(capLines(5, 9)).toEqual(["dollar cap: the run's earlier sessions spent $9.0000, all of ORGBENCH_MAX_USD=5, so nothing is left of it; every one of the 20 cases would end as a budget error"])
    expect(capLines(5, 5)).toEqual(["dollar cap: the run's earlier sessions spent $5.0000, all of ORGBENCH_MAX_USD=5, so nothing is left of it; every one of the 20 cases would end as a budget error"])
    expect(capLines(5, 9, 'replay')).toEqual(["dollar cap: the run's earlier sessions spent $9.0000, all of ORGBENCH_MAX_USD=5, so nothing is left of it; ORGBENCH_CACHE=replay sends nothing, so nothing more is drawn on it"])
  })

  test('without a cap, or with unknown dollars, nothing is said about a cap', () => {
    expect(lines(plan()).some((x) => x.startsWith('dollar cap'))).toBe(false)
    expect(lines(plan({ total: { topology: 'total', cases: 20, calls: 25, tokens: null, usd: null } }, { maxUsd: 5 })).some((x) => x.startsWith('dollar cap'))).toBe(false)
  })
})
