import { costOf, type PriceTable } from '../llm/pricing.js'
import type { Acquired, Permit, PermitRequest, Permits, Settlement } from './permits.js'

/** The limits of one run. null: no limit. */
export interface GovernorLimits {
  /** Calls in flight at once, across every worker. */
  maxConcurrency: number
  /** Requests started in any 60-second window. */
  rpm: number | null
  /** Tokens (prompt + output cap until settled, then the real prompt + completion) in any 60-second window. */
  tpm: number | null
  /** Dollars the run may spend; each call reserves its worst case first. */
  maxUsd: number | null
}

/** What the governor has seen so far; the summary and `npm run reliability` read it. */
export interface GovernorStats {
  granted: number
  refused: number
  inFlight: number
  peakInFlight: number
  /** Dollars settled so far; an answered attempt of unknown cost counts at its worst case. */
  spentUsd: number
  reservedUsd: number
  /** Answered attempts whose cost is unknown (no usage reported, or an unreadable body). */
  unknownCost: number
  pauses: number
}

const WINDOW_MS = 60_000

interface Waiter {
  request: PermitRequest
  seq: number
  worstUsd: number
  tokens: number
  resolve: (a: Acquired) => void
  reject: (e: unknown) => void
  signal: AbortSignal | undefined
  onAbort: () => void
}

/**
 * Grants permits for model calls under the run's limits, oldest test first: a concurrency slot, a
 * place in the RPM and TPM windows, and a reservation of the call's worst-case dollars under
 * ORGBENCH_MAX_USD. A call that could pass the cap even if every reservation settled at zero is
 * refused (the caller records a `budget` error); one that only might is held until reservations
 * settle. A 429 pauses every grant until its Retry-After has passed. Pure logic with an injectable
 * clock; the coordinator serves it to workers, scripts use it in-process.
 */
export class Governor implements Permits {
  private readonly queue: Waiter[] = []
  private readonly starts: number[] = []
  private readonly tokenWindow: Array<{ t: number; tokens: number }> = []
  private inFlight = 0
  private spent = 0
  private reserved = 0
  private pausedUntil = 0
  private seq = 0
  private timer: NodeJS.Timeout | null = null
  private timerAt = Infinity
  private readonly counts = { granted: 0, refused: 0, peakInFlight: 0, unknownCost: 0, pauses: 0 }

  constructor(
    readonly limits: GovernorLimits,
    private readonly prices: PriceTable,
    private readonly now: () => number = () => performance.now(),
  ) {}

