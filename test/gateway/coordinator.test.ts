import { connect } from 'node:net'
import { BroadcastChannel } from 'node:worker_threads'
import { describe, expect, onTestFinished, test } from 'vitest'
import { type Coordinator, startCoordinator } from '../../lib/gateway/coordinator.js'
import { Governor, type GovernorLimits } from '../../lib/gateway/governor.js'
import type { PermitRequest } from '../../lib/gateway/permits.js'
import { channelName } from '../../lib/gateway/protocol.js'
import { GatewayError, RemotePermits } from '../../lib/gateway/remote.js'
import type { PriceTable } from '../../lib/llm/pricing.js'

const PRICES: PriceTable = { m: { input: 1, output: 2, cachedInput: null, verifiedAt: '2026-01-01', source: 'test' } }
const req = (over: Partial<PermitRequest> = {}): PermitRequest => ({ model: 'm', promptTokens: 1000, maxTokens: 1000, priority: 0, ...over })

async function coordinator(limits: Partial<GovernorLimits> = {}): Promise<Coordinator> {
  const c = await startCoordinator(new Governor({ maxConcurrency: 100, rpm: null, tpm: null, maxUsd: null, ...limits }, PRICES))
  onTestFinished(() => c.close())
  return c
}

type Transport = 'channel' | 'tcp'

/** A worker: a thread of this process (in-process channel) or, with another pid, a process of its own (TCP). */
function worker(c: Coordinator, transport: Transport = 'channel', token = c.address.token): RemotePermits {
  const w = new RemotePermits({ port: c.address.port, token, pid: transport === 'channel' ? process.pid : -1 })
  onTestFinished(() => w.close())
  return w
}

/** Sends raw lines to the coordinator and collects what comes back until it closes or 300 ms pass. */
function raw(port: number, lines: string[]): Promise<string> {
  return new Promise((resolve) => {
    const socket = connect({ host: '127.0.0.1', port })
    let out = ''
    socket.on('data', (d) => (out += d.toString()))
    socket.on('close', () => resolve(out))
    socket.on('error', () => {})
    socket.write(lines.map((l) => `${l}\n`).join(''))
    setTimeout(() => {
      socket.destroy()
    }, 300)
  })
}

