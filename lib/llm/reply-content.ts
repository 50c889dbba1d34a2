import { APIError } from 'openai'
import type { CallError } from './ledger.js'
import { redact } from '../redact.js'

/*
 * What a 2xx reply carries besides a chat completion's usual string: content as an array of parts
 * (Mistral's reasoning models), a refusal (OpenAI's structured outputs), or an error object in
 * place of the choices (OpenRouter's in-band provider errors).
 */

/** A reply's text, or why its content cannot be read. */
export type ContentReading = { text: string; failure: null } | { text: ''; failure: CallError }

/** The part types of an array content, named in a message when none of them is text. */
function partTypes(parts: unknown[]): string {
  const types = parts.map((p) => (p && typeof p === 'object' && typeof (p as { type?: unknown }).type === 'string' ? (p as { type: string }).type : typeof p))
  return [...new Set(types)].join(', ') || 'none'
}

/**
 * The text of a message's `content`: a string as it is; an array of parts (`[{type:"thinking",...},
 * {type:"text",text:"..."}]`, as api.mistral.ai sends for magistral models) joined from its text
 * parts, the others (a reasoning trace) left out; null or absent as no text. An array without a
 * text part is an `empty` reply that names the parts it had; any other shape a `malformed_body`.
 */
export function contentText(content: unknown): ContentReading {
  if (typeof content === 'string') return { text: content, failure: null }
  if (content === null || content === undefined) return { text: '', failure: null }
  if (Array.isArray(content)) {
    const texts = content.filter((p): p is { type: 'text'; text: string } => p !== null && typeof p === 'object' && (p as { type?: unknown }).type === 'text' && typeof (p as { text?: unknown }).text === 'string')
    if (texts.length > 0) return { text: texts.map((p) => p.text).join(''), failure: null }
    return { text: '', failure: { kind: 'empty', class: 'EmptyContent', status: null, message: `the reply's content is an array of parts without a text part (parts: ${partTypes(content)}); a reasoning trace is never used in its place` } }
  }
  return { text: '', failure: { kind: 'malformed_body', class: 'MalformedCompletion', status: null, message: `the reply's content is neither a string nor an array of parts (${typeof content})` } }
}

/** A message's `refusal` (OpenAI's structured outputs), when it is a non-empty string; else null. */
export function refusalText(message: unknown): string | null {
  const refusal = message && typeof message === 'object' ? (message as { refusal?: unknown }).refusal : undefined
  return typeof refusal === 'string' && refusal.trim() !== '' ? refusal : null
}

/** The most of a refusal a message quotes: the record keeps it whole (rawOnError). */
const QUOTED_REFUSAL_CHARS = 300

/** A refusal as a recorded error: not retried (at temperature 0 the model refuses again), its text quoted. */
export function refusedFailure(refusal: string): CallError {
  // Keys are removed before the cut, which would leave the rest of one for no redactor to find.
  const clean = redact(refusal)
  const quoted = clean.length > QUOTED_REFUSAL_CHARS ? `${clean.slice(0, QUOTED_REFUSAL_CHARS - 1)}…` : clean
  return { kind: 'refused', class: 'Refusal', status: null, message: `the model refused to answer: ${JSON.stringify(quoted)}` }
}

interface InBandErrorBody {
  message?: unknown
  code?: unknown
  type?: unknown
  param?: unknown
  metadata?: { raw?: unknown; provider_name?: unknown } | null
}

/** An HTTP status as an in-band error's `code` may give it (502 or "502"); null for a code like "rate_limit_exceeded". */
function statusOf(code: unknown): number | null {
  const n = typeof code === 'number' ? code : typeof code === 'string' && /^\d{3}$/.test(code) ? Number(code) : NaN
  return Number.isInteger(n) && n >= 400 && n <= 599 ? n : null
}

/**
 * A 2xx body that carries an `error` object and no choices (OpenRouter answers 200 with
 * `{"error":{"message":"Provider returned error","code":502,"metadata":{"raw":"..."}}}` when the
 * provider behind it failed), as the SDK's error for that status: the same retry rules as an
 * HTTP error then apply (429 and 5xx retried, other 4xx not) and, like one, it is not a billed
 * reply. The message keeps the provider's words: `metadata.raw` and the provider's name. Null for
 * any other body.
 */
export function inBandError(body: unknown): APIError | null {
  if (!body || typeof body !== 'object') return null
  const { error, choices } = body as { error?: unknown; choices?: unknown }
  if (!error || typeof error !== 'object' || (Array.isArray(choices) && choices.length > 0)) return null
  const e = error as InBandErrorBody
  const provider = typeof e.metadata?.provider_name === 'string' ? e.metadata.provider_name : null
  const raw = e.metadata?.raw === undefined || e.metadata.raw === null ? null : typeof e.metadata.raw === 'string' ? e.metadata.raw : JSON.stringify(e.metadata.raw)
  const said = typeof e.message === 'string' && e.message !== '' ? e.message : 'an error in a 200 reply'
  const detail = raw !== null ? ` (${provider ? `${provider}: ` : ''}${raw})` : provider ? ` (${provider})` : ''
  const status = statusOf(e.code)
  const described = { ...e, message: `${said}${detail}` }
  return status === null ? new APIError(undefined, described, undefined, new Headers()) : APIError.generate(status, { error: described }, undefined, new Headers())
}
