import { appendFileSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { type CacheEntry, cacheKey, endpointIdentity, requestHash, ResponseCache } from '../../lib/llm/cache.js'
import { encodeChatBody } from '../../lib/llm/request-body.js'
import { shareText } from '../../lib/llm/shared-json.js'
import { Secret } from '../../lib/secret.js'
import { hashedWhile } from '../support/hashing.js'
import { tempDir } from '../support/temp.js'

const identity = { endpoint: 'api.example.com/v1', scope: 'code_review_execution/single/1', body: Buffer.from('{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":1001}') }

function entry(key: string, over: Partial<Omit<CacheEntry, 'v' | 'runId' | 'createdAt'>> = {}): Omit<CacheEntry, 'v' | 'runId' | 'createdAt'> {
  return { key, endpoint: identity.endpoint, model: 'm', scope: identity.scope, content: 'the reply', finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0 }, costUsd: 0.001, ...over }
}

/** Every file under a directory, recursively. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name))
}

/** A cache that stored `entries` (as a run that then ended). */
function stored(dir: string, mode: 'off' | 'read-write', runId: string, ...entries: ReturnType<typeof entry>[]) {
  const cache = new ResponseCache(dir, mode, runId)
  for (const e of entries) cache.put(e)
  cache.close()
  return cache
}

describe('cache keys', () => {
  test('depend on the endpoint, the test asking and every byte of the request', () => {
    const base = requestHash(identity)
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    expect(requestHash({ ...identity })).toBe(base)
    expect(requestHash({ ...identity, endpoint: 'other.example.com/v1' })).not.toBe(base)
    expect(requestHash({ ...identity, scope: 'code_review_execution/single/2' })).not.toBe(base)
    expect(requestHash({ ...identity, scope: 'code_review_execution/star/1' })).not.toBe(base)
    expect(requestHash({ ...identity, body: Buffer.from(identity.body.toString().replace('1001', '1002')) })).not.toBe(base)
  })

  test('a body in pieces hashes as its bytes; calls of a test that open alike hash the shared opening once', () => {
    const task = `# A task for the hash states\n${'Inputs with "quotes" and é—€.\n'.repeat(80)}`
    shareText(task)
    const body = (system: string, ask: string) => encodeChatBody({ model: 'm', messages: [{ role: 'system', content: system }, { role: 'user', content: `${task}\n\n${ask}` }], maxTokens: 10, temperature: 0 })
    const whole = (scope: string, b: ReturnType<typeof body>) => requestHash({ endpoint: identity.endpoint, scope, body: Buffer.concat(b.pieces) })
    const asks = [body('reviewer', 'draft'), body('reviewer', 'critique'), body('reviewer', 'draft'), body('security', 'draft')]
    /** How often the task's text was hashed while `work` ran. */
    const taskHashes = (work: () => void) => hashedWhile(work).updates.filter((u) => u.includes(JSON.stringify(task).slice(1, -1))).length
    const hashes = taskHashes(() => {
      for (const scope of ['t/single/1', 't/single/2']) for (const b of asks) requestHash({ endpoint: identity.endpoint, scope, body: b })
    })
    for (const scope of ['t/single/1', 't/single/2']) for (const b of asks) expect(requestHash({ endpoint: identity.endpoint, scope, body: b })).toBe(whole(scope, b))
    // Per test: once for the reviewer's head, which its other two calls continue from, and once for the security reviewer's.
    expect(hashes).toBe(4)
    // Another endpoint, same scope and head: hashed for it, never continued from another header's state.
    expect(taskHashes(() => requestHash({ endpoint: 'other.example.com/v1', scope: 't/single/1', body: asks[0]! }))).toBe(1)
    expect(requestHash({ endpoint: 'other.example.com/v1', scope: 't/single/1', body: asks[0]! })).toBe(requestHash({ endpoint: 'other.example.com/v1', scope: 't/single/1', body: Buffer.concat(asks[0]!.pieces) }))
  })

  test('the n-th identical request of a test gets a key of its own; the first keeps the request hash', () => {
    const h = requestHash(identity)
    expect(cacheKey(h, 0)).toBe(h)
    expect(new Set([cacheKey(h, 0), cacheKey(h, 1), cacheKey(h, 2)]).size).toBe(3)
  })

  test('the endpoint identity is host and path, never the key; the embedded simulator has one name whatever its port', () => {
    expect(endpointIdentity('https://api.groq.com/openai/v1/')).toBe('api.groq.com/openai/v1')
    expect(endpointIdentity('http://127.0.0.1:8000/v1')).toBe('127.0.0.1:8000/v1')
    expect(endpointIdentity(null)).toBe('embedded-simulator')
  })
})

