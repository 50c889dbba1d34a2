import { describe, expect, test } from 'vitest'
import { messagesJson, rawMessages } from '../../lib/sim/raw-messages.js'

const messages = [
  { role: 'system', content: 'You are the Security Reviewer.\nQuote "exactly", keep \\ and \t tabs; é ü 中文 😀 \u2028 and \u007f.' },
  { role: 'user', content: [{ type: 'text', text: '```json\n{"a": [1, 2], "b": "x"}\n```' }], name: null, cache: true },
]

describe('rawMessages', () => {
  test('takes the messages verbatim from a body that JSON.stringify wrote, wherever they stand', () => {
    for (const body of [{ model: 'sim-strong', messages, seed: 3 }, { messages }, { response_format: { type: 'json_schema', json_schema: { schema: { required: ['x'] } } }, messages, temperature: 0.5 }]) {
      expect(rawMessages(JSON.stringify(body))).toBe(JSON.stringify(messages))
    }
  })

  test('gives up, rather than guess, on text JSON.stringify would write otherwise', () => {
    const cases = {
      'pretty-printed': JSON.stringify({ messages }, null, 2),
      'a \\u escape': '{"messages":[{"role":"user","content":"caf\\u00e9"}]}',
      'an escaped slash': '{"messages":[{"role":"user","content":"a\\/b"}]}',
      'a number': '{"messages":[{"role":"user","content":"x","n":1e3}]}',
      'a repeated key': '{"messages":[{"role":"user","role":"system","content":"x"}]}',
      'an array-index key': '{"messages":[{"role":"user","content":"x","1":"y"}]}',
      'a second messages key': '{"messages":[],"messages":[{"role":"user","content":"x"}]}',
      'a key spelt with an escape': '{"messages":[],"m\\u0065ssages":[{"role":"user","content":"x"}]}',
      'no messages at all': '{"model":"sim-strong"}',
    }
    for (const [what, raw] of Object.entries(cases)) expect(rawMessages(raw), what).toBeNull()
  })

  test('a space between tokens inside the messages disqualifies them; around other fields it does not', () => {
    expect(rawMessages('{"messages":[{"role": "user","content":"x"}]}')).toBeNull()
    expect(rawMessages('{ "model" : "m" , "messages":[{"role":"user","content":"x"}] }')).toBe('[{"role":"user","content":"x"}]')
  })
})

describe('messagesJson', () => {
  test('is always exactly JSON.stringify of the parsed messages, verbatim or re-encoded', () => {
    const bodies = [
      JSON.stringify({ model: 'm', messages }),
      JSON.stringify({ model: 'm', messages }, null, 1),
      '{"messages":[{"role":"user","content":"caf\\u00e9 \\/ \\u000a","1":2,"b":1.50}]}',
      '{"messages":[{"role":"user","role":"system","content":"x"}]}',
      '{"messages":[],"messages":[{"role":"user","content":"later wins"}]}',
    ]
    for (const raw of bodies) {
      const parsed = JSON.parse(raw) as { messages: unknown }
      expect(messagesJson(raw, parsed)).toBe(JSON.stringify(parsed.messages))
    }
  })
})
