import type OpenAI from 'openai'
import type { ChatCompletionMessageParam } from 'openai/resources/chat/completions'
import type { z } from 'zod'
import { Governor } from '../gateway/governor.js'
import { type Acquired, contentChars, type Permit, estimatePromptTokens, type PermitRequest, type Permits, worstCaseUsd } from '../gateway/permits.js'
import { redact, withoutSecrets } from '../redact.js'
import type { Secret } from '../secret.js'
import { newTally, sendAttempt, type Tally, type UnusableUsage } from './attempt.js'
import { cacheKey, endpointIdentity, requestHash, type ResponseCache } from './cache.js'
import { echoedKeyFailure, exhaustedFailure, retryDelayFor } from './faults.js'
import { piecedBody } from './http.js'
import { type CallError, type CallRecord, currentLedger, type Ledger } from './ledger.js'
import { builtInPriceProvider, type PriceTable } from './pricing.js'
import { encodeChatBody } from './request-body.js'
import { requestedResponseFormat } from './response-format.js'
import { withSchemaStated } from './schema-statement.js'
import type { ResponseFormatMode } from './response-format-mode.js'
import { DETECT_REASONING_MODELS, type ReasoningModels, reasoningModelTest } from './reasoning-models.js'
import { chatSdk } from './sdk.js'
import { servedModelWarning } from './served-model.js'
import { markParseFailure, parseStructured, thinkBlockWarning, withoutThinkBlock } from './structured.js'

/** Dollars as every call records them, live or from the cache: sums of prices leave float dust (0.0028398000000000004). */
const roundUsd = (usd: number) => Math.round(usd * 1e10) / 1e10

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
  /** Structured output: asked for as ClientOptions.responseFormat says (a strict JSON schema by default) and validated on return. */
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
  prices: PriceTable
  /** Where every attempt gets its permit (the run's limits); default: an in-process Governor with `maxConcurrency` slots. */
  permits?: Permits
  /** Slots of the default in-process Governor when no `permits` are given. */
  maxConcurrency?: number
  /** The response cache; null or absent: every call goes to the endpoint. */
  cache?: ResponseCache | null
  /** Endpoint identity in cache keys; default: host and path of `baseURL`. */
  endpoint?: string
  /** Backoff base for retries without Retry-After; tests shorten it. */
  backoffBaseMs?: number
  /** Models sent `max_completion_tokens` and no temperature (ORGBENCH_REASONING_MODELS); default: OpenAI's reasoning ids. */
  reasoningModels?: ReasoningModels
  /** Fail a reply whose reported prompt tokens show a prompt cut to the context window (lib/llm/context-cut.ts); default true (ORGBENCH_CONTEXT_CHECK). */
  contextCheck?: boolean
  /** How structured output is asked for (ORGBENCH_RESPONSE_FORMAT, lib/llm/response-format.ts); default json_schema. */
  responseFormat?: ResponseFormatMode
}

/**
 * The one way orgbench calls a model: the openai SDK (over orgbench's keep-alive transport)
 * against any OpenAI-compatible endpoint. Every call first looks in the response cache; every
 * attempt holds a permit of the run (concurrency, RPM/TPM, dollar cap, 429 pause); transport and
 * reply faults are retried and counted; every call, cached or not, lands in the test's ledger.
 */
export class LlmClient implements ChatClient {
  private readonly sdk: OpenAI
  private readonly permits: Permits
  private readonly cache: ResponseCache | null
  private readonly endpoint: string
  private readonly warnedModels = new Set<string>()
  private readonly warnedServedModels = new Set<string>()
  private readonly unusableUsageWarnings = new Map<string, string>()
  private readonly uncountedOutputWarnings = new Map<string, string>()
  private readonly isReasoningModel: ((model: string) => boolean) | null

