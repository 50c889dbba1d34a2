import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'
import { zodResponseFormat } from 'openai/helpers/zod'
import type { ChatCompletion, ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import PQueue from 'p-queue'
import type { z } from 'zod'
import { redact } from '../redact.js'
import type { Secret } from '../secret.js'
import { type CallError, type CallRecord, currentLedger, type Ledger } from './ledger.js'
import { costOf, type PriceTable } from './pricing.js'
import { retryDelayMs } from './retry.js'

export type ChatMessage = ChatCompletionMessageParam

export interface ChatRequest<T> {
  /** Who is speaking: a role id such as "security_reviewer", or "synthesizer", "judge". */
  role: string
  /** What the call is for: "draft", "critique", "synthesis", "plan", "judge", ... */
  phase: string
  model: string
  messages: ChatMessage[]
  maxTokens: number
  temperature?: number
  /** Per-trial seed; the simulator is deterministic in it, real endpoints treat it as a hint. */
  seed?: number
  /** Structured output: sent as a strict JSON schema and validated on return. */
  schema?: { name: string; zod: z.ZodType<T> }
  /** Ids of earlier calls whose output this call consumes (for the critical path). */
  dependsOn?: string[]
  labels?: Record<string, number>
  signal?: AbortSignal
}

export interface ChatReply<T> {
  callId: string
  /** Id of the last call made for this request (differs from callId after a re-ask). */
  lastCallId: string
  text: string
  parsed: T
}

/** What a topology or the judge needs of a client: one chat call at a time. */
export interface ChatClient {
  chat<T = string>(req: ChatRequest<T>): Promise<ChatReply<T>>
}

/** A model call that produced nothing usable. Its cause is in `error`; it is never a score. */
export class LlmCallError extends Error {
  constructor(
    readonly error: CallError,
    readonly callId: string,
  ) {
    super(`${error.kind}: ${error.message}`)
    this.name = 'LlmCallError'
  }
}

export interface ClientOptions {
  baseURL: string
  apiKey: Secret
  timeoutMs: number
  retries: number
  maxConcurrency: number
  prices: PriceTable
  /** Backoff base for retries without Retry-After; tests shorten it. */
  backoffBaseMs?: number
}

/**
 * The one way orgbench calls a model: the openai SDK against any OpenAI-compatible endpoint,
 * with our own retry loop (so every attempt is counted), a per-attempt timeout, cancellation by
 * the test's signal, a concurrency limit, and a ledger entry for every call.
 */
export class LlmClient implements ChatClient {
  private readonly sdk: OpenAI
  private readonly queue: PQueue
  private readonly warnedModels = new Set<string>()

  constructor(private readonly options: ClientOptions) {
    // baseURL and apiKey are always explicit: the SDK must not fall back to OPENAI_* variables.
    this.sdk = new OpenAI({ baseURL: options.baseURL, apiKey: options.apiKey.reveal(), maxRetries: 0, timeout: options.timeoutMs })
    this.queue = new PQueue({ concurrency: options.maxConcurrency })
  }

  get inFlight(): number {
    return this.queue.pending
  }

  async chat<T = string>(req: ChatRequest<T>): Promise<ChatReply<T>> {
    const ledger = currentLedger()
    const first = await this.call(ledger, req, req.messages)
    if (!req.schema) return { callId: first.id, lastCallId: first.id, text: first.text, parsed: first.text as T }

    const firstParse = parseStructured(first.text, req.schema.zod)
    if (firstParse.ok) return { callId: first.id, lastCallId: first.id, text: first.text, parsed: firstParse.value }
    markParseFailure(ledger, first.id, firstParse.message, first.text)

    // One re-ask with the validation error; a second failure is recorded, never papered over.
    const retryMessages: ChatMessage[] = [
      ...req.messages,
      { role: 'assistant', content: first.text },
      {
        role: 'user',
        content: `Your reply could not be used: ${firstParse.message}\nReply again with only a JSON object that matches the schema "${req.schema.name}".`,
      },
    ]
    const second = await this.call(ledger, { ...req, phase: `${req.phase}:reask`, dependsOn: [first.id] }, retryMessages)
    const secondParse = parseStructured(second.text, req.schema.zod)
    if (secondParse.ok) return { callId: first.id, lastCallId: second.id, text: second.text, parsed: secondParse.value }
    const error = markParseFailure(ledger, second.id, secondParse.message, second.text)
    throw new LlmCallError(error, second.id)
  }

  private async call<T>(ledger: Ledger, req: ChatRequest<T>, messages: ChatMessage[]): Promise<{ id: string; text: string }> {
    const id = ledger.newCallId()
    const requestedMs = ledger.now()
    let firstStartMs: number | undefined
    const body = {
      model: req.model,
      messages,
      max_tokens: req.maxTokens,
      temperature: req.temperature ?? 0,
      ...(req.seed !== undefined ? { seed: req.seed } : {}),
      ...(req.schema ? { response_format: zodResponseFormat(req.schema.zod, req.schema.name) } : {}),
    }
    let attempts = 0
    let response: ChatCompletion | undefined
    let failure: CallError | undefined
    for (;;) {
      attempts++
      try {
        response = await this.queue.add(
          () => {
            firstStartMs ??= ledger.now()
            return this.sdk.chat.completions.create(body, { signal: req.signal, timeout: this.options.timeoutMs })
          },
          { signal: req.signal },
        )
        break
      } catch (e) {
        failure = classify(e, req.signal)
        const delay = failure.kind === 'aborted' ? null : retryDelayMs(e, attempts, this.options.backoffBaseMs)
        if (delay === null || attempts > this.options.retries) break
        try {
          await sleep(delay, req.signal)
        } catch {
          failure = { kind: 'aborted', class: 'AbortError', status: null, message: 'the test was cancelled while waiting to retry' }
          break
        }
        failure = undefined
      }
    }

    const endMs = ledger.now()
    // Time spent waiting for a concurrency slot is not the call's latency; it is kept apart.
    const startMs = firstStartMs ?? endMs
    const usage = response?.usage
    const tokens = {
      promptTokens: usage?.prompt_tokens ?? 0,
      completionTokens: usage?.completion_tokens ?? 0,
      cachedTokens: usage?.prompt_tokens_details?.cached_tokens ?? 0,
    }
    const choice = response?.choices[0]
    const text = choice?.message.content ?? ''
    if (response && !failure) {
      if (choice?.finish_reason === 'length') {
        failure = { kind: 'truncated', class: 'Truncated', status: null, message: `output reached max_tokens=${req.maxTokens} and was cut off` }
      } else if (text.trim() === '') {
        failure = { kind: 'empty', class: 'EmptyContent', status: null, message: 'the endpoint returned no content (a reasoning trace is never used in its place)' }
      }
    }
    let costUsd: number | null = null
    if (response) {
      costUsd = usage ? costOf(this.options.prices, req.model, tokens) : null
      if (!usage) ledger.warn(`${req.model}: the endpoint returned no token usage, so cost is unknown`)
      else if (costUsd === null) this.warnUnpriced(ledger, req.model)
    }
    if (failure) failure = { ...failure, message: redact(failure.message) }
    const record: CallRecord = {
      id,
      role: req.role,
      phase: req.phase,
      model: req.model,
      labels: req.labels ?? {},
      dependsOn: req.dependsOn ?? [],
      ...tokens,
      reasoningTokens: usage?.completion_tokens_details?.reasoning_tokens ?? 0,
      costUsd,
      startMs,
      endMs,
      latencyMs: Math.round((endMs - startMs) * 100) / 100,
      queuedMs: Math.round((startMs - requestedMs) * 100) / 100,
      attempts,
      finishReason: choice?.finish_reason ?? null,
      error: failure ?? null,
      rawOnError: failure && response ? redact(text) : null,
    }
    ledger.record(record)
    if (failure) throw new LlmCallError(failure, id)
    return { id, text }
  }

  private warnUnpriced(ledger: Ledger, model: string): void {
    const message = `no price for model "${model}": its cost is recorded as null (add it with ORGBENCH_PRICES)`
    ledger.warn(message)
    if (!this.warnedModels.has(model)) {
      this.warnedModels.add(model)
      console.warn(`[orgbench] warning: ${message}`)
    }
  }
}

function parseStructured<T>(text: string, schema: z.ZodType<T>): { ok: true; value: T } | { ok: false; message: string } {
  let json: unknown
  try {
    json = JSON.parse(stripFence(text))
  } catch (e) {
    return { ok: false, message: `not valid JSON (${(e as Error).message})` }
  }
  const result = schema.safeParse(json)
  if (result.success) return { ok: true, value: result.data }
  const issues = result.error.issues.slice(0, 8).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`)
  return { ok: false, message: `does not match the schema (${issues.join('; ')})` }
}

/** Some endpoints wrap JSON in a markdown fence even in JSON mode. */
function stripFence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/.exec(text)
  return m ? m[1]! : text
}

function markParseFailure(ledger: Ledger, callId: string, message: string, raw: string): CallError {
  const error: CallError = { kind: 'parse', class: 'StructuredOutputError', status: null, message }
  const record = ledger.calls.find((c) => c.id === callId)
  if (record) {
    record.error = error
    record.rawOnError = raw
  }
  return error
}

function classify(e: unknown, signal: AbortSignal | undefined): CallError {
  if (e instanceof APIUserAbortError || signal?.aborted || (e instanceof Error && e.name === 'AbortError')) {
    return { kind: 'aborted', class: 'APIUserAbortError', status: null, message: 'the test was cancelled (timeout or abort)' }
  }
  if (e instanceof APIConnectionTimeoutError) return { kind: 'timeout', class: e.constructor.name, status: null, message: e.message }
  if (e instanceof APIConnectionError) return { kind: 'connection', class: e.constructor.name, status: null, message: e.message }
  if (e instanceof APIError) return { kind: 'api', class: e.constructor.name, status: e.status ?? null, message: e.message }
  const err = e instanceof Error ? e : new Error(String(e))
  return { kind: 'api', class: err.name, status: null, message: err.message }
}

function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason)
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    const onAbort = () => {
      clearTimeout(timer)
      reject(signal?.reason)
    }
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
