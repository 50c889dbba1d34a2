import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { encodeChatBody } from '../../lib/llm/request-body.js'
import { responseFormatOf } from '../../lib/llm/response-format.js'
import { partsMessage } from '../../lib/llm/parts-message.js'
import { shareText } from '../../lib/llm/shared-json.js'
import { contentReads } from '../support/content-reads.js'

/** A long text with characters JSON escapes, as a shared opening. */
const opening = (name: string) => `# ${name}\n${'Material with "quotes", back\\slashes, tabs\t, é—€, \u2028 and 😀.\n'.repeat(40)}`

/** What the client sent before: JSON.stringify of the body object, seed and format only when given (a reasoning model: max_completion_tokens, no temperature). */
function plain(b: Parameters<typeof encodeChatBody>[0]): Buffer {
  return Buffer.from(
    JSON.stringify({
      model: b.model,
      messages: b.messages,
      ...(b.reasoning ? { max_completion_tokens: b.maxTokens } : { max_tokens: b.maxTokens, temperature: b.temperature }),
      ...(b.seed !== undefined ? { seed: b.seed } : {}),
      ...(b.responseFormat ? { response_format: b.responseFormat } : {}),
    }),
  )
}

const bytes = (b: Parameters<typeof encodeChatBody>[0]) => {
  const e = encodeChatBody(b)
  expect(e.length).toBe(e.pieces.reduce((n, p) => n + p.length, 0))
  return Buffer.concat(e.pieces)
}