  constructor(private readonly options: ClientOptions) {
    this.sdk = chatSdk({ baseURL: options.baseURL, apiKey: options.apiKey.reveal(), timeoutMs: options.timeoutMs })
    this.isReasoningModel = reasoningModelTest(options.reasoningModels ?? DETECT_REASONING_MODELS)
    this.permits = options.permits ?? new Governor({ maxConcurrency: options.maxConcurrency ?? 8, rpm: null, tpm: null, maxUsd: null }, options.prices)
    this.cache = options.cache?.active ? options.cache : null
    this.endpoint = options.endpoint ?? endpointIdentity(options.baseURL)
  }

  async chat<T = string>(req: ChatRequest<T>): Promise<ChatReply<T>> {
    const ledger = currentLedger()
    // Without json_schema the endpoint holds the reply to no schema: the prompt must say what it is.
    const messages = req.schema && (this.options.responseFormat ?? 'json_schema') !== 'json_schema' ? withSchemaStated(req.messages, req.schema.name, req.schema.zod as z.ZodType) : req.messages
    const first = await this.call(ledger, req, messages)
    const firstText = this.withoutThinking(ledger, req.model, first.text)
    if (!req.schema) return { callId: first.id, lastCallId: first.id, text: firstText, parsed: firstText as T }

    const firstParse = parseStructured(firstText, req.schema.zod)
    if (firstParse.ok) return { callId: first.id, lastCallId: first.id, text: firstText, parsed: firstParse.value }
    markParseFailure(ledger, first.id, firstParse.message, first.text)

    // One re-ask with the validation error; a second failure is recorded, never papered over.
    const retryMessages: ChatMessage[] = [
      ...messages,
      { role: 'assistant', content: firstText },
      {
        role: 'user',
        content: `Your reply could not be used: ${firstParse.message}\nReply again with only a JSON object that matches the schema "${req.schema.name}".`,
      },
    ]
    const second = await this.call(ledger, { ...req, phase: `${req.phase}:reask`, dependsOn: [first.id] }, retryMessages)
    const secondText = this.withoutThinking(ledger, req.model, second.text)
    const secondParse = parseStructured(secondText, req.schema.zod)
    if (secondParse.ok) return { callId: first.id, lastCallId: second.id, text: secondText, parsed: secondParse.value }
    const error = markParseFailure(ledger, second.id, secondParse.message, second.text)
    throw new LlmCallError(error, second.id)
  }

  /** The reply without a leading reasoning trace; removing one is noted in the test's ledger, never silent. */
  private withoutThinking(ledger: Ledger, model: string, text: string): string {
    const reply = withoutThinkBlock(text)
    if (reply !== text) ledger.warn(thinkBlockWarning(model))
    return reply
  }

