import type { CallRecord } from '../llm/ledger.js'

/** The run's concurrency model: what limits how fast calls can be made. */
export interface ConcurrencyModel {
  /** Calls in flight at once for the whole run (ORGBENCH_MAX_CONCURRENCY). */
  concurrency: number
  /** Requests per minute (ORGBENCH_RPM); null: no limit. */
  rpm: number | null
  /** Tokens per minute (ORGBENCH_TPM); null: no limit. */
  tpm: number | null
}

/** The work of a run, counted: calls, tokens, and the longest chain of calls that must run one after another. */
export interface Workload {
  calls: number
  tokens: number
  /** Calls on the longest chain of dependent calls (across cases that wait for each other). */
  chain: number
}

/** The shortest possible wall time and the limit that sets it. */
export interface ThroughputBound {
  ms: number
  /** What sets the bound. */
  limitedBy: 'concurrency' | 'rpm' | 'tpm' | 'dependencies'
}

/**
 * The shortest wall time a run can take at a fixed per-call latency under its concurrency model:
 * the calls cannot pass through the concurrency slots, the RPM or TPM windows, or along their
 * longest dependency chain any faster. Computed from counts and settings only, never from
 * recorded latencies (which would already contain the harness's own overhead).
 */
export function throughputBound(work: Workload, model: ConcurrencyModel, latencyMs: number): ThroughputBound {
  const candidates: ThroughputBound[] = [
    { ms: (Math.ceil(work.calls / model.concurrency) * latencyMs), limitedBy: 'concurrency' },
    { ms: work.chain * latencyMs, limitedBy: 'dependencies' },
  ]
  // A window admits its limit at once, then the same again every minute.
  if (model.rpm !== null && work.calls > model.rpm) candidates.push({ ms: Math.floor((work.calls - 1) / model.rpm) * 60_000 + latencyMs, limitedBy: 'rpm' })
  if (model.tpm !== null && work.tokens > model.tpm) candidates.push({ ms: Math.floor((work.tokens - 1) / model.tpm) * 60_000 + latencyMs, limitedBy: 'tpm' })
  return candidates.reduce((a, b) => (b.ms > a.ms ? b : a))
}

/** Calls on the longest chain of dependent calls of one case: its org calls, then its judge calls (which read the deliverable). */
export function chainOfCase(calls: readonly CallRecord[]): number {
  const depth = (subset: readonly CallRecord[]) => {
    const ids = new Map(subset.map((c) => [c.id, c]))
    const memo = new Map<string, number>()
    const of = (c: CallRecord): number => {
      const known = memo.get(c.id)
      if (known !== undefined) return known
      const d = 1 + Math.max(0, ...c.dependsOn.map((id) => (ids.has(id) ? of(ids.get(id)!) : 0)))
      memo.set(c.id, d)
      return d
    }
    return Math.max(0, ...subset.map(of))
  }
  return depth(calls.filter((c) => c.role !== 'judge')) + depth(calls.filter((c) => c.role === 'judge'))
}
