import { createHash, type Hash, randomBytes } from 'node:crypto'
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, readSync, statSync, writeSync } from 'node:fs'
import { join } from 'node:path'
import { threadId } from 'node:worker_threads'
import { z } from 'zod'
import { redacted } from '../redact.js'
import type { EncodedJson } from './shared-json.js'

/**
 * The response cache: successful replies on disk, content-addressed by request, shared by every
 * worker of a run and, when allowed, by later runs. It lives in the worker that makes the call: a
 * hit is one local read, and a 50 KB request never crosses another process boundary.
 *
 * On disk (default .orgbench/cache/, ignored by git) each run has a folder, and each process that
 * stored replies appends them to its own log there, one JSON line per reply: one write per call
 * (a file per reply cost ten times as much). A line cut short by a crash is skipped when read.
 * A cache indexes the logs it may serve when it is created.
 *
 * Modes (ORGBENCH_CACHE):
 * - off: replies are recorded, but served only to the run that recorded them, and, in a Vitest run,
 *   only those of its earlier sessions (a resumed run reuses its own calls; a watch or Vitest UI
 *   re-run calls the model again); every other call goes to the endpoint.
 * - read-write: any recorded reply with the same key is served; misses go to the endpoint.
 * - replay: only recorded replies are served; a miss is an error and nothing reaches the network.
 */
export const CACHE_MODES = ['off', 'read-write', 'replay'] as const
export type CacheMode = (typeof CACHE_MODES)[number]

/** The token usage of a stored reply. */
export const CachedUsage = z.object({
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  cachedTokens: z.number().int(),
  reasoningTokens: z.number().int(),
})
export type CachedUsage = z.infer<typeof CachedUsage>

/** One stored reply. The request is not stored, only its hash (the key), so no prompt and no key is on disk. */
export const CacheEntry = z.object({
  key: z.string().regex(/^[0-9a-f]{64}$/),
  v: z.literal(1),
  /** The run that paid for it. */
  runId: z.string(),
  createdAt: z.string(),
  endpoint: z.string(),
  model: z.string(),
  /** The model the endpoint said it served, when another than `model`; absent otherwise. */
  servedModel: z.string().optional(),
  scope: z.string(),
  content: z.string(),
  finishReason: z.string().nullable(),
  /** null when the endpoint reported no usage. */
  usage: CachedUsage.nullable(),
  costUsd: z.number().nullable(),
})
export type CacheEntry = z.infer<typeof CacheEntry>

/** What identifies a request: where it goes, which test asks, and the exact body. */
export interface RequestIdentity {
  /** Endpoint identity: host and path of the base URL ("embedded-simulator" for the embedded one). */
  endpoint: string
  /** The test asking ("task/topology/trial"): two tests never share a sample, as without a cache. */
  scope: string
  /** The request body exactly as sent (UTF-8): model, messages, max_tokens, temperature, seed, response_format; whole or in pieces. */
  body: Buffer | EncodedJson
}

/** Hash states after a test's header and a body's head (see EncodedJson), by exactly those bytes. */
const headStates = new Map<string, Hash>()
/** A suite has about a thousand distinct heads, each used by about two calls in a row; beyond this many the map starts again. */
const MAX_HEAD_STATES = 256

/**
 * SHA-256 of a request's identity; the body is hashed in the bytes already encoded for the SDK.
 * Calls of one test that open alike (the same messages up to the end of the task text quoting
 * the shared opening) continue from the state saved after that opening instead of hashing its
 * 40 KB again; the hash is the same.
 */
export function requestHash(request: RequestIdentity): string {
  const header = `${request.endpoint}\n${request.scope}\n`
  const body = request.body
  if (Buffer.isBuffer(body)) return createHash('sha256').update(header).update(body).digest('hex')
  let hash: Hash
  let from = 0
  if (body.head) {
    // Length-prefixed, so that no other header and head make the same key.
    const key = `${body.head.serial}:${header.length}:${header}${body.head.text}`
    const saved = headStates.get(key)
    from = 2
    if (saved) hash = saved.copy()
    else {
      hash = createHash('sha256').update(header).update(body.pieces[0]!).update(body.pieces[1]!)
      if (headStates.size >= MAX_HEAD_STATES) headStates.clear()
      headStates.set(key, hash.copy())
    }
  } else hash = createHash('sha256').update(header)
  for (let i = from; i < body.pieces.length; i++) hash.update(body.pieces[i]!)
  return hash.digest('hex')
}

/** The cache key of the n-th identical request of a test (n from 0): repeats get replies of their own. */
export function cacheKey(hash: string, occurrence: number): string {
  return occurrence === 0 ? hash : createHash('sha256').update(`${hash}#${occurrence}`).digest('hex')
}

/** A hit, and whether it was paid for by this very run (a resumed run) or by an earlier one. */
export interface CacheHit {
  entry: CacheEntry
  from: 'this-run' | 'earlier-run'
}

/** A run's folder name: its id, with anything unusual in a file name replaced. */
/** A benchmark case as the cache's `scope` names it, "task/topology/trial": the runner sets it, and the dollar cap matches cached replies to journaled records by it. */
export const scopeOf = (c: { task: string; topology: string; trial: number }) => `${c.task}/${c.topology}/${c.trial}`

