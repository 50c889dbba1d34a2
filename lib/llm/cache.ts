import { createHash, randomBytes } from 'node:crypto'
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { z } from 'zod'
import { redactDeep } from '../redact.js'

/**
 * The response cache: successful replies on disk, content-addressed, shared by every worker of a
 * run (and by later runs when allowed). It lives in the worker that makes the call: a hit is one
 * local file read, and a 50 KB request never crosses another process boundary. Files are written
 * to a temporary name and renamed, so a reader in another process never sees half an entry.
 *
 * Modes (ORGBENCH_CACHE):
 * - off: replies are recorded, but served only to the run that recorded them (a resumed run
 *   reuses its own calls); every other call goes to the endpoint.
 * - read-write: any recorded reply with the same key is served; misses go to the endpoint.
 * - replay: only recorded replies are served; a miss is an error and nothing reaches the network.
 */
export const CACHE_MODES = ['off', 'read-write', 'replay'] as const
export type CacheMode = (typeof CACHE_MODES)[number]

export const CachedUsage = z.object({
  promptTokens: z.number().int(),
  completionTokens: z.number().int(),
  cachedTokens: z.number().int(),
  reasoningTokens: z.number().int(),
})
export type CachedUsage = z.infer<typeof CachedUsage>

/** One stored reply. The request is not stored, only its hash (the key), so no prompt and no key is on disk. */
export const CacheEntry = z.object({
  v: z.literal(1),
  key: z.string().regex(/^[0-9a-f]{64}$/),
  /** The run that paid for it. */
  runId: z.string(),
  createdAt: z.string(),
  endpoint: z.string(),
  model: z.string(),
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
  /** The request body exactly as sent: model, messages, max_tokens, temperature, seed, response_format. */
  body: string
}

/** SHA-256 of a request's identity; the body is hashed in the string already encoded for the SDK. */
export function requestHash(request: RequestIdentity): string {
  return createHash('sha256').update(`${request.endpoint}\n${request.scope}\n`).update(request.body).digest('hex')
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

export class ResponseCache {
  /**
   * `record`: store replies even with mode "off", so that the run can be resumed (a Vitest run);
   * a script that cannot be resumed records only when the mode allows reuse.
   */
  constructor(
    readonly dir: string,
    readonly mode: CacheMode,
    readonly runId: string,
    private readonly record = true,
  ) {}

  /** Whether this cache is used at all: a script with ORGBENCH_CACHE=off neither reads nor writes. */
  get active(): boolean {
    return this.record || this.mode !== 'off'
  }

  private pathOf(key: string): string {
    return join(this.dir, key.slice(0, 2), `${key}.json`)
  }

  /** The stored reply for `key` that this mode may serve, or null. A damaged entry is removed and counts as a miss. */
  get(key: string): CacheHit | null {
    if (!this.active) return null
    let text: string
    try {
      text = readFileSync(this.pathOf(key), 'utf8')
    } catch {
      return null
    }
    const parsed = CacheEntry.safeParse(safeJson(text))
    if (!parsed.success || parsed.data.key !== key) {
      rmSync(this.pathOf(key), { force: true })
      return null
    }
    const from = parsed.data.runId === this.runId ? 'this-run' : 'earlier-run'
    if (this.mode === 'off' && from === 'earlier-run') return null
    return { entry: parsed.data, from }
  }

  /** Stores a successful reply, redacted, atomically. Storage problems never fail the call: the cache is an optimisation. */
  put(entry: Omit<CacheEntry, 'v' | 'runId' | 'createdAt'>): void {
    if (!this.active) return
    const full: CacheEntry = redactDeep({ v: 1 as const, runId: this.runId, createdAt: new Date().toISOString(), ...entry })
    const file = this.pathOf(entry.key)
    const tmp = `${file}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`
    try {
      mkdirSync(dirname(file), { recursive: true })
      writeFileSync(tmp, JSON.stringify(full))
      renameSync(tmp, file)
    } catch {
      try {
        rmSync(tmp, { force: true })
      } catch {
        // Nothing was written.
      }
    }
  }
}

function safeJson(text: string): unknown {
  try {
    return JSON.parse(text)
  } catch {
    return null
  }
}

/** The endpoint identity in cache keys: host and path, never the key; the embedded simulator's random port is left out. */
export function endpointIdentity(baseURL: string | null): string {
  if (baseURL === null) return 'embedded-simulator'
  const url = new URL(baseURL)
  return `${url.host}${url.pathname.replace(/\/+$/, '')}`
}
