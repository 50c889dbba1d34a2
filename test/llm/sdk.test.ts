import { createServer, type IncomingHttpHeaders } from 'node:http'
import type { AddressInfo } from 'node:net'
import OpenAI from 'openai'
import { describe, expect, onTestFinished, test, vi } from 'vitest'
import { orgbenchFetch, piecedBody } from '../../lib/llm/http.js'
import { chatSdk, JSON_HEADERS } from '../../lib/llm/sdk.js'

/** A local endpoint that answers every request with a tiny completion and keeps the headers it received. */
async function endpoint(): Promise<{ url: string; seen: IncomingHttpHeaders[]; bodies: string[] }> {
  const seen: IncomingHttpHeaders[] = []
  const bodies: string[] = []
  const server = createServer((req, res) => {
    seen.push(req.headers)
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString())
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"id":"x","choices":[]}')
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => new Promise<void>((resolve) => {
    server.closeAllConnections()
    server.close(() => resolve())
  }))
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`, seen, bodies }
}

const body = Buffer.from('{"model":"m","messages":[]}')

/** Counts the header sets the SDK builds from now until the test ends, per SDK instance (the spy sits on the SDK's own method). */
function headerBuilds(): (sdk: OpenAI) => number {
  const spy = vi.spyOn(OpenAI.prototype as unknown as { buildHeaders: (...args: unknown[]) => unknown }, 'buildHeaders')
  onTestFinished(() => spy.mockRestore())
  return (sdk) => spy.mock.contexts.filter((c) => c === sdk).length
}

describe('chatSdk', () => {
  test('sends exactly the headers a plain SDK sends, built once for every chat request', async () => {
    const { url, seen } = await endpoint()
    const builds = headerBuilds()
    const plain = new OpenAI({ baseURL: url, apiKey: 'sk-sdk-test', maxRetries: 0, timeout: 30_000, fetch: orgbenchFetch as typeof fetch })
    const sdk = chatSdk({ baseURL: url, apiKey: 'sk-sdk-test', timeoutMs: 30_000 })
    for (let i = 0; i < 3; i++) {
      await plain.post('/chat/completions', { body, headers: JSON_HEADERS, timeout: 30_000 })
      await sdk.post('/chat/completions', { body, headers: JSON_HEADERS, timeout: 30_000 })
    }
    expect(seen).toHaveLength(6)
    for (let i = 1; i < 6; i++) expect(seen[i]).toEqual(seen[0])
    expect(seen[0]).toMatchObject({ authorization: 'Bearer sk-sdk-test', 'content-type': 'application/json', 'x-stainless-timeout': '30', 'x-stainless-retry-count': '0' })
    expect(builds(sdk)).toBe(1)
    expect(builds(plain)).toBe(3)
  })

  test('a request with other headers or another timeout gets headers of its own, and leaves the shared ones alone', async () => {
    const { url, seen } = await endpoint()
    const builds = headerBuilds()
    const sdk = chatSdk({ baseURL: url, apiKey: 'sk-sdk-test', timeoutMs: 30_000 })
    await sdk.post('/chat/completions', { body, headers: JSON_HEADERS, timeout: 30_000 })
    await sdk.post('/chat/completions', { body, headers: { 'content-type': 'application/json', 'x-extra': 'yes' }, timeout: 30_000 })
    await sdk.post('/chat/completions', { body, headers: JSON_HEADERS, timeout: 60_000 })
    await sdk.post('/chat/completions', { body, headers: JSON_HEADERS, timeout: 30_000 })
    expect(seen.map((h) => [h['x-extra'], h['x-stainless-timeout']])).toEqual([
      [undefined, '30'],
      ['yes', '30'],
      [undefined, '60'],
      [undefined, '30'],
    ])
    // The request with its own headers is built each time it is sent; the shared ones once per timeout.
    expect(builds(sdk)).toBe(3)
  })

  test('hands a body in pieces to the transport untouched: the endpoint receives the whole body', async () => {
    const { url, seen, bodies } = await endpoint()
    const sdk = chatSdk({ baseURL: url, apiKey: 'sk-sdk-test', timeoutMs: 30_000 })
    const pieces = [Buffer.from('{"model":"m","messages":[{"role":"user","content":"'), Buffer.from('a long shared text '.repeat(100)), Buffer.from('"}]}')]
    await sdk.post('/chat/completions', { body: piecedBody(pieces), headers: JSON_HEADERS, timeout: 30_000 })
    expect(bodies).toEqual([Buffer.concat(pieces).toString()])
    expect(seen[0]!['content-length']).toBe(String(Buffer.concat(pieces).length))
  })
})