  acquire(request: PermitRequest, signal?: AbortSignal): Promise<Acquired> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    const worst = costOf(this.prices, request.model, { promptTokens: request.promptTokens, completionTokens: request.maxTokens, cachedTokens: 0 })
    if (worst === null && this.limits.maxUsd !== null) {
      this.counts.refused++
      return Promise.resolve({
        granted: false,
        message: `no price for model "${request.model}", so ORGBENCH_MAX_USD=${this.limits.maxUsd} cannot be enforced (add its price with ORGBENCH_PRICES)`,
      })
    }
    return new Promise<Acquired>((resolve, reject) => {
      const waiter: Waiter = {
        request,
        seq: this.seq++,
        worstUsd: worst ?? 0,
        tokens: request.promptTokens + request.maxTokens,
        resolve,
        reject,
        signal,
        onAbort: () => {
          const i = this.queue.indexOf(waiter)
          if (i >= 0) this.queue.splice(i, 1)
          reject(signal!.reason)
          this.pump()
        },
      }
      signal?.addEventListener('abort', waiter.onAbort, { once: true })
      this.enqueue(waiter)
      this.pump()
    })
  }

  stats(): GovernorStats {
    return { ...this.counts, inFlight: this.inFlight, spentUsd: round(this.spent), reservedUsd: round(this.reserved) }
  }

  /** Stops the timer; waiting callers stay waiting (the run is over). */
  close(): void {
    if (this.timer) clearTimeout(this.timer)
    this.timer = null
  }

  private enqueue(w: Waiter): void {
    // Binary search on (priority, arrival): the oldest test goes first, ties in arrival order.
    let lo = 0
    let hi = this.queue.length
    while (lo < hi) {
      const mid = (lo + hi) >> 1
      const q = this.queue[mid]!
      if (q.request.priority < w.request.priority || (q.request.priority === w.request.priority && q.seq < w.seq)) lo = mid + 1
      else hi = mid
    }
    this.queue.splice(lo, 0, w)
  }

  private pump(): void {
    const now = this.now()
    this.prune(now)
    const { maxUsd, maxConcurrency, rpm, tpm } = this.limits
    while (this.queue.length > 0) {
      const w = this.queue[0]!
      if (maxUsd !== null) {
        if (this.spent + w.worstUsd > maxUsd) {
          this.queue.shift()
          this.counts.refused++
          w.signal?.removeEventListener('abort', w.onAbort)
          w.resolve({
            granted: false,
            message: `ORGBENCH_MAX_USD=${maxUsd}: this call could cost up to $${w.worstUsd.toFixed(5)} and $${this.spent.toFixed(5)} of the cap is already spent`,
          })
          continue
        }
        // It might fit once calls in flight settle below their worst case: wait for them.
        if (this.spent + this.reserved + w.worstUsd > maxUsd) return
      }
      if (this.inFlight >= maxConcurrency) return
      if (now < this.pausedUntil) return this.wake(this.pausedUntil - now)
      if (rpm !== null && this.starts.length >= rpm) return this.wake(this.starts[this.starts.length - rpm]! + WINDOW_MS - now)
      if (tpm !== null) {
        const wait = this.tokenWait(w.tokens, tpm, now)
        if (wait > 0) return this.wake(wait)
      }
      this.queue.shift()
      w.signal?.removeEventListener('abort', w.onAbort)
      w.resolve({ granted: true, permit: this.grant(w, now) })
    }
  }

  private grant(w: Waiter, now: number): Permit {
    this.inFlight++
    this.counts.granted++
    this.counts.peakInFlight = Math.max(this.counts.peakInFlight, this.inFlight)
    this.reserved += w.worstUsd
    this.starts.push(now)
    const slot = { t: now, tokens: w.tokens }
    this.tokenWindow.push(slot)
    let settled = false
    return {
      settle: (outcome: Settlement) => {
        if (settled) return
        settled = true
        this.inFlight--
        this.reserved -= w.worstUsd
        if (outcome.answered) {
          if (outcome.costUsd === null) this.counts.unknownCost++
          // Unknown cost counts at its worst case, so the cap still holds.
          this.spent += outcome.costUsd ?? w.worstUsd
          slot.tokens = outcome.tokens ?? slot.tokens
        } else {
          slot.tokens = 0
        }
        if (outcome.pauseMs !== null && outcome.pauseMs > 0) {
          this.counts.pauses++
          this.pausedUntil = Math.max(this.pausedUntil, this.now() + outcome.pauseMs)
        }
        this.pump()
      },
    }
  }

  /** Milliseconds until `tokens` more fit in the TPM window (0: now). A call larger than the whole limit waits for an empty window. */
  private tokenWait(tokens: number, tpm: number, now: number): number {
    let used = 0
    for (const s of this.tokenWindow) used += s.tokens
    if (used === 0 || used + tokens <= tpm) return 0
    for (const s of this.tokenWindow) {
      used -= s.tokens
      if (used === 0 || used + tokens <= tpm) return s.t + WINDOW_MS - now
    }
    return 0
  }

  private prune(now: number): void {
    while (this.starts.length > 0 && this.starts[0]! <= now - WINDOW_MS) this.starts.shift()
    while (this.tokenWindow.length > 0 && this.tokenWindow[0]!.t <= now - WINDOW_MS) this.tokenWindow.shift()
  }

  private wake(ms: number): void {
    const at = this.now() + Math.max(1, ms)
    if (this.timer && this.timerAt <= at) return
    if (this.timer) clearTimeout(this.timer)
    this.timerAt = at
    this.timer = setTimeout(() => {
      this.timer = null
      this.timerAt = Infinity
      this.pump()
    }, Math.max(1, Math.ceil(ms)))
  }
}

const round = (x: number) => Math.round(x * 1e8) / 1e8
