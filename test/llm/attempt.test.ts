import OpenAI from 'openai'
import { describe, expect, onTestFinished, test } from 'vitest'
import { MAX_PLAUSIBLE_TOKENS, newTally, readUsage, sendAttempt } from '../../lib/llm/attempt.js'
import { orgbenchFetch } from '../../lib/llm/http.js'
import type { PriceTable } from '../../lib/llm/pricing.js'
import { Secret } from '../../lib/secret.js'
import { type FaultRule, startSimulator } from '../../lib/sim/server.js'

const PRICES: PriceTable = { 'sim-strong': { input: 1, output: 2, cachedInput: null, verifiedAt: '2026-01-01', source: 'test' } }
const body = Buffer.from(JSON.stringify({ model: 'sim-strong', messages: [{ role: 'user', content: 'hello' }], max_tokens: 256, seed: 1 }))
const req = { role: 'tester', phase: 'probe', model: 'sim-strong', messages: [], maxTokens: 256 }

async function sdkOn(faults: FaultRule[] = []) {
  const sim = await startSimulator({ faults })
  onTestFinished(() => sim.close())
  return new OpenAI({ baseURL: sim.url, apiKey: 'sk-test', maxRetries: 0, fetch: orgbenchFetch as typeof fetch })
}

describe('sendAttempt', () => {
  test('an answered attempt adds its tokens and dollars to the tally', async () => {
    const tally = newTally()
    const out = await sendAttempt(await sdkOn(), body, req, tally, PRICES, 5_000, null)
    expect(out).toMatchObject({ failure: null, answered: true, finishReason: 'stop' })
    expect(out.text.length).toBeGreaterThan(0)
    expect(tally.tokens.promptTokens).toBe(out.usage!.promptTokens)
    expect(tally.costUsd).toBeCloseTo(out.costUsd!, 12)
  })

  test('an error status was not answered and costs nothing', async () => {
    const tally = newTally()
    const out = await sendAttempt(await sdkOn([{ kind: 'server_error' }]), body, req, tally, PRICES, 5_000, null)
    expect(out).toMatchObject({ answered: false, failure: { kind: 'api', status: 500 } })
    expect(tally).toMatchObject({ costUsd: 0, usageUnknown: 0 })
  })

  test('a broken body was answered for an unknown amount', async () => {
    const tally = newTally()
    const out = await sendAttempt(await sdkOn([{ kind: 'malformed_body' }]), body, req, tally, PRICES, 5_000, null)
    expect(out).toMatchObject({ answered: true, failure: { kind: 'malformed_body' } })
    expect(tally.usageUnknown).toBe(1)
  })

  test('a model without a price leaves the cost unknown', async () => {
    const tally = newTally()
    await sendAttempt(await sdkOn(), body, req, tally, {}, 5_000, null)
    expect(tally.costUnknown).toBe(true)
  })

  test('reported prompt tokens far below the estimate fail the attempt as context_truncated, and what it cost stays in the tally', async () => {
    const tally = newTally()
    const big = Buffer.from(JSON.stringify({ model: 'sim-strong', messages: [{ role: 'user', content: 'word '.repeat(9_000) }], max_tokens: 256, seed: 1 }))
    const out = await sendAttempt(await sdkOn([{ kind: 'context_cut', contextTokens: 4_096 }]), big, req, tally, PRICES, 5_000, 15_000)
    expect(out).toMatchObject({ answered: true, failure: { kind: 'context_truncated' }, usage: { promptTokens: 4_096 } })
    expect(out.failure!.message).toMatch(/^sim-strong: the endpoint reported 4096 prompt tokens for a request estimated at 15000 /)
    expect(out.text.length).toBeGreaterThan(0)
    expect(tally.tokens.promptTokens).toBe(4_096)
    expect(tally.costUsd).toBeGreaterThan(0)
    expect(tally.costUsd).toBeCloseTo(out.costUsd!, 12)
  })

  test('without an estimate (the check turned off) the same reply is a success', async () => {
    const big = Buffer.from(JSON.stringify({ model: 'sim-strong', messages: [{ role: 'user', content: 'word '.repeat(9_000) }], max_tokens: 256, seed: 1 }))
    const out = await sendAttempt(await sdkOn([{ kind: 'context_cut', contextTokens: 4_096 }]), big, req, newTally(), PRICES, 5_000, null)
    expect(out).toMatchObject({ failure: null, usage: { promptTokens: 4_096 } })
  })

  test('a timeout after the request was sent may have been billed: answered for an unknown amount', async () => {
    const tally = newTally()
    const out = await sendAttempt(await sdkOn([{ kind: 'hang', hangMs: 2_000 }]), body, req, tally, PRICES, 100, null)
    expect(out).toMatchObject({ answered: true, failure: { kind: 'timeout' }, costUsd: null })
    expect(tally).toMatchObject({ usageUnknown: 1, unanswered: 1, costUsd: 0 })
  })
})

