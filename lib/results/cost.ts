import type { CallRecord } from '../llm/ledger.js'
import type { CostPart } from './record.js'

/** Sums tokens and dollars of calls (lib/llm/pricing's costOf prices a single call). Dollars are null as soon as one call has no known price. */
export function callsCost(calls: readonly CallRecord[]): CostPart {
  let usd: number | null = 0
  const tokens = { prompt: 0, completion: 0, cached: 0, reasoning: 0 }
  for (const c of calls) {
    tokens.prompt += c.promptTokens
    tokens.completion += c.completionTokens
    tokens.cached += c.cachedTokens
    tokens.reasoning += c.reasoningTokens
    // A call that never got a response (e.g. refused connection) costs nothing and has no usage.
    const billed = c.promptTokens + c.completionTokens > 0
    if (usd !== null && billed) usd = c.costUsd === null ? null : usd + c.costUsd
  }
  return { usd: usd === null ? null : Math.round(usd * 1e8) / 1e8, calls: calls.length, tokens }
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
