import type OpenAI from 'openai'
import type { ChatCompletion } from 'openai/resources/chat/completions'
import type { CachedUsage } from './cache.js'
import type { ChatRequest } from './client.js'
import { contextCut } from './context-cut.js'
import { classifyError, malformedReply, unusableReply } from './faults.js'
import { CALLER_SIGNAL, SEND_STATE, type SendState } from './http.js'
import type { CallError, CallRecord } from './ledger.js'
import { costOf, type PriceTable } from './pricing.js'
import { JSON_HEADERS } from './sdk.js'

const USAGE_KEYS = ['promptTokens', 'completionTokens', 'cachedTokens', 'reasoningTokens'] as const

/** What the attempts of one call added up to. */
export interface Tally {
  attempts: number
  truncations: number
  faults: CallRecord['faults']
  tokens: { promptTokens: number; completionTokens: number; cachedTokens: number; reasoningTokens: number }
  /** Dollars of the attempts whose usage is known. */
  costUsd: number
  /**
   * Attempts that may have been billed for an amount nobody reported: answered without usable
   * usage, a body that could not be read, or a request sent whole that got no answer. Tokens and
   * dollars of the call are then unknown.
   */
  usageUnknown: number
  /** Of those, requests sent whole that got no answer (a timeout, a connection lost while waiting). */
  unanswered: number
  /** An answered attempt's model has no price. */
  costUnknown: boolean
}

/** A tally before the first attempt. */
export function newTally(): Tally {
  return { attempts: 0, truncations: 0, faults: [], tokens: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 }, costUsd: 0, usageUnknown: 0, unanswered: 0, costUnknown: false }
}

/** How one attempt ended. */
export interface AttemptOutcome {
  /** What the SDK threw, if anything (for the retry rules of HTTP errors). */
  cause: unknown
  failure: CallError | null
  /**
   * The attempt may have been billed: the endpoint answered, or it was sent the whole request and
   * gave no answer (a provider goes on generating, and bills, after the client has given up).
   */
  answered: boolean
  text: string
  finishReason: string | null
  usage: CachedUsage | null
  tokens: number | null
  costUsd: number | null
}

/** Failures without a reply: after the request went out whole, the endpoint may have billed them. */
const NO_REPLY: ReadonlySet<CallError['kind']> = new Set(['timeout', 'connection', 'aborted'])

/** A token count as a usage object must give it: a whole number, not negative. */
const isCount = (x: unknown): x is number => Number.isSafeInteger(x) && (x as number) >= 0

/**
 * The usage of a reply, or null when it does not say how many prompt and completion tokens were
 * billed (absent, null, `{}`, or only `total_tokens`): unknown, never 0.
 */
export function usageOf(usage: ChatCompletion['usage'] | null | undefined): CachedUsage | null {
  if (!usage || !isCount(usage.prompt_tokens) || !isCount(usage.completion_tokens)) return null
  const cached = usage.prompt_tokens_details?.cached_tokens
  const reasoning = usage.completion_tokens_details?.reasoning_tokens
  return { promptTokens: usage.prompt_tokens, completionTokens: usage.completion_tokens, cachedTokens: isCount(cached) ? cached : 0, reasoningTokens: isCount(reasoning) ? reasoning : 0 }
}

/**
 * One request to the endpoint through the openai SDK (as chatSdk makes it), the body already encoded (a buffer or a piecedBody); adds what the
 * endpoint billed to the tally and names what went wrong. `estimatedPromptTokens` (the permits'
 * estimate of the request) is checked against the prompt tokens the reply reports, which fail the
 * attempt when far fewer (lib/llm/context-cut.ts); null: not checked (ORGBENCH_CONTEXT_CHECK=off).
 */
export async function sendAttempt<T>(sdk: OpenAI, encoded: Uint8Array, req: ChatRequest<T>, tally: Tally, prices: PriceTable, timeoutMs: number, estimatedPromptTokens: number | null): Promise<AttemptOutcome> {
  let response: ChatCompletion | undefined
  let cause: unknown = null
  const sendState: SendState = { sent: false }
  try {
    // The caller's signal goes to the transport (see CALLER_SIGNAL); classifyError reads it to name an abort.
    const fetchOptions = (req.signal ? { [CALLER_SIGNAL]: req.signal, [SEND_STATE]: sendState } : { [SEND_STATE]: sendState }) as {}
    response = await sdk.post<ChatCompletion>('/chat/completions', { body: encoded, headers: JSON_HEADERS, fetchOptions, timeout: timeoutMs })
  } catch (e) {
    cause = e
  }
  const out: AttemptOutcome = { cause, failure: null, answered: false, text: '', finishReason: null, usage: null, tokens: null, costUsd: null }
  if (cause !== null) {
    out.failure = classifyError(cause, req.signal, sdk.baseURL, { timeoutMs, attempts: tally.attempts })
    // A 2xx whose body broke was answered, and perhaps billed, for an unknown amount; so was a
    // request that went out whole and got no answer. One that never went out cost nothing.
    const unanswered = NO_REPLY.has(out.failure.kind) && sendState.sent
    out.answered = unanswered || out.failure.kind === 'malformed_body' || out.failure.kind === 'body_read'
    if (out.answered) tally.usageUnknown++
    if (unanswered) tally.unanswered++
    return out
  }
  out.answered = true
  out.failure = malformedReply(response)
  out.usage = usageOf(response?.usage)
  if (out.usage) {
    for (const k of USAGE_KEYS) tally.tokens[k] += out.usage[k]
    out.tokens = out.usage.promptTokens + out.usage.completionTokens
    out.costUsd = costOf(prices, req.model, out.usage)
    if (out.costUsd === null) tally.costUnknown = true
    else tally.costUsd += out.costUsd
  } else tally.usageUnknown++
  if (out.failure) return out
  const choice = response!.choices[0]!
  out.text = choice.message?.content ?? ''
  out.finishReason = choice.finish_reason ?? null
  // A reply to a cut prompt is not worth another attempt: the server cuts it again. Its cost stays in the tally.
  if (out.usage && estimatedPromptTokens !== null) out.failure = contextCut(req.model, out.usage.promptTokens, estimatedPromptTokens, req.maxTokens)
  out.failure ??= unusableReply(out.text, out.finishReason, req.maxTokens)
  return out
}
