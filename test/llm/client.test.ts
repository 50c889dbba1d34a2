import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, beforeAll, describe, expect, onTestFinished, test, vi } from 'vitest'
import { z } from 'zod'
import { loadConfig } from '../../lib/config.js'
import { type ChatRequest, type ClientOptions, LlmCallError, LlmClient } from '../../lib/llm/client.js'
import { schemaStatement } from '../../lib/llm/schema-statement.js'
import { CallRecord, Ledger, withLedger } from '../../lib/llm/ledger.js'
import type { PriceTable } from '../../lib/llm/pricing.js'
import { Secret } from '../../lib/secret.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { type FaultRule, startSimulator } from '../../lib/sim/server.js'
import { estimateTokens } from '../../lib/text.js'
import { Governor } from '../../lib/gateway/governor.js'
import { estimatePromptTokens, type Permits, worstCaseUsd } from '../../lib/gateway/permits.js'
import { RemotePermits } from '../../lib/gateway/remote.js'
import { ResponseCache } from '../../lib/llm/cache.js'
import { partsMessage } from '../../lib/llm/parts-message.js'
import { shareText } from '../../lib/llm/shared-json.js'
import { contentReads } from '../support/content-reads.js'
import { closedOrigin, localServer } from '../support/local-server.js'
import { tempDir } from '../support/temp.js'
import { readdirSync } from 'node:fs'

let knowledge: SimKnowledge
beforeAll(async () => {
  knowledge = await SimKnowledge.load()
})
afterEach(() => {
  vi.restoreAllMocks()
  vi.unstubAllEnvs()
})

const PRICES: PriceTable = { 'sim-strong': { input: 1, output: 2, cachedInput: null, verifiedAt: '2026-01-01', source: 'test table' } }

/** A simulator with these faults and a client on it with fast backoff. */
async function setup(options: { faults?: FaultRule[]; latencyMs?: number; client?: Partial<ClientOptions> } = {}) {
  const sim = await startSimulator({ knowledge, faults: options.faults, latency: { fixedMs: options.latencyMs ?? 0, jitterMs: 0 } })
  onTestFinished(() => sim.close())
  const client = new LlmClient({ baseURL: sim.url, apiKey: new Secret('sk-test'), timeoutMs: 10_000, retries: 2, maxConcurrency: 4, prices: PRICES, backoffBaseMs: 5, ...options.client })
  return { sim, client }
}

const request = (over: Partial<ChatRequest<unknown>> = {}): ChatRequest<unknown> => ({
  role: 'tester',
  phase: 'probe',
  model: 'sim-strong',
  messages: [{ role: 'user', content: 'hello' }],
  maxTokens: 256,
  seed: 1,
  ...over,
})

/** Runs one chat call in a fresh ledger; returns the ledger and the reply or the error. */
async function run(client: LlmClient, over: Partial<ChatRequest<unknown>> = {}) {
  const ledger = new Ledger()
  const outcome = await withLedger(ledger, () => client.chat(request(over))).then(
    (reply) => ({ reply, error: null }),
    (error: unknown) => ({ reply: null, error }),
  )
  return { ledger, ...outcome }
}

/** The worst case of one attempt of request(): its estimated prompt plus its output cap, at PRICES. */
const worstOfRequest = () => worstCaseUsd(PRICES, { model: 'sim-strong', promptTokens: estimatePromptTokens(request().messages), maxTokens: 256 })!

/** A chat completion whose content is `content`, without usage. */
const completion = (content: string) => ({ id: 'x', object: 'chat.completion', created: 0, model: 'sim-strong', choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }] })

function callError(error: unknown): LlmCallError {
  expect(error).toBeInstanceOf(LlmCallError)
  return error as LlmCallError
}

describe('a successful call', () => {
  test('lands in the ledger with role, phase, labels, dependencies, tokens, cost and attempts', async () => {
    const { client } = await setup()
    const { ledger, reply } = await run(client, { labels: { round: 2 }, dependsOn: ['c000'] })
    expect(reply!.callId).toBe('c001')
    expect(reply!.lastCallId).toBe('c001')
    expect(ledger.calls).toHaveLength(1)
    const call = ledger.calls[0]!
    expect(() => CallRecord.parse(call)).not.toThrow()
    // The simulator counts 3 tokens per request plus 4 per message plus ~1 per 4 characters.
    const promptTokens = 3 + 4 + estimateTokens('hello')
    const completionTokens = estimateTokens(reply!.text)
    expect(call).toMatchObject({
      id: 'c001',
      role: 'tester',
      phase: 'probe',
      model: 'sim-strong',
      labels: { round: 2 },
      dependsOn: ['c000'],
      promptTokens,
      completionTokens,
      cachedTokens: 0,
      reasoningTokens: 0,
      attempts: 1,
      finishReason: 'stop',
      error: null,
      rawOnError: null,
    })
    expect(call.costUsd).toBeCloseTo((promptTokens * 1 + completionTokens * 2) / 1e6, 12)
    expect(call.endMs).toBeGreaterThanOrEqual(call.startMs)
    expect(ledger.warnings.size).toBe(0)
  })

  test('call ids count up within a ledger', async () => {
    const { client } = await setup()
    const ledger = new Ledger()
    const ids = await withLedger(ledger, async () => [(await client.chat(request())).callId, (await client.chat(request())).callId])
    expect(ids).toEqual(['c001', 'c002'])
  })

  test('a call outside a ledger throws before anything is sent', async () => {
    const { client, sim } = await setup()
    await expect(client.chat(request())).rejects.toThrow('model call outside a ledger')
    expect(sim.stats.completions).toBe(0)
  })
})

