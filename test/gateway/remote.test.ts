import { createServer, type Server, type Socket } from 'node:net'
import { describe, expect, onTestFinished, test, vi } from 'vitest'
import type { PermitRequest } from '../../lib/gateway/permits.js'
import { GatewayError, RemotePermits } from '../../lib/gateway/remote.js'

/*
 * The worker's side of the coordinator protocol, against a scripted coordinator on loopback TCP
 * (a worker in another process). The real coordinator with both transports is in
 * test/gateway/coordinator.test.ts.
 */

const req: PermitRequest = { model: 'm', promptTokens: 100, maxTokens: 100, priority: 0 }

/** A coordinator that records every message it receives and answers each with what `answer` returns (nothing when null). */
async function scripted(answer: (message: Record<string, unknown>) => object | null): Promise<{ port: number; received: Array<Record<string, unknown>> }> {
  const received: Array<Record<string, unknown>> = []
  const sockets = new Set<Socket>()
  const server: Server = createServer((socket) => {
    sockets.add(socket)
    let rest = ''
    socket.on('data', (chunk) => {
      const lines = (rest + chunk.toString()).split('\n')
      rest = lines.pop()!
      for (const line of lines.filter(Boolean)) {
        const message = JSON.parse(line) as Record<string, unknown>
        received.push(message)
        const reply = answer(message)
        if (reply) socket.write(`${JSON.stringify(reply)}\n`)
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => {
    for (const s of sockets) s.destroy()
    server.close()
  })
  return { port: (server.address() as { port: number }).port, received }
}

/** A worker in another process than the coordinator (so it connects over TCP). */
function worker(port: number, token = 'secret-token'): RemotePermits {
  const w = new RemotePermits({ port, token, pid: -1 })
  onTestFinished(() => w.close())
  return w
}

const hello = (m: Record<string, unknown>) => (m.t === 'hello' ? { t: 'hello', ok: true } : null)

describe('RemotePermits over TCP', () => {
  test('opens its session with the run token, then asks for a permit with the request and settles it under the same id', async () => {
    const c = await scripted((m) => hello(m) ?? (m.t === 'acquire' ? { t: 'grant', id: m.id, granted: true } : null))
    const w = worker(c.port)
    const got = await w.acquire(req)
    expect(got.granted).toBe(true)
    if (got.granted) got.permit.settle({ answered: true, tokens: 100, costUsd: 0.001, pauseMs: null })
    await vi.waitFor(() => expect(c.received).toHaveLength(3))
    expect(c.received).toEqual([
      { t: 'hello', token: 'secret-token' },
      { t: 'acquire', id: 1, ...req },
      { t: 'settle', id: 1, answered: true, tokens: 100, costUsd: 0.001, pauseMs: null },
    ])
  })

  test("a refusal is the coordinator's message, not an error", async () => {
    const c = await scripted((m) => hello(m) ?? { t: 'grant', id: m.id, granted: false, message: 'the dollar cap of $0.01 is reached' })
    expect(await worker(c.port).acquire(req)).toEqual({ granted: false, message: 'the dollar cap of $0.01 is reached' })
  })

  test('a coordinator that refuses the token: a GatewayError naming the port and the reason', async () => {
    const c = await scripted((m) => (m.t === 'hello' ? { t: 'hello', ok: false, message: 'bad token' } : null))
    await expect(worker(c.port, 'wrong').acquire(req)).rejects.toThrow(new GatewayError(`the run coordinator at 127.0.0.1:${c.port} refused this worker: bad token`))
  })

  test('a coordinator that is not there: a GatewayError saying it is unreachable, with the cause', async () => {
    await expect(worker(1).acquire(req)).rejects.toThrow(/^the run coordinator at 127\.0\.0\.1:1 is unreachable \(connect ECONNREFUSED 127\.0\.0\.1:1\)$/)
  })

  test('a reply of the wrong kind to a permit request is a GatewayError', async () => {
    const c = await scripted((m) => hello(m) ?? { t: 'stats', id: m.id, stats: {} })
    await expect(worker(c.port).acquire(req)).rejects.toThrow(new GatewayError('unexpected reply "stats" from the run coordinator'))
  })

  test('a request aborted while it waits is cancelled at the coordinator, and a grant that crosses the cancel is handed straight back', async () => {
    // The coordinator grants just as the cancel arrives: the grant reaches a worker that no longer waits.
    const c = await scripted((m) => hello(m) ?? (m.t === 'cancel' ? { t: 'grant', id: m.id, granted: true } : null))
    const w = worker(c.port)
    const abort = new AbortController()
    const waiting = w.acquire(req, abort.signal)
    await vi.waitFor(() => expect(c.received.map((m) => m.t)).toContain('acquire'))
    abort.abort(new Error('test over'))
    await expect(waiting).rejects.toThrow('test over')
    await vi.waitFor(() => expect(c.received).toHaveLength(4))
    expect(c.received.slice(1)).toEqual([
      { t: 'acquire', id: 1, ...req },
      { t: 'cancel', id: 1 },
      { t: 'settle', id: 1, answered: false, tokens: null, costUsd: null, pauseMs: null },
    ])
  })

  test('an already aborted request asks nothing', async () => {
    const c = await scripted(hello)
    const abort = new AbortController()
    abort.abort(new Error('stopped'))
    await expect(worker(c.port).acquire(req, abort.signal)).rejects.toThrow('stopped')
    expect(c.received).toEqual([])
  })
})
