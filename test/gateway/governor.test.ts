import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import { Governor, type GovernorLimits } from '../../lib/gateway/governor.js'
import type { Acquired, Permit, PermitRequest, Settlement } from '../../lib/gateway/permits.js'
import type { PriceTable } from '../../lib/llm/pricing.js'

// $1 per million prompt tokens, $2 per million completion tokens: 1000 + 1000 tokens cost at most $0.003.
const PRICES: PriceTable = { m: { input: 1, output: 2, cachedInput: null, verifiedAt: '2026-01-01', source: 'test' } }
const NO_LIMITS: GovernorLimits = { maxConcurrency: 100, rpm: null, tpm: null, maxUsd: null }
const req = (over: Partial<PermitRequest> = {}): PermitRequest => ({ model: 'm', promptTokens: 1000, maxTokens: 1000, priority: 0, ...over })
const paid = (costUsd: number | null, tokens: number | null = 1500): Settlement => ({ answered: true, tokens, costUsd, pauseMs: null })
const unanswered: Settlement = { answered: false, tokens: null, costUsd: null, pauseMs: null }

beforeEach(() => {
  vi.useFakeTimers()
})
afterEach(() => {
  vi.useRealTimers()
})

const governor = (limits: Partial<GovernorLimits>) => new Governor({ ...NO_LIMITS, ...limits }, PRICES, () => Date.now())

/** Starts an acquire and reports whether it has resolved yet. */
function track(p: Promise<Acquired>) {
  const state: { done: boolean; value: Acquired | null } = { done: false, value: null }
  void p.then((v) => {
    state.done = true
    state.value = v
  })
  return state
}

const granted = (a: Acquired | null) => {
  if (!a?.granted) throw new Error(`expected a grant, got ${JSON.stringify(a)}`)
  return a.permit
}

describe('concurrency', () => {
  test('no more permits are out than maxConcurrency; a settled one lets the next in', async () => {
    const g = governor({ maxConcurrency: 2 })
    const a = track(g.acquire(req()))
    const b = track(g.acquire(req()))
    const c = track(g.acquire(req()))
    await vi.advanceTimersByTimeAsync(0)
    expect([a.done, b.done, c.done]).toEqual([true, true, false])
    granted(a.value).settle(paid(0.001))
    await vi.advanceTimersByTimeAsync(0)
    expect(c.done).toBe(true)
    expect(g.stats()).toMatchObject({ granted: 3, inFlight: 2, peakInFlight: 2 })
  })

  test('the oldest test goes first, whatever the order of asking; ties in order of arrival', async () => {
    const g = governor({ maxConcurrency: 1 })
    const first = track(g.acquire(req({ priority: 5 })))
    await vi.advanceTimersByTimeAsync(0)
    const order: string[] = []
    const ask = (name: string, priority: number) => void g.acquire(req({ priority })).then((a) => {
      order.push(name)
      granted(a).settle(paid(0))
    })
    ask('young', 30)
    ask('old', 10)
    ask('old-2', 10)
    ask('middle', 20)
    granted(first.value).settle(paid(0))
    await vi.advanceTimersByTimeAsync(0)
    expect(order).toEqual(['old', 'old-2', 'middle', 'young'])
  })

  test('settling twice frees one slot only', async () => {
    const g = governor({ maxConcurrency: 1 })
    const p = granted(await g.acquire(req()))
    p.settle(paid(0))
    p.settle(paid(0))
    expect(g.stats().inFlight).toBe(0)
  })

  test('an aborted wait leaves the queue and rejects with the abort reason', async () => {
    const g = governor({ maxConcurrency: 1 })
    granted(await g.acquire(req()))
    const controller = new AbortController()
    const waiting = g.acquire(req(), controller.signal)
    controller.abort(new Error('test cancelled'))
    await expect(waiting).rejects.toThrow('test cancelled')
    await expect(g.acquire(req(), AbortSignal.abort(new Error('already')))).rejects.toThrow('already')
  })
})

