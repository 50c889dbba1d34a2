import { describe, expect, test } from 'vitest'
import { needsRedaction, redact, redactDeep, redacted, registerSecret, withoutSecrets } from '../lib/redact.js'
import { Secret } from '../lib/secret.js'

describe('redact', () => {
  test('removes every key held in a Secret, wherever it appears', () => {
    const key = 'canary-9f8e7d6c5b4a'
    new Secret(key)
    expect(redact(`Incorrect API key provided: ${key}. Again: ${key}`)).toBe('Incorrect API key provided: [redacted]. Again: [redacted]')
  })

  test('removes a key held with surrounding whitespace in the form an HTTP header sends it: trimmed', () => {
    new Secret('canary-untrimmed-0123456789\n')
    expect(redact('Incorrect API key provided: canary-untrimmed-0123456789.')).toBe('Incorrect API key provided: [redacted].')
  })

  test('removes bearer tokens and key-shaped strings even when the key was never registered', () => {
    expect(redact('Authorization: Bearer abcdefgh12345678')).toBe('Authorization: Bearer [redacted]')
    expect(redact('key sk-proj-AbCdEf123456 leaked')).toBe('key [redacted key] leaked')
  })

  test('the sentence around a key keeps its punctuation: a key-shaped string never takes the period or dash after it', () => {
    expect(redact('Rotate sk-proj-AbCdEf123456. Then retry.')).toBe('Rotate [redacted key]. Then retry.')
    expect(redact('old key sk-live_abc123def-- now revoked')).toBe('old key [redacted key]-- now revoked')
  })

  test('leaves ordinary text, and values too short to be keys, alone', () => {
    registerSecret('short')
    expect(redact('a short sentence about keys and skills')).toBe('a short sentence about keys and skills')
  })

  test('withoutSecrets removes every key held in a Secret and leaves everything else as it is, the same string when it holds none', () => {
    const key = 'reply-canary-1a2b3c4d5e'
    new Secret(key)
    expect(withoutSecrets(`Your key is ${key}; a token looks like sk-proj-abcdef123456 or Bearer abcdefgh123`)).toBe('Your key is [redacted]; a token looks like sk-proj-abcdef123456 or Bearer abcdefgh123')
    const clean = 'nothing secret in here at all'
    expect(withoutSecrets(clean)).toBe(clean)
    // What the redactor later makes of a cleaned reply is what it makes of the reply itself.
    expect(redact(withoutSecrets(`key ${key}`))).toBe(redact(`key ${key}`))
  })

  test('redactDeep copies JSON-like values with every string redacted, keys included', () => {
    registerSecret('deep-secret-value-1')
    const input = { a: ['x deep-secret-value-1 y', 3, null], 'deep-secret-value-1': { b: true } }
    expect(redactDeep(input)).toEqual({ a: ['x [redacted] y', 3, null], '[redacted]': { b: true } })
    expect(input.a[0]).toBe('x deep-secret-value-1 y')
  })

  test('redacted returns a clean value itself, and a redacted copy of one that holds a secret', () => {
    registerSecret('deep-secret-value-2')
    const clean = { a: ['nothing here', 3], b: { c: 'Bearer-less text' } }
    expect(redacted(clean)).toBe(clean)
    const dirty = { a: ['nothing here'], b: { c: 'deep-secret-value-2' } }
    expect(redacted(dirty)).toEqual({ a: ['nothing here'], b: { c: '[redacted]' } })
    expect(redacted({ 'Bearer abcdefgh12345678': 1 })).toEqual({ 'Bearer [redacted]': 1 })
  })

  test('needsRedaction finds registered secrets, bearer tokens and key shapes', () => {
    registerSecret('deep-secret-value-3')
    expect(needsRedaction('x deep-secret-value-3')).toBe(true)
    expect(needsRedaction('authorization: bearer abcdefgh12345678')).toBe(true)
    expect(needsRedaction('key sk-proj-AbCdEf123456')).toBe(true)
    expect(needsRedaction('a sentence about skills and keys')).toBe(false)
  })

  test('needsRedaction agrees with the pattern of the shapes on short and long texts dense with near-misses', () => {
    // The shapes as one case-insensitive pattern, written out here as the reference.
    const reference = /\b(?:(?:sk|pk|rk|gsk|csk|xai)[-_][A-Za-z0-9_*\-.]{5,}[A-Za-z0-9_*]|(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,})/i
    const atoms = ['sk', 'SK', 'gsk', 'cSk', 'xai', 'XAI', 'pk', 'rk', 'k', 'i', '-', '_', 'bearer', 'BEARER', 'Basic', 'basi', ' ', '\t', '\n', 'a', 'Z', '0', '9', '.', '*', '/', '=', '~', '+', 'é', 'ok', ',']
    let seed = 17
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648
    let found = 0
    for (let n = 0; n < 3_000; n++) {
      let text = ''
      const length = 1 + Math.floor(next() * 24)
      for (let i = 0; i < length; i++) text += atoms[Math.floor(next() * atoms.length)]
      const expected = reference.test(text)
      if (expected) found++
      expect(needsRedaction(text), JSON.stringify(text)).toBe(expected)
    }
    // Both outcomes are well represented.
    expect(found).toBeGreaterThan(100)
    expect(found).toBeLessThan(2_900)
  })
})

