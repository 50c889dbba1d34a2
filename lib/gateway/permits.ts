import { messageParts } from '../llm/parts-message.js'
import { costOf, type PriceTable } from '../llm/pricing.js'

/*
 * Permits: what a model call must hold while it is in flight. One source of permits governs a
 * whole run: the concurrency limit, the RPM/TPM windows, the dollar cap and the pause after a 429.
 * Inside Vitest the source is the run coordinator (lib/gateway/coordinator.ts), reached from every
 * worker over loopback; scripts outside Vitest use the same Governor in-process.
 */

/** What a call asks for before it is sent. */
export interface PermitRequest {
  model: string
  /** Estimated prompt tokens (an over-estimate: see estimatePromptTokens). */
  promptTokens: number
  /** The output cap of the call: with the prompt, its worst case in tokens and dollars. */
  maxTokens: number
  /** Lower goes first: the epoch milliseconds at which the asking test began. */
  priority: number
}

/** How an attempt ended, for the ledger of the run. */
export interface Settlement {
  /**
   * True when the attempt may have been billed: the endpoint answered, or it was sent the whole
   * request and gave no answer (a timeout, a connection lost while waiting). False when the request
   * never went out whole, or the endpoint answered with an error status.
   */
  answered: boolean
  /** Prompt + completion tokens of the answer; null when the endpoint reported none. */
  tokens: number | null
  /** Dollars of the answer; null when unknown (no usage, no answer, or no price). */
  costUsd: number | null
  /** A 429 asks the whole run to pause this long. */
  pauseMs: number | null
}

/** A granted permit; settle it exactly once, when the attempt has ended. */
export interface Permit {
  settle(outcome: Settlement): void
}

/** A permit, or why the call is refused (the dollar cap). */
export type Acquired = { granted: true; permit: Permit } | { granted: false; message: string }

/** A source of permits for every call of a run. */
export interface Permits {
  /** Waits for a permit; resolves refused when the dollar cap cannot cover the call. Rejects when `signal` aborts. */
  acquire(request: PermitRequest, signal?: AbortSignal): Promise<Acquired>
}

/** Where the coordinator of a Vitest run listens: loopback only, with a token valid for this run. */
export interface GatewayAddress {
  port: number
  token: string
  /** The coordinator's process: its worker threads use the in-process channel instead of TCP. */
  pid: number
}

/**
 * The most an attempt of a call can cost: its prompt tokens (over-estimated) plus its output cap,
 * at the model's price; null when the model has no price. The dollar cap reserves it before the
 * attempt and counts it for an attempt that may have been billed an unknown amount.
 */
export function worstCaseUsd(prices: PriceTable, request: Pick<PermitRequest, 'model' | 'promptTokens' | 'maxTokens'>): number | null {
  return costOf(prices, request.model, { promptTokens: request.promptTokens, completionTokens: request.maxTokens, cachedTokens: 0 })
}

/**
 * Prompt tokens of a request, over-estimated on purpose (about three characters per token, plus a
 * few per message) so that a reservation against the dollar cap is a worst case.
 */
export function estimatePromptTokens(messages: ReadonlyArray<{ content?: unknown }>): number {
  return Math.ceil(contentChars(messages) / 3) + 4 * messages.length + 3
}

/** Characters of the messages' contents; a message made of parts is counted by its parts, never joined (lib/llm/parts-message.ts). */
export function contentChars(messages: ReadonlyArray<{ content?: unknown }>): number {
  let chars = 0
  for (const m of messages) {
    const parts = messageParts(m)
    chars += parts ? parts.opening.length + parts.rest.length : typeof m.content === 'string' ? m.content.length : JSON.stringify(m.content ?? '').length
  }
  return chars
}
