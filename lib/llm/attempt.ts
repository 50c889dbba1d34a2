import type OpenAI from 'openai'
import type { ChatCompletion } from 'openai/resources/chat/completions'
import { redact, withoutSecrets } from '../redact.js'
import type { CachedUsage } from './cache.js'
import type { ChatRequest } from './client.js'
import { contextCut } from './context-cut.js'
import { classifyError, echoedKeyFailure, malformedReply, unusableReply } from './faults.js'
import { CALLER_SIGNAL, SEND_STATE, type SendState } from './http.js'
import type { CallError, CallRecord } from './ledger.js'
import { costOf, type PriceTable } from './pricing.js'
import type { ResponseFormatMode } from './response-format-mode.js'
import { contentText, inBandError, refusalText } from './reply-content.js'
import { otherServedModel, pricedModel, replyModel } from './served-model.js'
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
  /** Of those, answers whose body could not be read: cut off mid-way, or not valid JSON. */
  unreadable: number
  /** Of those, attempts under way when the harness itself failed: whether the endpoint answered is unknown. */
  interrupted: number
  /** Answered attempts whose usage was read: their tokens and dollars are in `tokens` and `costUsd`. */
  reported: number
  /** Why the first answered attempt with a usage that cannot be used could not use it; null when none had one. */
  unusableUsage: UnusableUsage | null
  /** An answered attempt's model has no price. */
  costUnknown: boolean
  /** The model an answered attempt named when it was another than the one asked for (lib/llm/served-model.ts); null when none did. */
  servedModel: string | null
  /** How the first answered attempt whose usage left billed output out of completion_tokens was counted (readUsage); null when none did. */
  uncountedOutput: string | null
}

