import type { CallRecord } from '../llm/ledger.js'
import type { CostPart } from './record.js'

/** Dollars at the precision records keep them. */
export const round8 = (x: number) => Math.round(x * 1e8) / 1e8

/** A call that reached the endpoint or the response cache; one refused by the cap, or missing from a replay, never did. */
const made = (c: CallRecord) => c.attempts > 0 || c.cached !== 'no'

/**
 * Sums tokens and dollars of calls (lib/llm/pricing's costOf prices a single call). Unknown stays
 * unknown: dollars are null as soon as one answered call has no known cost (no price, or no usage
 * reported), with the known part and the number of such calls kept for "≥ $X (n calls unpriced)"
 * (and how many of them lack usage rather than a price); the known part includes what the attempts of
 * such a call that did report usage cost (reportedUsage); a token total is null as soon as one call's count is unknown. A call that was never answered
 * (0 tokens) costs nothing. Replies served from an earlier run's cache count in the full cost but
 * not in what this run paid. `calls` counts the calls made: sent, or answered from the cache.
 */
export function callsCost(calls: readonly CallRecord[]): CostPart {
  let known = 0
  let paid = 0
  let unpriced = 0
  let usageUnknown = 0
  let paidUnknown = false
  let cachedCalls = 0
  let madeCalls = 0
  const tokens: { prompt: number | null; completion: number | null; cached: number | null; reasoning: number | null } = { prompt: 0, completion: 0, cached: 0, reasoning: 0 }
  const add = (k: keyof typeof tokens, v: number | null) => (tokens[k] = tokens[k] === null || v === null ? null : tokens[k]! + v)
  for (const c of calls) {
    add('prompt', c.promptTokens)
    add('completion', c.completionTokens)
    add('cached', c.cachedTokens)
    add('reasoning', c.reasoningTokens)
    const earlier = c.cached === 'earlier-run'
    if (c.cached !== 'no') cachedCalls++
    if (made(c)) madeCalls++
    const neverAnswered = c.promptTokens === 0 && c.completionTokens === 0
    if (c.costUsd !== null) {
      known += c.costUsd
      if (!earlier) paid += c.costUsd
    } else if (!neverAnswered) {
      // What the attempts that reported usage cost is known, and part of the lower bound.
      known += c.reportedUsage?.costUsd ?? 0
      unpriced++
      if (c.promptTokens === null || c.completionTokens === null) usageUnknown++
      if (!earlier) paidUnknown = true
    }
  }
  return {
    usd: unpriced > 0 ? null : round8(known),
    knownUsd: round8(known),
    unpriced,
    ...(usageUnknown > 0 ? { usageUnknown } : {}),
    paidUsd: paidUnknown ? null : round8(paid),
    cachedCalls,
    calls: madeCalls,
    tokens,
  }
}

/** What ORGBENCH_MAX_USD counted of some calls, and how many of them it counted at their worst case. */
export interface CapSpend {
  usd: number
  atWorstCase: number
}

/**
 * What the dollar cap counts of calls (lib/gateway/governor.ts does the same, attempt by attempt):
 * every call sent to the endpoint at its cost, or at the most it can have cost when its cost is
 * unknown for want of usage (maxCostUsd); nothing for replies from the response cache, paid when
 * first made. A call of unknown cost without maxCostUsd (a model without a price, which a capped
 * run never calls) counts nothing.
 */
export function capSpend(calls: readonly CallRecord[], into: CapSpend = { usd: 0, atWorstCase: 0 }): CapSpend {
  for (const c of calls) {
    if (c.cached !== 'no') continue
    if (c.costUsd !== null) into.usd += c.costUsd
    else if (c.maxCostUsd !== undefined) {
      into.usd += c.maxCostUsd
      into.atWorstCase++
    }
  }
  into.usd = round8(into.usd)
  return into
}

/** Prompt + completion tokens of a cost part; null when either is unknown. */
export function totalTokens(part: Pick<CostPart, 'tokens'>): number | null {
  const { prompt, completion } = part.tokens
  return prompt === null || completion === null ? null : prompt + completion
}

/** Adds cost parts (e.g. every case of a run): unknown stays unknown, as in callsCost. */
export function sumCostParts(parts: readonly CostPart[]): CostPart {
  const addNullable = (a: number | null, b: number | null) => (a === null || b === null ? null : a + b)
  const sum = (pick: (p: CostPart) => number | null) => parts.reduce<number | null>((acc, p) => addNullable(acc, pick(p)), 0)
  const usd = sum((p) => p.usd)
  const paid = sum((p) => p.paidUsd)
  const usageUnknown = parts.reduce((acc, p) => acc + (p.usageUnknown ?? 0), 0)
  return {
    usd: usd === null ? null : round8(usd),
    knownUsd: round8(parts.reduce((acc, p) => acc + p.knownUsd, 0)),
    unpriced: parts.reduce((acc, p) => acc + p.unpriced, 0),
    ...(usageUnknown > 0 ? { usageUnknown } : {}),
    paidUsd: paid === null ? null : round8(paid),
    cachedCalls: parts.reduce((acc, p) => acc + p.cachedCalls, 0),
    calls: parts.reduce((acc, p) => acc + p.calls, 0),
    tokens: {
      prompt: sum((p) => p.tokens.prompt),
      completion: sum((p) => p.tokens.completion),
      cached: sum((p) => p.tokens.cached),
      reasoning: sum((p) => p.tokens.reasoning),
    },
  }
}

export function costByRole(calls: readonly CallRecord[]): Record<string, CostPart> {
  const groups = new Map<string, CallRecord[]>()
  for (const c of calls) groups.set(c.role, [...(groups.get(c.role) ?? []), c])
  return Object.fromEntries([...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([role, cs]) => [role, callsCost(cs)]))
}

/**
 * The critical path: the longest chain of dependent calls, each counted at its own latency.
 * With unlimited parallelism the organisation could not have finished faster than this.
 */
export function criticalPathMs(calls: readonly CallRecord[]): number {
  const finish = new Map<string, number>()
  let longest = 0
  for (const c of [...calls].sort((a, b) => a.startMs - b.startMs)) {
    const ready = Math.max(0, ...c.dependsOn.map((d) => finish.get(d) ?? 0))
    const done = ready + c.latencyMs
    finish.set(c.id, done)
    longest = Math.max(longest, done)
  }
  return Math.round(longest * 100) / 100
}
