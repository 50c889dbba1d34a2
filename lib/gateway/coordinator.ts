import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type Socket } from 'node:net'
import { BroadcastChannel } from 'node:worker_threads'
import type { Governor } from './governor.js'
import type { GatewayAddress, Permit } from './permits.js'
import { batcher, channelMessage, channelName, ClientMessage, lineReader, lineWriter, type ServerMessage, upstreamName } from './protocol.js'

/** The run coordinator as the globalSetup holds it. */
export interface Coordinator {
  address: GatewayAddress
  governor: Governor
  close(): Promise<void>
}

function sameToken(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/** One worker's session: its permits in flight and its requests still waiting. */
class Session {
  private readonly permits = new Map<number, Permit>()
  /** How to withdraw each waiting request (Governor.ask: no AbortController and no promise per call). */
  private readonly waiting = new Map<number, () => void>()
  private ended = false

  constructor(
    private readonly governor: Governor,
    private readonly send: (m: ServerMessage) => void,
  ) {}

  handle(m: ClientMessage): void {
    switch (m.t) {
      case 'hello':
        return this.send({ t: 'hello', ok: true })
      case 'acquire': {
        const id = m.id
        let answered = false
        const withdraw = this.governor.ask({ model: m.model, promptTokens: m.promptTokens, maxTokens: m.maxTokens, priority: m.priority }, (a) => {
          answered = true
          this.waiting.delete(id)
          if (!a.granted) return this.send({ t: 'grant', id, granted: false, message: a.message })
          if (this.ended) return a.permit.settle({ answered: false, tokens: null, costUsd: null, pauseMs: null })
          this.permits.set(id, a.permit)
          this.send({ t: 'grant', id, granted: true })
        })
        if (!answered) this.waiting.set(id, withdraw)
        return
      }
      case 'cancel': {
        const withdraw = this.waiting.get(m.id)
        this.waiting.delete(m.id)
        return withdraw?.()
      }
      case 'settle': {
        const permit = this.permits.get(m.id)
        this.permits.delete(m.id)
        return permit?.settle({ answered: m.answered, tokens: m.tokens, costUsd: m.costUsd, pauseMs: m.pauseMs })
      }
      case 'stats':
        return this.send({ t: 'stats', id: m.id, stats: this.governor.stats() })
    }
  }

  /** The worker went away: drop its waiting requests; its permits in flight settle at their worst case. */
  end(): void {
    this.ended = true
    for (const withdraw of this.waiting.values()) withdraw()
    this.waiting.clear()
    for (const p of this.permits.values()) p.settle({ answered: true, tokens: null, costUsd: null, pauseMs: null })
    this.permits.clear()
  }
}

/**
 * Serves a Governor to the workers of a Vitest run. Workers that are threads of this process talk
 * to it over an in-process BroadcastChannel named after the run's token (no system call per
 * message); workers in other processes use a TCP server on 127.0.0.1 (never another interface)
 * that answers only connections presenting the token. A message that breaks the protocol ends
 * its session. When a TCP worker's connection ends, its waiting requests are dropped and its
 * permits in flight settle at their worst case, so the dollar cap holds even then.
 */
export async function startCoordinator(governor: Governor, token = randomBytes(24).toString('base64url')): Promise<Coordinator> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.setNoDelay(true)
    let authed = false
    const session = new Session(governor, lineWriter(socket))
    socket.on(
      'data',
      lineReader((line) => {
        let parsed
        try {
          parsed = ClientMessage.safeParse(JSON.parse(line))
        } catch {
          parsed = null
        }
        if (!parsed?.success) return void socket.destroy()
        const m = parsed.data
        if (!authed) {
          if (m.t !== 'hello' || !sameToken(m.token, token)) {
            socket.write(`${JSON.stringify({ t: 'hello', ok: false, message: 'wrong or missing run token' })}\n`)
            return void socket.end()
          }
          authed = true
        }
        session.handle(m)
      }),
    )
    socket.on('error', () => {})
    socket.on('close', () => {
      sockets.delete(socket)
      session.end()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })

  // Threads of this process: one inbound channel for hellos, then a channel each way per worker session.
  const inbound = new BroadcastChannel(channelName(token))
  const sessions = new Map<string, { session: Session; up: BroadcastChannel; reply: BroadcastChannel }>()
  const deliver = (data: unknown, from?: string) => {
    const post = channelMessage(data)
    if (!post || (from !== undefined && post.conn !== from)) return
    const { conn, messages } = post
    let s = sessions.get(conn)
    if (!s) {
      const first = messages[0]!
      if (first.t !== 'hello' || !sameToken(first.token, token)) return
      // Open before the hello is answered: the worker posts there only once it has the answer.
      const up = new BroadcastChannel(upstreamName(token, conn))
      up.onmessage = (event) => deliver((event as MessageEvent).data, conn)
      const reply = new BroadcastChannel(channelName(token, conn))
      s = { session: new Session(governor, batcher<ServerMessage>((batch) => reply.postMessage(batch))), up, reply }
      sessions.set(conn, s)
    }
    for (const message of messages) s.session.handle(message)
  }
  inbound.onmessage = (event) => deliver((event as MessageEvent).data)

  const port = (server.address() as { port: number }).port
  return {
    address: { port, token, pid: process.pid },
    governor,
    close: () =>
      new Promise<void>((resolve) => {
        governor.close()
        inbound.close()
        for (const s of sessions.values()) {
          s.session.end()
          s.up.close()
          s.reply.close()
        }
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