describe('a key in another form than its own', () => {
  test('its JSON, URL and HTML escapes are removed like the key itself', () => {
    const key = 'zz/+b64=q"uo\\te<a&b>7f3c9d2e1b4a'
    new Secret(key)
    const echoed = `json=${JSON.stringify(key)} url=${encodeURIComponent(key)} html=${key.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;')}`
    expect(redact(echoed)).toBe('json="[redacted]" url=[redacted] html=[redacted]')
    expect(needsRedaction(`url=${encodeURIComponent(key)}`)).toBe(true)
  })

  test('what a cut left of its beginning (16 characters or more) is removed; its end (8 or more) too, as an endpoint that masks a key leaves it', () => {
    const key = 'tgp_v1_Q9x8w7v6u5t4s3r2q1p0o9n8'
    new Secret(key)
    expect(redact(`presented credential ${key.slice(0, 20)}…`)).toBe('presented credential [redacted]…')
    expect(redact(`Incorrect API key provided: ${key.slice(0, 6)}********${key.slice(-8)}.`)).toBe(`Incorrect API key provided: ${key.slice(0, 6)}********[redacted].`)
    expect(redact(`ends in ${key.slice(-12)} here`)).toBe('ends in [redacted] here')
    expect(needsRedaction(`masked …${key.slice(-8)}`)).toBe(true)
    // A provider's prefix that every key of it shares, and ordinary text, stay.
    expect(redact('keys of this provider start with tgp_v1_ and look alike')).toBe('keys of this provider start with tgp_v1_ and look alike')
    expect(redact(`too little of it: ${key.slice(0, 15)} and ${key.slice(-7)}`)).toBe(`too little of it: ${key.slice(0, 15)} and ${key.slice(-7)}`)
  })
})

test("a key made of words has no piece removed alone: a test's key 'sk-test-unexpected' leaves the word 'unexpected' in any text", () => {
  new Secret('sk-test-unexpected')
  expect(redact('an unexpected TypeError')).toBe('an unexpected TypeError')
  expect(redact('key sk-test-unexpected')).toBe('key [redacted]')
})

test('a key-shaped string is removed whole even where a registered key of the same provider shares its beginning', () => {
  new Secret('sk-proj-Q9x8w7v6u5t4s3r2q1p0AbCd')
  expect(redact('old key sk-proj-Q9x8w7v6u5t4zzzz0XYZ leaked')).toBe('old key [redacted key] leaked')
})

test("a made-up key counting up ('…0123456789') has no piece removed alone: its end is in ordinary numbers", () => {
  new Secret('gsk-judge-0123456789')
  expect(redact('call +49 30 0123456789 today')).toBe('call +49 30 0123456789 today')
})
