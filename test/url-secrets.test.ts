import { describe, expect, test } from 'vitest'
import { redact } from '../lib/redact.js'
import { looksLikeToken, registerUrlSecrets, urlSecrets } from '../lib/url-secrets.js'

describe('the parts of an endpoint URL where a key may hide', () => {
  test('a password, a credential-named query value, and token-like path pieces, user names and query values', () => {
    expect(urlSecrets('https://apikey:s3cretpassword@llm.example.com/v1')).toEqual(['s3cretpassword'])
    expect(urlSecrets('https://llm.example.com/v1?key=short-ish-key&api_key=abc12345678')).toEqual(['short-ish-key', 'abc12345678'])
    expect(urlSecrets('http://127.0.0.1:8000/e500/pathkey7f3c9d2e1b4a8f6e0d5c3bP2/v1')).toEqual(['pathkey7f3c9d2e1b4a8f6e0d5c3bP2'])
    // A matrix parameter, and a key pasted after a space (which the URL keeps as %20).
    expect(urlSecrets('http://127.0.0.1:1/v1;key=cfgkey7f3c9d2e1b4a8f6e0d5c3b2aCF')).toEqual(['cfgkey7f3c9d2e1b4a8f6e0d5c3b2aCF'])
    expect(urlSecrets('http://127.0.0.1:1/v1 key=cfgkey7f3c9d2e1b4a8f6e0d5c3b2aCF')).toEqual(['cfgkey7f3c9d2e1b4a8f6e0d5c3b2aCF'])
    expect(urlSecrets('https://gateway.example.com/v1/0123456789abcdef0123456789abcdef/gw/openai')).toEqual(['0123456789abcdef0123456789abcdef'])
  })

  test('names are not secrets: an API version, a deployment named after its model, the usual path words', () => {
    expect(urlSecrets('https://x.openai.azure.com/openai/deployments/gpt-4o-mini-2024-07-18?api-version=2024-06-01')).toEqual([])
    expect(urlSecrets('https://api.together.xyz/v1')).toEqual([])
    expect(urlSecrets('not a url')).toEqual([])
    for (const name of ['Meta-Llama-3.1-70B-Instruct-Turbo', 'mistral-large-latest', '2024-06-01', 'v1']) expect(looksLikeToken(name), name).toBe(false)
  })

  test('once registered, an endpoint that echoes them, and every message naming the endpoint, show [redacted]', () => {
    registerUrlSecrets('http://127.0.0.1:19301/e500/pathkey0a1b2c3d4e5f6a7b8c9d0eZ9/v1?key=querykey0a1b2c3d4e5f6a7b8Q9')
    expect(redact('500 (endpoint http://127.0.0.1:19301/e500/pathkey0a1b2c3d4e5f6a7b8c9d0eZ9/v1)')).toBe('500 (endpoint http://127.0.0.1:19301/e500/[redacted]/v1)')
    expect(redact('401 API key querykey0a1b2c3d4e5f6a7b8Q9 not valid')).toBe('401 API key [redacted] not valid')
    registerUrlSecrets(null)
  })
})

test("the configuration registers the agents' and the judge's endpoint URLs", async () => {
  const { loadConfig } = await import('../lib/config.js')
  loadConfig({ env: { ORGBENCH_BASE_URL: 'http://127.0.0.1:8000/v1?key=agentkey0a1b2c3d4e5f6a7b8A1', ORGBENCH_MODEL: 'm', ORGBENCH_JUDGE_BASE_URL: 'http://127.0.0.1:8001/v1?key=judgekey0a1b2c3d4e5f6a7b8J1', ORGBENCH_JUDGE_MODEL: 'j' } })
  expect(redact('agentkey0a1b2c3d4e5f6a7b8A1 judgekey0a1b2c3d4e5f6a7b8J1')).toBe('[redacted] [redacted]')
})
