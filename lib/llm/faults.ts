import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'
import type { ChatCompletion } from 'openai/resources/chat/completions'
import { BodyReadError } from './http.js'
import type { CallError } from './ledger.js'
import type { ResponseFormatMode } from './response-format-mode.js'
import { redact } from '../redact.js'
import { refusedFailure } from './reply-content.js'
import { backoffMs, isQuotaExhausted, MAX_RETRY_AFTER_MS, requestedRetryAfterMs, retryDelayMs } from './retry.js'

/*
 * What can go wrong with one attempt, named precisely, and whether it is worth another attempt.
 * A fault of the transport or of the reply (5xx, 429, a lost connection, a broken or unterminated
 * body, empty content) is retried with backoff, bounded by ORGBENCH_RETRIES; a reply cut by
 * max_tokens is retried once; anything the caller must fix (4xx, a refused budget, a prompt cut to
 * the server's context window) is not.
 */

/**
 * The endpoint as an error message names it: scheme, host, port and path; never a user name,
 * password, query or fragment, where a key could hide.
 */
export function endpointLabel(baseURL: string): string {
  try {
    const u = new URL(baseURL)
    return `${u.origin}${u.pathname.replace(/\/$/, '')}`
  } catch {
    return '(an invalid URL)'
  }
}

/**
 * `head` and `tail` joined as one message by `separator`, without the punctuation that ends
 * `head`: an SDK's or an endpoint's message often ends a sentence ("Connection error."), and
 * "Connection error.: connect ECONNREFUSED" doubles it.
 */
export function joinMessage(head: string, separator: ': ' | '; ', tail: string): string {
  return `${head.replace(/[.:;,]+$/, '')}${separator}${tail}`
}

/** Where an attempt stood when it failed, for messages that say what to change. */
export interface AttemptContext {
  /** ORGBENCH_TIMEOUT_MS: how long the attempt could wait for a reply. */
  timeoutMs: number
  /** Attempts of the call so far, this one included. */
  attempts: number
  /** The model asked for, named in the hint of a 400 about a reasoning model's parameters. */
  model?: string
  /** How the request asked for structured output (ORGBENCH_RESPONSE_FORMAT); absent when it asked for none. */
  responseFormat?: ResponseFormatMode
}

/** A path that ends in a version segment, as OpenAI-compatible base URLs do (/v1, /openai/v1, /api/v1). */
const VERSIONED_PATH = /\/v\d+\/?$/

/**
 * What a 404 or 405 adds to the endpoint's words (often only `{"detail":"Not Found"}`): the URL
 * called and, when the base URL has no version segment, the usual cause.
 */
function notFoundHint(baseURL: string): string {
  const path = URL.canParse(baseURL) ? new URL(baseURL).pathname : ''
  const hint = VERSIONED_PATH.test(path) ? '' : '; OpenAI-compatible base URLs usually end in /v1: check ORGBENCH_BASE_URL'
  return ` (POST ${endpointLabel(baseURL)}/chat/completions${hint})`
}

/** Parameters a reasoning model refuses in the form other models are sent them (see lib/llm/reasoning-models.ts). */
const REASONING_PARAMS: ReadonlySet<string> = new Set(['temperature', 'max_tokens', 'max_completion_tokens'])

/**
 * What a 400 adds to the endpoint's words when the setting that changes the request is orgbench's:
 * a model that does not take a strict JSON schema (ORGBENCH_RESPONSE_FORMAT), or a reasoning
 * model under an id not recognised as one (ORGBENCH_REASONING_MODELS).
 */
function badRequestHint(e: APIError, model: string | undefined, responseFormat: ResponseFormatMode | undefined): string {
  const param = typeof e.param === 'string' ? e.param : ''
  if (param === 'response_format' || /response_format|json_schema|json_object/i.test(e.message)) return responseFormatHint(responseFormat)

  if (REASONING_PARAMS.has(param)) {
    return `a reasoning model refuses max_tokens and a temperature: if ${model ?? 'the model'} is one, name it in ORGBENCH_REASONING_MODELS (e.g. auto,${model ?? '<model>'}) to send it max_completion_tokens and no temperature`
  }
  return ''
}

/** What to change when the endpoint refused the response format a request was sent in: the next, looser mode. */
function responseFormatHint(mode: ResponseFormatMode | undefined): string {
  if (mode === 'none') return ''
  if (mode === 'json_object') return 'the endpoint refuses JSON mode (ORGBENCH_RESPONSE_FORMAT=json_object) for this model: ORGBENCH_RESPONSE_FORMAT=none sends no response format and asks for the JSON in the prompt only'
  return 'a model or provider without strict JSON-schema output needs ORGBENCH_RESPONSE_FORMAT=json_object (JSON mode) or none (the schema in the prompt only)'
}

