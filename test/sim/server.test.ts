import OpenAI from 'openai'
import { zodResponseFormat } from 'openai/helpers/zod'
import { beforeAll, describe, expect, onTestFinished, test } from 'vitest'
import { z } from 'zod'
import { loadConfig } from '../../lib/config.js'
import { runCase } from '../../lib/run/runner.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { SIM_PROFILES } from '../../lib/sim/profiles.js'
import { hashOf } from '../../lib/sim/random.js'
import { type FaultRule, startSimulator } from '../../lib/sim/server.js'
import { CODE_CATEGORIES, codeReviewDeliverable } from '../../lib/tasks/kinds/code-review.js'

const CodeReviewDeliverable = codeReviewDeliverable(CODE_CATEGORIES.map((c) => c.id))
import type { Task } from '../../lib/tasks/registry.js'
import { estimateTokens } from '../../lib/text.js'
import { soloIdentity, taskBlock } from '../../lib/topologies/prompts.js'
import { tempDir } from '../support/temp.js'

let knowledge: SimKnowledge
let codeReview: Task
beforeAll(async () => {
  knowledge = await SimKnowledge.load()
  codeReview = knowledge.registry.get('code_review_execution')
})

async function simulator(faults: FaultRule[] = []) {
  const sim = await startSimulator({ knowledge, faults })
  onTestFinished(() => sim.close())
  return sim
}

interface Completion {
  status: number
  headers: Headers
  body: {
    choices: Array<{ message: { content: string }; finish_reason: string }>
    usage: { prompt_tokens: number; completion_tokens: number; total_tokens: number }
    error?: { message: string; type: string }
  }
}

async function complete(url: string, body: Record<string, unknown>): Promise<Completion> {
  const res = await fetch(`${url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) })
  return { status: res.status, headers: res.headers, body: (await res.json()) as Completion['body'] }
}

/** The single agent's code-review request, as the benchmark sends it. */
const reviewRequest = (seed: number, model = 'sim-strong') => ({
  model,
  seed,
  max_tokens: 100_000,
  messages: [
    { role: 'system', content: soloIdentity([]).system },
    { role: 'user', content: taskBlock(codeReview) },
  ],
  response_format: zodResponseFormat(CodeReviewDeliverable, 'code_review_deliverable'),
})

describe('HTTP surface', () => {
  test('GET /v1/models lists every simulated profile', async () => {
    const sim = await simulator()
    const res = await fetch(`${sim.url}/models`)
    expect(res.status).toBe(200)
    const body = (await res.json()) as { object: string; data: Array<{ id: string; owned_by: string }> }
    expect(body.object).toBe('list')
    expect(body.data.map((m) => m.id).sort()).toEqual(Object.keys(SIM_PROFILES).sort())
    expect(body.data.map((m) => m.id)).toEqual(expect.arrayContaining(['sim-strong', 'sim-medium', 'sim-weak', 'sim-judge']))
  })

  test('an unknown model is a 404 that lists the simulated models', async () => {
    const sim = await simulator()
    const res = await complete(sim.url, { model: 'gpt-9', messages: [{ role: 'user', content: 'hi' }] })
    expect(res.status).toBe(404)
    expect(res.body.error!.message).toMatch(/^The model `gpt-9` does not exist\. Simulated models: .*sim-strong/)
  })

  test('a property every object inherits ("toString", "constructor") is an unknown model too: 404', async () => {
    const sim = await simulator()
    for (const model of ['toString', 'constructor']) {
      const res = await complete(sim.url, { model, messages: [{ role: 'user', content: 'hi' }] })
      expect(res.status, model).toBe(404)
      expect(res.body.error!.message, model).toMatch(new RegExp(`^The model \`${model}\` does not exist`))
    }
  })

  test('unknown routes are 404; a body that is not JSON or has no messages is 400', async () => {
    const sim = await simulator()
    expect((await fetch(`${sim.url}/embeddings`, { method: 'POST', body: '{}' })).status).toBe(404)
    expect((await fetch(`${sim.url}/chat/completions`, { method: 'POST', body: 'not json' })).status).toBe(400)
    expect((await complete(sim.url, { model: 'sim-strong', messages: [] })).status).toBe(400)
  })
})

