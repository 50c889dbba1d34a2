import { randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import { BroadcastChannel } from 'node:worker_threads'
import type { GovernorStats } from './governor.js'
import type { Acquired, GatewayAddress, PermitRequest, Permits, Settlement } from './permits.js'
import { batcher, channelName, type ClientMessage, lineReader, lineWriter, upstreamName } from './protocol.js'

/** The run coordinator could not be reached or went away; the call is recorded with kind "gateway". */
export class GatewayError extends Error {
  override name = 'GatewayError'
}

type Reply = { t: 'hello'; ok: boolean; message?: string } | { t: 'grant'; id: number; granted: boolean; message?: string } | { t: 'stats'; id: number; stats: GovernorStats }

/** How messages reach the coordinator: an in-process channel or a loopback TCP connection. */
interface Transport {
  send(message: ClientMessage): void
  /** Keeps the process alive while requests wait (true), or lets it exit (false). */
  hold(waiting: boolean): void
  close(): void
}

interface Pending {
  resolve: (reply: Reply) => void
  reject: (e: unknown) => void
}

/**
 * A thread of the coordinator's own process: messages are posted, no system call involved. The
 * hello goes out on the run's shared channel; everything after it on the session's own channel,
 * which the coordinator opens before it answers the hello. A post on a shared channel reaches every
 * thread that has it open, so the other workers would each receive, decode and drop every permit
 * request.
 */
function channelTransport(address: GatewayAddress, onReply: (r: Reply) => void): Transport {
  const conn = randomBytes(12).toString('hex')
  let hello: BroadcastChannel | null = new BroadcastChannel(channelName(address.token))
  const up = new BroadcastChannel(upstreamName(address.token, conn))
  const inbox = new BroadcastChannel(channelName(address.token, conn))
  inbox.onmessage = (event) => {
    hello?.close()
    hello = null
    for (const reply of (event as MessageEvent).data as Reply[]) onReply(reply)
  }
  hello.unref()
  up.unref()
  inbox.unref()
  return {
    send: batcher<ClientMessage>((messages) => (hello && messages.some((m) => m.t === 'hello') ? hello : up).postMessage({ conn, messages })),
    hold: (waiting) => (waiting ? inbox.ref() : inbox.unref()),
    close: () => {
      hello?.close()
      up.close()
      inbox.close()
    },
  }
}

/** Another process: one persistent loopback TCP connection, newline-delimited JSON. */
function tcpTransport(address: GatewayAddress, onReply: (r: Reply) => void, onGone: (why: string) => void): Transport {
  const socket = connect({ host: '127.0.0.1', port: address.port })
  socket.setNoDelay(true)
  socket.on(
    'data',
    lineReader((line) => onReply(JSON.parse(line) as Reply)),
  )
  socket.on('error', (e) => onGone(`is unreachable (${e.message})`))
  socket.on('close', () => onGone('closed the connection'))
  return {
    send: lineWriter(socket),
    hold: (waiting) => (waiting ? socket.ref() : socket.unref()),
    close: () => socket.destroy(),
  }
}

/**
 * Permits from the run coordinator, for a Vitest worker: one session per process (or thread),
 * opened on first use. A request aborted while waiting is cancelled at the coordinator; a grant
 * that arrives after the cancel is handed straight back.
 */
export class RemotePermits implements Permits {
  private transport: Transport | null = null
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
    return { granted: true, permit: { settle: (o: Settlement) => this.transport?.send({ t: 'settle', id, ...o }) } }
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
    this.transport?.close()
    this.transport = null
    this.ready = null
  }

  private ask(id: number, message: ClientMessage, signal?: AbortSignal): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => {
      const onAbort = () => {
        this.pending.delete(id)
        this.transport?.send({ t: 'cancel', id })
        this.transport?.hold(this.pending.size > 0)
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
      this.transport!.hold(true)
      this.transport!.send(message)
    })
  }

  private onReply(reply: Reply): void {
    if (reply.t === 'hello') {
      const h = this.hello
      this.hello = null
      this.transport?.hold(this.pending.size > 0)
      return h?.resolve(reply)
    }
    const p = this.pending.get(reply.id)
    if (!p) {
      // Granted after the caller gave up: release it at once.
      if (reply.t === 'grant' && reply.granted) this.transport?.send({ t: 'settle', id: reply.id, answered: false, tokens: null, costUsd: null, pauseMs: null })
      return
    }
    this.pending.delete(reply.id)
    this.transport?.hold(this.pending.size > 0)
    p.resolve(reply)
  }

  private connect(): Promise<void> {
    this.ready ??= new Promise<void>((resolve, reject) => {
      const gone = (why: string) => {
        const error = new GatewayError(`the run coordinator at 127.0.0.1:${this.address.port} ${why}`)
        this.transport = null
        this.ready = null
        this.hello?.reject(error)
        this.hello = null
        for (const p of this.pending.values()) p.reject(error)
        this.pending.clear()
        reject(error)
      }
      const onReply = (r: Reply) => this.onReply(r)
      const sameProcess = this.address.pid === process.pid
      this.transport = sameProcess ? channelTransport(this.address, onReply) : tcpTransport(this.address, onReply, gone)
      this.hello = {
        resolve: (r) => (r.t === 'hello' && r.ok ? resolve() : gone(`refused this worker: ${(r as { message?: string }).message ?? 'bad token'}`)),
        reject,
      }
      this.transport.hold(true)
      this.transport.send({ t: 'hello', token: this.address.token })
      // A channel has no connection to fail: a coordinator that never answers is gone.
      if (sameProcess) {
        const timer = setTimeout(() => this.hello && gone('did not answer (no coordinator in this process for this token)'), 2_000)
        timer.unref()
      }
    })
    return this.ready
  }
}
