import { APIConnectionError, APIError } from 'openai'

/**
 * Longest server-requested wait before a retry: a longer Retry-After (a provider's daily or
 * per-minute token limit says "come back in 2 minutes") is waited up to this, and so is the pause
 * it puts on the whole run; a call that still fails says what the endpoint asked for.
 */
export const MAX_RETRY_AFTER_MS = 60_000

/** Reads Retry-After (seconds or an HTTP date) and the non-standard retry-after-ms header. */
export function retryAfterMs(headers: Headers | undefined, now = Date.now()): number | null {
  if (!headers) return null
  const ms = headers.get('retry-after-ms')
  if (ms !== null && /^\d+(\.\d+)?$/.test(ms.trim())) return Number(ms)
  const value = headers.get('retry-after')
  if (value === null) return null
  if (/^\d+(\.\d+)?$/.test(value.trim())) return Number(value) * 1000
  const date = Date.parse(value)
  return Number.isNaN(date) ? null : Math.max(0, date - now)
}

/** The wait an HTTP error's Retry-After (or retry-after-ms) asked for, uncapped; null without one. */
export function requestedRetryAfterMs(error: unknown): number | null {
  return error instanceof APIError && !(error instanceof APIConnectionError) ? retryAfterMs(error.headers) : null
}

/**
 * A 429 that says the account's quota or credit is used up (OpenAI's `insufficient_quota`): not a
 * rate limit, so no wait or retry ends it.
 */
export function isQuotaExhausted(e: unknown): boolean {
  return e instanceof APIError && e.status === 429 && (e.code === 'insufficient_quota' || e.type === 'insufficient_quota')
}

/**
 * How long to wait before the next attempt, or null when the error must not be retried.
 * Retried: 429, 408, 409, 5xx, connection errors and timeouts (after the Retry-After asked for, at
 * most MAX_RETRY_AFTER_MS, else backoff). Not retried: any other 4xx, and a 429 whose code is
 * `insufficient_quota` (the account's quota or credit is used up).
 */
export function retryDelayMs(error: unknown, attempt: number, backoffBaseMs = 500): number | null {
  let requested: number | null = null
  if (error instanceof APIError && !(error instanceof APIConnectionError)) {
    const status = error.status
    if (status === undefined) return null
    const retryable = (status === 429 && !isQuotaExhausted(error)) || status === 408 || status === 409 || status >= 500
    if (!retryable) return null
    requested = retryAfterMs(error.headers)
  } else if (!(error instanceof APIConnectionError)) {
    return null
  }
  if (requested !== null) return Math.min(requested, MAX_RETRY_AFTER_MS)
  return backoffMs(attempt, backoffBaseMs)
}

/** Exponential backoff after the n-th attempt: base·2^(n-1), at most 8 s, less up to 25 % jitter. */
export function backoffMs(attempt: number, backoffBaseMs = 500): number {
  const exponential = Math.min(backoffBaseMs * 2 ** (attempt - 1), 8_000)
  return exponential * (1 - Math.random() * 0.25)
}