/** An SDK whose every request is answered 200 with `reply`, parsed as the SDK parses it. */
const answering = (reply: unknown) => ({ baseURL: 'http://127.0.0.1:9/v1', post: async () => reply }) as unknown as OpenAI

const USAGE = { prompt_tokens: 100, completion_tokens: 20, total_tokens: 120 }
const completionWith = (message: object, finishReason: string | null = 'stop') => ({ id: 'x', object: 'chat.completion', created: 0, model: 'sim-strong', choices: [{ index: 0, message: { role: 'assistant', ...message }, finish_reason: finishReason }], usage: USAGE })

describe('sendAttempt: what a 2xx reply may carry', () => {
  test('content as an array of parts (Mistral\'s reasoning models) is its text parts joined, the others left out', async () => {
    const parts = [{ type: 'thinking', thinking: [{ type: 'text', text: 'secret trace' }] }, { type: 'text', text: '{"a":' }, { type: 'text', text: '1}' }]
    const out = await sendAttempt(answering(completionWith({ content: parts })), body, req, newTally(), PRICES, 5_000, null)
    expect(out).toMatchObject({ failure: null, text: '{"a":1}', answered: true })
  })

  test('an array of parts without a text part is an empty reply naming its parts; content of another shape a malformed body', async () => {
    const thinkingOnly = await sendAttempt(answering(completionWith({ content: [{ type: 'thinking', thinking: [] }] })), body, req, newTally(), PRICES, 5_000, null)
    expect(thinkingOnly.failure).toMatchObject({ kind: 'empty', message: expect.stringContaining('(parts: thinking)') })
    const tally = newTally()
    const odd = await sendAttempt(answering(completionWith({ content: { text: 'x' } })), body, req, tally, PRICES, 5_000, null)
    expect(odd.failure).toMatchObject({ kind: 'malformed_body', message: expect.stringContaining('neither a string nor an array of parts') })
    expect(tally.tokens.promptTokens).toBe(100)
  })

  test('a refusal is its own error, its words kept as the text; its tokens were billed', async () => {
    const tally = newTally()
    const out = await sendAttempt(answering(completionWith({ content: null, refusal: "I'm sorry, but I can't assist with that request." })), body, req, tally, PRICES, 5_000, null)
    expect(out.failure).toEqual({ kind: 'refused', class: 'Refusal', status: null, message: 'the model refused to answer: "I\'m sorry, but I can\'t assist with that request."' })
    expect(out.text).toBe("I'm sorry, but I can't assist with that request.")
    expect(tally.tokens.promptTokens).toBe(100)
  })

  test('a reply or a refusal that quotes the run\'s key fails as echoed_key, its text without the key; its tokens were billed', async () => {
    const key = 'sk-attempt-echo-0123456789'
    new Secret(key)
    const tally = newTally()
    const echoed = await sendAttempt(answering(completionWith({ content: `Request made with API key ${key}.` })), body, req, tally, PRICES, 5_000, null)
    expect(echoed.failure).toEqual({ kind: 'echoed_key', class: 'EchoedKey', status: null, message: "the endpoint's reply contained the run's API key; the reply was discarded (rawOnError keeps it with the key removed)" })
    expect(echoed.text).toBe('Request made with API key [redacted].')
    expect(tally.tokens.promptTokens).toBe(100)
    const refused = await sendAttempt(answering(completionWith({ content: null, refusal: `Not with ${key}` })), body, req, newTally(), PRICES, 5_000, null)
    expect(refused.failure?.kind).toBe('echoed_key')
    const clean = await sendAttempt(answering(completionWith({ content: 'Request made with API key sk-someone-elses-key.' })), body, req, newTally(), PRICES, 5_000, null)
    expect(clean.failure).toBeNull()
  })

  test('a reply the content filter stopped, with or without part of the content, is filtered; one ended by an error is incomplete', async () => {
    const partial = await sendAttempt(answering(completionWith({ content: 'half a deliver' }, 'content_filter')), body, req, newTally(), PRICES, 5_000, null)
    expect(partial.failure).toMatchObject({ kind: 'filtered', message: expect.stringContaining('finish_reason "content_filter") after part of the reply') })
    const none = await sendAttempt(answering(completionWith({ content: null }, 'content_filter')), body, req, newTally(), PRICES, 5_000, null)
    expect(none.failure).toMatchObject({ kind: 'filtered', message: expect.stringContaining('with no content') })
    const error = await sendAttempt(answering(completionWith({ content: 'half a deliver' }, 'error')), body, req, newTally(), PRICES, 5_000, null)
    expect(error.failure).toMatchObject({ kind: 'incomplete', message: expect.stringContaining('finish_reason "error"') })
  })

  test('an error object in a 200 body is an error of its status, with the provider\'s words, and not billed', async () => {
    const tally = newTally()
    const reply = { error: { message: 'Provider returned error', code: 502, metadata: { provider_name: 'SomeProvider', raw: 'upstream overloaded' } }, user_id: 'user_x' }
    const out = await sendAttempt(answering(reply), body, req, tally, PRICES, 5_000, null)
    expect(out).toMatchObject({ answered: false, failure: { kind: 'api', status: 502, message: '502 Provider returned error (SomeProvider: upstream overloaded)' } })
    expect(tally).toMatchObject({ usageUnknown: 0, costUsd: 0 })
    const named = await sendAttempt(answering({ error: { message: 'Invalid model', code: 'model_not_found' } }), body, req, newTally(), PRICES, 5_000, null)
    expect(named).toMatchObject({ answered: false, failure: { kind: 'api', status: null, message: 'Invalid model' } })
  })
})