describe('the run coordinator', () => {
  test('listens on loopback only', async () => {
    const c = await coordinator()
    expect(c.address.port).toBeGreaterThan(0)
    expect(c.address.token.length).toBeGreaterThanOrEqual(32)
  })

  test.each(['channel', 'tcp'] as const)('one ledger for every worker (%s): two workers share the concurrency limit and the spend', async (transport) => {
    const c = await coordinator({ maxConcurrency: 1, maxUsd: 0.006 })
    const [w1, w2] = [worker(c, transport), worker(c, transport === 'channel' ? 'tcp' : 'channel')]
    const first = await w1.acquire(req())
    expect(first.granted).toBe(true)
    let second = false
    const pending = w2.acquire(req()).then((a) => {
      second = true
      return a
    })
    await new Promise((r) => setTimeout(r, 50))
    expect(second).toBe(false)
    if (first.granted) first.permit.settle({ answered: true, tokens: 1500, costUsd: 0.0025, pauseMs: null })
    const next = await pending
    expect(next.granted).toBe(true)
    if (next.granted) next.permit.settle({ answered: true, tokens: 1500, costUsd: 0.0025, pauseMs: null })
    // $0.005 spent by the two workers: another worst case of $0.003 no longer fits under $0.006.
    // (Asked on the connection that settled, so the settlement is known to have arrived first.)
    const refused = await w2.acquire(req())
    expect(refused.granted).toBe(false)
    expect(await w2.stats()).toMatchObject({ granted: 2, refused: 1, spentUsd: 0.005 })
  })

  test('after its hello, a worker thread posts on a channel of its own: the other threads on the shared channel hear only hellos', async () => {
    const c = await coordinator()
    const heard: string[] = []
    const other = new BroadcastChannel(channelName(c.address.token))
    other.onmessage = (event) => heard.push(...((event as MessageEvent).data as { messages: Array<{ t: string }> }).messages.map((m) => m.t))
    onTestFinished(() => other.close())
    const w = worker(c)
    for (let i = 0; i < 3; i++) {
      const a = await w.acquire(req())
      if (!a.granted) throw new Error('refused')
      a.permit.settle({ answered: true, tokens: 10, costUsd: 0.01, pauseMs: null })
    }
    expect(await w.stats()).toMatchObject({ granted: 3, spentUsd: 0.03 })
    expect(heard).toEqual(['hello'])
  })

  test('a worker with the wrong token is refused and its calls fail as gateway errors', async () => {
    const c = await coordinator()
    await expect(worker(c, 'tcp', 'not-the-token').acquire(req())).rejects.toThrow('refused this worker: wrong or missing run token')
    await expect(worker(c, 'channel', 'not-the-token').acquire(req())).rejects.toThrow(GatewayError)
    expect(c.governor.stats().granted).toBe(0)
  })

  test('a message before the token, or a line that breaks the protocol, closes the connection', async () => {
    const c = await coordinator()
    expect(await raw(c.address.port, [JSON.stringify({ t: 'acquire', id: 1, model: 'm', promptTokens: 1, maxTokens: 1, priority: 0 })])).toContain('"ok":false')
    expect(await raw(c.address.port, ['not json'])).toBe('')
    expect(await c.governor.stats()).toMatchObject({ granted: 0 })
  })

  test('a worker process that goes away hands its permits back, counted at their worst case', async () => {
    const c = await coordinator({ maxConcurrency: 1, maxUsd: 1 })
    const w1 = worker(c, 'tcp')
    expect((await w1.acquire(req())).granted).toBe(true)
    w1.close()
    const w2 = worker(c)
    expect((await w2.acquire(req())).granted).toBe(true)
    expect(c.governor.stats().spentUsd).toBe(0.003)
  })

  test.each(['channel', 'tcp'] as const)('an acquire aborted while waiting is cancelled at the coordinator (%s) and frees nothing it did not hold', async (transport) => {
    const c = await coordinator({ maxConcurrency: 1 })
    const w = worker(c, transport)
    const held = await w.acquire(req())
    const controller = new AbortController()
    const waiting = w.acquire(req(), controller.signal)
    setTimeout(() => controller.abort(new Error('cancelled')), 20)
    await expect(waiting).rejects.toThrow('cancelled')
    if (held.granted) held.permit.settle({ answered: false, tokens: null, costUsd: null, pauseMs: null })
    expect((await w.acquire(req())).granted).toBe(true)
    expect(c.governor.stats()).toMatchObject({ granted: 2, inFlight: 1 })
  })

  test('the requests a worker process leaves waiting are withdrawn when it goes away: the next worker gets the slot', async () => {
    const c = await coordinator({ maxConcurrency: 1 })
    const w1 = worker(c, 'tcp')
    const held = await w1.acquire(req())
    const dropped = w1.acquire(req())
    dropped.catch(() => {})
    await new Promise((r) => setTimeout(r, 20))
    w1.close()
    const w2 = worker(c)
    const next = w2.acquire(req())
    if (held.granted) held.permit.settle({ answered: false, tokens: null, costUsd: null, pauseMs: null })
    expect((await next).granted).toBe(true)
    expect(c.governor.stats()).toMatchObject({ granted: 2, inFlight: 1 })
  })

  test('when the coordinator is gone, an acquire fails with a GatewayError naming it', async () => {
    const c = await startCoordinator(new Governor({ maxConcurrency: 1, rpm: null, tpm: null, maxUsd: null }, PRICES))
    const w = worker(c, 'tcp')
    expect((await w.acquire(req())).granted).toBe(true)
    await c.close()
    await expect(w.acquire(req())).rejects.toThrow(/the run coordinator at 127\.0\.0\.1:\d+ (closed the connection|is unreachable)/)
  })
})