  private async call<T>(ledger: Ledger, req: ChatRequest<T>, messages: ChatMessage[]): Promise<{ id: string; text: string }> {
    const id = ledger.newCallId()
    const requestedMs = ledger.now()
    // Encoded once: the same bytes are hashed for the cache and sent by the SDK. The task text that
    // opens every prompt of a case is encoded once per task (lib/llm/shared-json.ts).
    const encoded = encodeChatBody({
      model: req.model,
      messages,
      maxTokens: req.maxTokens,
      temperature: req.temperature ?? 0,
      reasoning: this.isReasoningModel?.(req.model),
      seed: req.seed,
      responseFormat: req.schema ? requestedResponseFormat(this.options.responseFormat ?? 'json_schema', req.schema.zod as z.ZodType, req.schema.name) : undefined,
    })

    let key: string | null = null
    // A stored reply that quotes one of the run's keys (one stored unredacted) is discarded like a live one.
    let echoedInCache = false
    if (this.cache) {
      const hash = requestHash({ endpoint: this.endpoint, scope: ledger.scope, body: encoded })
      key = cacheKey(hash, ledger.occurrence(hash))
      const hit = this.cache.get(key)
      echoedInCache = hit !== null && withoutSecrets(hit.entry.content) !== hit.entry.content
      if (hit && !echoedInCache) {
        const at = ledger.now()
        const u = hit.entry.usage
        if (hit.entry.servedModel !== undefined) this.warnServedModel(ledger, req.model, hit.entry.servedModel)
        ledger.record(callRecord(id, req, {
          promptTokens: u?.promptTokens ?? null,
          completionTokens: u?.completionTokens ?? null,
          cachedTokens: u?.cachedTokens ?? null,
          reasoningTokens: u?.reasoningTokens ?? null,
          costUsd: hit.entry.costUsd === null ? null : roundUsd(hit.entry.costUsd),
          maxCostUsd: undefined,
          servedModel: hit.entry.servedModel,
          cached: hit.from,
          startMs: at,
          endMs: at,
          latencyMs: 0,
          queuedMs: 0,
          attempts: 0,
          faults: [],
          finishReason: hit.entry.finishReason,
          error: null,
          rawOnError: null,
        }))
        return { id, text: hit.entry.content }
      }
    }

    const tally = newTally()
    if (echoedInCache && this.cache?.mode !== 'replay') tally.faults.push({ kind: 'echoed_key', status: null })
    const body = encoded.pieces.length === 1 ? encoded.pieces[0]! : piecedBody(encoded.pieces, encoded.length)
    let failure: CallError | null = null
    let text = ''
    let finishReason: string | null = null
    let firstStartMs: number | undefined
    let permitRequest: PermitRequest | null = null
    if (this.cache?.mode === 'replay' && echoedInCache) {
      failure = { ...echoedKeyFailure(), message: "the recorded reply contained the run's API key; it was discarded, and ORGBENCH_CACHE=replay sends nothing to the endpoint" }
    } else if (this.cache?.mode === 'replay') {
      failure = { kind: 'cache_miss', class: 'CacheMiss', status: null, message: 'ORGBENCH_CACHE=replay: no recorded reply for this request, and replay sends nothing to the endpoint' }
    } else {
      permitRequest = { model: req.model, promptTokens: estimatePromptTokens(messages), maxTokens: req.maxTokens, priority: ledger.priority() }
      let unsettled: Permit | null = null
      try {
        for (;;) {
          let acquired: Acquired
          try {
            acquired = await this.permits.acquire(permitRequest, req.signal)
          } catch (e) {
            failure = req.signal?.aborted
              ? { kind: 'aborted', class: 'APIUserAbortError', status: null, message: 'the test was cancelled while waiting for a permit' }
              : { kind: 'gateway', class: (e as Error).name ?? 'Error', status: null, message: (e as Error).message ?? String(e) }
            break
          }
          if (!acquired.granted) {
            failure = { kind: 'budget', class: 'BudgetRefused', status: null, message: acquired.message }
            break
          }
          tally.attempts++
          firstStartMs ??= ledger.now()
          // Held until settled: any exception before that settles it below (see the catch).
          unsettled = acquired.permit
          const attempt = await sendAttempt(this.sdk, body, req, tally, this.options.prices, this.options.timeoutMs, this.options.contextCheck === false ? null : permitRequest.promptTokens, this.options.responseFormat ?? 'json_schema')
          if (attempt.failure?.kind === 'truncated') tally.truncations++
          const delay = attempt.failure ? retryDelayFor(attempt.failure, attempt.cause, tally.attempts, tally.truncations, this.options.backoffBaseMs) : null
          unsettled = null
          acquired.permit.settle({ answered: attempt.answered, tokens: attempt.tokens, costUsd: attempt.costUsd, pauseMs: attempt.failure?.status === 429 ? delay : null })
          text = attempt.text
          finishReason = attempt.finishReason
          if (!attempt.failure) {
            if (this.cache && key) this.cache.put({ key, endpoint: this.endpoint, model: req.model, ...(tally.servedModel ? { servedModel: tally.servedModel } : {}), scope: ledger.scope, content: text, finishReason, usage: attempt.usage, costUsd: attempt.costUsd })
            break
          }
          if (delay === null) {
            failure = attempt.failure
            break
          }
          if (tally.attempts > this.options.retries) {
            failure = exhaustedFailure(attempt.failure, attempt.cause, { attempts: tally.attempts, retries: this.options.retries, baseURL: this.options.baseURL })
            break
          }
          tally.faults.push({ kind: attempt.failure.kind, status: attempt.failure.status })
          try {
            await sleep(delay, req.signal)
          } catch {
            failure = { kind: 'aborted', class: 'AbortError', status: null, message: 'the test was cancelled while waiting to retry' }
            break
          }
        }
      } catch (e) {
        // Whatever went wrong, the permit is settled and the call recorded: a concurrency slot or a
        // budget reservation never given back would stop the run. An attempt under way may have
        // been answered, and billed, for an amount nobody knows.
        if (unsettled) {
          (unsettled as Permit).settle({ answered: true, tokens: null, costUsd: null, pauseMs: null })
          tally.usageUnknown++
          tally.interrupted++
        }
        failure = unexpectedFailure(e)
      }
    }

    const endMs = ledger.now()
    // Time spent waiting for a permit is not the call's latency; it is kept apart.
    const startMs = firstStartMs ?? endMs
    const usageUnknown = tally.usageUnknown > 0
    if (usageUnknown) ledger.warn(tally.unusableUsage ? this.unusableUsageWarning(req.model, tally.unusableUsage) : unknownUsageWarning(req.model, tally))
    else if (tally.costUnknown) this.warnUnpriced(ledger, req.model)
    if (tally.servedModel) this.warnServedModel(ledger, req.model, tally.servedModel)
    if (tally.uncountedOutput) ledger.warn(this.uncountedOutputWarning(req.model, tally.uncountedOutput))
    if (tally.faults.some((f) => f.kind === 'echoed_key')) ledger.warn(echoedKeyWarning(req.model))
    if (failure) failure = { ...failure, message: redact(failure.message) }
    const t = tally.tokens
    // Each attempt billed an unknown amount at its worst case, as the dollar cap counted it.
    const worst = usageUnknown && !tally.costUnknown && permitRequest ? worstCaseUsd(this.options.prices, permitRequest) : null
    ledger.record(callRecord(id, req, {
      promptTokens: usageUnknown ? null : t.promptTokens,
      completionTokens: usageUnknown ? null : t.completionTokens,
      cachedTokens: usageUnknown ? null : t.cachedTokens,
      reasoningTokens: usageUnknown ? null : t.reasoningTokens,
      costUsd: usageUnknown || tally.costUnknown ? null : roundUsd(tally.costUsd),
      maxCostUsd: worst === null ? undefined : roundUsd(tally.costUsd + tally.usageUnknown * worst),
      reportedUsage: usageUnknown && tally.reported > 0 ? { attempts: tally.reported, ...t, costUsd: tally.costUnknown ? null : roundUsd(tally.costUsd) } : undefined,
      servedModel: tally.servedModel ?? undefined,
      cached: 'no',
      startMs,
      endMs,
      latencyMs: Math.round((endMs - startMs) * 100) / 100,
      queuedMs: Math.round((startMs - requestedMs) * 100) / 100,
      attempts: tally.attempts,
      faults: tally.faults,
      finishReason,
      error: failure,
      rawOnError: failure && text ? redact(text) : failure?.kind === 'empty' ? '' : null,
    }))
    if (usageUnknown) ledger.noteSize(id, contentChars(messages), text.length)
    if (failure) throw new LlmCallError(failure, id)
    return { id, text }
  }

