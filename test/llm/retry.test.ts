import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'
import { describe, expect, test } from 'vitest'
import { isQuotaExhausted, MAX_RETRY_AFTER_MS, requestedRetryAfterMs, retryAfterMs, retryDelayMs } from '../../lib/llm/retry.js'

const httpError = (status: number, headers: Record<string, string> = {}) => APIError.generate(status, { message: `status ${status}` }, undefined, new Headers(headers))

describe('retryAfterMs', () => {
  const now = Date.parse('2026-11-27T10:00:00Z')

  test('reads Retry-After in seconds, whole or fractional', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': '2' }), now)).toBe(2000)
    expect(retryAfterMs(new Headers({ 'retry-after': '1.5' }), now)).toBe(1500)
    expect(retryAfterMs(new Headers({ 'retry-after': ' 3 ' }), now)).toBe(3000)
  })

  test('reads Retry-After as an HTTP date, relative to now, never negative', () => {
    expect(retryAfterMs(new Headers({ 'retry-after': 'Fri, 27 Nov 2026 10:00:05 GMT' }), now)).toBe(5000)
    expect(retryAfterMs(new Headers({ 'retry-after': 'Fri, 27 Nov 2026 09:59:00 GMT' }), now)).toBe(0)
  })

  test('prefers retry-after-ms, which is more precise', () => {
    expect(retryAfterMs(new Headers({ 'retry-after-ms': '150', 'retry-after': '1' }), now)).toBe(150)
  })

  test('ignores what it cannot read', () => {
    expect(retryAfterMs(undefined, now)).toBeNull()
    expect(retryAfterMs(new Headers(), now)).toBeNull()
    expect(retryAfterMs(new Headers({ 'retry-after': 'soon' }), now)).toBeNull()
    expect(retryAfterMs(new Headers({ 'retry-after-ms': 'abc' }), now)).toBeNull()
    expect(retryAfterMs(new Headers({ 'retry-after-ms': 'abc', 'retry-after': '4' }), now)).toBe(4000)
  })
})

describe('retryDelayMs', () => {
  test.each([429, 408, 409, 500, 502, 503, 529])('retries HTTP %i', (status) => {
    expect(retryDelayMs(httpError(status), 1)).not.toBeNull()
  })

  test.each([400, 401, 403, 404, 422])('does not retry HTTP %i', (status) => {
    expect(retryDelayMs(httpError(status), 1)).toBeNull()
  })

  test('does not retry a 429 for a used-up quota (insufficient_quota), which no wait ends', () => {
    const quota = APIError.generate(429, { error: { message: 'You exceeded your current quota', type: 'insufficient_quota', code: 'insufficient_quota' } }, undefined, new Headers())
    expect(retryDelayMs(quota, 1)).toBeNull()
    expect(isQuotaExhausted(quota)).toBe(true)
    expect(isQuotaExhausted(httpError(429))).toBe(false)
  })

  test('honours the server-requested delay of a 429', () => {
    expect(retryDelayMs(httpError(429, { 'retry-after': '1' }), 1)).toBe(1000)
    expect(retryDelayMs(httpError(429, { 'retry-after-ms': '150' }), 3)).toBe(150)
  })

  test('a requested delay above the ceiling waits the ceiling, not a sub-second backoff that the endpoint would refuse again', () => {
    expect(retryDelayMs(httpError(429, { 'retry-after': '120' }), 1, 100)).toBe(MAX_RETRY_AFTER_MS)
    expect(retryDelayMs(httpError(503, { 'retry-after': String(MAX_RETRY_AFTER_MS / 1000 + 1) }), 3, 100)).toBe(MAX_RETRY_AFTER_MS)
    expect(MAX_RETRY_AFTER_MS).toBe(60_000)
  })

  test('requestedRetryAfterMs is what an HTTP error asked for, uncapped; null for anything else', () => {
    expect(requestedRetryAfterMs(httpError(429, { 'retry-after': '120' }))).toBe(120_000)
    expect(requestedRetryAfterMs(httpError(500))).toBeNull()
    expect(requestedRetryAfterMs(new APIConnectionError({ message: 'refused' }))).toBeNull()
  })

  test('backoff doubles per attempt, with up to 25 % jitter below, capped at 8 s', () => {
    for (const [attempt, full] of [[1, 200], [2, 400], [3, 800], [10, 8000]] as const) {
      const delay = retryDelayMs(httpError(500), attempt, 200)!
      expect(delay, `attempt ${attempt}`).toBeGreaterThanOrEqual(full * 0.75)
      expect(delay, `attempt ${attempt}`).toBeLessThanOrEqual(full)
    }
  })

  test('retries connection errors and timeouts', () => {
    expect(retryDelayMs(new APIConnectionError({ message: 'refused' }), 1, 100)).toBeGreaterThanOrEqual(75)
    expect(retryDelayMs(new APIConnectionTimeoutError(), 2, 100)).toBeGreaterThanOrEqual(150)
  })

  test('never retries an abort or an error that is not from the API', () => {
    expect(retryDelayMs(new APIUserAbortError(), 1)).toBeNull()
    expect(retryDelayMs(new TypeError('bug'), 1)).toBeNull()
    expect(retryDelayMs('a string', 1)).toBeNull()
  })
})
