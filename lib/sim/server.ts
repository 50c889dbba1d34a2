import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { estimateTokens } from '../text.js'
import { SimKnowledge } from './knowledge.js'
import { SIM_PROFILES, profileFor } from './profiles.js'
import { hashOf, pick, unit } from './random.js'
import { type RequestBody, RequestReader } from './request-body.js'
import { ReplyMemo } from './reply-memo.js'
import { callKey, respond, toSimCall, UnanswerableRequest } from './respond.js'
import './judge.js'
import './checklist-judge.js'
import './org.js'
import './retrospective.js'

/**
 * rate_limit: 429 with Retry-After; server_error: 500; bad_request: 400; unauthorized: 401 that
 * echoes the key; hang: no answer for hangMs; malformed_json: a valid body whose content is cut
 * JSON; empty: no content; truncate: content cut with finish_reason "length"; malformed_body: a
 * 200 whose HTTP body is unterminated JSON; body_cut: the connection drops half-way through the
 * body; no_usage: a reply without "usage"; echo_key: a 200 whose content quotes the API key;
 * context_cut: usage reports at most `contextTokens` prompt tokens, as Ollama does when it cuts a
 * prompt to its context window (the reply itself still comes from the whole prompt).
 */
export type FaultKind =
  | 'rate_limit'
  | 'server_error'
  | 'bad_request'
  | 'unauthorized'
  | 'hang'
  | 'malformed_json'
  | 'empty'
  | 'truncate'
  | 'malformed_body'
  | 'body_cut'
  | 'no_usage'
  | 'echo_key'
  | 'context_cut'

/** Makes matching requests fail on purpose, for tests of retries, timeouts and error recording. */
export interface FaultRule {
  /** One kind, or several: each firing then picks one of them (deterministically, from the request number). */
  kind: FaultKind | FaultKind[]
  /** Applies to the first `times` matching requests; every matching request when omitted. */
  times?: number
  /** Applies to about this fraction of matching requests (deterministic in the request number). */
  rate?: number
  /** Only requests for this model, and/or whose messages contain this text. */
  match?: { model?: string; text?: string }
  retryAfterSeconds?: number
  retryAfterMs?: number
  /** How long a "hang" holds the request before answering (default 10 minutes). */
  hangMs?: number
  /** The context window of a "context_cut": the most prompt tokens its usage reports (default 4,096, Ollama's default on small GPUs). */
  contextTokens?: number
}

export interface SimulatorOptions {
  host?: string
  port?: number
  latency?: { fixedMs: number; jitterMs: number }
  faults?: FaultRule[]
  /** What it knows of the tasks, or its coming; by default the project's tasks, read as the server starts. */
  knowledge?: SimKnowledge | Promise<SimKnowledge>
  /** Milliseconds on a monotonic clock (performance.now by default): when a request arrived and how long it has been handled. */
  clock?: () => number
}

export interface SimulatorStats {
  requests: number
  completions: number
  faults: number
  /** Completions sent again from memory: the same body was answered before (reply-memo.ts). */
  remembered: number
  byModel: Record<string, number>
}

export interface Simulator {
  /** Base URL for an OpenAI client, ending in /v1. */
  url: string
  stats: SimulatorStats
  /** Arrival times (epoch ms) of every chat-completions request, in order: the request log. */
  requestTimes(): readonly number[]
  addFault(rule: FaultRule): void
  /**
   * Reads the tasks and fixtures again (edited since the start, as in a watch session) and forgets
   * the replies remembered so far. A simulator given its knowledge (options.knowledge) keeps it.
   */
  reload(): Promise<void>
  close(): Promise<void>
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  sendText(res, status, JSON.stringify(body), headers)
}

function sendText(res: ServerResponse, status: number, text: string, headers: Record<string, string>): void {
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}

function apiError(res: ServerResponse, status: number, message: string, type: string, headers: Record<string, string> = {}): void {
  sendJson(res, status, { error: { message, type, param: null, code: null } }, headers)
}