  /**
   * The warning for a usage in an unusable form: the first example of each kind per model, so a
   * run's warnings do not list every call's counts.
   */
  private unusableUsageWarning(model: string, unusable: UnusableUsage): string {
    const key = `${model}\u0000${unusable.kind}`
    let message = this.unusableUsageWarnings.get(key)
    if (message === undefined) {
      message = `${model}: the endpoint returned token usage in an unusable form (${unusable.detail}), so tokens and cost are unknown`
      this.unusableUsageWarnings.set(key, message)
    }
    return message
  }

  /**
   * The warning for a usage whose completion_tokens left out output the provider billed: the
   * first example per model, named by the fields that show it.
   */
  private uncountedOutputWarning(model: string, fields: string): string {
    let message = this.uncountedOutputWarnings.get(model)
    if (message === undefined) {
      message = `${model}: the endpoint's usage left billed output out of completion_tokens (e.g. ${fields}); the difference is counted as output (reasoning) tokens and priced as such`
      this.uncountedOutputWarnings.set(model, message)
    }
    return message
  }

  /** Replies from another model than the one asked for: noted in the test's ledger, and said once per pair on the console. */
  private warnServedModel(ledger: Ledger, asked: string, served: string): void {
    const message = servedModelWarning(this.options.prices, asked, served)
    ledger.warn(message)
    if (!this.warnedServedModels.has(message)) {
      this.warnedServedModels.add(message)
      console.warn(`[orgbench] warning: ${redact(message)}`)
    }
  }

