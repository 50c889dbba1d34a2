import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import type { ClientOptions } from '../../lib/llm/client.js'
import { judgeClient, sharedClient } from '../../lib/llm/clients.js'
import { tempDir } from '../support/temp.js'

/** What a client was built with (its constructor's options, kept privately). */
const optionsOf = (client: object) => (client as { options: ClientOptions }).options

const configWith = (env: Record<string, string> = {}) => {
  const dir = tempDir()
  return loadConfig({ env: { ORGBENCH_CACHE_DIR: dir, ...env }, cwd: dir })
}
const scope = { baseURL: 'http://127.0.0.1:41001/v1', gateway: null, runId: 'run-a', resumable: false }

describe('sharedClient', () => {
  test('one client per endpoint and run: the same scope and configuration get the same client', () => {
    const config = configWith()
    expect(sharedClient(config, scope)).toBe(sharedClient(config, { ...scope }))
  })

  test('another run, endpoint, resumability or setting gets a client of its own', () => {
    const config = configWith()
    const first = sharedClient(config, scope)
    expect(sharedClient(config, { ...scope, runId: 'run-b' })).not.toBe(first)
    expect(sharedClient(config, { ...scope, baseURL: 'http://127.0.0.1:41002/v1' })).not.toBe(first)
    expect(sharedClient(config, { ...scope, resumable: true })).not.toBe(first)
    expect(sharedClient({ ...config, responseFormat: 'none' }, scope)).not.toBe(first)
  })

  test("two keys on one endpoint do not share a client, and each client calls with its own", () => {
    const a = configWith({ ORGBENCH_BASE_URL: 'http://127.0.0.1:41003/v1', ORGBENCH_MODEL: 'm', ORGBENCH_API_KEY: 'sk-first-0123456789' })
    const b = configWith({ ORGBENCH_BASE_URL: 'http://127.0.0.1:41003/v1', ORGBENCH_MODEL: 'm', ORGBENCH_API_KEY: 'sk-second-0123456789' })
    const ca = sharedClient(a, { ...scope, baseURL: a.baseURL! })
    const cb = sharedClient(b, { ...scope, baseURL: b.baseURL! })
    expect(ca).not.toBe(cb)
    expect([optionsOf(ca).apiKey.reveal(), optionsOf(cb).apiKey.reveal()]).toEqual(['sk-first-0123456789', 'sk-second-0123456789'])
  })

  test('carries the configured timeout, retries, context check and response format to the client', () => {
    const config = configWith({ ORGBENCH_TIMEOUT_MS: '4321', ORGBENCH_RETRIES: '1', ORGBENCH_CONTEXT_CHECK: 'off', ORGBENCH_RESPONSE_FORMAT: 'json_object' })
    expect(optionsOf(sharedClient(config, scope))).toMatchObject({ baseURL: scope.baseURL, timeoutMs: 4321, retries: 1, contextCheck: false, responseFormat: 'json_object' })
  })
})

describe('judgeClient', () => {
  test("without an endpoint of its own, the judge shares the agents' client", () => {
    const config = configWith()
    expect(judgeClient(config, scope)).toBe(sharedClient(config, scope))
  })

  test("with its own endpoint, the judge calls there with its own key, and its cache identity is that endpoint's", () => {
    const config = configWith({ ORGBENCH_JUDGE_MODEL: 'judge-m', ORGBENCH_JUDGE_BASE_URL: 'http://judge.example:8000/v1', ORGBENCH_JUDGE_API_KEY: 'sk-judge-0123456789' })
    const judge = judgeClient(config, scope)
    expect(judge).not.toBe(sharedClient(config, scope))
    expect(optionsOf(judge)).toMatchObject({ baseURL: 'http://judge.example:8000/v1', endpoint: 'judge.example:8000/v1' })
    expect(optionsOf(judge).apiKey.reveal()).toBe('sk-judge-0123456789')
  })
})
