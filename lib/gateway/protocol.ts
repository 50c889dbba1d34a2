import type { Socket } from 'node:net'
import { z } from 'zod'

/*
 * The coordinator's protocol. A worker thread of the coordinator's process posts these messages
 * as objects on a BroadcastChannel, in batches (ChannelMessage: with its session id; replies come
 * back in batches on the session's own channel); a worker in another
 * process writes them as newline-delimited JSON over one persistent loopback TCP connection. A
 * permit round trip is two short messages; request bodies never travel here, they go from the
 * worker straight to the endpoint.
 *
 *   worker → coordinator                          coordinator → worker
 *   {"t":"hello","token":"…"}                     {"t":"hello","ok":true}
 *   {"t":"acquire","id":1,"model":…,…}            {"t":"grant","id":1,"granted":true}
 *                                                 {"t":"grant","id":1,"granted":false,"message":"…"}
 *   {"t":"cancel","id":1}                         (a waiting acquire is dropped)
 *   {"t":"settle","id":1,"answered":…,…}          (no reply)
 *   {"t":"stats","id":2}                          {"t":"stats","id":2,"stats":{…}}
 */

const id = z.number().int().nonnegative()

/** A message from a worker, validated at the coordinator. */
export const ClientMessage = z.discriminatedUnion('t', [
  z.object({ t: z.literal('hello'), token: z.string() }),
  z.object({
    t: z.literal('acquire'),
    id,
    model: z.string(),
    promptTokens: z.number().int().nonnegative(),
    maxTokens: z.number().int().nonnegative(),
    priority: z.number(),
  }),
  z.object({ t: z.literal('cancel'), id }),
  z.object({
    t: z.literal('settle'),
    id,
    answered: z.boolean(),
    tokens: z.number().int().nonnegative().nullable(),
    costUsd: z.number().nonnegative().nullable(),
    pauseMs: z.number().nonnegative().nullable(),
  }),
  z.object({ t: z.literal('stats'), id }),
])
export type ClientMessage = z.infer<typeof ClientMessage>

/** A post on the in-process channel: which worker session sends it, and its messages in order. */
export interface ChannelMessage {
  conn: string
  messages: ClientMessage[]
}

/**
 * A post on the in-process channel, or null when it does not have that shape. Its messages are not
 * validated one by one: the channel is named after the run's secret token, so only this process's
 * worker threads post on it, with the typed sender of lib/gateway/remote.ts, and a message of an
 * unknown kind is ignored. Validating each with zod cost the main thread about 0.1 s of a simulated
 * enterprise suite (some 6,000 messages). Connections over TCP, from other processes, are still
 * validated message by message (ClientMessage).
 */
export function channelMessage(data: unknown): ChannelMessage | null {
  if (typeof data !== 'object' || data === null) return null
  const { conn, messages } = data as Partial<ChannelMessage>
  if (typeof conn !== 'string' || conn.length < 8 || !Array.isArray(messages) || messages.length === 0) return null
  return messages.every((m) => typeof m === 'object' && m !== null) ? (data as ChannelMessage) : null
}

/**
 * Collects what one thread sends in the same turn of its event loop and posts it as one batch:
 * a burst of permit requests (every test of a file starts at once) or of grants (one settlement
 * can free several) costs one post and one event on the other side instead of one each.
 */
export function batcher<T>(post: (batch: T[]) => void): (message: T) => void {
  let batch: T[] | null = null
  return (message) => {
    if (batch) return void batch.push(message)
    batch = [message]
    setImmediate(() => {
      const out = batch!
      batch = null
      post(out)
    })
  }
}

/** The coordinator's inbound channel for a run's token (hellos), or the reply channel of one session. */
export function channelName(token: string, conn?: string): string {
  return conn ? `orgbench-gateway:${token}:${conn}` : `orgbench-gateway:${token}`
}

/** The channel a session posts on after its hello: only the coordinator listens there. */
export function upstreamName(token: string, conn: string): string {
  return `orgbench-gateway:${token}:${conn}:up`
}

/** A message from the coordinator to a worker. */
export type ServerMessage =
  | { t: 'hello'; ok: boolean; message?: string }
  | { t: 'grant'; id: number; granted: true }
  | { t: 'grant'; id: number; granted: false; message: string }
  | { t: 'stats'; id: number; stats: unknown }

/**
 * Writes messages to a socket as JSON lines; lines written in the same tick leave together (one
 * system call instead of several, e.g. several grants after one settlement).
 */
export function lineWriter(socket: Socket): (message: object) => void {
  let corked = false
  return (message) => {
    if (socket.destroyed) return
    if (!corked) {
      corked = true
      socket.cork()
      process.nextTick(() => {
        corked = false
        socket.uncork()
      })
    }
    socket.write(`${JSON.stringify(message)}\n`)
  }
}

/** Splits a byte stream into lines and hands each complete one to `onLine`. */
export function lineReader(onLine: (line: string) => void): (chunk: Buffer | string) => void {
  let rest = ''
  return (chunk) => {
    const text = rest + chunk.toString()
    let start = 0
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', start)) {
      const line = text.slice(start, nl)
      start = nl + 1
      if (line.length > 0) onLine(line)
    }
    rest = text.slice(start)
  }
}
