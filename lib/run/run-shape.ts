import { matchedPeerOf } from '../results/matched-baseline.js'
import type { TestRecord } from '../results/record.js'
import { chainOfCase, type Workload } from './throughput.js'

/** The topology whose trials a case waits for: star for self_refine, the peer for self_refine@<peer>; null for the rest. */
const awaited = (topology: string) => (topology === 'self_refine' ? 'star' : matchedPeerOf(topology))

/**
 * The workload a finished run was, counted from its records: calls, tokens and the longest chain
 * of calls that had to run one after another (self_refine starts after star's trials of its task,
 * self_refine@<peer> after its peer's). With the run's settings and a latency it gives the
 * throughput bound (lib/run/throughput.ts).
 */
export function workloadOf(records: readonly TestRecord[]): Workload {
  let calls = 0
  let tokens = 0
  const longest = new Map<string, number>()
  const key = (task: string, topology: string) => `${task}\u0000${topology}`
  for (const r of records) {
    calls += r.calls.length
    tokens += r.calls.reduce((n, c) => n + (c.promptTokens ?? 0) + (c.completionTokens ?? 0), 0)
    const k = key(r.task, r.topology)
    longest.set(k, Math.max(longest.get(k) ?? 0, chainOfCase(r.calls)))
  }
  let chain = 0
  for (const r of records) {
    const peer = awaited(r.topology)
    chain = Math.max(chain, chainOfCase(r.calls) + (peer === null ? 0 : (longest.get(key(r.task, peer)) ?? 0)))
  }
  return { calls, tokens, chain }
}
