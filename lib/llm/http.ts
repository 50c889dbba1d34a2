import { Agent as HttpAgent, request as httpRequest, type IncomingMessage } from 'node:http'
import { Agent as HttpsAgent, request as httpsRequest } from 'node:https'
import { createBrotliDecompress, createGunzip, createInflate } from 'node:zlib'

/**
 * The HTTP transport under the openai SDK: a `fetch` built on node:http(s) with keep-alive
 * connections. Node 20's global fetch costs about 1 ms of CPU per 50 KB request (WHATWG streams,
 * USV conversion of the body, per-request dispatcher work); this one writes the encoded body once
 * and reads the reply into one buffer. It is the only transport, for the simulator and for real
 * endpoints alike, so "one code path" holds.
 *
 * Semantics follow fetch where the SDK depends on them: the promise resolves when the headers
 * arrive; the body is read by `text()`/`json()`, and a connection lost while reading it rejects
 * there (with a BodyReadError), not in fetch. Aborting `init.signal` destroys the request.
 */
export class BodyReadError extends Error {
  override name = 'BodyReadError'
}

const agents = {
  'http:': new HttpAgent({ keepAlive: true, maxSockets: Infinity }),
  'https:': new HttpsAgent({ keepAlive: true, maxSockets: Infinity }),
}

type HeaderInit = Headers | Record<string, string> | Array<[string, string]> | undefined

function plainHeaders(init: HeaderInit): Record<string, string> {
  const out: Record<string, string> = {}
  if (!init) return out
  if (init instanceof Headers || Array.isArray(init)) {
    for (const [k, v] of init) out[k] = v
    return out
  }
  return { ...init }
}

function encodedBody(body: unknown): Buffer | null {
  if (body === undefined || body === null) return null
  if (typeof body === 'string') return Buffer.from(body)
  if (Buffer.isBuffer(body)) return body
  if (body instanceof ArrayBuffer) return Buffer.from(body)
  if (ArrayBuffer.isView(body)) return Buffer.from(body.buffer, body.byteOffset, body.byteLength)
  throw new TypeError('orgbench http transport: only string and binary request bodies are supported')
}

function abortError(signal: AbortSignal): Error {
  const reason: unknown = signal.reason
  if (reason instanceof Error) return reason
  return Object.assign(new Error('This operation was aborted'), { name: 'AbortError' })
}

function decoded(res: IncomingMessage): NodeJS.ReadableStream {
  switch ((res.headers['content-encoding'] ?? '').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return res.pipe(createGunzip())
    case 'deflate':
      return res.pipe(createInflate())
    case 'br':
      return res.pipe(createBrotliDecompress())
    default:
      return res
  }
}

/** Reads a whole body; a connection lost or a broken encoding part-way rejects with BodyReadError. */
function readAll(res: IncomingMessage, signal: AbortSignal | undefined): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    const stream = decoded(res)
    let done = false
    const fail = (e: unknown) => {
      if (done) return
      done = true
      if (signal?.aborted) reject(abortError(signal))
      else reject(new BodyReadError(`the response body could not be read: ${(e as Error)?.message ?? String(e)}`))
    }
    stream.on('data', (c: Buffer) => chunks.push(c))
    stream.on('end', () => {
      if (done) return
      // A body shorter than its content-length means the connection was cut.
      if (!res.complete) return fail(new Error('the connection closed before the body was complete'))
      done = true
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
    })
    stream.on('error', fail)
    res.on('aborted', () => fail(new Error('the connection closed before the body was complete')))
    res.on('error', fail)
  })
}

/** A Response with the parts the SDK reads: status, headers, url, text(), json(), and no stream body. */
class BufferedResponse {
  readonly ok: boolean
  readonly body = null
  readonly bodyUsed = false
  readonly redirected = false
  readonly type = 'basic'
  constructor(
    readonly status: number,
    readonly statusText: string,
    readonly headers: Headers,
    readonly url: string,
    private readonly content: Promise<Buffer>,
  ) {
    this.ok = status >= 200 && status < 300
  }
  async text(): Promise<string> {
    return (await this.content).toString('utf8')
  }
  async json(): Promise<unknown> {
    return JSON.parse(await this.text())
  }
  async arrayBuffer(): Promise<ArrayBuffer> {
    const b = await this.content
    return b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength) as ArrayBuffer
  }
}

function responseHeaders(res: IncomingMessage): Headers {
  const headers = new Headers()
  const raw = res.rawHeaders
  for (let i = 0; i < raw.length; i += 2) headers.append(raw[i]!, raw[i + 1]!)
  return headers
}

/** The fetch handed to the openai SDK (option `fetch`). */
export function orgbenchFetch(input: string | URL | Request, init: RequestInit = {}): Promise<Response> {
  const url = new URL(typeof input === 'string' || input instanceof URL ? input : input.url)
  const signal = init.signal ?? undefined
  if (signal?.aborted) return Promise.reject(abortError(signal))
  const agent = agents[url.protocol as keyof typeof agents]
  if (!agent) return Promise.reject(new TypeError(`unsupported protocol ${url.protocol}`))
  let body: Buffer | null
  try {
    body = encodedBody(init.body)
  } catch (e) {
    return Promise.reject(e)
  }
  const headers = plainHeaders(init.headers as HeaderInit)
  if (body) headers['content-length'] = String(body.length)
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest

  return new Promise<Response>((resolve, reject) => {
    const req = send(url, { method: init.method ?? 'GET', headers, agent })
    const onAbort = () => req.destroy(abortError(signal!))
    signal?.addEventListener('abort', onAbort, { once: true })
    const detach = () => signal?.removeEventListener('abort', onAbort)
    req.on('error', (e) => {
      detach()
      reject(e)
    })
    req.on('response', (res) => {
      const content = readAll(res, signal)
      content.then(detach, detach)
      // Reading starts now; a caller that never reads must not see an unhandled rejection.
      content.catch(() => {})
      resolve(new BufferedResponse(res.statusCode ?? 0, res.statusMessage ?? '', responseHeaders(res), url.href, content) as unknown as Response)
    })
    req.end(body ?? undefined)
  })
}
