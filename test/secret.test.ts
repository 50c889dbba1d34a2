import { format, inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { Secret } from '../lib/secret.js'

describe('Secret', () => {
  const key = 'sk-live-abcdef123456'
  const secret = new Secret(key)

  test('reveal() returns the key, for the HTTP client only', () => {
    expect(secret.reveal()).toBe(key)
  })

  test('every way of printing it shows "[redacted]"', () => {
    expect(JSON.stringify({ apiKey: secret })).toBe('{"apiKey":"[redacted]"}')
    expect(String(secret)).toBe('[redacted]')
    expect(`key=${secret}`).toBe('key=[redacted]')
    expect(inspect(secret)).toBe('[redacted]')
    expect(inspect({ nested: { secret } }, { depth: 5 })).toBe("{ nested: { secret: [redacted] } }")
    expect(format('%s %o %O %j', secret, secret, secret, { secret })).toBe('[redacted] [redacted] [redacted] {"secret":"[redacted]"}')
  })

  test('the key is not an enumerable property, so spreading or listing keys does not copy it', () => {
    expect(Object.keys(secret)).toEqual([])
    expect(JSON.stringify({ ...secret })).toBe('{}')
    expect(Object.getOwnPropertyNames(secret)).toEqual([])
  })
})