/** A tally before the first attempt. */
export function newTally(): Tally {
  return { attempts: 0, truncations: 0, faults: [], tokens: { promptTokens: 0, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 }, costUsd: 0, usageUnknown: 0, unanswered: 0, unreadable: 0, interrupted: 0, reported: 0, unusableUsage: null, costUnknown: false, servedModel: null, uncountedOutput: null }
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
 * More prompt or completion tokens than any model takes in one request (the largest context
 * windows offered are 10 million tokens): a count above it is malformed, not a bill to price.
 * It also keeps every sum of a run's tokens far below 2^53, where they stop being exact.
 */
export const MAX_PLAUSIBLE_TOKENS = 10_000_000

/**
 * Why a usage object the endpoint sent cannot be used: `kind` groups the reasons (one warning per
 * model and kind), `detail` names the field and the value, e.g. `prompt_tokens: "1333", expected a whole number`.
 */
export interface UnusableUsage {
  kind: 'not_a_count' | 'zero' | 'implausible'
  detail: string
}

/**
 * A reply's usage as read: its counts, and how output left out of completion_tokens was counted
 * (`uncounted`, null when none was); or null, with why when the endpoint sent a usage that cannot be used.
 */
export type UsageReading = { usage: CachedUsage; unusable: null; uncounted: string | null } | { usage: null; unusable: UnusableUsage | null }

/** A value of a usage field as JSON, cut short (it goes into a warning). */
function shown(value: unknown): string {
  // Keys are removed before the cut, which would leave the rest of one for no redactor to find.
  const json = redact(value === undefined ? 'missing' : (JSON.stringify(value) ?? String(value)))
  return json.length > 40 ? `${json.slice(0, 39)}…` : json
}

const NO_USAGE: UsageReading = { usage: null, unusable: null }

/**
 * The usage of a reply. Unknown (null, never 0) when it does not say how many prompt and
 * completion tokens were billed: absent, null, `{}` or only `total_tokens` (no usage); counts that
 * are not whole numbers, 0 prompt and 0 completion tokens for a reply with content (no request
 * has an empty prompt), or counts above MAX_PLAUSIBLE_TOKENS (a usage in an unusable form). Cached
 * and reasoning tokens are parts of the prompt and completion counts, and are kept within them.
 * Output the other fields show was left out of completion_tokens (outputLeftOut) is counted as
 * output, and as reasoning, since the provider billed it: never dropped.
 */
export function readUsage(usage: ChatCompletion['usage'] | null | undefined, hasContent: boolean): UsageReading {
  if (!usage || (usage.prompt_tokens === undefined && usage.completion_tokens === undefined)) return NO_USAGE
  for (const field of ['prompt_tokens', 'completion_tokens'] as const) {
    const value = usage[field] as unknown
    if (!isCount(value)) return { usage: null, unusable: { kind: 'not_a_count', detail: `${field}: ${shown(value)}, expected a whole number` } }
    if (value > MAX_PLAUSIBLE_TOKENS) return { usage: null, unusable: { kind: 'implausible', detail: `${field}: ${value}, more than any context window (${MAX_PLAUSIBLE_TOKENS.toLocaleString('en-US')} tokens)` } }
  }
  if (usage.prompt_tokens === 0 && usage.completion_tokens === 0 && hasContent) return { usage: null, unusable: { kind: 'zero', detail: 'prompt_tokens: 0 and completion_tokens: 0 for a reply with content' } }
  const cached = usage.prompt_tokens_details?.cached_tokens
  const reasoning = isCount(usage.completion_tokens_details?.reasoning_tokens) ? usage.completion_tokens_details!.reasoning_tokens! : 0
  const left = outputLeftOut(usage.prompt_tokens, usage.completion_tokens, reasoning, usage.total_tokens)
  const completion = usage.completion_tokens + (left?.tokens ?? 0)
  if (completion > MAX_PLAUSIBLE_TOKENS) return { usage: null, unusable: { kind: 'implausible', detail: `${left!.fields}, more than any context window (${MAX_PLAUSIBLE_TOKENS.toLocaleString('en-US')} tokens)` } }
  return {
    usage: {
      promptTokens: usage.prompt_tokens,
      completionTokens: completion,
      cachedTokens: isCount(cached) ? Math.min(cached, usage.prompt_tokens) : 0,
      reasoningTokens: Math.min(Math.max(reasoning, left?.tokens ?? 0), completion),
    },
    unusable: null,
    uncounted: left?.fields ?? null,
  }
}

/**
 * Output the provider billed but left out of completion_tokens, as the other fields show it:
 * reasoning_tokens above completion_tokens (the reasoning then is not a part of it), or
 * total_tokens above prompt + completion (Gemini through OpenAI-compatible layers bills its
 * thoughts as output and counts them only there). The larger of the two is the output left out;
 * `fields` names the fields and values that show it. Null when the counts add up.
 */
function outputLeftOut(prompt: number, completion: number, reasoning: number, total: unknown): { tokens: number; fields: string } | null {
  const outside = reasoning > completion ? reasoning : 0
  const beyondTotal = isCount(total) && total > prompt + completion ? total - prompt - completion : 0
  if (outside === 0 && beyondTotal === 0) return null
  const fields = beyondTotal >= outside
    ? `total_tokens ${total as number} > prompt_tokens ${prompt} + completion_tokens ${completion}`
    : `completion_tokens_details.reasoning_tokens ${reasoning} > completion_tokens ${completion}`
  return { tokens: Math.max(outside, beyondTotal), fields }
}

/**
 * One request to the endpoint through the openai SDK (as chatSdk makes it), the body already encoded (a buffer or a piecedBody); adds what the
 * endpoint billed to the tally and names what went wrong. `estimatedPromptTokens` (the permits'
 * estimate of the request) is checked against the prompt tokens the reply reports, which fail the
 * attempt when far fewer (lib/llm/context-cut.ts); null: not checked (ORGBENCH_CONTEXT_CHECK=off).
 */
export async function sendAttempt<T>(sdk: OpenAI, encoded: Uint8Array, req: ChatRequest<T>, tally: Tally, prices: PriceTable, timeoutMs: number, estimatedPromptTokens: number | null, responseFormat?: ResponseFormatMode): Promise<AttemptOutcome> {
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
  // An error object in a 2xx body is an error of the endpoint, as if it had come with its status.
  cause ??= inBandError(response)
  const out: AttemptOutcome = { cause, failure: null, answered: false, text: '', finishReason: null, usage: null, tokens: null, costUsd: null }
  if (cause !== null) {
    out.failure = classifyError(cause, req.signal, sdk.baseURL, { timeoutMs, attempts: tally.attempts, model: req.model, ...(req.schema && responseFormat ? { responseFormat } : {}) })
    // A 2xx whose body broke was answered, and perhaps billed, for an unknown amount; so was a
    // request that went out whole and got no answer. One that never went out cost nothing.
    const unanswered = NO_REPLY.has(out.failure.kind) && sendState.sent
    out.answered = unanswered || out.failure.kind === 'malformed_body' || out.failure.kind === 'body_read'
    if (out.answered) tally.usageUnknown++
    if (unanswered) tally.unanswered++
    else if (out.answered) tally.unreadable++
    return out
  }
  out.answered = true
  out.failure = malformedReply(response)
  const served = otherServedModel(req.model, response?.model)
  tally.servedModel ??= served
  const message = out.failure ? undefined : response!.choices[0]!.message
  const content = contentText(message?.content)
  const refusal = refusalText(message)
  const reading = readUsage(response?.usage, content.text !== '' || refusal !== null)
  out.usage = reading.usage
  if (reading.usage) {
    tally.reported++
    for (const k of USAGE_KEYS) tally.tokens[k] += reading.usage[k]
    out.tokens = reading.usage.promptTokens + reading.usage.completionTokens
    // Priced as billed: at the served model's rates, a dated snapshot of the model asked for included, when the table has them.
    out.costUsd = costOf(prices, pricedModel(prices, req.model, replyModel(response?.model)), reading.usage)
    if (out.costUsd === null) tally.costUnknown = true
    else tally.costUsd += out.costUsd
    tally.uncountedOutput ??= reading.uncounted
  } else {
    tally.usageUnknown++
    tally.unusableUsage ??= reading.unusable
  }
  if (out.failure) return out
  out.finishReason = response!.choices[0]!.finish_reason ?? null
  if (content.failure) {
    out.failure = content.failure
    return out
  }
  // A refusal keeps its words as the reply's text: the record shows them (rawOnError). A reply that
  // quotes one of the run's keys fails the attempt, and the key is removed here, before the reply
  // goes anywhere (only the run's own keys: key-shaped strings are redacted when stored).
  const reply = content.text === '' && refusal !== null ? refusal : content.text
  out.text = withoutSecrets(reply)
  if (out.text !== reply) {
    out.failure = echoedKeyFailure()
    return out
  }
  // A reply to a cut prompt is not worth another attempt: the server cuts it again. Its cost stays in the tally.
  if (out.usage && estimatedPromptTokens !== null) out.failure = contextCut(req.model, out.usage.promptTokens, estimatedPromptTokens, req.maxTokens)
  out.failure ??= unusableReply(content.text, out.finishReason, req.maxTokens, refusal, out.usage?.completionTokens ?? null)
  return out
}
