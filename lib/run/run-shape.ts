import type { TestRecord } from '../results/record.js'
import { chainOfCase, type Workload } from './throughput.js'

/**
 * The workload a finished run was, counted from its records: calls, tokens and the longest chain
 * of calls that had to run one after another (self_refine starts after star's trials of its task).
 * With the run's settings and a latency it gives the throughput bound (lib/run/throughput.ts).
 */
export function workloadOf(records: readonly TestRecord[]): Workload {
  let calls = 0
  let tokens = 0
  const starChain = new Map<string, number>()
  for (const r of records) {
    calls += r.calls.length
    tokens += r.calls.reduce((n, c) => n + (c.promptTokens ?? 0) + (c.completionTokens ?? 0), 0)
    if (r.topology === 'star') starChain.set(r.task, Math.max(starChain.get(r.task) ?? 0, chainOfCase(r.calls)))
  }
  let chain = 0
  for (const r of records) chain = Math.max(chain, chainOfCase(r.calls) + (r.topology === 'self_refine' ? (starChain.get(r.task) ?? 0) : 0))
  return { calls, tokens, chain }
}
