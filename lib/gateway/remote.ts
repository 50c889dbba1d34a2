import { connect, type Socket } from 'node:net'
import type { GovernorStats } from './governor.js'
import type { Acquired, GatewayAddress, PermitRequest, Permits, Settlement } from './permits.js'
import { lineReader } from './protocol.js'

/** The run coordinator could not be reached or went away; the call is recorded with kind "gateway". */
export class GatewayError extends Error {
  override name = 'GatewayError'
}

type Reply = { t: 'hello'; ok: boolean; message?: string } | { t: 'grant'; id: number; granted: boolean; message?: string } | { t: 'stats'; id: number; stats: GovernorStats }

interface Pending {
  resolve: (reply: Reply) => void
  reject: (e: unknown) => void
}

/**
 * Permits from the run coordinator, for a Vitest worker: one persistent loopback connection per
 * process, opened on first use. A request aborted while waiting is cancelled at the coordinator;
 * a grant that arrives after the cancel is handed straight back.
 */
export class RemotePermits implements Permits {
  private socket: Socket | null = null
  private ready: Promise<void> | null = null
  private nextId = 1
  private readonly pending = new Map<number, Pending>()
  private hello: Pending | null = null

  constructor(private readonly address: GatewayAddress) {}

  async acquire(request: PermitRequest, signal?: AbortSignal): Promise<Acquired> {
    if (signal?.aborted) throw signal.reason
    await this.connect()
    const id = this.nextId++
    const reply = await this.ask(id, { t: 'acquire', id, ...request }, signal)
    if (reply.t !== 'grant') throw new GatewayError(`unexpected reply "${reply.t}" from the run coordinator`)
    if (!reply.granted) return { granted: false, message: reply.message ?? 'refused' }
    return { granted: true, permit: { settle: (o: Settlement) => this.send({ t: 'settle', id, ...o }) } }
  }

  /** The coordinator's counters (spend, grants, refusals, peak concurrency). */
  async stats(): Promise<GovernorStats> {
    await this.connect()
    const id = this.nextId++
    const reply = await this.ask(id, { t: 'stats', id })
    if (reply.t !== 'stats') throw new GatewayError(`unexpected reply "${reply.t}" from the run coordinator`)
    return reply.stats
  }

  close(): void {
    this.socket?.destroy()
  }

  private ask(id: number, message: object, signal?: AbortSignal): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id)
        this.send({ t: 'cancel', id })
        this.idle()
        reject(signal!.reason)
      }
      this.pending.set(id, {
        resolve: (r) => {
          signal?.removeEventListener('abort', onAbort)
          resolve(r)
        },
        reject: (e) => {
          signal?.removeEventListener('abort', onAbort)
          reject(e)
        },
      })
      signal?.addEventListener('abort', onAbort, { once: true })
      this.socket!.ref()
      this.send(message)
    })
  }

  private send(message: object): void {
    if (this.socket && !this.socket.destroyed) this.socket.write(`${JSON.stringify(message)}\n`)
  }

  /** Lets the worker exit while nothing is waiting on the coordinator. */
  private idle(): void {
    if (this.pending.size === 0) this.socket?.unref()
  }

  private onReply(reply: Reply): void {
    if (reply.t === 'hello') {
      const h = this.hello
      this.hello = null
      return h?.resolve(reply)
    }
    const p = this.pending.get(reply.id)
    if (!p) {
      // Granted after the caller gave up: release it at once.
      if (reply.t === 'grant' && reply.granted) this.send({ t: 'settle', id: reply.id, answered: false, tokens: null, costUsd: null, pauseMs: null })
      return
    }
    this.pending.delete(reply.id)
    this.idle()
    p.resolve(reply)
  }

  private connect(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const socket = connect({ host: '127.0.0.1', port: this.address.port })
      this.socket = socket
      socket.setNoDelay(true)
      socket.on(
        'data',
        lineReader((line) => this.onReply(JSON.parse(line) as Reply)),
      )
      const fail = (why: string) => {
        const error = new GatewayError(`the run coordinator at 127.0.0.1:${this.address.port} ${why}`)
        this.socket = null
        this.ready = null
        this.hello?.reject(error)
        this.hello = null
        for (const p of this.pending.values()) p.reject(error)
        this.pending.clear()
        reject(error)
      }
      socket.on('error', (e) => fail(`is unreachable (${e.message})`))
      socket.on('close', () => fail('closed the connection'))
      this.hello = {
        resolve: (r) => (r.t === 'hello' && r.ok ? resolve() : fail(`refused this worker: ${(r as { message?: string }).message ?? 'bad token'}`)),
        reject,
      }
      this.send({ t: 'hello', token: this.address.token })
    })
    return this.ready
  }
}