/** The key the client sent, as some real endpoints echo it back. */
function bearer(req: IncomingMessage): string {
  return (req.headers.authorization ?? '').replace(/^Bearer\s+/i, '')
}

/**
 * A 200 whose body breaks: "malformed_body" sends an unterminated JSON body (complete as far as
 * HTTP is concerned); "body_cut" announces the whole body and closes the connection half-way.
 */
function sendBroken(res: ServerResponse, text: string, kind: 'malformed_body' | 'body_cut', requestId: string): void {
  const half = text.slice(0, Math.floor(text.length / 2))
  const length = Buffer.byteLength(kind === 'malformed_body' ? half : text)
  res.writeHead(200, { 'content-type': 'application/json', 'content-length': length, 'x-request-id': requestId })
  if (kind === 'malformed_body') return void res.end(half)
  res.write(half, () => res.destroy())
}

/**
 * A completion as server-sent events, the way OpenAI streams it: a first chunk with the role, the
 * content in pieces of about 200 characters, a last chunk with the finish reason, the usage chunk
 * when `stream_options.include_usage` asks for it, and `data: [DONE]`.
 */
function sendStream(res: ServerResponse, completion: { id: string; created: number; model: string; system_fingerprint: string; choices: Array<{ message: { content: string }; finish_reason: string }>; usage?: unknown }, includeUsage: boolean, requestId: string): void {
  const { id, created, model, system_fingerprint } = completion
  const chunk = (delta: Record<string, unknown>, finish: string | null, extra: Record<string, unknown> = {}) =>
    `data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint, choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }], ...extra })}\n\n`
  const { content } = completion.choices[0]!.message
  const pieces = content.match(/[\s\S]{1,200}/g) ?? []
  const events = [chunk({ role: 'assistant', content: '' }, null), ...pieces.map((p) => chunk({ content: p }, null)), chunk({}, completion.choices[0]!.finish_reason)]
  if (includeUsage && completion.usage) events.push(`data: ${JSON.stringify({ id, object: 'chat.completion.chunk', created, model, system_fingerprint, choices: [], usage: completion.usage })}\n\n`)
  events.push('data: [DONE]\n\n')
  res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', 'x-request-id': requestId })
  res.end(events.join(''))
}

/** The request body's bytes; plain events rather than an async iterator, which costs more per chunk. */
function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let ended = false
    req.on('data', (chunk: Buffer) => chunks.push(chunk))
    req.on('end', () => {
      ended = true
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks))
    })
    req.on('error', reject)
    // Every request closes once its body is read; before "end", the client went away mid-body. The
    // error is made only then: an Error captures a stack, which cost about 2 % of the CPU per request.
    req.on('close', () => {
      if (!ended) reject(new Error('the request closed before its body ended'))
    })
  })
}

/**
 * Starts the embedded OpenAI-compatible simulator on 127.0.0.1 (random port by default).
 * Implements POST /v1/chat/completions and GET /v1/models. Replies are deterministic in the
 * request's seed, model and messages; usage is reported; max_tokens and JSON schemas are honoured.
 */