describe('starting', () => {
  test('listens before it has read the tasks: a request waits for them and is answered as one made later', async () => {
    let loaded!: (k: SimKnowledge) => void
    const sim = await startSimulator({ knowledge: new Promise<SimKnowledge>((resolve) => (loaded = resolve)) })
    onTestFinished(() => sim.close())
    const early = complete(sim.url, reviewRequest(7))
    expect((await fetch(`${sim.url}/models`)).status).toBe(200)
    loaded(knowledge)
    const answered = await early
    expect(answered.status).toBe(200)
    expect(answered.body).toEqual((await complete(sim.url, reviewRequest(7))).body)
  })

  test('tasks it could not read fail every completion with a server error that says why, never a reply', async () => {
    const sim = await startSimulator({ knowledge: Promise.reject(new Error('fixtures/review/p1.diff: EACCES')) })
    onTestFinished(() => sim.close())
    for (let i = 0; i < 2; i++) {
      const r = await complete(sim.url, reviewRequest(7))
      expect(r.status).toBe(500)
      expect(r.body.error).toMatchObject({ message: 'simulator failure: fixtures/review/p1.diff: EACCES', type: 'server_error' })
    }
  })
})

describe('streaming', () => {
  test('stream: true through the openai SDK yields the same content and usage as the plain reply', async () => {
    const sim = await simulator()
    const sdk = new OpenAI({ baseURL: sim.url, apiKey: 'sk-sim', maxRetries: 0 })
    const plain = await complete(sim.url, reviewRequest(1))
    const stream = await sdk.chat.completions.create({ ...reviewRequest(1), stream: true, stream_options: { include_usage: true } } as never)
    const chunks: Array<{ choices: Array<{ delta: { content?: string | null }; finish_reason: string | null }>; usage?: { completion_tokens: number } | null }> = []
    for await (const chunk of stream as unknown as AsyncIterable<(typeof chunks)[number]>) chunks.push(chunk)
    expect(chunks.length).toBeGreaterThan(3)
    expect(chunks.map((c) => c.choices[0]?.delta.content ?? '').join('')).toBe(plain.body.choices[0]!.message.content)
    expect(chunks.map((c) => c.choices[0]?.finish_reason).filter(Boolean)).toEqual(['stop'])
    expect(chunks.at(-1)!.usage!.completion_tokens).toBe(plain.body.usage.completion_tokens)
  })
})

