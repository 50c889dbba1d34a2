import { AsyncLocalStorage } from 'node:async_hooks'
import { z } from 'zod'

export const CallError = z.object({
  /** api: the endpoint answered with an error; timeout; aborted: the test was cancelled; parse: unusable structured output; empty; truncated. */
  kind: z.enum(['api', 'timeout', 'connection', 'aborted', 'parse', 'empty', 'truncated', 'budget']),
  class: z.string(),
  status: z.number().nullable(),
  message: z.string(),
})
export type CallError = z.infer<typeof CallError>

/** One model call as the ledger keeps it. Times are milliseconds since the ledger was opened. */
export const CallRecord = z.object({
  id: z.string(),
  role: z.string(),
  phase: z.string(),
  model: z.string(),
  /** Structure labels set by the topology: cycle, segment, round, pass. */
  labels: z.record(z.string(), z.number()),
  dependsOn: z.array(z.string()),
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  cachedTokens: z.number().int(),
  reasoningTokens: z.number().int(),
  costUsd: z.number().nullable(),
  startMs: z.number(),
  endMs: z.number(),
  latencyMs: z.number(),
  /** Time spent waiting for a concurrency slot before the first attempt. */
  queuedMs: z.number(),
  attempts: z.number().int(),
  finishReason: z.string().nullable(),
  error: CallError.nullable(),
  /** Raw reply kept only when it could not be used, so the failure can be inspected. */
  rawOnError: z.string().nullable(),
})
export type CallRecord = z.infer<typeof CallRecord>

/** Accumulates every call of one test. One ledger per test; never process-global. */
export class Ledger {
  readonly calls: CallRecord[] = []
  readonly warnings = new Set<string>()
  private readonly opened = performance.now()
  private next = 1

  now(): number {
    return Math.round((performance.now() - this.opened) * 100) / 100
  }

  newCallId(): string {
    return `c${String(this.next++).padStart(3, '0')}`
  }

  /** A ledger that continues from calls recorded earlier (re-scoring a stored run keeps the org's calls). */
  static resume(calls: readonly CallRecord[]): Ledger {
    const ledger = new Ledger()
    for (const c of calls) ledger.calls.push({ ...c })
    ledger.next = calls.length + 1
    return ledger
  }

  record(call: CallRecord): void {
    this.calls.push(call)
  }

  warn(message: string): void {
    this.warnings.add(message)
  }
}

const storage = new AsyncLocalStorage<Ledger>()

/** Runs fn with `ledger` as the current test's ledger; every call made inside is recorded there. */
export function withLedger<T>(ledger: Ledger, fn: () => Promise<T>): Promise<T> {
  return storage.run(ledger, fn)
}

/** The ledger of the test being run. Calling a model outside one is a bug: costs would go unrecorded. */
export function currentLedger(): Ledger {
  const ledger = storage.getStore()
  if (!ledger) throw new Error('model call outside a ledger: wrap the work in withLedger() so its cost is recorded')
  return ledger
}
