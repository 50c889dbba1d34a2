import type { PriceTable } from '../llm/pricing.js'
import { type Acquired, type Permit, type PermitRequest, type Permits, type Settlement, worstCaseUsd } from './permits.js'

/** The limits of one run. null: no limit. */
export interface GovernorLimits {
  /** Calls in flight at once, across every worker. */
  maxConcurrency: number
  /** Requests in any 60-second window (a request counts from its grant until a minute after it ended). */
  rpm: number | null
  /** Tokens in any 60-second window: prompt + output cap until the request ends, then its real prompt + completion. */
  tpm: number | null
  /** Dollars the run may spend, over all its sessions; each call reserves its worst case first. */
  maxUsd: number | null
}

/** What the governor has seen so far; the summary and `npm run reliability` read it. */
export interface GovernorStats {
  granted: number
  refused: number
  inFlight: number
  peakInFlight: number
  /**
   * Dollars settled so far, with what earlier sessions of the run spent (countEarlierSpend); an
   * attempt that may have been billed an unknown amount counts at its worst case.
   */
  spentUsd: number
  reservedUsd: number
  /** Attempts that may have been billed an unknown amount (no usage reported, an unreadable body, or no answer to a request sent). */
  unknownCost: number
  pauses: number
}

const WINDOW_MS = 60_000

interface Waiter {
  request: PermitRequest
  seq: number
  worstUsd: number
  tokens: number
  answer: (a: Acquired) => void
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
  /**
   * Every request of the last minute: in flight (end null) or ended less than a minute ago. A
   * request counts until a minute after it ended, not after it was granted: it reached the
   * endpoint at some moment in between, so no 60-second window at the endpoint can hold more
   * requests than the limit, however late a worker sent it.
   */
  private readonly window: Array<{ tokens: number; end: number | null }> = []
  /** Only an RPM or TPM limit reads the window; without one it is not kept (a fast run makes thousands of calls a minute). */
  private readonly windowed: boolean
  private inFlight = 0
  private spent = 0
  private reserved = 0
  private pausedUntil = 0
  private seq = 0
  private timer: NodeJS.Timeout | null = null
  private timerAt = Infinity
  private readonly counts = { granted: 0, refused: 0, peakInFlight: 0, unknownCost: 0, pauses: 0 }
  /** Told what the cap counts after every grant (before the permit is answered) and every settlement; see onCount. */
  private counted: ((spentUsd: number, reservedUsd: number) => void) | null = null

  constructor(
    readonly limits: GovernorLimits,
    private readonly prices: PriceTable,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.windowed = limits.rpm !== null || limits.tpm !== null
  }

  acquire(request: PermitRequest, signal?: AbortSignal): Promise<Acquired> {
    if (signal?.aborted) return Promise.reject(signal.reason)
    return new Promise<Acquired>((resolve, reject) => {
      let answered = false
      const onAbort = () => {
        withdraw()
        reject(signal!.reason)
      }
      const withdraw = this.ask(request, (a) => {
        answered = true
        signal?.removeEventListener('abort', onAbort)
        resolve(a)
      })
      if (!answered) signal?.addEventListener('abort', onAbort, { once: true })
    })
  }

  /**
   * acquire() without a promise or an AbortSignal, for the coordinator, which serves thousands of
   * requests a run: `answer` is called once with the permit or the refusal, possibly before ask
   * returns, unless the returned function withdraws the request first (a no-op once answered).
   */
  ask(request: PermitRequest, answer: (a: Acquired) => void): () => void {
    const worst = worstCaseUsd(this.prices, request)
    if (worst === null && this.limits.maxUsd !== null) {
      this.counts.refused++
      answer({
        granted: false,
        message: `no price for model "${request.model}", so ORGBENCH_MAX_USD=${this.limits.maxUsd} cannot be enforced (add its price with ORGBENCH_PRICES)`,
      })
      return () => {}
    }
    const waiter: Waiter = { request, seq: this.seq++, worstUsd: worst ?? 0, tokens: request.promptTokens + request.maxTokens, answer }
    this.enqueue(waiter)
    this.pump()
    return () => {
      const i = this.queue.indexOf(waiter)
      if (i < 0) return
      this.queue.splice(i, 1)
      this.pump()
    }
  }

  /**
   * Counts what earlier sessions of a resumed run spent: ORGBENCH_MAX_USD caps the run, so a new
   * session starts from that spend, not from zero.
   */
  countEarlierSpend(usd: number): void {
    this.spent += usd
    this.pump()
  }

  /**
   * Calls `listener` with what the cap counts (spent, and the worst case of the calls in flight)
   * whenever it changes: after a grant, before its permit is answered, so that a call is on record
   * before it can be sent, and after each settlement. Only under a dollar cap.
   */
  onCount(listener: (spentUsd: number, reservedUsd: number) => void): void {
    if (this.limits.maxUsd === null) return
    this.counted = listener
    listener(this.spent, this.reserved)
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
          w.answer({
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
      if (rpm !== null && this.window.length >= rpm) return this.waitForWindow(this.window.length - rpm + 1, () => 1, now)
      if (tpm !== null) {
        const used = this.window.reduce((n, e) => n + e.tokens, 0)
        if (used > 0 && used + w.tokens > tpm) return this.waitForWindow(used + w.tokens - tpm, (e) => e.tokens, now)
      }
      this.queue.shift()
      w.answer({ granted: true, permit: this.grant(w, now) })
    }
  }

  private grant(w: Waiter, now: number): Permit {
    this.inFlight++
    this.counts.granted++
    this.counts.peakInFlight = Math.max(this.counts.peakInFlight, this.inFlight)
    this.reserved += w.worstUsd
    this.counted?.(this.spent, this.reserved)
    const slot: { tokens: number; end: number | null } = { tokens: w.tokens, end: null }
    if (this.windowed) this.window.push(slot)
    let settled = false
    return {
      settle: (outcome: Settlement) => {
        if (settled) return
        settled = true
        slot.end = this.now()
        this.inFlight--
        this.reserved -= w.worstUsd
        if (outcome.answered) {
          if (outcome.costUsd === null) this.counts.unknownCost++
          // Unknown cost (no usage, or no answer to a request sent) counts at its worst case, so the cap still holds.
          this.spent += outcome.costUsd ?? w.worstUsd
          slot.tokens = outcome.tokens ?? slot.tokens
        } else {
          slot.tokens = 0
        }
        this.counted?.(this.spent, this.reserved)
        if (outcome.pauseMs !== null && outcome.pauseMs > 0) {
          this.counts.pauses++
          this.pausedUntil = Math.max(this.pausedUntil, this.now() + outcome.pauseMs)
        }
        this.pump()
      },
    }
  }

  /**
   * Waits until entries of the window worth `needed` (counted by `weight`) have left it: the
   * earliest-ended leave first. Requests still in flight leave only after they end, so when those
   * are what is needed, the next settlement wakes the queue instead of a timer.
   */
  private waitForWindow(needed: number, weight: (e: { tokens: number }) => number, now: number): void {
    const ended = this.window.filter((e) => e.end !== null).sort((a, b) => a.end! - b.end!)
    let freed = 0
    for (const e of ended) {
      freed += weight(e)
      if (freed >= needed) return this.wake(e.end! + WINDOW_MS - now)
    }
  }

  private prune(now: number): void {
    if (!this.windowed) return
    for (let i = this.window.length - 1; i >= 0; i--) {
      const end = this.window[i]!.end
      if (end !== null && end <= now - WINDOW_MS) this.window.splice(i, 1)
    }
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