/** The most characters of an error body's own message (a JSON error's `message`) a recorded message keeps. */
const MAX_ERROR_MESSAGE_CHARS = 500

/** The most characters quoted from an error body that is not JSON (an HTML page's title or first line). */
const MAX_EXCERPT_CHARS = 200

/** `text` cut to `max` characters, its keys removed first: a cut in the middle of a key would leave the rest for no redactor to find. */
const clipped = (text: string, max: number) => {
  const clean = redact(text)
  return clean.length <= max ? clean : `${clean.slice(0, max - 1)}…`
}

const byteSize = (bytes: number) => (bytes < 1024 ? `${bytes} bytes` : `${Math.round(bytes / 1024)} KB`)

/** What a non-JSON error body says in a line: an HTML page's <title>, else its first line of text, whitespace collapsed and cut short. */
function bodyExcerpt(page: string): string {
  // Keys are removed before the tags: a key with a "<" in it would otherwise be cut apart.
  const body = redact(page)
  const title = /<title[^>]*>([\s\S]*?)<\/title>/i.exec(body)?.[1]
  const text = title ?? body.replace(/<(script|style)[^>]*>[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]*>/g, '\n').split('\n').find((line) => line.trim() !== '') ?? ''
  return clipped(text.replace(/\s+/g, ' ').trim(), MAX_EXCERPT_CHARS)
}

/**
 * An HTTP error status as a message of bounded length. A JSON error body keeps its own words (its
 * `message`, cut at MAX_ERROR_MESSAGE_CHARS). Any other body, such as a proxy's 20 KB HTML page,
 * is described rather than copied: `502 (text/html page, 20 KB: "502: Bad gateway")`; a short line
 * of plain text is kept as it is.
 */
function statusMessage(e: APIError): string {
  // The SDK's message is the status, then the JSON error's message or the whole body as text.
  if (e.error !== undefined || e.status === undefined) return clipped(e.message, MAX_ERROR_MESSAGE_CHARS)
  const prefix = `${e.status} `
  const body = e.message.startsWith(prefix) ? e.message.slice(prefix.length) : e.message
  const type = e.headers?.get('content-type')?.split(';')[0]?.trim().toLowerCase() || null
  const html = type === 'text/html' || /^\s*<(!doctype|html)/i.test(body)
  if (!html && body.length <= MAX_EXCERPT_CHARS && !body.includes('\n')) return e.message
  const excerpt = bodyExcerpt(body)
  const what = `${type ?? (html ? 'text/html' : 'non-JSON')} ${html ? 'page' : 'body'}, ${byteSize(Buffer.byteLength(body))}`
  return `${e.status} (${what}${excerpt ? `: ${JSON.stringify(excerpt)}` : ''})`
}

const QUOTA_HINT = 'the account\'s quota or credit is used up (insufficient_quota): not retried, since no wait fixes it; check the plan and billing at the provider'

/**
 * An exception from the SDK or the transport, as a recorded error. A connection error or a
 * timeout names the endpoint (`baseURL`, when given), so a wrong URL is visible at once; a 404 or
 * 405 names the URL called; a timeout says after how long, which setting sets that and how many
 * attempts were made (`attempt`, when given).
 */
