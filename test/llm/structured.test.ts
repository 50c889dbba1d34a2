import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { Ledger } from '../../lib/llm/ledger.js'
import { markParseFailure, parseStructured, withoutThinkBlock } from '../../lib/llm/structured.js'
import { Secret } from '../../lib/secret.js'
import { callRecord } from '../support/calls.js'

const Answer = z.object({ answer: z.string() })

describe('parseStructured', () => {
  test('accepts JSON that matches, also inside a markdown fence', () => {
    expect(parseStructured('{"answer":"x"}', Answer)).toEqual({ ok: true, value: { answer: 'x' } })
    expect(parseStructured('```json\n{"answer":"y"}\n```', Answer)).toEqual({ ok: true, value: { answer: 'y' } })
  })

  test('finds the JSON a model wrote amid prose: one fenced block of any tag case, or the outermost object', () => {
    const cases = [
      '```JSON\n{"answer":"x"}\n```',
      '```json\n{"answer":"x"}\n```\n\nThe review above covers all fourteen pull requests.',
      'Here is the JSON you asked for:\n\n```json\n{"answer":"x"}\n```\n\nLet me know if you need anything else.',
      'Here is the result: {"answer":"x"}',
      'Sure. {"answer":"x"}\nI hope this evaluation helps.',
      '```\n{"answer":"x"}\n```',
    ]
    for (const text of cases) expect(parseStructured(text, Answer)).toEqual({ ok: true, value: { answer: 'x' } })
  })

  test('a reply with no parseable object is still not valid JSON, named with the error of the whole reply', () => {
    expect(parseStructured('Here is the JSON: {"answer": "x"', Answer)).toMatchObject({ ok: false, message: expect.stringMatching(/^not valid JSON \(Unexpected token 'H'/) })
    // Two fences: which one is the answer is not guessed; the outermost object spans both and is not JSON.
    expect(parseStructured('```json\n{"answer":"a"}\n```\nor\n```json\n{"answer":"b"}\n```', Answer).ok).toBe(false)
  })

  test('says why a reply cannot be used: not JSON, or which field breaks the schema', () => {
    expect(parseStructured('{"answer":', Answer)).toMatchObject({ ok: false, message: expect.stringMatching(/^not valid JSON \(/) })
    expect(parseStructured('{"answer":3}', Answer)).toMatchObject({ ok: false, message: expect.stringMatching(/^does not match the schema \(answer: /) })
  })
})

describe('withoutThinkBlock', () => {
  test('removes one leading <think>…</think> block and the space after it, however long, across lines', () => {
    expect(withoutThinkBlock('<think>hmm</think>\n{"answer":"x"}')).toBe('{"answer":"x"}')
    expect(withoutThinkBlock(`  \n<think>\n${'step\n'.repeat(1000)}</think>\n\n# Plan`)).toBe('# Plan')
    // Only the first block: a second one is the model's answer, whatever it holds.
    expect(withoutThinkBlock('<think>a</think><think>b</think>ok')).toBe('<think>b</think>ok')
  })
  test('leaves a reply without a leading block as it is: a tag later in the text, an unclosed trace', () => {
    for (const text of ['{"answer":"<think>x</think>"}', 'see <think>x</think>', '<think>cut off before the answer', '']) expect(withoutThinkBlock(text)).toBe(text)
  })
})

describe('markParseFailure', () => {
  test('turns the call into a parse error keeping its raw text, redacted', () => {
    const key = new Secret('sk-structured-canary-0123')
    const ledger = new Ledger()
    ledger.record(callRecord({ id: 'c001' }))
    const error = markParseFailure(ledger, 'c001', 'not valid JSON', `echo ${key.reveal()}`)
    expect(error).toEqual({ kind: 'parse', class: 'StructuredOutputError', status: null, message: 'not valid JSON' })
    expect(ledger.calls[0]).toMatchObject({ error, rawOnError: 'echo [redacted]' })
  })
})
