import { format, inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { MIN_SECRET_LENGTH, redact } from '../lib/redact.js'
import { NO_KEY, Secret } from '../lib/secret.js'

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

  test('a key of the shortest length the redactor takes is removed from text', () => {
    const shortest = 'k'.repeat(MIN_SECRET_LENGTH - 1) + '8'
    new Secret(shortest)
    expect(redact(`Incorrect API key: ${shortest}`)).toBe('Incorrect API key: [redacted]')
  })

  test('the placeholder sent when no key is configured is no secret: held, but never removed from text', () => {
    expect(new Secret(NO_KEY).reveal()).toBe('no-key-needed')
    expect(redact('Set the header to no-key-needed when the gateway is open.')).toBe('Set the header to no-key-needed when the gateway is open.')
  })
})