export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  // The tasks are read while the server already listens: a run's global setup returns and its
  // workers start in the meantime. A request waits for them; one that arrives after a failed read
  // gets the failure as a server error, as every later one does.
  let loading = options.knowledge ? Promise.resolve(options.knowledge) : SimKnowledge.load()
  loading.catch(() => {})
  let knowledge: SimKnowledge | null = null
  const faults = (options.faults ?? []).map((rule) => ({ rule, used: 0 }))
  const latency = options.latency ?? { fixedMs: 0, jitterMs: 0 }
  const clock = options.clock ?? (() => performance.now())
  const stats: SimulatorStats = { requests: 0, completions: 0, faults: 0, remembered: 0, byModel: {} }
  const timers = new Set<NodeJS.Timeout>()
  const arrivals: number[] = []
  let requestNo = 0
  // Every prompt quotes its task's block: bodies are read without decoding and parsing it (request-body.ts).
  let reader = new RequestReader(() => knowledge!.blockSources())
  let replies = new ReplyMemo()

  // Waits, or stops waiting when the client goes away. The response's "close" marks that: a request
  // emits "close" (and counts as destroyed) as soon as its body has been read.
  const wait = (ms: number, res: ServerResponse) =>
    new Promise<void>((resolve) => {
      if (ms <= 0) return resolve()
      const timer = setTimeout(() => {
        timers.delete(timer)
        resolve()
      }, ms)
      timers.add(timer)
      res.once('close', () => {
        clearTimeout(timer)
        timers.delete(timer)
        resolve()
      })
    })

  const server = createServer((req, res) => {
    handle(req, res).catch((e: unknown) => {
      if (res.headersSent) return
      if (e instanceof UnanswerableRequest) apiError(res, 400, e.message, 'invalid_request_error')
      else apiError(res, 500, `simulator failure: ${(e as Error).message}`, 'server_error')
    })
  })

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    stats.requests++
    const path = (req.url ?? '/').split('?')[0]!.replace(/\/+$/, '')
    if (req.method === 'GET' && path === '/v1/models') {
      return sendJson(res, 200, {
        object: 'list',
        data: Object.values(SIM_PROFILES).map((p) => ({ id: p.id, object: 'model', created: 0, owned_by: 'orgbench-simulator', description: p.description })),
      })
    }
    if (req.method !== 'POST' || path !== '/v1/chat/completions') {
      return apiError(res, 404, `${req.method} ${path} is not implemented by the orgbench simulator`, 'invalid_request_error')
    }
    // The latency runs from the request's arrival: the simulator's own work is part of it, as a real endpoint's is.
    let arrived = clock()
    const answerAfter = (ms: number) => wait(ms - (clock() - arrived), res)
    const known = (knowledge ??= await loading)
    let bytes: Buffer
    let request: RequestBody
    try {
      bytes = await readBody(req)
      request = reader.read(bytes)
    } catch {
      return apiError(res, 400, 'request body is not valid JSON', 'invalid_request_error')
    }
    arrivals.push(Date.now())
    const { body } = request
    const model = typeof body.model === 'string' ? body.model : ''
    if (!Array.isArray(body.messages) || body.messages.length === 0) return apiError(res, 400, '"messages" must be a non-empty array', 'invalid_request_error')
    const profile = profileFor(model)
    if (!profile) {
      return apiError(res, 404, `The model \`${model}\` does not exist. Simulated models: ${Object.keys(SIM_PROFILES).join(', ')}`, 'invalid_request_error')
    }
    stats.completions++
    stats.byModel[model] = (stats.byModel[model] ?? 0) + 1
    const number = ++requestNo
    const requestId = `req_sim_${number}`

    const fault = faults.find(
      (f, i) =>
        (f.rule.times === undefined || f.used < f.rule.times) &&
        (!f.rule.match?.model || f.rule.match.model === model) &&
        (!f.rule.match?.text || request.messagesJson().includes(f.rule.match.text)) &&
        (f.rule.rate === undefined || unit('fault', number, i) < f.rule.rate),
    )
    const kind = fault ? (Array.isArray(fault.rule.kind) ? pick(fault.rule.kind, 'fault-kind', number) : fault.rule.kind) : null
    if (fault) {
      fault.used++
      stats.faults++
      const r = fault.rule
      const headers: Record<string, string> = { 'x-request-id': requestId }
      if (kind === 'rate_limit') {
        if (r.retryAfterMs !== undefined) headers['retry-after-ms'] = String(r.retryAfterMs)
        headers['retry-after'] = String(r.retryAfterSeconds ?? 1)
        return apiError(res, 429, 'rate limited (simulated)', 'rate_limit_error', headers)
      }
      if (kind === 'server_error') return apiError(res, 500, 'internal error (simulated)', 'server_error', headers)
      if (kind === 'bad_request') return apiError(res, 400, 'bad request (simulated)', 'invalid_request_error', headers)
      if (kind === 'unauthorized') {
        // Like some real endpoints, echo the key back: the client must not record it.
        return apiError(res, 401, `Incorrect API key provided: ${bearer(req)}. You can find your API key in your account settings.`, 'invalid_request_error', headers)
      }
      if (kind === 'hang') {
        await wait(r.hangMs ?? 600_000, res)
        if (res.destroyed) return
        arrived = clock()
      }
    }

    // A body answered before gets the same completion (a reply depends on the body alone); a fault
    // or a stream is made afresh.
    const memoable = !fault && body.stream !== true
    const key = callKey(body, profile, request.messagesHash)
    const remembered = memoable ? replies.get(key, request.bodyDigest) : undefined
    if (remembered !== undefined) {
      stats.remembered++
      await answerAfter(latency.fixedMs + Math.round(latency.jitterMs * unit(key, 'latency')))
      if (res.destroyed) return
      return sendText(res, 200, remembered, { 'x-request-id': requestId })
    }

    const call = toSimCall(body, profile, known, request.messagesHash, request.known)
    let content = respond(call, known)
    if (kind === 'malformed_json') content = content.slice(0, Math.max(1, Math.floor(content.length / 2)))
    if (kind === 'empty') content = ''
    if (kind === 'echo_key') content = `I cannot help with that request. (Request made with API key ${bearer(req)}.)`
    let finishReason = 'stop'
    const maxTokens = typeof body.max_tokens === 'number' ? body.max_tokens : typeof body.max_completion_tokens === 'number' ? body.max_completion_tokens : null
    if ((maxTokens !== null && estimateTokens(content) > maxTokens) || kind === 'truncate') {
      content = content.slice(0, Math.max(0, (maxTokens ?? estimateTokens(content) / 2) * 4 - 1))
      finishReason = 'length'
    }
    const sentTokens = (body.messages as Array<{ content?: unknown }>).reduce((n, m) => n + 4 + estimateTokens(typeof m.content === 'string' ? m.content : JSON.stringify(m.content ?? '')), 3)
    const promptTokens = kind === 'context_cut' ? Math.min(sentTokens, fault!.rule.contextTokens ?? 4_096) : sentTokens
    const completion = {
      id: `chatcmpl-${hashOf(call.key)}`,
      object: 'chat.completion',
      created: 1_767_225_600,
      model,
      system_fingerprint: 'orgbench-sim',
      choices: [{ index: 0, message: { role: 'assistant', content, refusal: null }, logprobs: null, finish_reason: finishReason }],
      ...(kind === 'no_usage'
        ? {}
        : {
            usage: {
              prompt_tokens: promptTokens,
              completion_tokens: estimateTokens(content),
              total_tokens: promptTokens + estimateTokens(content),
              prompt_tokens_details: { cached_tokens: 0 },
              completion_tokens_details: { reasoning_tokens: 0 },
            },
          }),
    }
    await answerAfter(latency.fixedMs + Math.round(latency.jitterMs * unit(call.key, 'latency')))
    if (res.destroyed) return
    if (kind === 'malformed_body' || kind === 'body_cut') return sendBroken(res, JSON.stringify(completion), kind, requestId)
    if (body.stream === true) return sendStream(res, completion, (body.stream_options as { include_usage?: unknown } | undefined)?.include_usage === true, requestId)
    const text = JSON.stringify(completion)
    if (memoable) replies.set(call.key, request.bodyDigest, text)
    sendText(res, 200, text, { 'x-request-id': requestId })
  }

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve())
  })
  const address = server.address() as AddressInfo
  return {
    url: `http://${address.address}:${address.port}/v1`,
    stats,
    requestTimes: () => arrivals,
    addFault(rule) {
      faults.push({ rule, used: 0 })
    },
    async reload() {
      loading = options.knowledge ? Promise.resolve(options.knowledge) : SimKnowledge.reload()
      knowledge = await loading
      reader = new RequestReader(() => knowledge!.blockSources())
      replies = new ReplyMemo()
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t)
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