export function classifyError(e: unknown, signal: AbortSignal | undefined, baseURL?: string, attempt?: AttemptContext): CallError {
  const at = baseURL === undefined ? '' : ` (endpoint ${endpointLabel(baseURL)})`
  if (e instanceof APIUserAbortError || signal?.aborted || (e instanceof Error && e.name === 'AbortError')) {
    return { kind: 'aborted', class: 'APIUserAbortError', status: null, message: 'the test was cancelled (timeout or abort)' }
  }
  if (e instanceof APIConnectionTimeoutError) {
    const message = attempt ? `no reply within ${attempt.timeoutMs} ms (ORGBENCH_TIMEOUT_MS, per attempt); ${attempt.attempts} attempt(s) made` : e.message
    return { kind: 'timeout', class: e.constructor.name, status: null, message: `${message}${at}` }
  }
  if (e instanceof APIConnectionError) {
    // The SDK wraps whatever the transport threw; a body cut mid-way is not a refused connection.
    if (e.cause instanceof BodyReadError) return { kind: 'body_read', class: 'BodyReadError', status: null, message: e.cause.message }
    const withReason = e.cause instanceof Error && e.cause.message && !e.message.includes(e.cause.message) ? joinMessage(e.message, ': ', e.cause.message) : e.message
    return { kind: 'connection', class: e.constructor.name, status: null, message: `${withReason}${at}` }
  }
  if (e instanceof APIError) {
    const notFound = baseURL !== undefined && (e.status === 404 || e.status === 405) ? notFoundHint(baseURL) : ''
    const hint = notFound !== '' ? '' : e.status === 400 ? badRequestHint(e, attempt?.model, attempt?.responseFormat) : isQuotaExhausted(e) ? QUOTA_HINT : ''
    const message = statusMessage(e)
    // A page in place of a JSON error comes from whatever stands in front of the endpoint (a proxy, a gateway): say which endpoint.
    const described = message !== e.message && e.error === undefined && notFound === '' && hint === '' ? at : ''
    const hinted = hint === '' ? `${message}${notFound}` : joinMessage(message, '; ', hint)
    return { kind: 'api', class: e.constructor.name, status: e.status ?? null, message: `${hinted}${described}` }
  }
  if (e instanceof BodyReadError) return { kind: 'body_read', class: e.name, status: null, message: e.message }
  // The SDK parses a 2xx body with JSON.parse; a SyntaxError means the body itself was broken.
  if (e instanceof SyntaxError) return { kind: 'malformed_body', class: 'SyntaxError', status: null, message: `the response body is not valid JSON (${e.message})` }
  const err = e instanceof Error ? e : new Error(String(e))
  return { kind: 'api', class: err.name, status: null, message: err.message }
}

/** A 2xx reply that is not a chat completion at all (no choices): a malformed body. */
export function malformedReply(response: unknown): CallError | null {
  const choices = (response as Partial<ChatCompletion> | null | undefined)?.choices
  if (Array.isArray(choices) && choices.length > 0 && choices[0] && typeof choices[0] === 'object') return null
  return { kind: 'malformed_body', class: 'MalformedCompletion', status: null, message: 'the response body is not a chat completion (no choices)' }
}

/** Finish reasons of a reply cut by a cap: `length`, `max_tokens` (Anthropic's name), `model_length` (Mistral: the context ran out). */
const CAP_FINISH_REASONS: ReadonlySet<string> = new Set(['length', 'max_tokens', 'model_length'])

/** Finish reasons of a reply a provider's filter stopped: `content_filter` (OpenAI, Azure) and Gemini's safety, recitation and blocklist stops. */
const FILTER_FINISH_REASONS: ReadonlySet<string> = new Set(['content_filter', 'safety', 'recitation', 'prohibited_content', 'blocklist', 'spii'])

/**
 * Finish reasons of a reply the endpoint ended before the model did: OpenRouter's `error`, an
 * aborted or cancelled generation, or a tool call (none is offered). Any other finish reason
 * (`stop`, `eos`, TGI's `eos_token`, Anthropic's `end_turn`, a server's own name) is a reply that
 * ended on its own: refusing unknown names would fail every call of a server that uses one.
 */
const EARLY_FINISH_REASONS: ReadonlySet<string> = new Set(['error', 'abort', 'aborted', 'cancelled', 'canceled', 'tool_calls', 'function_call', 'malformed_function_call'])

/** Below this share of max_tokens, a reply cut for its length was cut by something else than max_tokens. */
const EARLY_CUT_SHARE = 0.9

/** Why a reply was cut for its length, and what would give it room. */
function capMessage(finishReason: string, maxTokens: number, completionTokens: number | null): string {
  if (completionTokens !== null && completionTokens < maxTokens * EARLY_CUT_SHARE) {
    return `the reply was cut off after ${completionTokens} output tokens, below max_tokens=${maxTokens} (finish_reason ${JSON.stringify(finishReason)}): the model's context window (prompt and output together) or the provider's own output cap ended it, which a larger ORGBENCH_MAX_OUTPUT_TOKENS does not change; a model with a larger context window does`
  }
  return `output reached max_tokens=${maxTokens} and was cut off; ORGBENCH_MAX_OUTPUT_TOKENS gives replies more room`
}

/**
 * A well-formed reply that cannot be used: cut by a cap (`truncated`); refused (`refused`,
 * `refusal` is the model's words); stopped early by the provider: by its content filter
 * (`filtered`) or for another reason, such as OpenRouter's `error` (`incomplete`), whatever content
 * came before, since a part of a deliverable must never be scored as the whole; or without
 * content (`empty`). Finish reasons are compared without case. `completionTokens`, when the reply
 * reported them, tell a cut at max_tokens from one the endpoint made well before it.
 */
