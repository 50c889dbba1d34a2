import { APIError } from 'openai'
import { describe, expect, test } from 'vitest'
import { contentText, inBandError, refusalText, refusedFailure } from '../../lib/llm/reply-content.js'

describe('contentText', () => {
  test('a string is the text; null or absent is no text', () => {
    expect(contentText('hello')).toEqual({ text: 'hello', failure: null })
    expect(contentText(null)).toEqual({ text: '', failure: null })
    expect(contentText(undefined)).toEqual({ text: '', failure: null })
  })

  test('an array of parts is its text parts joined, in order; other parts are left out', () => {
    expect(contentText([{ type: 'thinking', thinking: 'x' }, { type: 'text', text: 'a' }, { type: 'image_url' }, { type: 'text', text: 'b' }])).toEqual({ text: 'ab', failure: null })
  })

  test('an array without a text part is empty, naming its parts; another shape is a malformed body', () => {
    expect(contentText([{ type: 'thinking' }, 'x'])).toMatchObject({ text: '', failure: { kind: 'empty', message: expect.stringContaining('(parts: thinking, string)') } })
    expect(contentText([])).toMatchObject({ failure: { kind: 'empty', message: expect.stringContaining('(parts: none)') } })
    expect(contentText(42)).toMatchObject({ failure: { kind: 'malformed_body', message: "the reply's content is neither a string nor an array of parts (number)" } })
  })
})

describe('refusals', () => {
  test('a non-empty refusal string is read; anything else is none', () => {
    expect(refusalText({ content: null, refusal: 'No.' })).toBe('No.')
    for (const message of [{ refusal: null }, { refusal: '  ' }, { refusal: 3 }, null, 'x']) expect(refusalText(message)).toBeNull()
  })

  test('a long refusal is quoted cut short in the message', () => {
    const message = refusedFailure('r'.repeat(1_000)).message
    expect(message.length).toBeLessThan(340)
    expect(message).toMatch(/r…"$/)
  })
})

describe('inBandError', () => {
  test('an error object without choices is the SDK error of its code, with metadata.raw and the provider named', () => {
    const e = inBandError({ error: { message: 'Provider returned error', code: 429, metadata: { provider_name: 'P', raw: { detail: 'slow down' } } } })
    expect(e).toBeInstanceOf(APIError)
    expect(e).toMatchObject({ status: 429, message: '429 Provider returned error (P: {"detail":"slow down"})' })
    expect(inBandError({ error: { message: 'down', code: '503' } })).toMatchObject({ status: 503 })
  })

  test('a code that is not an HTTP error status gives an error without a status', () => {
    expect(inBandError({ error: { message: 'bad model', code: 'model_not_found' } })).toMatchObject({ status: undefined, message: 'bad model' })
  })

  test('a completion, or an error beside choices, is not an in-band error', () => {
    expect(inBandError({ choices: [{ message: { content: 'x' } }] })).toBeNull()
    expect(inBandError({ error: { message: 'x' }, choices: [{ message: { content: 'x' } }] })).toBeNull()
    expect(inBandError(null)).toBeNull()
  })
})