describe('readUsage', () => {
  test('reads prompt and completion tokens, and the cached and reasoning parts when they are counts', () => {
    expect(readUsage({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, prompt_tokens_details: { cached_tokens: 4 }, completion_tokens_details: { reasoning_tokens: 3 } }, true)).toEqual({ usage: { promptTokens: 12, completionTokens: 7, cachedTokens: 4, reasoningTokens: 3 }, unusable: null, uncounted: null })
    expect(readUsage({ prompt_tokens: 12, completion_tokens: 0, total_tokens: 12, prompt_tokens_details: null } as never, false).usage).toEqual({ promptTokens: 12, completionTokens: 0, cachedTokens: 0, reasoningTokens: 0 })
  })

  test('cached tokens are kept within the prompt count they are part of', () => {
    const usage = { prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, prompt_tokens_details: { cached_tokens: 9e15 } }
    expect(readUsage(usage, true).usage).toMatchObject({ cachedTokens: 12 })
  })

  test('output that total_tokens shows was left out of completion_tokens (Gemini\'s thoughts) is counted as output and reasoning, naming the fields', () => {
    const reading = readUsage({ prompt_tokens: 10_985, completion_tokens: 1_797, total_tokens: 13_782 }, true)
    expect(reading).toEqual({ usage: { promptTokens: 10_985, completionTokens: 2_797, cachedTokens: 0, reasoningTokens: 1_000 }, unusable: null, uncounted: 'total_tokens 13782 > prompt_tokens 10985 + completion_tokens 1797' })
  })

  test('reasoning tokens above completion_tokens are output left out of it, and counted', () => {
    const reading = readUsage({ prompt_tokens: 21, completion_tokens: 0, total_tokens: 81, completion_tokens_details: { reasoning_tokens: 60 } }, true)
    expect(reading.usage).toEqual({ promptTokens: 21, completionTokens: 60, cachedTokens: 0, reasoningTokens: 60 })
    const withoutTotal = readUsage({ prompt_tokens: 21, completion_tokens: 7, completion_tokens_details: { reasoning_tokens: 40 } } as never, true)
    expect(withoutTotal).toMatchObject({ usage: { completionTokens: 47, reasoningTokens: 40 }, uncounted: 'completion_tokens_details.reasoning_tokens 40 > completion_tokens 7' })
  })

  test('a total below prompt + completion adds nothing; output left out beyond any context window makes the usage implausible', () => {
    expect(readUsage({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 10 }, true)).toMatchObject({ usage: { completionTokens: 7 }, uncounted: null })
    expect(readUsage({ prompt_tokens: 12, completion_tokens: 7, total_tokens: 19, completion_tokens_details: { reasoning_tokens: 9e15 } }, true)).toMatchObject({ usage: null, unusable: { kind: 'implausible' } })
  })

  test('without prompt and completion counts the endpoint sent no usage: unknown (null), never 0', () => {
    for (const usage of [undefined, null, {}, { total_tokens: 1234 }]) expect(readUsage(usage as never, true)).toEqual({ usage: null, unusable: null })
  })

  test('counts that are not whole numbers make the usage unknown, naming the field and the value sent', () => {
    const cases: Array<[object, string]> = [
      [{ prompt_tokens: 12 }, 'completion_tokens: missing, expected a whole number'],
      [{ prompt_tokens: 12, completion_tokens: null }, 'completion_tokens: null, expected a whole number'],
      [{ prompt_tokens: '1333', completion_tokens: '7' }, 'prompt_tokens: "1333", expected a whole number'],
      [{ prompt_tokens: 12, completion_tokens: Number.NaN }, 'completion_tokens: null, expected a whole number'],
      [{ prompt_tokens: -1, completion_tokens: 7 }, 'prompt_tokens: -1, expected a whole number'],
      [{ prompt_tokens: 1.5, completion_tokens: 7 }, 'prompt_tokens: 1.5, expected a whole number'],
      [{ prompt_tokens: 'x'.repeat(100), completion_tokens: 7 }, `prompt_tokens: "${'x'.repeat(38)}…, expected a whole number`],
    ]
    for (const [usage, detail] of cases) expect(readUsage(usage as never, true)).toEqual({ usage: null, unusable: { kind: 'not_a_count', detail } })
  })

  test('a key sent back as a count is removed before the value is cut short, so no part of it reaches the warning', () => {
    const key = 'usagekey0a1b2c3d4e5f6a7b8c9d0e1f2a3b4c5d6'
    new Secret(key)
    expect(readUsage({ prompt_tokens: key, completion_tokens: 7 } as never, true)).toEqual({ usage: null, unusable: { kind: 'not_a_count', detail: 'prompt_tokens: "[redacted]", expected a whole number' } })
  })

  test('0 prompt and 0 completion tokens for a reply with content are unknown, not a known 0', () => {
    expect(readUsage({ prompt_tokens: 0, completion_tokens: 0, total_tokens: 0 }, true)).toEqual({ usage: null, unusable: { kind: 'zero', detail: 'prompt_tokens: 0 and completion_tokens: 0 for a reply with content' } })
  })

  test('counts above any context window are malformed, not priced', () => {
    expect(readUsage({ prompt_tokens: MAX_PLAUSIBLE_TOKENS, completion_tokens: 7, total_tokens: MAX_PLAUSIBLE_TOKENS + 7 }, true).usage).toMatchObject({ promptTokens: MAX_PLAUSIBLE_TOKENS })
    expect(readUsage({ prompt_tokens: 9e15, completion_tokens: 9e15, total_tokens: 1.8e16 }, true)).toEqual({ usage: null, unusable: { kind: 'implausible', detail: 'prompt_tokens: 9000000000000000, more than any context window (10,000,000 tokens)' } })
    expect(readUsage({ prompt_tokens: 12, completion_tokens: MAX_PLAUSIBLE_TOKENS + 1, total_tokens: 0 }, true).unusable).toMatchObject({ kind: 'implausible' })
  })
})
