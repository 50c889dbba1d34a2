import type { CacheMode } from '../llm/cache.js'
import { costOf, type PriceTable } from '../llm/pricing.js'
import type { TestRecord } from '../results/record.js'
import { matchedPeerOf } from '../results/matched-baseline.js'
import { compareTopologies } from '../topologies/types.js'
import { type ConcurrencyModel, chainOfCase, type ThroughputBound, throughputBound } from './throughput.js'

/*
 * A plan before spending (`orgbench plan`): from observed cases of the same configuration, how
 * many calls, tokens, dollars and how much wall time the planned run will take. Pure: the
 * observations come from a results file or a dry pass on the simulator (lib/run/plan-source.ts).
 */

/** What one observed case (task × topology × trial) needed. */
export interface CaseObservation {
  orgPrompt: number
  orgCompletion: number
  judgePrompt: number
  judgeCompletion: number
  calls: number
  /** Calls on its longest dependency chain (org, then judge). */
  chain: number
}

/** A case observation, or null when its tokens are unknown (no usage reported) or it failed. */
export function observe(record: TestRecord): CaseObservation | null {
  if (record.status !== 'ok') return null
  const { org, judge } = record.cost
  const values = [org.tokens.prompt, org.tokens.completion, judge.tokens.prompt, judge.tokens.completion]
  if (values.some((v) => v === null)) return null
  return {
    orgPrompt: org.tokens.prompt!,
    orgCompletion: org.tokens.completion!,
    judgePrompt: judge.tokens.prompt!,
    judgeCompletion: judge.tokens.completion!,
    calls: record.calls.length,
    chain: chainOfCase(record.calls),
  }
}

/** One planned task × topology: how many trials will run, and what earlier cases of it needed. */
export interface PlannedCell {
  task: string
  topology: string
  trials: number
  observations: CaseObservation[]
}

/** What a plan is estimated from: the planned cells with their observations, models, prices, limits and latency. */
export interface PlanInput {
  cells: PlannedCell[]
  model: string
  judgeModel: string
  prices: PriceTable
  limits: ConcurrencyModel
  /** The per-call latency the wall time is estimated at. */
  latencyMs: number
  /** Where that latency comes from, in words ("given with --latency"); "stated" when not said. */
  latencyFrom?: string
  maxUsd: number | null
  /** What the run's earlier sessions already spent against the cap (ORGBENCH_RESUME); 0 for a new run. */
  spentUsd?: number
  /** ORGBENCH_CACHE: with "replay" nothing is sent, with "read-write" replies already recorded are not. */
  cache?: CacheMode
  /** Where the observations came from, in words. */
  source: string
}

/** A low–high estimate and its middle (the mean of the observations). */
export interface Range {
  low: number
  mid: number
  high: number
}

/** The plan of one topology (or of the whole run). */
export interface PlanRow {
  topology: string
  cases: number
  calls: number
  tokens: Range | null
  /** null when a model has no price, or a cell has no observation. */
  usd: Range | null
}

/** The estimated run. */
export interface Plan {
  input: PlanInput
  cases: number
  tasks: number
  rows: PlanRow[]
  total: PlanRow
  wall: ThroughputBound
  /** Cells without any usable observation: their calls, tokens and dollars are unknown. */
  unobserved: string[]
  /** Models the plan needs a price for and has none. */
  unpriced: string[]
}

const rangeOf = (values: number[]): Range => ({ low: Math.min(...values), mid: values.reduce((s, v) => s + v, 0) / values.length, high: Math.max(...values) })
const addRange = (a: Range | null, b: Range | null): Range | null => (a && b ? { low: a.low + b.low, mid: a.mid + b.mid, high: a.high + b.high } : null)
const scale = (r: Range, k: number): Range => ({ low: r.low * k, mid: r.mid * k, high: r.high * k })

/** Estimates a planned run: per topology and in total, low–high from the spread of the observed cases. */
export function estimatePlan(input: PlanInput): Plan {
  const { prices, model, judgeModel } = input
  const unpriced = [...new Set([model, judgeModel])].filter((m) => !prices[m]).sort()
  const dollars = (o: CaseObservation): number | null => {
    const org = costOf(prices, model, { promptTokens: o.orgPrompt, completionTokens: o.orgCompletion, cachedTokens: 0 })
    const judge = o.judgePrompt + o.judgeCompletion === 0 ? 0 : costOf(prices, judgeModel, { promptTokens: o.judgePrompt, completionTokens: o.judgeCompletion, cachedTokens: 0 })
    return org === null || judge === null ? null : org + judge
  }

  const unobserved: string[] = []
  const byTopology = new Map<string, PlanRow>()
  let calls = 0
  let tokens = 0
  let chain = 0
  const chainOf = (topology: string) => Math.max(0, ...input.cells.filter((c) => c.topology === topology).flatMap((c) => c.observations.map((o) => o.chain)))
  for (const cell of input.cells) {
    const row = byTopology.get(cell.topology) ?? { topology: cell.topology, cases: 0, calls: 0, tokens: { low: 0, mid: 0, high: 0 }, usd: { low: 0, mid: 0, high: 0 } }
    byTopology.set(cell.topology, row)
    row.cases += cell.trials
    if (cell.observations.length === 0) {
      unobserved.push(`${cell.task} × ${cell.topology}`)
      row.tokens = null
      row.usd = null
      continue
    }
    const perCaseCalls = rangeOf(cell.observations.map((o) => o.calls)).mid
    row.calls += perCaseCalls * cell.trials
    calls += perCaseCalls * cell.trials
    const t = scale(rangeOf(cell.observations.map((o) => o.orgPrompt + o.orgCompletion + o.judgePrompt + o.judgeCompletion)), cell.trials)
    tokens += t.mid
    row.tokens = addRange(row.tokens, t)
    const usd = cell.observations.map(dollars)
    row.usd = usd.some((u) => u === null) ? null : addRange(row.usd, scale(rangeOf(usd as number[]), cell.trials))
    // self_refine starts once star's trials of the same task have finished (it spends their median), self_refine@<peer> once its peer's have.
    const peer = cell.topology === 'self_refine' ? 'star' : matchedPeerOf(cell.topology)
    const waits = peer === null ? 0 : chainOf(peer)
    chain = Math.max(chain, waits + Math.max(...cell.observations.map((o) => o.chain)))
  }
  const rows = [...byTopology.values()].sort((a, b) => compareTopologies(a.topology, b.topology))
  for (const r of rows) r.calls = Math.round(r.calls)
  const total: PlanRow = {
    topology: 'total',
    cases: rows.reduce((s, r) => s + r.cases, 0),
    calls: Math.round(calls),
    tokens: rows.reduce<Range | null>((s, r) => addRange(s, r.tokens), { low: 0, mid: 0, high: 0 }),
    usd: rows.reduce<Range | null>((s, r) => addRange(s, r.usd), { low: 0, mid: 0, high: 0 }),
  }
  return {
    input,
    cases: total.cases,
    tasks: new Set(input.cells.map((c) => c.task)).size,
    rows,
    total,
    wall: throughputBound({ calls: Math.round(calls), tokens: Math.round(tokens), chain }, input.limits, input.latencyMs),
    unobserved,
    unpriced,
  }
}