describe('ask (the coordinator\'s form of acquire)', () => {
  test('answers at once when a slot is free, and later, in priority order, when one is settled', () => {
    const g = governor({ maxConcurrency: 1 })
    const answers: string[] = []
    const record = (name: string) => (a: Acquired) => {
      answers.push(name)
      if (name === 'first') granted(a).settle(paid(0))
    }
    g.ask(req(), record('first'))
    expect(answers).toEqual(['first'])
    const held: Acquired[] = []
    g.ask(req(), (a) => held.push(a))
    g.ask(req({ priority: 9 }), record('late'))
    g.ask(req({ priority: 1 }), record('early'))
    expect(answers).toEqual(['first'])
    granted(held[0]!).settle(paid(0))
    expect(answers).toEqual(['first', 'early'])
  })

  test('a withdrawn request is never answered and lets the next one in; withdrawing after the answer changes nothing', () => {
    const g = governor({ maxConcurrency: 1 })
    const first: Acquired[] = []
    const withdrawFirst = g.ask(req(), (a) => first.push(a))
    const answers: string[] = []
    const withdrawSecond = g.ask(req(), () => answers.push('second'))
    g.ask(req(), () => answers.push('third'))
    withdrawSecond()
    withdrawFirst()
    granted(first[0]!).settle(paid(0))
    expect(answers).toEqual(['third'])
    expect(g.stats()).toMatchObject({ granted: 2, inFlight: 1 })
  })

  test('a model without a price under a dollar cap is refused at once', () => {
    const answers: Acquired[] = []
    governor({ maxUsd: 1 }).ask(req({ model: 'unpriced' }), (a) => answers.push(a))
    expect(answers).toEqual([{ granted: false, message: expect.stringContaining('no price for model "unpriced"') }])
  })
})

describe('rate limits', () => {
  test('RPM: no more requests start in any 60-second window than the limit', async () => {
    const g = governor({ rpm: 3 })
    const starts: number[] = []
    const t0 = Date.now()
    for (let i = 0; i < 7; i++) void g.acquire(req()).then((a) => {
      starts.push(Date.now() - t0)
      granted(a).settle(paid(0))
    })
    await vi.advanceTimersByTimeAsync(130_000)
    expect(starts).toEqual([0, 0, 0, 60_000, 60_000, 60_000, 120_000])
  })

  test('RPM: a request counts until a minute after it ended, so however late it reached the endpoint no minute there holds more', async () => {
    const g = governor({ rpm: 1 })
    const t0 = Date.now()
    const first = granted(await g.acquire(req()))
    const second = track(g.acquire(req()))
    await vi.advanceTimersByTimeAsync(10_000)
    first.settle(paid(0))
    await vi.advanceTimersByTimeAsync(59_999)
    expect(second.done).toBe(false)
    await vi.advanceTimersByTimeAsync(2)
    expect(second.done).toBe(true)
    expect(Date.now() - t0).toBeGreaterThanOrEqual(70_000)
  })

  test('TPM: a request waits until its tokens fit; the window holds the real tokens once settled', async () => {
    const g = governor({ tpm: 5000 })
    // 2000 tokens reserved each (prompt + output cap); settled at 500.
    const a = granted(await g.acquire(req()))
    granted(await g.acquire(req()))
    const third = track(g.acquire(req()))
    await vi.advanceTimersByTimeAsync(0)
    expect(third.done).toBe(false)
    a.settle(paid(0.001, 500))
    await vi.advanceTimersByTimeAsync(0)
    expect(third.done).toBe(true)
  })

  test('TPM: with the window full the request waits for the oldest entry to leave it', async () => {
    const g = governor({ tpm: 3000 })
    granted(await g.acquire(req())).settle(paid(0, 2000))
    const next = track(g.acquire(req()))
    await vi.advanceTimersByTimeAsync(59_000)
    expect(next.done).toBe(false)
    await vi.advanceTimersByTimeAsync(1_001)
    expect(next.done).toBe(true)
  })

  test('a 429 pauses every grant of the run for its Retry-After', async () => {
    const g = governor({})
    granted(await g.acquire(req())).settle({ answered: false, tokens: null, costUsd: null, pauseMs: 2_000 })
    const other = track(g.acquire(req({ priority: 99 })))
    await vi.advanceTimersByTimeAsync(1_999)
    expect(other.done).toBe(false)
    await vi.advanceTimersByTimeAsync(2)
    expect(other.done).toBe(true)
    expect(g.stats().pauses).toBe(1)
  })
})