describe('encodeChatBody', () => {
  const task = opening('request body task')
  shareText(task)

  it('writes exactly the bytes of JSON.stringify of the body, with and without seed and response format', () => {
    const format = responseFormatOf(z.object({ verdict: z.enum(['a', 'b']), reasons: z.array(z.string()) }), 'verdict')
    const messages = [{ role: 'system' as const, content: 'You are "careful".' }, { role: 'user' as const, content: `${task}\n\n## Your assignment\nDo it.` }]
    for (const b of [
      { model: 'sim-strong', messages, maxTokens: 100, temperature: 0 },
      { model: 'sim-strong', messages, maxTokens: 100, temperature: 0.7, seed: 42 },
      { model: 'm', messages, maxTokens: 5, temperature: 0, seed: 0, responseFormat: format },
      { model: 'm', messages: [], maxTokens: 5, temperature: 0 },
    ]) expect(bytes(b).equals(plain(b))).toBe(true)
  })

  it('for a reasoning model writes max_completion_tokens in place of max_tokens and no temperature', () => {
    const format = responseFormatOf(z.object({ x: z.number() }), 'x')
    const messages = [{ role: 'user' as const, content: `${task}go` }]
    for (const b of [
      { model: 'o3', messages, maxTokens: 100, temperature: 0, reasoning: true },
      { model: 'gpt-5', messages, maxTokens: 100, temperature: 0, reasoning: true, seed: 3, responseFormat: format },
      { model: 'gpt-4.1', messages, maxTokens: 100, temperature: 0, reasoning: false, seed: 3 },
    ]) expect(bytes(b).equals(plain(b))).toBe(true)
    expect(bytes({ model: 'o3', messages: [], maxTokens: 7, temperature: 0, reasoning: true }).toString()).toBe('{"model":"o3","messages":[],"max_completion_tokens":7}')
  })

  it('writes any other message as JSON.stringify does: extra fields, parts, toJSON, holes', () => {
    class Custom {
      toJSON() {
        return { role: 'user', content: 'from toJSON' }
      }
    }
    const messages = [
      { role: 'user', name: 'alice', content: `${task}tail` },
      { content: 'content first', role: 'user' },
      { role: 'user', content: [{ type: 'text', text: task }] },
      { role: 'assistant', content: null },
      new Custom(),
      undefined,
    ] as never
    const b = { model: 'm', messages, maxTokens: 5, temperature: 0 }
    expect(bytes(b).equals(plain(b))).toBe(true)
  })

  it('reuses the shared opening bytes and names the head before it: the text up to the opening and its serial', () => {
    const b = { model: 'm', messages: [{ role: 'system' as const, content: 'sys' }, { role: 'user' as const, content: `${task}rest` }, { role: 'user' as const, content: `${task}again` }], maxTokens: 5, temperature: 0 }
    const e = encodeChatBody(b)
    expect(e.head?.text).toBe('{"model":"m","messages":[{"role":"system","content":"sys"},{"role":"user","content":"')
    expect(e.pieces[0]!.toString()).toBe(e.head!.text)
    expect(e.pieces[1]!.toString()).toBe(JSON.stringify(task).slice(1, -1))
    // The second quote of the task reuses the same bytes, after the head.
    expect(e.pieces.filter((p) => p === e.pieces[1])).toHaveLength(2)
    expect(Buffer.concat(e.pieces).equals(plain(b))).toBe(true)
  })

  it('writes a message made of parts as the JSON of its joined content, from the parts, never reading its content', () => {
    const halfPair = opening('ends in half a pair') + '😀'[0]
    // shareText refuses an opening that ends in half a surrogate pair.
    shareText(halfPair)
    const cases: Array<[string, string]> = [
      [task, '\n\n## Your assignment\nDo it.'],
      [task, '"\\\t\u0001\u2028 a rest that opens with characters JSON escapes'],
      [task, ''],
      [halfPair, `${'😀'[1]} the pair, split between the parts`],
      [halfPair, 'a lone half before it'],
      [opening('never shared'), '\n\nrest'],
      ['', 'only a rest'],
    ]
    for (const [first, rest] of cases) {
      const parts = [{ role: 'system' as const, content: 'sys' }, partsMessage('user', first, rest)]
      const counter = contentReads()
      counter.watch(parts)
      const b = { model: 'm', messages: parts, maxTokens: 5, temperature: 0, seed: 2 }
      const written = bytes(b)
      expect(counter).toMatchObject({ watched: 1, reads: 0 })
      expect(written.equals(plain({ ...b, messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: first + rest }] }))).toBe(true)
    }
  })

  it('a message made of parts has the head and the shared bytes of the same message written whole', () => {
    const whole = encodeChatBody({ model: 'm', messages: [{ role: 'system', content: 'sys' }, { role: 'user', content: `${task}rest` }], maxTokens: 5, temperature: 0 })
    const parts = encodeChatBody({ model: 'm', messages: [{ role: 'system', content: 'sys' }, partsMessage('user', task, 'rest')], maxTokens: 5, temperature: 0 })
    expect(parts.head).toEqual(whole.head)
    expect(parts.pieces[1]).toBe(whole.pieces[1])
    expect(Buffer.concat(parts.pieces).equals(Buffer.concat(whole.pieces))).toBe(true)
  })

  it('a message made of parts with another field, or a content set anew, is written as JSON.stringify writes it', () => {
    const named = Object.assign(partsMessage('user', task, 'rest'), { name: 'alice' })
    const replaced = partsMessage('user', task, 'rest')
    replaced.content = 'replaced'
    const b = { model: 'm', messages: [named, replaced] as never, maxTokens: 5, temperature: 0 }
    expect(bytes(b).equals(plain(b))).toBe(true)
    expect(bytes(b).toString()).toContain('"name":"alice"')
  })

  it('has no head when no message opens with a shared text, and encodes a response format once', () => {
    const format = responseFormatOf(z.object({ x: z.number() }), 'x')
    const b = { model: 'm', messages: [{ role: 'user' as const, content: 'short' }], maxTokens: 5, temperature: 0, responseFormat: format }
    const one = encodeChatBody(b)
    const two = encodeChatBody(b)
    expect(one.head).toBeNull()
    expect(one.pieces[1]).toBe(two.pieces[1])
    expect(one.pieces[1]!.toString()).toBe(JSON.stringify(format))
  })
})