describe('replies', () => {
  test('are deterministic for the same seed and messages, and differ for another seed', async () => {
    const sim = await simulator()
    const a = await complete(sim.url, reviewRequest(1))
    const b = await complete(sim.url, reviewRequest(1))
    const c = await complete(sim.url, reviewRequest(2))
    expect(a.status).toBe(200)
    expect(b.body.choices[0]!.message.content).toBe(a.body.choices[0]!.message.content)
    expect(c.body.choices[0]!.message.content).not.toBe(a.body.choices[0]!.message.content)
  })

  test('depend on the messages, not on how the client wrote its JSON (spacing, escapes, UTF-8)', async () => {
    const sim = await simulator()
    const request = { model: 'sim-strong', seed: 7, messages: [{ role: 'system', content: 'You are the Café reviewer 😀.' }, { role: 'user', content: `${taskBlock(codeReview)}\n“Quoted” — done.` }] }
    const asciiOnly = JSON.stringify(request).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`)
    const bodies = [JSON.stringify(request), JSON.stringify(request, null, 2), asciiOnly]
    const replies = await Promise.all(
      bodies.map(async (body) => (await (await fetch(`${sim.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).json()) as { id: string; choices: unknown }),
    )
    // The reply's id is the hash of its key: seed, model and the SHA-256 of JSON.stringify(messages).
    const id = `chatcmpl-${hashOf(`7|sim-strong|${hashOf(JSON.stringify(request.messages))}`)}`
    for (const reply of replies) expect(reply).toEqual({ ...replies[0], id })
  })

  test('a body sent again gets the same completion from memory; any other body, a fault or a stream is made afresh', async () => {
    const sim = await simulator()
    const send = async (body: string) => (await fetch(`${sim.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body })).text()
    const request = JSON.stringify(reviewRequest(1))
    const first = await send(request)
    expect(await send(request)).toBe(first)
    expect(sim.stats.remembered).toBe(1)
    // The same messages written otherwise, or with another max_tokens: answered afresh.
    const spaced = JSON.parse(await send(JSON.stringify(reviewRequest(1), null, 1))) as { choices: unknown }
    expect(spaced.choices).toEqual((JSON.parse(first) as { choices: unknown }).choices)
    await send(JSON.stringify({ ...reviewRequest(1), max_tokens: 10 }))
    expect(sim.stats.remembered).toBe(1)
    sim.addFault({ kind: 'empty', times: 1 })
    expect(JSON.parse(await send(request))).toMatchObject({ choices: [{ message: { content: '' } }] })
    expect(await send(JSON.stringify({ ...reviewRequest(1), stream: true }))).toMatch(/^data: /)
    expect(sim.stats.remembered).toBe(1)
    expect(await send(request)).toBe(first)
    expect(sim.stats).toMatchObject({ completions: 7, remembered: 2, faults: 1 })
  })

  test('report usage: prompt tokens from the messages, completion tokens from the content', async () => {
    const sim = await simulator()
    const messages = [
      { role: 'system', content: 'You are terse.' },
      { role: 'user', content: 'Say something.' },
    ]
    const res = await complete(sim.url, { model: 'sim-strong', messages })
    const content = res.body.choices[0]!.message.content
    const prompt = 3 + messages.reduce((n, m) => n + 4 + estimateTokens(m.content), 0)
    expect(res.body.usage).toEqual({
      prompt_tokens: prompt,
      completion_tokens: estimateTokens(content),
      total_tokens: prompt + estimateTokens(content),
      prompt_tokens_details: { cached_tokens: 0 },
      completion_tokens_details: { reasoning_tokens: 0 },
    })
  })

  test('max_tokens cuts the content and sets finish_reason "length"', async () => {
    const sim = await simulator()
    const full = await complete(sim.url, { model: 'sim-strong', messages: [{ role: 'user', content: 'hi' }] })
    expect(full.body.choices[0]!.finish_reason).toBe('stop')
    const cut = await complete(sim.url, { model: 'sim-strong', max_tokens: 3, messages: [{ role: 'user', content: 'hi' }] })
    expect(cut.body.choices[0]!.finish_reason).toBe('length')
    expect(cut.body.choices[0]!.message.content).toBe(full.body.choices[0]!.message.content.slice(0, 3 * 4 - 1))
  })

  test('a deliverable schema request for a task gets a schema-valid deliverable covering every diff', async () => {
    const sim = await simulator()
    const res = await complete(sim.url, reviewRequest(1))
    const parsed = CodeReviewDeliverable.parse(JSON.parse(res.body.choices[0]!.message.content))
    expect(parsed.reviews.map((r) => r.diff)).toEqual(codeReview.resolvedInputs.map((i) => i.id))
  })

  test('an unknown json_schema gets the smallest schema-valid instance', async () => {
    const sim = await simulator()
    const schema = z.object({ verdict: z.enum(['yes', 'no']), reasons: z.array(z.string()), score: z.number().min(1) })
    const res = await complete(sim.url, { model: 'sim-strong', messages: [{ role: 'user', content: 'Judge this.' }], response_format: zodResponseFormat(schema, 'opinion') })
    expect(JSON.parse(res.body.choices[0]!.message.content)).toEqual({ verdict: 'yes', reasons: [], score: 1 })
  })
})

describe('faults', () => {
  const hi = { model: 'sim-strong', messages: [{ role: 'user', content: 'hi' }] }

  test('rate_limit answers 429 with Retry-After for the first `times` requests, then recovers', async () => {
    const sim = await simulator([{ kind: 'rate_limit', times: 2, retryAfterSeconds: 3 }])
    const first = await complete(sim.url, hi)
    expect(first.status).toBe(429)
    expect(first.headers.get('retry-after')).toBe('3')
    expect((await complete(sim.url, hi)).status).toBe(429)
    expect((await complete(sim.url, hi)).status).toBe(200)
    expect(sim.stats).toMatchObject({ completions: 3, faults: 2 })
  })

  test('rate_limit can ask for a delay in milliseconds', async () => {
    const sim = await simulator([{ kind: 'rate_limit', retryAfterMs: 250 }])
    const res = await complete(sim.url, hi)
    expect(res.headers.get('retry-after-ms')).toBe('250')
  })

  test('a request the simulator cannot answer (a design task without reference deliverables) is a 400 saying why', async () => {
    const task = knowledge.registry.tasks.find((t) => t.deliverable === 'markdown')!
    const sim = await startSimulator({ knowledge: new SimKnowledge(knowledge.registry, tempDir()) })
    onTestFinished(() => sim.close())
    const r = await complete(sim.url, { model: 'sim-strong', seed: 1, messages: [{ role: 'system', content: soloIdentity([]).system }, { role: 'user', content: taskBlock(task) }] })
    expect(r.status).toBe(400)
    expect(r.body.error?.type).toBe('invalid_request_error')
    expect(r.body.error?.message).toMatch(new RegExp(`^the orgbench simulator cannot write a deliverable for design task ${task.id} .*fixtures/calibration/${task.id}/strong\\.md`))
  })

  test('a request quoting a task the simulator does not know (its brief edited since the simulator loaded it) is a 400 saying why, whatever it asks for', async () => {
    const edited = { ...codeReview, brief: codeReview.brief.replace('the', 'THE') }
    const sim = await simulator()
    const messages = [{ role: 'system', content: soloIdentity([]).system }, { role: 'user', content: taskBlock(edited) }]
    for (const schema of ['code_review_deliverable', 'judge_rubric_scores', 'critique', null]) {
      const format = schema === null ? {} : { response_format: { type: 'json_schema', json_schema: { name: schema, schema: { type: 'object' } } } }
      const r = await complete(sim.url, { model: 'sim-strong', seed: 1, messages, ...format })
      expect(r.status, String(schema)).toBe(400)
      expect(r.body.error?.message).toBe(
        `the orgbench simulator does not know the task of this request ("${codeReview.title}"): its brief matches none of the tasks it loaded; a task edited after the simulator started is known once it reloads (at a watch or UI re-run) or restarts`,
      )
    }
  })

  test('a case of a task the simulator does not know is an error with that cause, never a scored deliverable', async () => {
    const sim = await simulator()
    const config = loadConfig({ env: { ORGBENCH_JUDGE: 'off' }, cwd: tempDir() })
    const record = await runCase({ config, task: { ...codeReview, brief: codeReview.brief.replace('the', 'THE') }, topology: 'single', trial: 1, baseURL: sim.url })
    expect(record.status).toBe('error')
    expect(record.scores.headline).toBeNull()
    expect(record.errors[0]).toMatchObject({ stage: 'organisation', message: expect.stringContaining('the orgbench simulator does not know the task of this request') })
  })

  test('reload forgets the replies remembered so far: a body answered before is answered afresh', async () => {
    const sim = await simulator()
    await complete(sim.url, hi)
    await complete(sim.url, hi)
    expect(sim.stats.remembered).toBe(1)
    await sim.reload()
    await complete(sim.url, hi)
    expect(sim.stats.remembered).toBe(1)
  })

  test('server_error and bad_request answer 500 and 400', async () => {
    const sim = await simulator([{ kind: 'server_error', times: 1 }, { kind: 'bad_request', times: 1 }])
    expect((await complete(sim.url, hi)).status).toBe(500)
    expect((await complete(sim.url, hi)).status).toBe(400)
    expect((await complete(sim.url, hi)).status).toBe(200)
  })

  test('a fault can be limited to a model or to messages containing a text', async () => {
    const sim = await simulator([
      { kind: 'server_error', match: { model: 'sim-weak' } },
      { kind: 'bad_request', match: { text: 'poison' } },
    ])
    expect((await complete(sim.url, hi)).status).toBe(200)
    expect((await complete(sim.url, { ...hi, model: 'sim-weak' })).status).toBe(500)
    expect((await complete(sim.url, { ...hi, messages: [{ role: 'user', content: 'a poison pill' }] })).status).toBe(400)
    expect(sim.stats.byModel).toEqual({ 'sim-strong': 2, 'sim-weak': 1 })
  })

  test('malformed_json, empty and truncate spoil the content of a 200', async () => {
    const sim = await simulator([{ kind: 'malformed_json', times: 1 }, { kind: 'empty', times: 1 }, { kind: 'truncate', times: 1 }])
    const schema = zodResponseFormat(z.object({ a: z.string() }), 'thing')
    const malformed = await complete(sim.url, { ...hi, response_format: schema })
    expect(() => JSON.parse(malformed.body.choices[0]!.message.content)).toThrow()
    const empty = await complete(sim.url, hi)
    expect(empty.body.choices[0]!.message.content).toBe('')
    const truncated = await complete(sim.url, hi)
    expect(truncated.body.choices[0]!.finish_reason).toBe('length')
  })

  test('malformed_body sends an unterminated JSON body; body_cut drops the connection half-way through the body', async () => {
    const sim = await simulator([{ kind: 'malformed_body', times: 1 }, { kind: 'body_cut', times: 1 }])
    const raw = await fetch(`${sim.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hi) })
    expect(raw.status).toBe(200)
    const text = await raw.text()
    expect(text.startsWith('{"id":"chatcmpl-')).toBe(true)
    expect(() => JSON.parse(text)).toThrow()
    const cut = await fetch(`${sim.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(hi) })
    expect(cut.status).toBe(200)
    await expect(cut.text()).rejects.toThrow()
  })

  test('no_usage leaves usage out; echo_key quotes the API key in the content', async () => {
    const sim = await simulator([{ kind: 'no_usage', times: 1 }, { kind: 'echo_key', times: 1 }])
    expect((await complete(sim.url, hi)).body).not.toHaveProperty('usage')
    const res = await fetch(`${sim.url}/chat/completions`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer sk-canary-123456789' }, body: JSON.stringify(hi) })
    expect(((await res.json()) as Completion['body']).choices[0]!.message.content).toContain('sk-canary-123456789')
  })

  test('context_cut reports at most contextTokens prompt tokens (4,096 by default), as a server that cut the prompt to its context window', async () => {
    const long = { model: 'sim-strong', messages: [{ role: 'user', content: 'word '.repeat(20_000) }] }
    const sim = await simulator([{ kind: 'context_cut', times: 1, contextTokens: 2_048 }, { kind: 'context_cut', times: 1 }])
    const usage = async (body: Record<string, unknown>) => (await complete(sim.url, body)).body.usage
    expect(await usage(long)).toMatchObject({ prompt_tokens: 2_048 })
    const second = await usage(long)
    expect(second).toMatchObject({ prompt_tokens: 4_096, total_tokens: 4_096 + second.completion_tokens })
    // Both rules spent: the whole prompt is counted again.
    expect((await usage(long)).prompt_tokens).toBe(3 + 4 + 25_000)
  })

  test('a rule with a rate faults about that share of requests, picking among its kinds; the request log has every arrival', async () => {
    const sim = await simulator([{ kind: ['server_error', 'bad_request'], rate: 0.3 }])
    const statuses: number[] = []
    for (let i = 0; i < 200; i++) statuses.push((await complete(sim.url, hi)).status)
    const faulted = statuses.filter((s) => s !== 200).length
    expect(faulted).toBeGreaterThan(40)
    expect(faulted).toBeLessThan(80)
    expect(new Set(statuses)).toEqual(new Set([200, 500, 400]))
    expect(sim.stats.faults).toBe(faulted)
    expect(sim.requestTimes()).toHaveLength(200)
  })

  test('hang holds the request for hangMs', async () => {
    const sim = await simulator([{ kind: 'hang', hangMs: 200, times: 1 }])
    const started = performance.now()
    const res = await complete(sim.url, hi)
    expect(res.status).toBe(200)
    expect(performance.now() - started).toBeGreaterThanOrEqual(195)
  })

  test('the latency runs from the request\'s arrival: time the simulator spends on a request counts towards it', async () => {
    // A clock on which each reading is ten minutes after the last: the request has been handled
    // for longer than its latency by the time the reply is ready, so it is sent at once (waiting
    // the latency again after the work would hold it ten minutes, past the test's timeout).
    let now = 0
    const sim = await startSimulator({ knowledge, latency: { fixedMs: 600_000, jitterMs: 0 }, clock: () => (now += 600_000) })
    onTestFinished(() => sim.close())
    const res = await complete(sim.url, hi)
    expect(res.status).toBe(200)
    expect(res.body.choices[0]!.message.content.length).toBeGreaterThan(0)
  })

  test('faults added after start apply to later requests', async () => {
    const sim = await simulator()
    expect((await complete(sim.url, hi)).status).toBe(200)
    sim.addFault({ kind: 'bad_request', times: 1 })
    expect((await complete(sim.url, hi)).status).toBe(400)
  })
})

describe('competence of the simulated models', () => {
  const runWith = async (model: string, url: string) => {
    const config = loadConfig({ env: { ORGBENCH_MODEL: model, ORGBENCH_JUDGE: 'off' }, cwd: tempDir() })
    return runCase({ config, task: codeReview, topology: 'single', trial: 1, baseURL: url })
  }

  test('sim-weak misses planted bugs that must be caught, so the benchmark assertions fail; sim-strong misses none', async () => {
    const sim = await simulator()
    const weak = await runWith('sim-weak', sim.url)
    const strong = await runWith('sim-strong', sim.url)
    expect(weak.status).toBe('ok')
    expect(strong.status).toBe('ok')
    expect(strong.mustCatch.missed).toEqual([])
    expect(strong.mustCatch.total).toBeGreaterThan(0)
    expect(weak.mustCatch.missed.length).toBeGreaterThan(0)
    expect(weak.mustCatch.missed.map((m) => m.id)).toEqual(expect.arrayContaining([expect.stringMatching(/^d\d\d/)]))
    expect(weak.scores.groundTruth!.score).toBeLessThan(strong.scores.groundTruth!.score)
  })
})
