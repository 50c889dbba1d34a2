import { AsyncLocalStorage } from 'node:async_hooks'
import { z } from 'zod'

/**
 * What went wrong with a call. api: the endpoint answered with an error status; timeout;
 * connection: no answer; malformed_body: a 2xx whose body is not a chat completion (broken or
 * unterminated JSON); body_read: the connection was lost while the body was read; empty: no
 * content; refused: the model refused (its words in rawOnError); filtered: the provider's content
 * filter stopped the reply; incomplete: the endpoint ended the reply early for another reason
 * (finish_reason "error"); echoed_key: the reply quoted one of the run's API keys, and was discarded
 * (lib/llm/attempt.ts); truncated: cut by max_tokens; context_truncated: the endpoint reported far fewer prompt
 * tokens than were sent, so it cut the prompt to its context window (lib/llm/context-cut.ts);
 * parse: unusable structured output; aborted: the test was cancelled; budget: refused by the dollar
 * cap (ORGBENCH_MAX_USD); cache_miss: ORGBENCH_CACHE=replay had no recorded reply; gateway: the
 * run's coordinator could not be reached.
 */
export const CallErrorKind = z.enum(['api', 'timeout', 'connection', 'malformed_body', 'body_read', 'empty', 'refused', 'filtered', 'incomplete', 'echoed_key', 'truncated', 'context_truncated', 'parse', 'aborted', 'budget', 'cache_miss', 'gateway'])
export type CallErrorKind = z.infer<typeof CallErrorKind>

export const CallError = z.object({
  kind: CallErrorKind,
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
  /** The model asked for. */
  model: z.string(),
  /**
   * The model the endpoint said it served, when another than the one asked for (a router's
   * fallback, an alias repointed); absent when the same (a dated snapshot of the id counts as the
   * same: lib/llm/served-model.ts). The call is priced at this model's rates when it has a price.
   */
  servedModel: z.string().optional(),
  /** Structure labels set by the topology: cycle, segment, round, pass. */
  labels: z.record(z.string(), z.number()),
  dependsOn: z.array(z.string()),
  /**
   * Tokens summed over every attempt that was answered; null when an answered attempt reported no
   * usage (the endpoint sent none, or its body could not be read): unknown, never 0.
   */
  promptTokens: z.number().int().nullable(),
  completionTokens: z.number().int().nullable(),
  cachedTokens: z.number().int().nullable(),
  reasoningTokens: z.number().int().nullable(),
  /** Dollars of every answered attempt; null when the model has no price or a usage is unknown. */
  costUsd: z.number().nullable(),
  /**
   * When costUsd is null because an attempt may have been billed an unknown amount (no usage
   * reported, an unreadable body, or no answer to a request sent) and the model has a price: the
   * most the call can have cost, each such attempt at its worst case (estimated prompt plus output
   * cap) and the others at their cost. ORGBENCH_MAX_USD counts this. Absent otherwise.
   */
  maxCostUsd: z.number().optional(),
  /**
   * When tokens and costUsd are null because some attempts may have been billed an unknown amount
   * while others reported their usage (a body cut off, then a retry answered in full): what the
   * attempts that reported usage add up to, `attempts` of them, their dollars null when the model
   * has no price. The call cost at least this much; totals count it in their known part ("≥ $X").
   * Absent otherwise, and in records written before it existed.
   */
  reportedUsage: z.object({
    attempts: z.number().int(),
    promptTokens: z.number().int(),
    completionTokens: z.number().int(),
    cachedTokens: z.number().int(),
    reasoningTokens: z.number().int(),
    costUsd: z.number().nullable(),
  }).optional(),
  /**
   * Whether the reply came from the response cache instead of the endpoint: "this-run" (a resumed
   * run reusing its own call, paid earlier in the same run) or "earlier-run" (paid by another run).
   * Tokens and cost are the original call's, so a report can show both the full cost and what this
   * run paid.
   */
  cached: z.enum(['no', 'this-run', 'earlier-run']).default('no'),
  startMs: z.number(),
  endMs: z.number(),
  latencyMs: z.number(),
  /** Time spent waiting for a permit (concurrency, rate limits, budget) before the first attempt. */
  queuedMs: z.number(),
  /** Requests sent to the endpoint (0 for a cached reply). */
  attempts: z.number().int(),
  /** Faults of the attempts that were retried, in order; the call's own outcome is in `error`. */
  faults: z.array(z.object({ kind: CallErrorKind, status: z.number().nullable() })).default([]),
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
  /** When the test began, in epoch milliseconds. */
  readonly began = performance.timeOrigin + this.opened

  /** About how many calls this test will make (a scheduling hint, see lib/run/schedule.ts); null: unknown. */
  expectedCalls: number | null = null
  /** About how many calls lie on the longest chain through this test (a scheduling hint); null: unknown. */
  expectedChain: number | null = null
  /** Under a dollar cap: the test furthest along goes first, so that the money finishes cases rather than starts them. */
  finishFirst = false

  /**
   * The permit priority of this test's next call, lower first, across every worker of the run:
   * the test with the longest chain of calls still ahead of it first (its expected chain, in
   * proportion to the calls it has left), then the one with the most calls left (each counts as
   * having begun a second earlier), then the oldest. With calls of about equal latency this is
   * list scheduling by level: the longest chains start at once and the fan-outs fill the permits
   * around them, so no chain is left to finish alone at the end of the run. Under a dollar cap,
   * the test that has made the most calls goes first instead (then the oldest, i.e. the order
   * tests were declared in), so that the money finishes cases rather than starts them.
   */
  priority(): number {
    if (this.finishFirst) return this.began - this.calls.length * 1_000
    if (this.expectedCalls === null) return this.began
    const left = Math.max(0, this.expectedCalls - this.calls.length)
    const chainLeft = this.expectedChain === null || this.expectedCalls === 0 ? 0 : (this.expectedChain * left) / this.expectedCalls
    return this.began - (chainLeft * 1_000 + left) * 1_000
  }
  /** Which test the calls belong to ("task/topology/trial"); part of every response-cache key. */
  scope = ''
  private next = 1
  private readonly occurrences = new Map<string, number>()
  private readonly sizes = new Map<string, { promptChars: number; replyChars: number }>()

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

  /** How many times this ledger has asked for `requestHash` before (0 the first time): identical requests in one test are cached apart. */
  occurrence(requestHash: string): number {
    const n = this.occurrences.get(requestHash) ?? 0
    this.occurrences.set(requestHash, n + 1)
    return n
  }

  /** Notes how much text a call sent and received, for estimates when the endpoint reports no usage. */
  noteSize(callId: string, promptChars: number, replyChars: number): void {
    this.sizes.set(callId, { promptChars, replyChars })
  }

  /**
   * The call's prompt and completion tokens: as reported, or when the endpoint reported none,
   * estimated from the text sent and received (about four characters per token).
   */
  tokensOf(call: CallRecord): { promptTokens: number; completionTokens: number; estimated: boolean } {
    if (call.promptTokens !== null && call.completionTokens !== null) return { promptTokens: call.promptTokens, completionTokens: call.completionTokens, estimated: false }
    const size = this.sizes.get(call.id) ?? { promptChars: 0, replyChars: 0 }
    return { promptTokens: Math.ceil(size.promptChars / 4), completionTokens: Math.ceil(size.replyChars / 4), estimated: true }
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