describe('the dollar cap', () => {
  test('a call that cannot fit even if everything in flight settles at $0 is refused, with the numbers', async () => {
    const g = governor({ maxUsd: 0.005 })
    granted(await g.acquire(req())).settle(paid(0.0025))
    const refused = await g.acquire(req())
    expect(refused.granted).toBe(false)
    expect((refused as { message: string }).message).toBe('ORGBENCH_MAX_USD=0.005: this call could cost up to $0.00300 and $0.00250 of the cap is already spent')
    // A smaller call still fits.
    expect((await g.acquire(req({ promptTokens: 100, maxTokens: 100 }))).granted).toBe(true)
    expect(g.stats()).toMatchObject({ refused: 1, spentUsd: 0.0025 })
  })

  test('a call that might fit waits for reservations to settle, then is granted or refused', async () => {
    const g = governor({ maxUsd: 0.005 })
    const a = granted(await g.acquire(req()))
    const b = track(g.acquire(req()))
    await vi.advanceTimersByTimeAsync(0)
    expect(b.done).toBe(false)
    a.settle(paid(0.001))
    await vi.advanceTimersByTimeAsync(0)
    expect(b.value?.granted).toBe(true)
  })

  test('spend never passes the cap: worst cases are reserved, and unknown costs count at their worst case', async () => {
    const g = governor({ maxUsd: 0.01 })
    let grants = 0
    for (let i = 0; i < 20; i++) {
      const a = await g.acquire(req())
      if (!a.granted) break
      grants++
      a.permit.settle(i % 2 === 0 ? paid(null) : paid(0.0029))
    }
    expect(g.stats().spentUsd).toBeLessThanOrEqual(0.01)
    expect(grants).toBe(3)
    expect(g.stats().unknownCost).toBe(2)
  })

  test('an attempt that was not billable (never sent whole, or an error status) costs nothing', async () => {
    const g = governor({ maxUsd: 1 })
    granted(await g.acquire(req())).settle(unanswered)
    expect(g.stats().spentUsd).toBe(0)
  })

  test('a resumed run starts from what its earlier sessions spent: the cap is the run\'s, not a session\'s', async () => {
    const g = governor({ maxUsd: 0.005 })
    g.countEarlierSpend(0.0025)
    expect(g.stats().spentUsd).toBe(0.0025)
    const refused = await g.acquire(req())
    expect(refused).toEqual({ granted: false, message: 'ORGBENCH_MAX_USD=0.005: this call could cost up to $0.00300 and $0.00250 of the cap is already spent' })
    expect((await governor({ maxUsd: 0.005 }).acquire(req())).granted).toBe(true)
  })

  test('with a cap, a model without a price is refused: the cap could not be kept', async () => {
    const g = governor({ maxUsd: 1 })
    const a = await g.acquire(req({ model: 'unpriced' }))
    expect(a).toEqual({ granted: false, message: 'no price for model "unpriced", so ORGBENCH_MAX_USD=1 cannot be enforced (add its price with ORGBENCH_PRICES)' })
    // Without a cap it is granted.
    expect((await governor({}).acquire(req({ model: 'unpriced' }))).granted).toBe(true)
  })
})

describe('what the cap counts, as it changes', () => {
  test('is told after each grant, before the permit is answered, and after each settlement; only under a cap', () => {
    const g = governor({ maxUsd: 1 })
    const seen: string[] = []
    g.onCount((spent, reserved) => seen.push(`count ${spent.toFixed(3)} ${reserved.toFixed(3)}`))
    let permit: Permit | null = null
    g.ask(req(), (a) => {
      seen.push('answered')
      permit = granted(a)
    })
    permit!.settle(paid(0.001))
    expect(seen).toEqual(['count 0.000 0.000', 'count 0.000 0.003', 'answered', 'count 0.001 0.000'])
    const uncapped: string[] = []
    governor({}).onCount(() => uncapped.push('count'))
    expect(uncapped).toEqual([])
  })
})