describe('retries', () => {
  test('a 429 with Retry-After is retried after that delay', async () => {
    const { client, sim } = await setup({ faults: [{ kind: 'rate_limit', times: 1, retryAfterSeconds: 1 }] })
    const { ledger, error } = await run(client)
    expect(error).toBeNull()
    const call = ledger.calls[0]!
    expect(call.attempts).toBe(2)
    expect(call.error).toBeNull()
    // Timers may fire a fraction of a millisecond early relative to performance.now().
    expect(call.latencyMs).toBeGreaterThanOrEqual(995)
    expect(sim.stats).toMatchObject({ completions: 2, faults: 1 })
  })

  test('retry-after-ms is honoured in preference to Retry-After', async () => {
    const { client } = await setup({ faults: [{ kind: 'rate_limit', times: 2, retryAfterMs: 120, retryAfterSeconds: 30 }] })
    const { ledger, error } = await run(client)
    expect(error).toBeNull()
    expect(ledger.calls[0]!.attempts).toBe(3)
    expect(ledger.calls[0]!.latencyMs).toBeGreaterThanOrEqual(2 * 120 - 2)
  })

  test('a 500 is retried and the call succeeds', async () => {
    const { client, sim } = await setup({ faults: [{ kind: 'server_error', times: 2 }] })
    const { ledger, error } = await run(client)
    expect(error).toBeNull()
    expect(ledger.calls[0]).toMatchObject({ attempts: 3, error: null })
    expect(sim.stats.completions).toBe(3)
  })

  test('when retries run out the last error is recorded with its status and class', async () => {
    const { client } = await setup({ faults: [{ kind: 'server_error' }], client: { retries: 1 } })
    const { ledger, error } = await run(client)
    expect(callError(error).error).toEqual({ kind: 'api', class: 'InternalServerError', status: 500, message: expect.stringContaining('internal error (simulated)') })
    // Nothing was answered, so nothing was billed: a known $0, not an unknown cost.
    expect(ledger.calls[0]).toMatchObject({ attempts: 2, costUsd: 0, promptTokens: 0, completionTokens: 0, faults: [{ kind: 'api', status: 500 }] })
    expect(ledger.calls[0]!.error?.status).toBe(500)
  })

  test('a 400 is not retried', async () => {
    const { client, sim } = await setup({ faults: [{ kind: 'bad_request' }] })
    const { ledger, error } = await run(client)
    expect(callError(error).error).toMatchObject({ kind: 'api', class: 'BadRequestError', status: 400 })
    expect(callError(error).callId).toBe('c001')
    expect(ledger.calls[0]!.attempts).toBe(1)
    expect(sim.stats.completions).toBe(1)
  })

  test('a 401 that echoes the key is recorded without the key, and not retried', async () => {
    const key = 'sk-live-0123456789abcdefghijKLMNOP'
    const { client } = await setup({ faults: [{ kind: 'unauthorized' }], client: { apiKey: new Secret(key) } })
    const { ledger, error } = await run(client)
    expect(callError(error).error).toMatchObject({ kind: 'api', class: 'AuthenticationError', status: 401 })
    expect(callError(error).error.message).toContain('Incorrect API key provided: [redacted]')
    expect(JSON.stringify(ledger.calls)).not.toContain(key)
    expect(String(error)).not.toContain(key)
    expect(ledger.calls[0]!.attempts).toBe(1)
  })

  test('a masked key in an error message is removed too', async () => {
    const { client } = await setup({ faults: [{ kind: 'unauthorized' }], client: { apiKey: new Secret('sk-proj-****************************abcd') } })
    const { ledger } = await run(client)
    expect(ledger.calls[0]!.error!.message).not.toMatch(/sk-proj/)
  })

  test('a proxy\'s 20 KB HTML error page is described in the record, not copied into it', async () => {
    const page = `<!DOCTYPE html><html><head><title>502: Bad gateway</title></head><body>\n${'<div>origin unreachable</div>\n'.repeat(700)}</body></html>`
    const url = `${await localServer((_req, _body, res) => res.writeHead(502, { 'content-type': 'text/html' }).end(page))}/v1`
    const { ledger, error } = await run(new LlmClient({ baseURL: url, apiKey: new Secret('k'), timeoutMs: 5_000, retries: 0, prices: PRICES }))
    expect(callError(error).error).toMatchObject({ kind: 'api', status: 502 })
    expect(ledger.calls[0]!.error!.message).toBe(`502 (text/html page, 21 KB: "502: Bad gateway") (endpoint ${url}); 1 attempt(s) made (ORGBENCH_RETRIES=0)`)
  })

  test('with retries 0 a 429 fails at once', async () => {
    const { client } = await setup({ faults: [{ kind: 'rate_limit', retryAfterSeconds: 1 }], client: { retries: 0 } })
    const { ledger, error } = await run(client)
    expect(callError(error).error).toMatchObject({ kind: 'api', class: 'RateLimitError', status: 429 })
    expect(ledger.calls[0]!.attempts).toBe(1)
  })

  test('a Retry-After over 60 s pauses the whole run for 60 s, and the final error says what the endpoint asked for and what to change', async () => {
    const pauses: Array<number | null> = []
    const permits: Permits = { acquire: async () => ({ granted: true, permit: { settle: (o) => pauses.push(o.pauseMs) } }) }
    const { client, sim } = await setup({ faults: [{ kind: 'rate_limit', retryAfterSeconds: 120 }], client: { retries: 0, permits } })
    const { error } = await run(client)
    expect(pauses).toEqual([60_000])
    expect(callError(error).error.message).toBe(
      `429 rate limited (simulated); 1 attempt(s) made (ORGBENCH_RETRIES=0); the endpoint asked to wait 120 s (Retry-After); orgbench waits at most 60 s before a retry; lower ORGBENCH_RPM, ORGBENCH_TPM or ORGBENCH_MAX_CONCURRENCY to the endpoint's limits, or raise ORGBENCH_RETRIES (endpoint ${sim.url.replace(/\/$/, '')})`,
    )
  })
})

describe('timeouts and cancellation', () => {
  test('a request that hangs past timeoutMs ends as a recorded timeout, retried like a connection error', async () => {
    const { client } = await setup({ faults: [{ kind: 'hang' }], client: { timeoutMs: 150, retries: 1 } })
    const { ledger, error } = await run(client)
    expect(callError(error).error).toMatchObject({ kind: 'timeout', class: 'APIConnectionTimeoutError', status: null, message: expect.stringMatching(/^no reply within 150 ms \(ORGBENCH_TIMEOUT_MS, per attempt\); 2 attempt\(s\) made \(endpoint http:\/\/127\.0\.0\.1:\d+\/v1\)$/) })
    expect(ledger.calls[0]).toMatchObject({ attempts: 2, error: { kind: 'timeout' }, faults: [{ kind: 'timeout', status: null }] })
  })

  test('a timed-out request was sent and may have been billed: cost unknown (null), each attempt counted at its worst case under the cap', async () => {
    const governor = new Governor({ maxConcurrency: 4, rpm: null, tpm: null, maxUsd: 10 }, PRICES)
    const { client } = await setup({ faults: [{ kind: 'hang' }], client: { timeoutMs: 150, retries: 1, permits: governor } })
    const { ledger } = await run(client)
    const worst = worstOfRequest()
    expect(ledger.calls[0]).toMatchObject({ attempts: 2, promptTokens: null, completionTokens: null, costUsd: null, maxCostUsd: 2 * worst })
    expect(governor.stats().unknownCost).toBe(2)
    expect(governor.stats().spentUsd).toBeCloseTo(2 * worst, 8)
    expect([...ledger.warnings]).toEqual(['sim-strong: a request was sent and got no answer (timeout or lost connection); the endpoint may have billed it, so tokens and cost are unknown'])
  })

  test('a connection lost after the request was sent may have been billed; a refused connection sent nothing and cost nothing', async () => {
    const hangUp = `${await localServer((_req, _body, res) => res.socket!.destroy())}/v1`
    const governor = new Governor({ maxConcurrency: 4, rpm: null, tpm: null, maxUsd: 10 }, PRICES)
    const lost = await run(new LlmClient({ baseURL: hangUp, apiKey: new Secret('k'), timeoutMs: 5_000, retries: 1, prices: PRICES, permits: governor, backoffBaseMs: 5 }))
    expect(callError(lost.error).error.kind).toBe('connection')
    expect(lost.ledger.calls[0]).toMatchObject({ attempts: 2, promptTokens: null, costUsd: null, maxCostUsd: 2 * worstOfRequest() })
    expect(governor.stats().spentUsd).toBeCloseTo(2 * worstOfRequest(), 8)

    const closed = `${await closedOrigin()}/v1`
    const refusedGovernor = new Governor({ maxConcurrency: 4, rpm: null, tpm: null, maxUsd: 10 }, PRICES)
    const refused = await run(new LlmClient({ baseURL: closed, apiKey: new Secret('k'), timeoutMs: 5_000, retries: 1, prices: PRICES, permits: refusedGovernor, backoffBaseMs: 5 }))
    expect(callError(refused.error).error.kind).toBe('connection')
    expect(refused.ledger.calls[0]).toMatchObject({ attempts: 2, promptTokens: 0, completionTokens: 0, costUsd: 0 })
    expect(refused.ledger.calls[0]!.maxCostUsd).toBeUndefined()
    expect(refusedGovernor.stats()).toMatchObject({ spentUsd: 0, unknownCost: 0 })
  })

  test('an aborted signal ends the call as kind aborted, without retrying', async () => {
    const { client } = await setup({ faults: [{ kind: 'hang' }] })
    const controller = new AbortController()
    setTimeout(() => controller.abort(), 100)
    const { ledger, error } = await run(client, { signal: controller.signal })
    expect(callError(error).error.kind).toBe('aborted')
    expect(ledger.calls[0]).toMatchObject({ attempts: 1, error: { kind: 'aborted' } })
  })

  test('an abort while waiting to retry stops the wait', async () => {
    const { client, sim } = await setup({ faults: [{ kind: 'rate_limit', retryAfterSeconds: 30 }] })
    const controller = new AbortController()
    // Once the 429 has been served, the client waits 30 s to retry: abort well inside that wait
    // (a fixed delay from the start raced the first attempt on a loaded machine).
    const aborting = (async () => {
      while (sim.stats.faults === 0) await new Promise((r) => setTimeout(r, 10))
      await new Promise((r) => setTimeout(r, 500))
      controller.abort()
    })()
    const { ledger, error } = await run(client, { signal: controller.signal })
    await aborting
    expect(callError(error).error).toMatchObject({ kind: 'aborted', message: 'the test was cancelled while waiting to retry' })
    expect(ledger.calls[0]!.attempts).toBe(1)
  })

  test('a signal aborted before the call sends nothing', async () => {
    const { client, sim } = await setup()
    const { error } = await run(client, { signal: AbortSignal.abort() })
    expect(callError(error).error.kind).toBe('aborted')
    expect(sim.stats.completions).toBe(0)
  })
})

