import { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError } from 'openai'
import { describe, expect, test } from 'vitest'
import { classifyError, endpointLabel, exhaustedFailure, joinMessage, malformedReply, retryDelayFor, unusableReply } from '../../lib/llm/faults.js'
import { BodyReadError } from '../../lib/llm/http.js'
import type { CallError } from '../../lib/llm/ledger.js'
import { Secret } from '../../lib/secret.js'

const fault = (kind: CallError['kind'], status: number | null = null): CallError => ({ kind, class: 'X', status, message: 'm' })

describe('classifyError names the fault', () => {
  test.each([
    [new SyntaxError('Unexpected end of JSON input'), 'malformed_body', 'SyntaxError'],
    [new BodyReadError('lost'), 'body_read', 'BodyReadError'],
    [new APIConnectionError({ message: 'Connection error.', cause: new BodyReadError('lost') }), 'body_read', 'BodyReadError'],
    [new APIConnectionError({ message: 'Connection error.', cause: new Error('ECONNREFUSED') }), 'connection', 'APIConnectionError'],
    [new APIConnectionTimeoutError(), 'timeout', 'APIConnectionTimeoutError'],
    [APIError.generate(503, { message: 'busy' }, undefined, new Headers()), 'api', 'InternalServerError'],
    [new APIUserAbortError(), 'aborted', 'APIUserAbortError'],
  ] as const)('%s → %s', (error, kind, cls) => {
    expect(classifyError(error, undefined)).toMatchObject({ kind, class: cls })
  })

  test('a malformed body says so in its message', () => {
    expect(classifyError(new SyntaxError('Unexpected end of JSON input'), undefined).message).toBe('the response body is not valid JSON (Unexpected end of JSON input)')
  })

  test('a connection error or a timeout names the endpoint, never its credentials or query', () => {
    const refused = new APIConnectionError({ message: 'Connection error.', cause: new Error('connect ECONNREFUSED 127.0.0.1:9') })
    expect(classifyError(refused, undefined, 'http://user:sk-secret@127.0.0.1:9/v1/?key=sk-secret').message).toBe('Connection error: connect ECONNREFUSED 127.0.0.1:9 (endpoint http://127.0.0.1:9/v1)')
    expect(classifyError(new APIConnectionTimeoutError(), undefined, 'https://api.example.com/v1').message).toBe('Request timed out. (endpoint https://api.example.com/v1)')
    expect(endpointLabel('not a url')).toBe('(an invalid URL)')
  })

  test('the SDK\'s message and the cause it wraps are joined without doubled punctuation', () => {
    const refused = new APIConnectionError({ message: 'Connection error.', cause: new Error('connect ECONNREFUSED 127.0.0.1:1') })
    expect(classifyError(refused, undefined).message).toBe('Connection error: connect ECONNREFUSED 127.0.0.1:1')
    expect(joinMessage('Connection error.', ': ', 'connect ECONNREFUSED')).toBe('Connection error: connect ECONNREFUSED')
    expect(joinMessage('502 Bad gateway', '; ', '3 attempt(s) made')).toBe('502 Bad gateway; 3 attempt(s) made')
    expect(joinMessage('a reply cut off…', '; ', '1 attempt(s) made')).toBe('a reply cut off…; 1 attempt(s) made')
  })

  test('a timeout says after how long, which setting sets that, and how many attempts were made', () => {
    expect(classifyError(new APIConnectionTimeoutError(), undefined, 'http://127.0.0.1:8000/v1', { timeoutMs: 1000, attempts: 2 }).message).toBe(
      'no reply within 1000 ms (ORGBENCH_TIMEOUT_MS, per attempt); 2 attempt(s) made (endpoint http://127.0.0.1:8000/v1)',
    )
  })

  test('a 404 or 405 names the URL called; without a version segment in the base URL, also the usual cause', () => {
    const notFound = APIError.generate(404, undefined, '{"detail":"Not Found"}', new Headers())
    expect(classifyError(notFound, undefined, 'http://localhost:8000').message).toBe(
      '404 {"detail":"Not Found"} (POST http://localhost:8000/chat/completions; OpenAI-compatible base URLs usually end in /v1: check ORGBENCH_BASE_URL)',
    )
    const notAllowed = APIError.generate(405, undefined, 'Method Not Allowed', new Headers())
    expect(classifyError(notAllowed, undefined, 'http://user:sk-secret@localhost:8000/api/').message).toBe(
      '405 Method Not Allowed (POST http://localhost:8000/api/chat/completions; OpenAI-compatible base URLs usually end in /v1: check ORGBENCH_BASE_URL)',
    )
    const noModel = APIError.generate(404, { error: { message: 'The model `gpt-9` does not exist' } }, undefined, new Headers())
    expect(classifyError(noModel, undefined, 'https://api.groq.com/openai/v1').message).toBe('404 The model `gpt-9` does not exist (POST https://api.groq.com/openai/v1/chat/completions)')
    // Other statuses keep the endpoint's words alone.
    expect(classifyError(APIError.generate(400, { error: { message: 'bad' } }, undefined, new Headers()), undefined, 'http://localhost:8000').message).toBe('400 bad')
  })

  test('a 400 about response_format names ORGBENCH_RESPONSE_FORMAT; one about a reasoning model\'s parameters names ORGBENCH_REASONING_MODELS and the model', () => {
    const schema = APIError.generate(400, { error: { message: 'response_format` json_schema is not supported with this model', param: 'response_format' } }, undefined, new Headers())
    expect(classifyError(schema, undefined).message).toBe('400 response_format` json_schema is not supported with this model; a model or provider without strict JSON-schema output needs ORGBENCH_RESPONSE_FORMAT=json_object (JSON mode) or none (the schema in the prompt only)')
    // Refused in JSON mode already: the next, looser mode; with no response format sent, nothing of orgbench's to change.
    const context = (responseFormat: 'json_object' | 'none') => ({ timeoutMs: 1, attempts: 1, model: 'm', responseFormat })
    const jsonMode = APIError.generate(400, { error: { message: "'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'." } }, undefined, new Headers())
    expect(classifyError(jsonMode, undefined, 'https://api.example.com/v1', context('json_object')).message).toBe(
      "400 'messages' must contain the word 'json' in some form, to use 'response_format' of type 'json_object'; the endpoint refuses JSON mode (ORGBENCH_RESPONSE_FORMAT=json_object) for this model: ORGBENCH_RESPONSE_FORMAT=none sends no response format and asks for the JSON in the prompt only",
    )
    expect(classifyError(schema, undefined, 'https://api.example.com/v1', context('none')).message).toBe('400 response_format` json_schema is not supported with this model')
    const temperature = APIError.generate(400, { error: { message: "Unsupported value: 'temperature' does not support 0 with this model.", param: 'temperature' } }, undefined, new Headers())
    expect(classifyError(temperature, undefined, 'https://api.example.com/v1', { timeoutMs: 1, attempts: 1, model: 'my-o3' }).message).toBe(
      "400 Unsupported value: 'temperature' does not support 0 with this model; a reasoning model refuses max_tokens and a temperature: if my-o3 is one, name it in ORGBENCH_REASONING_MODELS (e.g. auto,my-o3) to send it max_completion_tokens and no temperature",
    )
    const seed = APIError.generate(400, { error: { message: "Unsupported parameter: 'seed'", param: 'seed' } }, undefined, new Headers())
    expect(classifyError(seed, undefined).message).toBe("400 Unsupported parameter: 'seed'")
  })

  test('a 429 for a used-up quota says so, and that it is not retried', () => {
    const quota = APIError.generate(429, { error: { message: 'You exceeded your current quota.', type: 'insufficient_quota', code: 'insufficient_quota' } }, undefined, new Headers())
    expect(classifyError(quota, undefined).message).toMatch(/^429 You exceeded your current quota; the account's quota or credit is used up \(insufficient_quota\): not retried/)
    expect(retryDelayFor(classifyError(quota, undefined), quota, 1, 0)).toBeNull()
  })

  describe('an error body is quoted within bounds', () => {
    const page = (title: string) => `<!DOCTYPE html>\n<html><head><title>${title}</title></head>\n<body>\n${'<p>Cloudflare could not reach the origin server. Please try again in a few minutes.</p>\n'.repeat(250)}</body></html>`
    const html = (status: number, body: string) => APIError.generate(status, undefined, body, new Headers({ 'content-type': 'text/html; charset=UTF-8' }))

    test('an HTML page: its status, content type, size and title, and the endpoint; never the page itself', () => {
      const body = page('502: Bad gateway')
      const message = classifyError(html(502, body), undefined, 'https://user:pw@llm.example.com/v1').message
      expect(message).toBe(`502 (text/html page, ${Math.round(Buffer.byteLength(body) / 1024)} KB: "502: Bad gateway") (endpoint https://llm.example.com/v1)`)
    })

    test('a page without a title is quoted by its first line of text, cut to 200 characters', () => {
      const body = `<html><body>\n<h1>${'Service unavailable '.repeat(20)}</h1>\n<p>more</p></body></html>`
      const message = classifyError(html(503, body), undefined).message
      expect(message).toBe(`503 (text/html page, ${Buffer.byteLength(body)} bytes: "${'Service unavailable '.repeat(10).slice(0, 199)}…")`)
    })

    test('a long body of plain text is described the same way; a short line of it is kept as it is', () => {
      const long = APIError.generate(500, undefined, `upstream failed\n${'stack frame\n'.repeat(500)}`, new Headers({ 'content-type': 'text/plain' }))
      expect(classifyError(long, undefined).message).toBe('500 (text/plain body, 6 KB: "upstream failed")')
      expect(classifyError(APIError.generate(502, undefined, 'Bad Gateway', new Headers()), undefined).message).toBe('502 Bad Gateway')
    })

    test('a JSON error keeps its own message, cut at 500 characters', () => {
      const long = APIError.generate(400, { error: { message: `Invalid schema: ${'x'.repeat(5_000)}` } }, undefined, new Headers())
      const message = classifyError(long, undefined).message
      expect(message).toHaveLength(500)
      expect(message).toMatch(/^400 Invalid schema: x+…$/)
    })

    test('a key echoed where the cut falls is removed before the cut: no part of it is left, a short one included', () => {
      // A key of no provider's shape, which only its registration can catch; the cut falls 6 characters into it.
      const key = 'clipkey7f3c9d2e1b4a8f6e0d5c3b2a19C3'
      new Secret(key)
      const filler = `Unauthorized: ${'x'.repeat(453)} presented credential `
      const long = APIError.generate(401, { error: { message: `${filler}${key} is not valid` } }, undefined, new Headers())
      const message = classifyError(long, undefined).message
      expect(message).toMatch(/presented credential \[redac/)
      expect(message).not.toContain(key.slice(0, 6))
      // The same in an HTML page's title cut to 200 characters, and in a key with a "<" that stripping the tags would split.
      const odd = 'oddkey<7f3c9d2e1b4a8f6e0d5c3b2a>x'
      new Secret(odd)
      expect(classifyError(html(502, page(`Bad gateway ${'y'.repeat(180)} ${key} end`)), undefined).message).not.toMatch(/clipke/)
      const stripped = classifyError(html(500, `<html><body>Gateway error; auth ${odd}</body></html>`), undefined).message
      expect(stripped).toContain('auth [redacted]')
      expect(stripped).not.toContain('oddkey')
    })

    test('when the retries run out, the endpoint is named once', () => {
      const e = html(502, page('Bad gateway'))
      const failure = exhaustedFailure(classifyError(e, undefined, 'https://llm.example.com/v1'), e, { attempts: 4, retries: 3, baseURL: 'https://llm.example.com/v1' })
      expect(failure.message).toMatch(/^502 \(text\/html page, \d+ KB: "Bad gateway"\) \(endpoint https:\/\/llm\.example\.com\/v1\); 4 attempt\(s\) made \(ORGBENCH_RETRIES=3\)$/)
    })
  })

  test('anything thrown while the test is being cancelled is an abort', () => {
    expect(classifyError(new Error('socket hang up'), AbortSignal.abort()).kind).toBe('aborted')
  })
})

describe('replies', () => {
  test('a 2xx without choices is a malformed body', () => {
    expect(malformedReply(undefined)?.kind).toBe('malformed_body')
    expect(malformedReply({ choices: [] })?.kind).toBe('malformed_body')
    expect(malformedReply({ choices: [{ message: { content: 'x' } }] })).toBeNull()
  })

  test('length first, then a refusal, then a reply stopped early, then empty; otherwise usable', () => {
    expect(unusableReply('cut', 'length', 100)).toMatchObject({ kind: 'truncated', message: 'output reached max_tokens=100 and was cut off; ORGBENCH_MAX_OUTPUT_TOKENS gives replies more room' })
    expect(unusableReply('cut', 'length', 8192, null, 8192)).toMatchObject({ kind: 'truncated', message: 'output reached max_tokens=8192 and was cut off; ORGBENCH_MAX_OUTPUT_TOKENS gives replies more room' })
    // Cut long before the cap (vLLM at max_model_len, a provider's lower output cap): raising the cap changes nothing.
    expect(unusableReply('cut', 'length', 8192, null, 900)).toMatchObject({
      kind: 'truncated',
      message: 'the reply was cut off after 900 output tokens, below max_tokens=8192 (finish_reason "length"): the model\'s context window (prompt and output together) or the provider\'s own output cap ended it, which a larger ORGBENCH_MAX_OUTPUT_TOKENS does not change; a model with a larger context window does',
    })
    expect(unusableReply('', 'stop', 100, 'I cannot help')).toMatchObject({ kind: 'refused', message: 'the model refused to answer: "I cannot help"' })
    expect(unusableReply('part', 'content_filter', 100)).toMatchObject({ kind: 'filtered', message: 'the provider\'s content filter stopped the reply (finish_reason "content_filter") after part of the reply, which is not used' })
    expect(unusableReply('part', 'error', 100)).toMatchObject({ kind: 'incomplete', message: 'the endpoint ended the reply early (finish_reason "error") after part of the reply, which is not used' })
    expect(unusableReply('part', 'tool_calls', 100)?.kind).toBe('incomplete')
    // A server's own name for a natural end (TGI's eos_token, upper case) is a finished reply, never a paid retry.
    for (const reason of ['eos_token', 'STOP', 'End_Turn', 'some_new_server_name']) expect(unusableReply('done', reason, 100)).toBeNull()
    expect(unusableReply('part', 'model_length', 100)).toMatchObject({ kind: 'truncated', message: `the reply reached the model's context limit and was cut off (finish_reason "model_length")` })
    expect(unusableReply('part', 'SAFETY', 100)?.kind).toBe('filtered')
    expect(unusableReply('part', 'Error', 100)?.kind).toBe('incomplete')
    expect(unusableReply('  \n', 'stop', 100)?.kind).toBe('empty')
    for (const finish of ['stop', null, 'eos', 'end_turn', 'stop_sequence']) expect(unusableReply('fine', finish, 100)).toBeNull()
  })
})

describe('retryDelayFor', () => {
  test('transport and reply faults, a reply that echoed the key among them, are retried with backoff', () => {
    for (const kind of ['malformed_body', 'body_read', 'empty', 'incomplete', 'echoed_key'] as const) {
      const d = retryDelayFor(fault(kind), null, 1, 0, 100)!
      expect(d).toBeGreaterThan(74)
      expect(d).toBeLessThanOrEqual(100)
    }
  })

  test('a truncated reply is retried once, at once', () => {
    expect(retryDelayFor(fault('truncated'), null, 1, 1)).toBe(0)
    expect(retryDelayFor(fault('truncated'), null, 2, 2)).toBeNull()
  })

  test('what only the caller can fix is never retried', () => {
    for (const kind of ['context_truncated', 'parse', 'aborted', 'budget', 'cache_miss', 'gateway', 'refused', 'filtered'] as const) expect(retryDelayFor(fault(kind), null, 1, 0)).toBeNull()
    expect(retryDelayFor(fault('api', 400), APIError.generate(400, { message: 'bad' }, undefined, new Headers()), 1, 0)).toBeNull()
  })

  test('HTTP errors keep their own rules: Retry-After is honoured', () => {
    const e = APIError.generate(429, { message: 'slow down' }, undefined, new Headers({ 'retry-after': '2' }))
    expect(retryDelayFor(fault('api', 429), e, 1, 0)).toBe(2000)
  })
})

describe('exhaustedFailure: a failure retries did not overcome says what to change', () => {
  const context = { attempts: 4, retries: 3, baseURL: 'https://user:secret@api.example.com/v1?key=k' }
  const api = (status: number, message: string): CallError => ({ kind: 'api', class: 'APIError', status, message })
  const http = (status: number, headers: Record<string, string> = {}) => APIError.generate(status, { message: `status ${status}` }, undefined, new Headers(headers))

  test('a 429: the attempts, the limits to lower and the endpoint, never its user info or query', () => {
    expect(exhaustedFailure(api(429, '429 rate limited'), http(429), context).message).toBe(
      "429 rate limited; 4 attempt(s) made (ORGBENCH_RETRIES=3); lower ORGBENCH_RPM, ORGBENCH_TPM or ORGBENCH_MAX_CONCURRENCY to the endpoint's limits, or raise ORGBENCH_RETRIES (endpoint https://api.example.com/v1)",
    )
  })
  test('a Retry-After longer than orgbench waits is named with the wait each retry had', () => {
    expect(exhaustedFailure(api(429, '429 rate limited'), http(429, { 'retry-after': '120' }), context).message).toContain(
      '; 4 attempt(s) made (ORGBENCH_RETRIES=3); the endpoint asked to wait 120 s (Retry-After); orgbench waits at most 60 s before a retry; lower ORGBENCH_RPM',
    )
    expect(exhaustedFailure(api(429, '429 rate limited'), http(429, { 'retry-after': '3' }), context).message).not.toContain('Retry-After')
  })
  test('a message that ends its sentence is joined to what follows without doubled punctuation', () => {
    expect(exhaustedFailure(api(500, '500 The server had an error processing your request.'), http(500), context).message).toBe(
      '500 The server had an error processing your request; 4 attempt(s) made (ORGBENCH_RETRIES=3) (endpoint https://api.example.com/v1)',
    )
  })
  test('a 5xx and a broken body: the attempts and the endpoint', () => {
    expect(exhaustedFailure(api(500, '500 upstream exploded'), http(500), context).message).toBe('500 upstream exploded; 4 attempt(s) made (ORGBENCH_RETRIES=3) (endpoint https://api.example.com/v1)')
    const cut: CallError = { kind: 'body_read', class: 'BodyReadError', status: null, message: 'the response body could not be read' }
    expect(exhaustedFailure(cut, null, { ...context, attempts: 1, retries: 0 }).message).toBe('the response body could not be read; 1 attempt(s) made (ORGBENCH_RETRIES=0) (endpoint https://api.example.com/v1)')
  })
  test('a timeout already says its attempts and endpoint; a connection error its endpoint', () => {
    const timeout: CallError = { kind: 'timeout', class: 'APIConnectionTimeoutError', status: null, message: 'no reply within 2000 ms (ORGBENCH_TIMEOUT_MS, per attempt); 4 attempt(s) made (endpoint https://api.example.com/v1)' }
    expect(exhaustedFailure(timeout, null, context)).toBe(timeout)
    const refused: CallError = { kind: 'connection', class: 'APIConnectionError', status: null, message: 'Connection error. (endpoint https://api.example.com/v1)' }
    expect(exhaustedFailure(refused, null, context).message).toBe('Connection error. (endpoint https://api.example.com/v1); 4 attempt(s) made (ORGBENCH_RETRIES=3)')
  })
})