  private warnUnpriced(ledger: Ledger, model: string): void {
    const elsewhere = builtInPriceProvider(model)
    const why = elsewhere ? `the built-in price is ${elsewhere}'s, and a provider's rates are not another's; ` : ''
    const message = `no price for model "${model}": its cost is recorded as null (${why}add it with ORGBENCH_PRICES)`
    ledger.warn(message)
    if (!this.warnedModels.has(model)) {
      this.warnedModels.add(model)
      console.warn(`[orgbench] warning: ${redact(message)}`)
    }
  }
}

/** What a call's record holds beyond the request: how it went. */
type Outcome = Omit<CallRecord, 'id' | 'role' | 'phase' | 'model' | 'labels' | 'dependsOn'>

/**
 * A call's record, written out field by field: every record then has one shape, where spreading
 * the request's fields into it made V8 build each record's shape anew (a third of the client's own time).
 */
function callRecord(id: string, req: ChatRequest<unknown>, o: Outcome): CallRecord {
  return {
    id,
    role: req.role,
    phase: req.phase,
    model: req.model,
    labels: req.labels ?? {},
    dependsOn: req.dependsOn ?? [],
    promptTokens: o.promptTokens,
    completionTokens: o.completionTokens,
    cachedTokens: o.cachedTokens,
    reasoningTokens: o.reasoningTokens,
    costUsd: o.costUsd,
    maxCostUsd: o.maxCostUsd,
    reportedUsage: o.reportedUsage,
    servedModel: o.servedModel,
    cached: o.cached,
    startMs: o.startMs,
    endMs: o.endMs,
    latencyMs: o.latencyMs,
    queuedMs: o.queuedMs,
    attempts: o.attempts,
    faults: o.faults,
    finishReason: o.finishReason,
    error: o.error,
    rawOnError: o.rawOnError,
  }
}

/** An exception no rule of the client expected, as the call's error: its class and message, never a hung run or a lost call. */
function unexpectedFailure(e: unknown): CallError {
  const err = e instanceof Error ? e : new Error(String(e))
  return { kind: 'api', class: err.name, status: null, message: `unexpected ${err.name} while handling the call: ${err.message}` }
}

/**
 * Why a call's tokens and cost are unknown, each cause named: requests sent that got no answer,
 * replies whose body could not be read, replies without usage. When other attempts reported their
 * usage, the warning says that it is counted.
 */
function unknownUsageWarning(model: string, t: Tally): string {
  const causes: string[] = []
  if (t.unanswered > 0) causes.push('a request was sent and got no answer (timeout or lost connection); the endpoint may have billed it')
  if (t.unreadable > 0) causes.push('a reply\'s body could not be read (cut off or not valid JSON); the endpoint may have billed it')
  if (t.interrupted > 0) causes.push('the harness itself failed while an attempt was under way; the endpoint may have billed it')
  if (t.usageUnknown > t.unanswered + t.unreadable + t.interrupted) causes.push('the endpoint returned no token usage')
  const known = t.reported > 0 ? 'known only in part (the usage the other attempts reported is counted: at least that much)' : 'unknown'
  return `${model}: ${causes.join('; ')}, so tokens and cost are ${known}`
}

/** Why a call whose reply quoted the run's key went on: the reply was discarded, never used, and the request sent again. */
function echoedKeyWarning(model: string): string {
  return `${model}: a reply contained the run's API key and was discarded (never passed on, judged or scored); the request was sent again`
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