describe('unusable replies are errors, never scores', () => {
  const Answer = z.object({ answer: z.string(), confidence: z.number() })

  test('malformed JSON on a structured call is re-asked once, then recorded as a parse error with the raw text', async () => {
    const { client } = await setup({ faults: [{ kind: 'malformed_json' }] })
    const { ledger, error } = await run(client, { schema: { name: 'answer', zod: Answer } })
    const e = callError(error)
    expect(e.error).toMatchObject({ kind: 'parse', class: 'StructuredOutputError', status: null })
    expect(e.error.message).toMatch(/^not valid JSON/)
    expect(e.callId).toBe('c002')
    expect(ledger.calls.map((c) => [c.id, c.phase, c.dependsOn, c.error?.kind])).toEqual([
      ['c001', 'probe', [], 'parse'],
      ['c002', 'probe:reask', ['c001'], 'parse'],
    ])
    for (const call of ledger.calls) {
      expect(call.rawOnError).toMatch(/^\{/)
      expect(() => JSON.parse(call.rawOnError!)).toThrow()
    }
  })

  test('a re-ask that succeeds returns the parsed value and keeps the first failure in the ledger', async () => {
    const { client } = await setup({ faults: [{ kind: 'malformed_json', times: 1 }] })
    const { ledger, reply } = await run(client, { schema: { name: 'answer', zod: Answer } })
    expect(reply).toMatchObject({ callId: 'c001', lastCallId: 'c002', parsed: { answer: 'n/a', confidence: 0 } })
    expect(ledger.calls.map((c) => c.error?.kind ?? null)).toEqual(['parse', null])
    expect(ledger.calls[1]!.dependsOn).toEqual(['c001'])
  })

  test('valid JSON that breaks the zod schema names the field', async () => {
    const { client } = await setup()
    const { error } = await run(client, { schema: { name: 'answer', zod: z.object({ answer: z.string().min(5) }) } })
    const e = callError(error)
    expect(e.error.kind).toBe('parse')
    expect(e.error.message).toMatch(/^does not match the schema \(answer: /)
  })

  test('empty content that persists is an error once the retries are spent, and every empty attempt is paid for', async () => {
    const { client } = await setup({ faults: [{ kind: 'empty' }] })
    const { ledger, error } = await run(client)
    expect(callError(error).error).toMatchObject({ kind: 'empty', class: 'EmptyContent' })
    const call = ledger.calls[0]!
    expect(call).toMatchObject({ attempts: 3, rawOnError: '', finishReason: 'stop', faults: [{ kind: 'empty', status: null }, { kind: 'empty', status: null }] })
    // Three answered attempts of 3 + 4 + 2 prompt tokens each ("hello"), no completion tokens.
    expect(call.promptTokens).toBe(3 * (3 + 4 + estimateTokens('hello')))
  })

  test('finish_reason "length" is retried once, then an error, with the cut-off text kept and both attempts billed', async () => {
    const { client, sim } = await setup()
    const { ledger, error } = await run(client, { maxTokens: 5 })
    expect(callError(error).error).toMatchObject({ kind: 'truncated', message: 'output reached max_tokens=5 and was cut off; ORGBENCH_MAX_OUTPUT_TOKENS gives replies more room' })
    const call = ledger.calls[0]!
    expect(call).toMatchObject({ attempts: 2, finishReason: 'length', faults: [{ kind: 'truncated', status: null }] })
    expect(sim.stats.completions).toBe(2)
    expect(call.rawOnError!.length).toBeGreaterThan(0)
    expect(call.completionTokens).toBe(2 * 5)
    expect(call.costUsd).toBeGreaterThan(0)
  })
})

describe('a prompt cut to the server\'s context window', () => {
  /** A request of about 45,000 characters, as an agent of an execution task sends. */
  const long = { messages: [{ role: 'system' as const, content: 'You review code.' }, { role: 'user' as const, content: 'diff line\n'.repeat(4_500) }] }

  test('is a context_truncated error, not retried, with the reply\'s tokens and cost recorded, and never cached', async () => {
    const dir = tempDir()
    const { client, sim } = await setup({ faults: [{ kind: 'context_cut', contextTokens: 4_096 }], client: { cache: new ResponseCache(dir, 'read-write', 'run-1') } })
    const { ledger, error } = await run(client, long)
    const estimated = estimatePromptTokens(long.messages)
    expect(callError(error).error).toMatchObject({ kind: 'context_truncated', class: 'ContextTruncated', status: null })
    expect(callError(error).error.message).toContain(`sim-strong: the endpoint reported 4096 prompt tokens for a request estimated at ${estimated} `)
    expect(sim.stats.completions).toBe(1)
    const call = ledger.calls[0]!
    expect(call).toMatchObject({ attempts: 1, faults: [], promptTokens: 4_096, error: { kind: 'context_truncated' } })
    expect(call.costUsd).toBeCloseTo((4_096 * 1 + call.completionTokens! * 2) / 1e6, 12)
    expect(call.rawOnError!.length).toBeGreaterThan(0)
    expect(readdirSync(dir)).toEqual([])
  })

  test('with contextCheck off (ORGBENCH_CONTEXT_CHECK=off) the same reply is used', async () => {
    const { client } = await setup({ faults: [{ kind: 'context_cut', contextTokens: 4_096 }], client: { contextCheck: false } })
    const { ledger, error } = await run(client, long)
    expect(error).toBeNull()
    expect(ledger.calls[0]).toMatchObject({ promptTokens: 4_096, error: null })
  })

  test('a reply that counts the whole prompt passes the check', async () => {
    const { client } = await setup()
    const { ledger, error } = await run(client, long)
    expect(error).toBeNull()
    expect(ledger.calls[0]!.promptTokens).toBeGreaterThan(10_000)
  })
})

describe('faults that do not cost a case', () => {
  test.each([
    ['empty', 'empty'],
    ['malformed_body', 'malformed_body'],
    ['body_cut', 'body_read'],
    ['truncate', 'truncated'],
    ['server_error', 'api'],
  ] as const)('one %s reply is retried, named %s in the call\'s faults, and the call succeeds', async (fault, kind) => {
    const { client, sim } = await setup({ faults: [{ kind: fault, times: 1 }] })
    const { ledger, error } = await run(client)
    expect(error).toBeNull()
    expect(ledger.calls[0]).toMatchObject({ attempts: 2, error: null, faults: [{ kind }] })
    expect(sim.stats.completions).toBe(2)
  })

  test.each([
    ['body_cut', 'body_read', 'a reply\'s body could not be read (cut off or not valid JSON); the endpoint may have billed it'],
    ['malformed_body', 'malformed_body', 'a reply\'s body could not be read (cut off or not valid JSON); the endpoint may have billed it'],
  ] as const)('a %s attempt then a full reply: the reply\'s usage is kept and counted, the broken attempt is unknown and named as the cause', async (fault, kind, cause) => {
    const governor = new Governor({ maxConcurrency: 4, rpm: null, tpm: null, maxUsd: 10 }, PRICES)
    const { client: clean } = await setup()
    const paid = (await run(clean)).ledger.calls[0]!
    const { client } = await setup({ faults: [{ kind: fault, times: 1 }], client: { permits: governor } })
    const { ledger, error } = await run(client)
    expect(error).toBeNull()
    expect(ledger.calls[0]).toMatchObject({
      attempts: 2,
      faults: [{ kind }],
      promptTokens: null,
      completionTokens: null,
      costUsd: null,
      reportedUsage: { attempts: 1, promptTokens: paid.promptTokens, completionTokens: paid.completionTokens, cachedTokens: 0, reasoningTokens: 0, costUsd: paid.costUsd },
    })
    // Under the cap the broken attempt counts at its worst case, the answered one at its cost.
    expect(ledger.calls[0]!.maxCostUsd).toBeCloseTo(paid.costUsd! + worstOfRequest(), 9)
    expect([...ledger.warnings]).toEqual([`sim-strong: ${cause}, so tokens and cost are known only in part (the usage the other attempts reported is counted: at least that much)`])
  })

  test('a timed-out attempt then a full reply: the reply\'s usage is kept, the warning names the timeout', async () => {
    const { client } = await setup({ faults: [{ kind: 'hang', times: 1 }], client: { timeoutMs: 150 } })
    const { ledger, error } = await run(client)
    expect(error).toBeNull()
    expect(ledger.calls[0]!.reportedUsage).toMatchObject({ attempts: 1, costUsd: expect.any(Number) })
    expect([...ledger.warnings]).toEqual(['sim-strong: a request was sent and got no answer (timeout or lost connection); the endpoint may have billed it, so tokens and cost are known only in part (the usage the other attempts reported is counted: at least that much)'])
  })

  test.each([
    ['malformed_body', 'malformed_body', 'SyntaxError'],
    ['body_cut', 'body_read', 'BodyReadError'],
  ] as const)('a %s that persists is recorded as %s, and its tokens and cost are unknown (it may have been billed)', async (fault, kind, cls) => {
    const { client } = await setup({ faults: [{ kind: fault }], client: { retries: 1 } })
    const { ledger, error } = await run(client)
    expect(callError(error).error).toMatchObject({ kind, class: cls })
    expect(ledger.calls[0]).toMatchObject({ attempts: 2, promptTokens: null, completionTokens: null, costUsd: null })
  })

  test.each([
    ['only total_tokens', { total_tokens: 1234 }],
    ['an empty object', {}],
    ['counts that are not numbers', { prompt_tokens: '12', completion_tokens: 7 }],
    ['0 prompt and 0 completion tokens for a reply with content', { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }],
    ['counts beyond any context window', { prompt_tokens: 9e15, completion_tokens: 9e15, total_tokens: 1.8e16 }],
  ])('a usage object with %s is unknown usage (null, at its worst case under the cap), never 0', async (_what, usage) => {
    const url = `${await localServer((_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...completion('ok'), usage })))}/v1`
    const governor = new Governor({ maxConcurrency: 4, rpm: null, tpm: null, maxUsd: 10 }, PRICES)
    const { ledger, error } = await run(new LlmClient({ baseURL: url, apiKey: new Secret('k'), timeoutMs: 5_000, retries: 0, prices: PRICES, permits: governor }))
    expect(error).toBeNull()
    expect(ledger.calls[0]).toMatchObject({ promptTokens: null, completionTokens: null, costUsd: null, maxCostUsd: worstOfRequest() })
    expect(governor.stats().unknownCost).toBe(1)
    expect(governor.stats().spentUsd).toBeCloseTo(worstOfRequest(), 8)
  })

  test('a reply without usage leaves tokens and cost unknown (null), with a warning, never 0', async () => {
    const { client } = await setup({ faults: [{ kind: 'no_usage' }] })
    const { ledger, error } = await run(client)
    expect(error).toBeNull()
    expect(ledger.calls[0]).toMatchObject({ promptTokens: null, completionTokens: null, cachedTokens: null, reasoningTokens: null, costUsd: null })
    expect([...ledger.warnings]).toEqual(['sim-strong: the endpoint returned no token usage, so tokens and cost are unknown'])
    // Estimated from the text, for budgets that need a number (self_refine).
    expect(ledger.tokensOf(ledger.calls[0]!)).toMatchObject({ promptTokens: 2, estimated: true })
  })

  test('a usage in an unusable form is said to be one, naming the field and the first value sent for each model', async () => {
    let n = 0
    const url = `${await localServer((_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...completion('ok'), usage: { prompt_tokens: String(1333 + n++), completion_tokens: '7' } })))}/v1`
    const client = new LlmClient({ baseURL: url, apiKey: new Secret('k'), timeoutMs: 5_000, retries: 0, prices: PRICES })
    const warnings = [(await run(client)).ledger, (await run(client)).ledger].map((l) => [...l.warnings])
    expect(warnings).toEqual([
      ['sim-strong: the endpoint returned token usage in an unusable form (prompt_tokens: "1333", expected a whole number), so tokens and cost are unknown'],
      ['sim-strong: the endpoint returned token usage in an unusable form (prompt_tokens: "1333", expected a whole number), so tokens and cost are unknown'],
    ])
  })

  test('0 prompt and 0 completion tokens for a long prompt are unknown usage, not a prompt cut to the context window', async () => {
    const url = `${await localServer((_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...completion('ok'), usage: { prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 } })))}/v1`
    const { ledger, error } = await run(new LlmClient({ baseURL: url, apiKey: new Secret('k'), timeoutMs: 5_000, retries: 0, prices: PRICES }), { messages: [{ role: 'user', content: 'word '.repeat(9_000) }] })
    expect(error).toBeNull()
    expect(ledger.calls[0]).toMatchObject({ promptTokens: null, costUsd: null, error: null })
    expect([...ledger.warnings]).toEqual(['sim-strong: the endpoint returned token usage in an unusable form (prompt_tokens: 0 and completion_tokens: 0 for a reply with content), so tokens and cost are unknown'])
  })

  test('a reply that quotes the run\'s key is a failed attempt: it is discarded, retried, named in the record and a warning, and never returned', async () => {
    const key = 'sk-agents-0123456789abcdefghij'
    const { client, sim } = await setup({ faults: [{ kind: 'echo_key', times: 1 }], client: { apiKey: new Secret(key) } })
    const { reply, ledger, error } = await run(client)
    expect(error).toBeNull()
    expect(sim.stats.requests).toBe(2)
    expect(reply!.text).not.toContain('API key')
    expect(ledger.calls[0]).toMatchObject({ attempts: 2, faults: [{ kind: 'echoed_key', status: null }], error: null })
    expect([...ledger.warnings]).toEqual(["sim-strong: a reply contained the run's API key and was discarded (never passed on, judged or scored); the request was sent again"])
  })

  test('a call whose every attempt quotes the key is an echoed_key error with its cause, never a reply; nothing holds the key and nothing is cached', async () => {
    const key = 'sk-canary-0123456789abcdefghij'
    const cache = new ResponseCache(tempDir(), 'read-write', 'run-1')
    const put = vi.spyOn(cache, 'put')
    const { client } = await setup({ faults: [{ kind: 'echo_key' }], client: { apiKey: new Secret(key), retries: 1, cache } })
    const { ledger, error } = await run(client, { schema: { name: 'answer', zod: z.object({ answer: z.string() }) } })
    expect(callError(error).error).toMatchObject({ kind: 'echoed_key', class: 'EchoedKey' })
    expect(callError(error).error.message).toMatch(/^the endpoint's reply contained the run's API key; the reply was discarded \(rawOnError keeps it with the key removed\); 2 attempt\(s\) made \(ORGBENCH_RETRIES=1\) \(endpoint http:\/\/127\.0\.0\.1:\d+\/v1\)$/)
    expect(ledger.calls).toHaveLength(1)
    expect(ledger.calls[0]).toMatchObject({ attempts: 2, faults: [{ kind: 'echoed_key', status: null }], rawOnError: 'I cannot help with that request. (Request made with API key [redacted].)' })
    expect(put).not.toHaveBeenCalled()
    expect(JSON.stringify(ledger.calls)).not.toContain(key)
    expect(String(error)).not.toContain(key)
  })

  test('a judge whose endpoint echoes the judge\'s key gets an echoed_key error, not a verdict to use', async () => {
    const judgeKey = 'sk-judge-9876543210zyxwvut'
    const { client: judge } = await setup({ faults: [{ kind: 'echo_key' }], client: { apiKey: new Secret(judgeKey), retries: 0 } })
    const { ledger, error } = await run(judge, { role: 'judge', phase: 'judge' })
    expect(callError(error).error.kind).toBe('echoed_key')
    expect(ledger.calls[0]).toMatchObject({ role: 'judge', attempts: 1, error: { kind: 'echoed_key' } })
    expect(JSON.stringify(ledger.calls)).not.toContain(judgeKey)
  })

  test('with no key configured (the simulator) a reply quoting the placeholder sent instead is an ordinary reply, used as it is', async () => {
    const config = loadConfig({ env: {}, cwd: tempDir() })
    const { client, sim } = await setup({ faults: [{ kind: 'echo_key' }], client: { apiKey: config.apiKey, retries: 1 } })
    const { reply, ledger, error } = await run(client)
    expect(error).toBeNull()
    expect(sim.stats.requests).toBe(1)
    expect(reply!.text).toBe('I cannot help with that request. (Request made with API key no-key-needed.)')
    expect(ledger.calls[0]).toMatchObject({ attempts: 1, faults: [], error: null })
  })

  test('a configured key of the shortest length the redactor takes still fails as echoed_key when a reply quotes it', async () => {
    const key = 'local-88'
    const config = loadConfig({ env: { ORGBENCH_BASE_URL: 'http://localhost:11434/v1', ORGBENCH_MODEL: 'sim-strong', ORGBENCH_API_KEY: key }, cwd: tempDir() })
    expect(config.apiKey.reveal()).toHaveLength(8)
    const { client } = await setup({ faults: [{ kind: 'echo_key' }], client: { apiKey: config.apiKey, retries: 0 } })
    const { ledger, error } = await run(client)
    expect(callError(error).error.kind).toBe('echoed_key')
    expect(ledger.calls[0]).toMatchObject({ attempts: 1, error: { kind: 'echoed_key' }, rawOnError: 'I cannot help with that request. (Request made with API key [redacted].)' })
  })

  test('a stored reply that quotes the run\'s key is not served: the request goes to the endpoint, or under replay fails as echoed_key', async () => {
    const key = 'sk-cached-0123456789abcdefghij'
    new Secret(key)
    const stored = { from: 'earlier-run', entry: { content: `echo ${key}`, finishReason: 'stop', usage: null, costUsd: null } } as unknown as ReturnType<ResponseCache['get']>
    const cache = new ResponseCache(tempDir(), 'read-write', 'run-1')
    vi.spyOn(cache, 'get').mockReturnValue(stored)
    const { client, sim } = await setup({ client: { cache } })
    const { reply, ledger } = await run(client)
    expect(sim.stats.requests).toBe(1)
    expect(reply!.text).not.toContain('echo')
    expect(ledger.calls[0]).toMatchObject({ cached: 'no', attempts: 1, faults: [{ kind: 'echoed_key', status: null }], error: null })

    const replay = new ResponseCache(tempDir(), 'replay', 'run-2')
    vi.spyOn(replay, 'get').mockReturnValue(stored)
    const { client: replaying, sim: untouched } = await setup({ client: { cache: replay } })
    const replayed = await run(replaying)
    expect(callError(replayed.error).error).toEqual({ kind: 'echoed_key', class: 'EchoedKey', status: null, message: "the recorded reply contained the run's API key; it was discarded, and ORGBENCH_CACHE=replay sends nothing to the endpoint" })
    expect(untouched.stats.requests).toBe(0)
    expect(JSON.stringify(replayed.ledger.calls)).not.toContain(key)
  })
})

describe('the response cache', () => {
  test('a reply stored by one run is served to a later read-write run without a request, with its original tokens and cost', async () => {
    const dir = tempDir()
    const cache = new ResponseCache(dir, 'off', 'run-1')
    const { client: first, sim } = await setup({ client: { cache } })
    const paid = await run(first, { phase: 'one' })
    const { client: later } = await setup({ client: { baseURL: sim.url, cache: new ResponseCache(dir, 'read-write', 'run-2') } })
    const reused = await run(later, { phase: 'one' })
    expect(sim.stats.completions).toBe(1)
    expect(reused.reply!.text).toBe(paid.reply!.text)
    const { promptTokens, completionTokens, costUsd } = paid.ledger.calls[0]!
    expect(reused.ledger.calls[0]).toMatchObject({ cached: 'earlier-run', attempts: 0, latencyMs: 0, promptTokens, completionTokens, costUsd })
  })

  test('the same request asked twice in one test is cached as two replies; a resumed run reuses its own', async () => {
    const dir = tempDir()
    const cache = new ResponseCache(dir, 'off', 'run-1')
    const { client, sim } = await setup({ client: { cache } })
    const ledger = new Ledger()
    await withLedger(ledger, async () => {
      await client.chat(request())
      await client.chat(request())
    })
    expect(sim.stats.completions).toBe(2)
    // The same run resumed in a new process.
    const { client: resumed } = await setup({ client: { baseURL: sim.url, cache: new ResponseCache(dir, 'off', 'run-1') } })
    const again = new Ledger()
    await withLedger(again, async () => {
      await resumed.chat(request())
      await resumed.chat(request())
      await resumed.chat(request())
    })
    expect(again.calls.map((c) => c.cached)).toEqual(['this-run', 'this-run', 'no'])
    // A replayed call records exactly the dollars the live one did (an outcome of the resumed case).
    expect(again.calls.slice(0, 2).map((c) => c.costUsd)).toEqual(ledger.calls.map((c) => c.costUsd))
  })

  test('replay: a miss is a recorded cache_miss error and nothing reaches the network', async () => {
    const { client, sim } = await setup({ client: { cache: new ResponseCache(tempDir(), 'replay', 'run-1') } })
    const { ledger, error } = await run(client)
    expect(callError(error).error).toMatchObject({ kind: 'cache_miss', class: 'CacheMiss' })
    expect(ledger.calls[0]).toMatchObject({ attempts: 0, costUsd: 0, promptTokens: 0 })
    expect(sim.stats.requests).toBe(0)
  })

  test('errors and unusable replies are never stored', async () => {
    const dir = tempDir()
    const cache = new ResponseCache(dir, 'read-write', 'run-1')
    const { client } = await setup({ faults: [{ kind: 'server_error' }], client: { retries: 0, cache } })
    await run(client)
    const { client: empty } = await setup({ faults: [{ kind: 'empty' }], client: { retries: 0, cache } })
    await run(empty, { phase: 'x', messages: [{ role: 'user', content: 'other' }] })
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('permits', () => {
  test('a call the dollar cap refuses is a recorded budget error, sent nowhere', async () => {
    const governor = new Governor({ maxConcurrency: 4, rpm: null, tpm: null, maxUsd: 0.0001 }, PRICES)
    const { client, sim } = await setup({ client: { permits: governor } })
    const { ledger, error } = await run(client)
    expect(callError(error).error).toMatchObject({ kind: 'budget', class: 'BudgetRefused', message: expect.stringContaining('ORGBENCH_MAX_USD=0.0001') })
    expect(ledger.calls[0]).toMatchObject({ attempts: 0, costUsd: 0 })
    expect(sim.stats.requests).toBe(0)
  })

  test('every attempt settles its permit with what it cost, so the run\'s ledger sees retries too', async () => {
    const governor = new Governor({ maxConcurrency: 4, rpm: null, tpm: null, maxUsd: 10 }, PRICES)
    const { client } = await setup({ faults: [{ kind: 'empty', times: 1 }], client: { permits: governor } })
    const { ledger } = await run(client)
    expect(governor.stats()).toMatchObject({ granted: 2, inFlight: 0, refused: 0 })
    expect(governor.stats().spentUsd).toBeCloseTo(ledger.calls[0]!.costUsd!, 10)
  })

  test('a 429 pauses the whole run, not only the call that got it', async () => {
    const governor = new Governor({ maxConcurrency: 4, rpm: null, tpm: null, maxUsd: null }, PRICES)
    const { client } = await setup({ faults: [{ kind: 'rate_limit', times: 1, retryAfterMs: 300 }], client: { permits: governor } })
    const started = performance.now()
    const first = run(client, { messages: [{ role: 'user', content: 'first' }] })
    await vi.waitUntil(() => governor.stats().pauses === 1, { timeout: 10_000, interval: 5 })
    const asked = performance.now()
    const second = await run(client, { messages: [{ role: 'user', content: 'second' }] })
    await first
    expect(governor.stats().pauses).toBe(1)
    // The second call asked during the pause and was granted only after it: the pause ends 300 ms
    // after the 429, which came after `started`, however late this test's timers fire.
    const queued = second.ledger.calls[0]!.queuedMs
    expect(queued).toBeGreaterThan(0)
    expect(asked + queued).toBeGreaterThanOrEqual(started + 300 - 1)
    expect(second.ledger.calls[0]!.attempts).toBe(1)
  })

  test('when the coordinator cannot be reached the call is a recorded gateway error', async () => {
    const { client } = await setup({ client: { permits: new RemotePermits({ port: 9, token: 'x', pid: -1 }) } })
    const { error } = await run(client)
    expect(callError(error).error).toMatchObject({ kind: 'gateway', class: 'GatewayError' })
  })
})

describe('pricing', () => {
  test('a reply from another model than asked for: recorded as servedModel on the call, priced at its rates when it has one, warned once per pair', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const reply = (model: string) => JSON.stringify({ ...completion('ok'), model, usage: { prompt_tokens: 1_000_000, completion_tokens: 0 } })
    let model = 'gpt-3.5-turbo-cheap'
    const url = `${await localServer((_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(reply(model)))}/v1`
    const prices: PriceTable = { ...PRICES, 'cheap-model': { ...PRICES['sim-strong']!, input: 0.25 }, 'sim-strong-2026-12-01': { ...PRICES['sim-strong']!, input: 10 } }
    const dir = tempDir()
    const client = new LlmClient({ baseURL: url, apiKey: new Secret('k'), timeoutMs: 5_000, retries: 0, prices, cache: new ResponseCache(dir, 'read-write', 'run-1') })
    const unpriced = await run(client, { messages: [{ role: 'user', content: 'one' }] })
    const again = await run(client, { messages: [{ role: 'user', content: 'two' }] })
    // No price for the served model: priced at the asked model's $1 per 1M input tokens.
    expect(unpriced.ledger.calls[0]).toMatchObject({ model: 'sim-strong', servedModel: 'gpt-3.5-turbo-cheap', costUsd: 1 })
    expect([...unpriced.ledger.warnings]).toEqual([
      'sim-strong: the endpoint answered with model "gpt-3.5-turbo-cheap", not the one asked for, and the results count these replies as sim-strong\'s; each such call records servedModel "gpt-3.5-turbo-cheap" and is priced at sim-strong\'s rates (no price for gpt-3.5-turbo-cheap; add it with ORGBENCH_PRICES)',
    ])
    expect(again.ledger.warnings).toEqual(unpriced.ledger.warnings)
    expect(warn).toHaveBeenCalledTimes(1)
    model = 'cheap-model'
    expect((await run(client, { messages: [{ role: 'user', content: 'three' }] })).ledger.calls[0]).toMatchObject({ servedModel: 'cheap-model', costUsd: 0.25 })
    // A dated snapshot of the id asked for is the same model: nothing recorded, no warning.
    model = 'sim-strong-2026-11-27'
    const dated = await run(client, { messages: [{ role: 'user', content: 'four' }] })
    expect(dated.ledger.calls[0]!.servedModel).toBeUndefined()
    expect(dated.ledger.warnings.size).toBe(0)
    expect(dated.ledger.calls[0]!.costUsd).toBe(1)
    // A snapshot with rates of its own (as providers bill some) is priced at them.
    model = 'sim-strong-2026-12-01'
    const priced = await run(client, { messages: [{ role: 'user', content: 'five' }] })
    expect(priced.ledger.calls[0]).toMatchObject({ costUsd: 10 })
    expect(priced.ledger.calls[0]!.servedModel).toBeUndefined()
    // A reply served again from the cache keeps the model that served it, and its warning.
    const replayed = await run(new LlmClient({ baseURL: url, apiKey: new Secret('k'), timeoutMs: 5_000, retries: 0, prices, cache: new ResponseCache(dir, 'replay', 'run-2') }), { messages: [{ role: 'user', content: 'one' }] })
    expect(replayed.ledger.calls[0]).toMatchObject({ cached: 'earlier-run', servedModel: 'gpt-3.5-turbo-cheap', costUsd: 1 })
    expect(replayed.ledger.warnings.size).toBe(1)
  })

  test('a model without a price costs null and leaves one warning', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { client } = await setup({ client: { prices: {} } })
    const ledger = new Ledger()
    await withLedger(ledger, async () => {
      await client.chat(request())
      await client.chat(request())
    })
    expect(ledger.calls.map((c) => c.costUsd)).toEqual([null, null])
    expect([...ledger.warnings]).toEqual(['no price for model "sim-strong": its cost is recorded as null (add it with ORGBENCH_PRICES)'])
    expect(warn).toHaveBeenCalledTimes(1)
  })
})

describe('concurrency', () => {
  test('no more calls are in flight than maxConcurrency; waiting for a slot is queuedMs, not latency', async () => {
    const { client } = await setup({ latencyMs: 150, client: { maxConcurrency: 2 } })
    const ledger = new Ledger()
    await withLedger(ledger, () => Promise.all(Array.from({ length: 6 }, (_, i) => client.chat(request({ messages: [{ role: 'user', content: `q${i}` }] })))))
    const calls = ledger.calls
    expect(calls).toHaveLength(6)
    // In flight at the middle of each call (far from the microtask-close start/end of neighbours).
    const inFlightAt = (t: number) => calls.filter((c) => c.startMs <= t && t < c.endMs).length
    const peak = Math.max(...calls.map((c) => inFlightAt((c.startMs + c.endMs) / 2)))
    expect(peak).toBe(2)
    for (const c of calls) expect(c.latencyMs).toBeGreaterThanOrEqual(149)
    expect(calls.filter((c) => c.queuedMs >= 140)).toHaveLength(4)
  })
})

describe('OPENAI_* environment variables', () => {
  test('the SDK uses the configured base URL and key, never OPENAI_BASE_URL or OPENAI_API_KEY', async () => {
    const seen: Array<{ url: string | undefined; authorization: string | undefined }> = []
    const server = createServer((req, res) => {
      seen.push({ url: req.url, authorization: req.headers.authorization })
      const body = JSON.stringify({
        id: 'x',
        object: 'chat.completion',
        created: 0,
        model: 'm',
        choices: [{ index: 0, message: { role: 'assistant', content: 'ok' }, finish_reason: 'stop' }],
        usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
      })
      res.writeHead(200, { 'content-type': 'application/json' }).end(body)
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
    vi.stubEnv('OPENAI_BASE_URL', 'http://127.0.0.1:9/v1')
    vi.stubEnv('OPENAI_API_KEY', 'sk-from-openai-env')
    const { port } = server.address() as AddressInfo
    const client = new LlmClient({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: new Secret('sk-configured'), timeoutMs: 5_000, retries: 0, maxConcurrency: 1, prices: {} })
    vi.spyOn(console, 'warn').mockImplementation(() => {})
    const { reply } = await run(client, { model: 'm' })
    expect(reply!.text).toBe('ok')
    expect(seen).toEqual([{ url: '/v1/chat/completions', authorization: 'Bearer sk-configured' }])
  })
})

/** A server that answers with `content` (default "ok") and keeps every request body; the client is on it. */
async function recording(client: Partial<ClientOptions> = {}, content: (n: number) => string = () => 'ok') {
  const bodies: string[] = []
  const server = createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => {
      bodies.push(Buffer.concat(chunks).toString('utf8'))
      const message = { role: 'assistant', content: content(bodies.length) }
      const reply = { id: 'x', object: 'chat.completion', created: 0, model: 'm', choices: [{ index: 0, message, finish_reason: 'stop' }], usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 } }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  onTestFinished(() => new Promise<void>((resolve) => server.close(() => resolve())))
  const { port } = server.address() as AddressInfo
  vi.spyOn(console, 'warn').mockImplementation(() => {})
  return { bodies, client: new LlmClient({ baseURL: `http://127.0.0.1:${port}/v1`, apiKey: new Secret('sk-configured'), timeoutMs: 5_000, retries: 0, maxConcurrency: 1, prices: PRICES, ...client }) }
}

describe('the request body', () => {
  test('is exactly the JSON of the request, also when its prompt opens with a shared task text', async () => {
    const { bodies, client } = await recording()
    // Quotes, newlines, a backslash and characters beyond Latin-1 in the shared part and at the seam.
    const task = `## Task\n"review" the diff \\ ${'line of the diff, ünïcode → ✓\n'.repeat(60)}`
    shareText(task)
    const content = `${task}"and then" the role's own instructions 🙂`
    await run(client, { model: 'sim-strong', messages: [{ role: 'user', content }] })
    expect(bodies).toHaveLength(1)
    expect(bodies[0]).toBe(JSON.stringify({ model: 'sim-strong', messages: [{ role: 'user', content }], max_tokens: 256, temperature: 0, seed: 1 }))
  })

  test('of a prompt made of parts is the JSON of the joined prompt, re-ask included, and nothing on the way reads the prompt whole', async () => {
    const dir = tempDir()
    const asked: number[] = []
    const permits: Permits = { acquire: async (r) => (asked.push(r.promptTokens), { granted: true, permit: { settle: () => {} } }) }
    const { bodies, client } = await recording({ cache: new ResponseCache(dir, 'read-write', 'run-1'), endpoint: 'recording', permits }, (n) => (n === 1 ? 'not json' : '{"verdict":"a"}'))
    const task = `## Task\n"review" the contract – ‘clause’ \\ ${'a clause of the contract, ünïcode → ✓\n'.repeat(60)}`
    shareText(task)
    const rest = '\n\n"and then" the role\'s own instructions 🙂'
    const messages = [{ role: 'system' as const, content: 'sys' }, partsMessage('user', task, rest)]
    const counter = contentReads()
    counter.watch(messages)
    const schema = { name: 'verdict', zod: z.object({ verdict: z.string() }) }
    const ledger = new Ledger()
    ledger.scope = 'task/star/1'
    const reply = await withLedger(ledger, () => client.chat({ ...request(), messages, schema }))
    expect(reply.parsed).toEqual({ verdict: 'a' })
    expect(counter).toMatchObject({ watched: 1, reads: 0 })
    const joined = [{ role: 'system', content: 'sys' }, { role: 'user', content: task + rest }]
    expect(bodies).toHaveLength(2)
    expect(bodies[0]).toBe(JSON.stringify({ model: 'sim-strong', messages: joined, max_tokens: 256, temperature: 0, seed: 1, response_format: JSON.parse(bodies[0]!).response_format }))
    expect(JSON.parse(bodies[1]!).messages.slice(0, 2)).toEqual(joined)
    expect(asked).toEqual([estimatePromptTokens(joined), estimatePromptTokens([...joined, { content: 'not json' }, JSON.parse(bodies[1]!).messages[3]])])
    // The same prompt written whole has the same cache key: a later run is served its first reply from the cache.
    const later = await recording({ cache: new ResponseCache(dir, 'read-write', 'run-2'), endpoint: 'recording' }, () => '{"verdict":"b"}')
    const again = new Ledger()
    again.scope = 'task/star/1'
    await withLedger(again, () => later.client.chat({ ...request(), messages: joined as never, schema }))
    expect(again.calls.map((c) => c.cached)).toEqual(['earlier-run', 'earlier-run'])
    expect(later.bodies).toHaveLength(0)
  })

  test('an OpenAI reasoning model gets max_completion_tokens and no temperature; any other model max_tokens and temperature 0', async () => {
    const { bodies, client } = await recording()
    const messages = [{ role: 'user' as const, content: 'hello' }]
    for (const model of ['o4-mini', 'gpt-5-mini', 'gpt-4.1', 'sim-strong']) await run(client, { model, messages })
    expect(bodies.map((b) => JSON.parse(b) as Record<string, unknown>)).toEqual([
      { model: 'o4-mini', messages, max_completion_tokens: 256, seed: 1 },
      { model: 'gpt-5-mini', messages, max_completion_tokens: 256, seed: 1 },
      { model: 'gpt-4.1', messages, max_tokens: 256, temperature: 0, seed: 1 },
      { model: 'sim-strong', messages, max_tokens: 256, temperature: 0, seed: 1 },
    ])
  })

  test('ORGBENCH_REASONING_MODELS decides instead: a named deployment is a reasoning model, and without "auto" nothing else is', async () => {
    const { bodies, client } = await recording({ reasoningModels: { detect: false, ids: ['my-o3-deployment'] } })
    for (const model of ['my-o3-deployment', 'o3']) await run(client, { model })
    expect(bodies.map((b) => Object.keys(JSON.parse(b) as object))).toEqual([
      ['model', 'messages', 'max_completion_tokens', 'seed'],
      ['model', 'messages', 'max_tokens', 'temperature', 'seed'],
    ])
  })
})

describe('a reasoning trace in the content (<think>…</think>)', () => {
  const think = '<think>\nThe user wants JSON. {"answer": "not this"}\n</think>\n\n'
  const warning = 'qwen3: replies opened with a <think>…</think> block (a reasoning trace in the content); it was removed before the reply was parsed or used, so no agent, deliverable or judge saw it'

  test('is removed before a structured reply is parsed, as a markdown fence is, and noted in the test\'s ledger', async () => {
    const { client } = await recording({}, () => `${think}\`\`\`json\n{"answer":"yes"}\n\`\`\``)
    const { ledger, reply } = await run(client, { model: 'qwen3', schema: { name: 'answer', zod: z.object({ answer: z.string() }) } })
    expect(reply).toMatchObject({ parsed: { answer: 'yes' }, text: '```json\n{"answer":"yes"}\n```' })
    expect(ledger.calls).toHaveLength(1)
    expect([...ledger.warnings]).toContain(warning)
  })

  test('is removed from a markdown reply, so the deliverable the judge reads is the answer alone', async () => {
    const { client } = await recording({}, () => `${think}# Review\n\nLooks fine.`)
    const { ledger, reply } = await run(client, { model: 'qwen3' })
    expect(reply!.text).toBe('# Review\n\nLooks fine.')
    expect([...ledger.warnings]).toContain(warning)
  })

  test('a reply that still fails is re-asked without the trace and recorded with its raw text; a think tag later in a reply stays', async () => {
    const { bodies, client } = await recording({}, (n) => (n === 1 ? `${think}not json` : 'see <think>x</think>'))
    const { ledger, error } = await run(client, { model: 'qwen3', schema: { name: 'answer', zod: z.object({ answer: z.string() }) } })
    expect(callError(error).error.kind).toBe('parse')
    const reask = JSON.parse(bodies[1]!) as { messages: Array<{ role: string; content: string }> }
    expect(reask.messages[1]).toEqual({ role: 'assistant', content: 'not json' })
    expect(ledger.calls.map((c) => c.rawOnError)).toEqual([`${think}not json`, 'see <think>x</think>'])
  })
})

describe('replies that are not a deliverable', () => {
  const serving = async (reply: object) => `${await localServer((_req, _body, res) => res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(reply)))}/v1`
  const usage = { prompt_tokens: 10, completion_tokens: 5, total_tokens: 15 }

  test('a refusal is recorded as refused after one attempt, its words kept, its tokens counted', async () => {
    const url = await serving({ ...completion(''), choices: [{ index: 0, message: { role: 'assistant', content: null, refusal: 'I cannot help with that.' }, finish_reason: 'stop' }], usage })
    const { client } = await setup({ client: { baseURL: url } })
    const { ledger, error } = await run(client)
    expect(callError(error).error.kind).toBe('refused')
    expect(ledger.calls[0]).toMatchObject({ attempts: 1, rawOnError: 'I cannot help with that.', promptTokens: 10, error: { message: 'the model refused to answer: "I cannot help with that."' } })
  })

  test('part of a reply the content filter stopped is never returned: filtered, after one attempt', async () => {
    const url = await serving({ ...completion('half of a deliv'), choices: [{ index: 0, message: { role: 'assistant', content: 'half of a deliv' }, finish_reason: 'content_filter' }], usage })
    const { client } = await setup({ client: { baseURL: url } })
    const { ledger, reply, error } = await run(client)
    expect(reply).toBeNull()
    expect(callError(error).error.kind).toBe('filtered')
    expect(ledger.calls[0]).toMatchObject({ attempts: 1, finishReason: 'content_filter', rawOnError: 'half of a deliv' })
  })
})

describe('ORGBENCH_RESPONSE_FORMAT', () => {
  const Answer = z.object({ answer: z.string() })

  test.each([
    ['json_schema', 'json_schema'],
    ['json_object', 'json_object'],
    ['none', undefined],
  ] as const)('%s asks for structured output as %s, and a reply with prose around its JSON is read', async (mode, sent) => {
    const formats: unknown[] = []
    const url = `${await localServer((_req, body, res) => {
      formats.push((JSON.parse(body) as { response_format?: { type: string } }).response_format?.type)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...completion('Here it is:\n```JSON\n{"answer":"x"}\n```'), usage: { prompt_tokens: 10, completion_tokens: 5 } }))
    })}/v1`
    const { client } = await setup({ client: { baseURL: url, responseFormat: mode } })
    const { reply } = await run(client, { schema: { name: 'answer', zod: Answer } })
    expect(reply!.parsed).toEqual({ answer: 'x' })
    expect(formats).toEqual([sent])
  })

  test.each(['json_object', 'none'] as const)('%s: the prompt states the schema the endpoint does not hold the reply to, once; json_schema leaves the prompt as it is', async (mode) => {
    const prompts: string[] = []
    const url = `${await localServer((_req, body, res) => {
      const messages = (JSON.parse(body) as { messages: Array<{ content: string }> }).messages
      prompts.push(messages.at(-1)!.content)
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ ...completion('{"answer":"x"}'), usage: { prompt_tokens: 10, completion_tokens: 5 } }))
    })}/v1`
    const messages = [{ role: 'user' as const, content: 'Judge this.' }]
    for (const responseFormat of [mode, 'json_schema'] as const) {
      const { client } = await setup({ client: { baseURL: url, responseFormat } })
      await run(client, { messages, schema: { name: 'answer', zod: Answer } })
    }
    expect(prompts[0]).toBe(`Judge this.\n\n${schemaStatement('answer', Answer)}`)
    expect(prompts[0]).toContain('"properties":{"answer":{"type":"string"}}')
    expect(prompts[1]).toBe('Judge this.')
    expect(messages[0]!.content).toBe('Judge this.')
  })
})