export function runFolder(runId: string): string {
  return runId.replace(/[^\w.-]/g, '_')
}

/** The name of a log the cache writes: `<pid>-<thread>-<6 hex>.jsonl` (see ResponseCache.put). */
export const CACHE_LOG_NAME = /^\d+-\d+-[0-9a-f]{6}\.jsonl$/

/** Where a stored line is: its log, its offset and its length in bytes. */
interface Located {
  file: string
  offset: number
  length: number
}

const KEY_PREFIX = Buffer.from('{"key":"')

/** Indexes one log: the key of every complete line (a line cut by a crash has no newline and is left out). */
function indexLog(file: string, into: Map<string, Located>): void {
  let buf: Buffer
  try {
    buf = readFileSync(file)
  } catch {
    return
  }
  let start = 0
  for (let nl = buf.indexOf(10, start); nl !== -1; nl = buf.indexOf(10, start)) {
    if (nl - start > KEY_PREFIX.length + 64 && buf.subarray(start, start + KEY_PREFIX.length).equals(KEY_PREFIX)) {
      const key = buf.toString('latin1', start + KEY_PREFIX.length, start + KEY_PREFIX.length + 64)
      into.set(key, { file, offset: start, length: nl - start })
    }
    start = nl + 1
  }
}

/** The response cache of one process for one run (see the module comment for the modes and the layout on disk). */
export class ResponseCache {
  private index: Map<string, Located> | null = null
  private log: number | null = null
  /** Logs opened for reading, kept open: a replayed run reads thousands of lines from a few files. */
  private readonly readers = new Map<string, number>()

  /**
   * `record`: store replies even with mode "off", so that the run can be resumed (a Vitest run);
   * a script that cannot be resumed records only when the mode allows reuse. `sessionStartedAt`:
   * with mode "off", the run's replies recorded from then on are not served (a re-run in the same
   * session asks again, as a run without a cache would).
   */
  constructor(
    readonly dir: string,
    readonly mode: CacheMode,
    readonly runId: string,
    private readonly record = true,
    private readonly sessionStartedAt: string | null = null,
  ) {}

  /** Whether this cache is used at all: a script with ORGBENCH_CACHE=off neither reads nor writes. */
  get active(): boolean {
    return this.record || this.mode !== 'off'
  }

  /** The replies this cache may serve, indexed on first use: this run's (mode off) or every run's. */
  private entries(): Map<string, Located> {
    if (this.index) return this.index
    const index = new Map<string, Located>()
    try {
      const runs = this.mode === 'off' ? [runFolder(this.runId)] : existsSync(this.dir) ? readdirSync(this.dir) : []
      for (const run of runs) {
        const folder = join(this.dir, run)
        if (!existsSync(folder) || !statSync(folder).isDirectory()) continue
        for (const name of readdirSync(folder)) if (name.endsWith('.jsonl')) indexLog(join(folder, name), index)
      }
    } catch {
      // An unreadable cache is an empty one.
    }
    this.index = index
    return index
  }

  /** The stored reply for `key` that this mode may serve, or null. A damaged line is a miss. */
  get(key: string): CacheHit | null {
    if (!this.active) return null
    const at = this.entries().get(key)
    if (!at) return null
    let parsed
    try {
      let fd = this.readers.get(at.file)
      if (fd === undefined) this.readers.set(at.file, (fd = openSync(at.file, 'r')))
      const buf = Buffer.allocUnsafe(at.length)
      readSync(fd, buf, 0, at.length, at.offset)
      parsed = CacheEntry.safeParse(JSON.parse(buf.toString('utf8')))
    } catch {
      return null
    }
    if (!parsed.success || parsed.data.key !== key) return null
    const from = parsed.data.runId === this.runId ? 'this-run' : 'earlier-run'
    if (this.mode === 'off' && this.sessionStartedAt !== null && parsed.data.createdAt >= this.sessionStartedAt) return null
    return { entry: parsed.data, from }
  }

  /**
   * Stores a successful reply, redacted, as one appended line of this process's log. Storage
   * problems never fail a call: the cache is an optimisation.
   */
  put(entry: Omit<CacheEntry, 'v' | 'runId' | 'createdAt'>): void {
    if (!this.active) return
    // The key first, so that an index can read it without parsing the line.
    const { key, ...rest } = entry
    const full: CacheEntry = redacted({ key, v: 1 as const, runId: this.runId, createdAt: new Date().toISOString(), ...rest })
    try {
      if (this.log === null) {
        const folder = join(this.dir, runFolder(this.runId))
        mkdirSync(folder, { recursive: true })
        this.log = openSync(join(folder, `${process.pid}-${threadId}-${randomBytes(3).toString('hex')}.jsonl`), 'a')
      }
      writeSync(this.log, `${JSON.stringify(full)}\n`)
    } catch {
      // Not stored; the call itself succeeded.
    }
  }

  /** Closes this process's log and the logs it read. */
  close(): void {
    if (this.log !== null) closeSync(this.log)
    this.log = null
    for (const fd of this.readers.values()) closeSync(fd)
    this.readers.clear()
  }
}

/** The endpoint identity in cache keys: host and path, never the key; the embedded simulator has one name whatever its port. */
export function endpointIdentity(baseURL: string | null): string {
  if (baseURL === null) return 'embedded-simulator'
  const url = new URL(baseURL)
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`
}
