import { afterEach, describe, expect, test, vi } from 'vitest'
import type { Acquired, PermitRequest, Permits, Settlement } from '../../lib/gateway/permits.js'
import { LlmCallError, LlmClient } from '../../lib/llm/client.js'
import { Ledger, withLedger } from '../../lib/llm/ledger.js'
import { Secret } from '../../lib/secret.js'

// The attempt throws what no rule of the client expects, as reading a reply of an unforeseen shape once did.
vi.mock(import('../../lib/llm/attempt.js'), async (importOriginal) => ({
  ...(await importOriginal()),
  sendAttempt: vi.fn(async () => {
    throw new TypeError('content.trim is not a function')
  }),
}))

afterEach(() => vi.restoreAllMocks())

/** Permits that grant at once and remember every settlement. */
function countingPermits() {
  const settlements: Settlement[] = []
  let granted = 0
  const permits: Permits = {
    async acquire(_request: PermitRequest): Promise<Acquired> {
      granted++
      return { granted: true, permit: { settle: (s) => void settlements.push(s) } }
    },
  }
  return { permits, settlements, granted: () => granted }
}

describe('an exception inside a call', () => {
  test('settles the permit it held and records the call in the ledger, as an error of unknown cost', async () => {
    const { permits, settlements, granted } = countingPermits()
    const client = new LlmClient({ baseURL: 'http://127.0.0.1:9/v1', apiKey: new Secret('sk-test-unexpected'), timeoutMs: 1_000, retries: 3, prices: {}, permits })
    const ledger = new Ledger()
    const error = await withLedger(ledger, () => client.chat({ role: 'tester', phase: 'probe', model: 'sim-strong', messages: [{ role: 'user', content: 'hello' }], maxTokens: 64 })).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(LlmCallError)
    expect(granted()).toBe(1)
    expect(settlements).toEqual([{ answered: true, tokens: null, costUsd: null, pauseMs: null }])
    expect(ledger.calls).toHaveLength(1)
    expect(ledger.calls[0]).toMatchObject({ attempts: 1, costUsd: null, promptTokens: null, error: { kind: 'api', class: 'TypeError', message: 'unexpected TypeError while handling the call: content.trim is not a function' } })
    // The warning names the cause: not an endpoint that returned no usage, but the harness failing mid-attempt.
    expect([...ledger.warnings]).toEqual(['sim-strong: the harness itself failed while an attempt was under way; the endpoint may have billed it, so tokens and cost are unknown'])
  })
})