export function unusableReply(content: string, finishReason: string | null, maxTokens: number, refusal: string | null = null, completionTokens: number | null = null): CallError | null {
  const reason = finishReason?.toLowerCase() ?? null
  if (reason === 'model_length') return { kind: 'truncated', class: 'Truncated', status: null, message: `the reply reached the model's context limit and was cut off (finish_reason "model_length")` }
  if (reason !== null && CAP_FINISH_REASONS.has(reason)) return { kind: 'truncated', class: 'Truncated', status: null, message: capMessage(finishReason!, maxTokens, completionTokens) }
  if (refusal !== null && content.trim() === '') return refusedFailure(refusal)
  const had = content.trim() === '' ? 'with no content' : 'after part of the reply, which is not used'
  if (reason !== null && FILTER_FINISH_REASONS.has(reason)) return { kind: 'filtered', class: 'ContentFilter', status: null, message: `the provider's content filter stopped the reply (finish_reason ${JSON.stringify(finishReason)}) ${had}` }
  if (reason !== null && EARLY_FINISH_REASONS.has(reason)) return { kind: 'incomplete', class: 'IncompleteReply', status: null, message: `the endpoint ended the reply early (finish_reason ${JSON.stringify(finishReason)}) ${had}` }
  if (content.trim() === '') return { kind: 'empty', class: 'EmptyContent', status: null, message: 'the endpoint returned no content (a reasoning trace is never used in its place)' }
  return null
}

/**
 * A reply that quotes one of the run's API keys: an endpoint or proxy fault (an error page or a
 * debug echo sent as content), never a deliverable, so it is not passed on, judged or scored. The
 * record keeps it in rawOnError with the key removed.
 */
export function echoedKeyFailure(): CallError {
  return { kind: 'echoed_key', class: 'EchoedKey', status: null, message: "the endpoint's reply contained the run's API key; the reply was discarded (rawOnError keeps it with the key removed)" }
}

/**
 * Faults of a reply worth another attempt: a broken body, an empty reply, one the endpoint ended
 * early, one that echoed the key (not one its content filter stopped, nor a refusal: at
 * temperature 0 they come again).
 */
const FAULT_KINDS: ReadonlySet<CallError['kind']> = new Set(['malformed_body', 'body_read', 'empty', 'incomplete', 'echoed_key'])

/**
 * Milliseconds to wait before another attempt, or null when this failure is final. `attempt` is
 * the number of attempts made so far; `truncations` how many of them were cut by max_tokens.
 */
export function retryDelayFor(failure: CallError, cause: unknown, attempt: number, truncations: number, backoffBaseMs?: number): number | null {
  switch (failure.kind) {
    case 'truncated':
      return truncations <= 1 ? 0 : null
    case 'api':
    case 'timeout':
    case 'connection':
      return retryDelayMs(cause, attempt, backoffBaseMs)
    default:
      return FAULT_KINDS.has(failure.kind) ? backoffMs(attempt, backoffBaseMs) : null
  }
}

/** Where a call stood when its retries ran out. */
export interface ExhaustedContext {
  /** Attempts made, the last one included. */
  attempts: number
  /** ORGBENCH_RETRIES. */
  retries: number
  baseURL: string
}

const seconds = (ms: number) => `${Math.round(ms / 100) / 10} s`

/**
 * A retried failure that the last attempt did not overcome, its message completed to say what to
 * change: how many attempts were made (ORGBENCH_RETRIES), the Retry-After the endpoint asked for
 * when it was longer than orgbench waits, for a 429 the limits to lower, and the endpoint. A
 * timeout's message already says its attempts and endpoint (classifyError).
 */
export function exhaustedFailure(failure: CallError, cause: unknown, c: ExhaustedContext): CallError {
  if (failure.kind === 'timeout' || failure.kind === 'truncated') return failure
  const parts = [`${c.attempts} attempt(s) made (ORGBENCH_RETRIES=${c.retries})`]
  const asked = requestedRetryAfterMs(cause)
  if (asked !== null && asked > MAX_RETRY_AFTER_MS) parts.push(`the endpoint asked to wait ${seconds(asked)} (Retry-After); orgbench waits at most ${seconds(MAX_RETRY_AFTER_MS)} before a retry`)
  if (failure.status === 429) parts.push('lower ORGBENCH_RPM, ORGBENCH_TPM or ORGBENCH_MAX_CONCURRENCY to the endpoint\'s limits, or raise ORGBENCH_RETRIES')
  const endpoint = ` (endpoint ${endpointLabel(c.baseURL)})`
  const at = failure.kind === 'connection' || failure.message.includes(endpoint) ? '' : endpoint
  return { ...failure, message: `${joinMessage(failure.message, '; ', parts.join('; '))}${at}` }
}
