import { randomBytes, timingSafeEqual } from 'node:crypto'
import { createServer, type Socket } from 'node:net'
import type { Governor } from './governor.js'
import type { GatewayAddress, Permit } from './permits.js'
import { ClientMessage, lineReader, type ServerMessage } from './protocol.js'

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

/**
 * Serves a Governor to the workers of a Vitest run: a TCP server on 127.0.0.1 (never another
 * interface) that answers only connections presenting this run's random token. A connection that
 * breaks the protocol is closed. When a worker's connection ends, its waiting requests are dropped
 * and its permits still in flight settle at their worst case, so the dollar cap holds even then.
 */
export async function startCoordinator(governor: Governor, token = randomBytes(24).toString('base64url')): Promise<Coordinator> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.setNoDelay(true)
    let authed = false
    const permits = new Map<number, Permit>()
    const waiting = new Map<number, AbortController>()
    const send = (m: ServerMessage) => {
      if (!socket.destroyed) socket.write(`${JSON.stringify(m)}\n`)
    }

    const onMessage = (m: ClientMessage) => {
      switch (m.t) {
        case 'hello':
          return send({ t: 'hello', ok: true })
        case 'acquire': {
          const controller = new AbortController()
          waiting.set(m.id, controller)
          governor.acquire({ model: m.model, promptTokens: m.promptTokens, maxTokens: m.maxTokens, priority: m.priority }, controller.signal).then(
            (a) => {
              waiting.delete(m.id)
              if (a.granted) {
                if (socket.destroyed) return a.permit.settle({ answered: false, tokens: null, costUsd: null, pauseMs: null })
                permits.set(m.id, a.permit)
                send({ t: 'grant', id: m.id, granted: true })
              } else send({ t: 'grant', id: m.id, granted: false, message: a.message })
            },
            () => waiting.delete(m.id),
          )
          return
        }
        case 'cancel':
          return waiting.get(m.id)?.abort()
        case 'settle': {
          const permit = permits.get(m.id)
          permits.delete(m.id)
          return permit?.settle({ answered: m.answered, tokens: m.tokens, costUsd: m.costUsd, pauseMs: m.pauseMs })
        }
        case 'stats':
          return send({ t: 'stats', id: m.id, stats: governor.stats() })
      }
    }

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
            send({ t: 'hello', ok: false, message: 'wrong or missing run token' })
            return void socket.end()
          }
          authed = true
        }
        onMessage(m)
      }),
    )
    socket.on('error', () => {})
    socket.on('close', () => {
      sockets.delete(socket)
      for (const c of waiting.values()) c.abort()
      for (const p of permits.values()) p.settle({ answered: true, tokens: null, costUsd: null, pauseMs: null })
      permits.clear()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', () => resolve())
  })
  const port = (server.address() as { port: number }).port
  return {
    address: { port, token },
    governor,
    close: () =>
      new Promise<void>((resolve) => {
        governor.close()
        for (const s of sockets) s.destroy()
        server.close(() => resolve())
      }),
  }
}