describe('ResponseCache', () => {
  const key = requestHash(identity)

  test('serves what was stored, saying whether this run or an earlier one paid for it', () => {
    const dir = tempDir()
    stored(dir, 'read-write', 'run-1', entry(key))
    expect(new ResponseCache(dir, 'read-write', 'run-1').get(key)).toMatchObject({ from: 'this-run', entry: { content: 'the reply', costUsd: 0.001, runId: 'run-1' } })
    expect(new ResponseCache(dir, 'read-write', 'run-2').get(key)?.from).toBe('earlier-run')
    expect(new ResponseCache(dir, 'read-write', 'run-2').get(cacheKey(key, 1))).toBeNull()
  })

  test('mode off serves a run only its own replies (a resumed run), never an earlier run\'s; replay serves any', () => {
    const dir = tempDir()
    stored(dir, 'off', 'run-1', entry(key))
    expect(new ResponseCache(dir, 'off', 'run-1').get(key)?.from).toBe('this-run')
    expect(new ResponseCache(dir, 'off', 'run-2').get(key)).toBeNull()
    expect(new ResponseCache(dir, 'replay', 'run-2').get(key)?.from).toBe('earlier-run')
  })

  test("mode off in a Vitest session serves only the replies of the run's earlier sessions: a watch or UI re-run asks the model again; read-write still replays", () => {
    const dir = tempDir()
    stored(dir, 'off', 'run-1', entry(key))
    const recordedAt = JSON.parse(readFileSync(files(dir)[0]!, 'utf8')).createdAt as string
    const before = new Date(Date.parse(recordedAt) - 1000).toISOString()
    const after = new Date(Date.parse(recordedAt) + 1000).toISOString()
    // A resumed session, started after the reply was recorded, reuses it.
    expect(new ResponseCache(dir, 'off', 'run-1', true, after).get(key)?.from).toBe('this-run')
    // A re-run in the session that recorded it does not.
    expect(new ResponseCache(dir, 'off', 'run-1', true, before).get(key)).toBeNull()
    expect(new ResponseCache(dir, 'off', 'run-1', true, recordedAt).get(key)).toBeNull()
    expect(new ResponseCache(dir, 'read-write', 'run-1', true, before).get(key)?.from).toBe('this-run')
  })

  test('a script that cannot be resumed neither reads nor writes with mode off', () => {
    const dir = tempDir()
    const cache = new ResponseCache(dir, 'off', 'run-1', false)
    expect(cache.active).toBe(false)
    cache.put(entry(key))
    expect(files(dir)).toEqual([])
    expect(new ResponseCache(dir, 'read-write', 'run-1', false).active).toBe(true)
  })

  test('each process appends one line per reply to its own log in the run\'s folder, never holding a key', () => {
    const dir = tempDir()
    const secret = new Secret('sk-cachecanary-0123456789')
    stored(dir, 'read-write', 'sim-20260101T000000Z-abcdef', entry(key, { content: `echoed ${secret.reveal()} back` }), entry(cacheKey(key, 1)))
    const written = files(dir)
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(/sim-20260101T000000Z-abcdef\/\d+-\d+-[0-9a-f]{6}\.jsonl$/)
    const lines = readFileSync(written[0]!, 'utf8').trimEnd().split('\n')
    expect(lines).toHaveLength(2)
    expect(lines[0]).not.toContain(secret.reveal())
    expect(JSON.parse(lines[0]!)).toMatchObject({ key, content: 'echoed [redacted] back' })
  })

  test('a line cut short by a crash, or damaged, is a miss; the other lines are still served', () => {
    const dir = tempDir()
    stored(dir, 'read-write', 'run-1', entry(key))
    const [log] = files(dir)
    const other = cacheKey(key, 1)
    appendFileSync(log!, `{"key":"${other}","v":1,"runId":"run-1","content":"cut sho`)
    const third = cacheKey(key, 2)
    appendFileSync(log!, `\n{"key":"${third}","v":1,"garbage":true}\n`)
    const cache = new ResponseCache(dir, 'read-write', 'run-2')
    expect(cache.get(other)).toBeNull()
    expect(cache.get(third)).toBeNull()
    expect(cache.get(key)?.entry.content).toBe('the reply')
  })

  test('storage problems never fail the call', () => {
    const blocked = join(tempDir(), 'file')
    writeFileSync(blocked, 'not a directory')
    expect(() => new ResponseCache(blocked, 'read-write', 'run-1').put(entry(key))).not.toThrow()
    expect(new ResponseCache(blocked, 'read-write', 'run-1').get(key)).toBeNull()
  })
})
