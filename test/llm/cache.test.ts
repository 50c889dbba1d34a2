import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { type CacheEntry, cacheKey, endpointIdentity, requestHash, ResponseCache } from '../../lib/llm/cache.js'
import { Secret } from '../../lib/secret.js'
import { tempDir } from '../support/temp.js'

const identity = { endpoint: 'api.example.com/v1', scope: 'code_review_execution/single/1', body: '{"model":"m","messages":[{"role":"user","content":"hi"}],"seed":1001}' }

function entry(key: string, over: Partial<Omit<CacheEntry, 'v' | 'runId' | 'createdAt'>> = {}): Omit<CacheEntry, 'v' | 'runId' | 'createdAt'> {
  return { key, endpoint: identity.endpoint, model: 'm', scope: identity.scope, content: 'the reply', finishReason: 'stop', usage: { promptTokens: 10, completionTokens: 5, cachedTokens: 0, reasoningTokens: 0 }, costUsd: 0.001, ...over }
}

/** All files under a directory, recursively, relative names. */
function files(dir: string): string[] {
  return readdirSync(dir, { recursive: true, withFileTypes: true }).filter((d) => d.isFile()).map((d) => join(d.parentPath, d.name))
}

describe('cache keys', () => {
  test('depend on the endpoint, the test asking and every byte of the request', () => {
    const base = requestHash(identity)
    expect(base).toMatch(/^[0-9a-f]{64}$/)
    expect(requestHash({ ...identity })).toBe(base)
    expect(requestHash({ ...identity, endpoint: 'other.example.com/v1' })).not.toBe(base)
    expect(requestHash({ ...identity, scope: 'code_review_execution/single/2' })).not.toBe(base)
    expect(requestHash({ ...identity, scope: 'code_review_execution/star/1' })).not.toBe(base)
    expect(requestHash({ ...identity, body: identity.body.replace('1001', '1002') })).not.toBe(base)
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
    new ResponseCache(dir, 'read-write', 'run-1').put(entry(key))
    expect(new ResponseCache(dir, 'read-write', 'run-1').get(key)).toMatchObject({ from: 'this-run', entry: { content: 'the reply', costUsd: 0.001, runId: 'run-1' } })
    expect(new ResponseCache(dir, 'read-write', 'run-2').get(key)?.from).toBe('earlier-run')
    expect(new ResponseCache(dir, 'read-write', 'run-2').get(cacheKey(key, 1))).toBeNull()
  })

  test('mode off serves a run only its own replies (a resumed run), never an earlier run\'s', () => {
    const dir = tempDir()
    new ResponseCache(dir, 'off', 'run-1').put(entry(key))
    expect(new ResponseCache(dir, 'off', 'run-1').get(key)?.from).toBe('this-run')
    expect(new ResponseCache(dir, 'off', 'run-2').get(key)).toBeNull()
    expect(new ResponseCache(dir, 'replay', 'run-2').get(key)?.from).toBe('earlier-run')
  })

  test('a script that cannot be resumed neither reads nor writes with mode off', () => {
    const dir = tempDir()
    const cache = new ResponseCache(dir, 'off', 'run-1', false)
    expect(cache.active).toBe(false)
    cache.put(entry(key))
    expect(files(dir)).toEqual([])
    expect(new ResponseCache(dir, 'read-write', 'run-1', false).active).toBe(true)
  })

  test('entries are written whole (no temporary file left) and never hold a key', () => {
    const dir = tempDir()
    const secret = new Secret('sk-cachecanary-0123456789')
    new ResponseCache(dir, 'read-write', 'run-1').put(entry(key, { content: `echoed ${secret.reveal()} back` }))
    const written = files(dir)
    expect(written).toHaveLength(1)
    expect(written[0]).toMatch(new RegExp(`${key.slice(0, 2)}/${key}\\.json$`))
    const text = readFileSync(written[0]!, 'utf8')
    expect(text).not.toContain(secret.reveal())
    expect(JSON.parse(text).content).toBe('echoed [redacted] back')
  })

  test('a damaged or mismatched entry is a miss and is removed', () => {
    const dir = tempDir()
    const cache = new ResponseCache(dir, 'read-write', 'run-1')
    cache.put(entry(key))
    const [file] = files(dir)
    writeFileSync(file!, '{"v":1,"key":"trunc')
    expect(cache.get(key)).toBeNull()
    expect(files(dir)).toEqual([])
  })

  test('storage problems never fail the call', () => {
    const blocked = join(tempDir(), 'file')
    writeFileSync(blocked, 'not a directory')
    expect(() => new ResponseCache(blocked, 'read-write', 'run-1').put(entry(key))).not.toThrow()
  })
})
