import { describe, expect, it } from 'vitest'
import { JsonWriter, shareText } from '../../lib/llm/shared-json.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { compose, taskBlock } from '../../lib/topologies/prompts.js'

/** A long text that ends with `end`, as a shared opening. */
const opening = (name: string, end = '') => `# ${name}\n${'Material with "quotes", back\\slashes, tabs\t, é—€ and 😀.\n'.repeat(40)}${end}`
const plain = (value: unknown) => Buffer.from(JSON.stringify(value))

/** Writes any JSON value through JsonWriter, every string by JsonWriter.string. */
function write(w: JsonWriter, value: unknown): JsonWriter {
  if (typeof value === 'string') return w.string(value)
  if (Array.isArray(value)) {
    w.raw('[')
    value.forEach((v, i) => write(i > 0 ? w.raw(',') : w, v))
    return w.raw(']')
  }
  if (value !== null && typeof value === 'object') {
    w.raw('{')
    Object.entries(value).forEach(([k, v], i) => write(w.raw(`${i > 0 ? ',' : ''}${JSON.stringify(k)}:`), v))
    return w.raw('}')
  }
  return w.value(value)
}
const jsonPieces = (value: unknown) => write(new JsonWriter(), value).finish().pieces
const encodeJson = (value: unknown) => Buffer.concat(jsonPieces(value))

describe('shared JSON', () => {
  it('writes exactly JSON.stringify, in pieces that reuse a shared opening', () => {
    const task = opening('task one')
    shareText(task)
    const body = { model: 'm', messages: [{ role: 'system', content: 'short' }, { role: 'user', content: `${task}\n\n## Your assignment\nDo it.` }], max_tokens: 5, seed: 1 }
    const pieces = jsonPieces(body)
    expect(pieces).toHaveLength(3)
    expect(pieces[1]!.toString()).toBe(JSON.stringify(task).slice(1, -1))
    expect(Buffer.concat(pieces).equals(plain(body))).toBe(true)
    expect(encodeJson(body).equals(plain(body))).toBe(true)
  })

  it('continues the JSON across the opening whatever characters meet there', () => {
    const awkward = ['"', '\\', '\t', '\u0001', '\n', 'é', '—', '😀', '\u2028', '\udc00', '']
    for (const end of awkward) {
      const text = opening(`ends with ${JSON.stringify(end)}`, end)
      shareText(text)
      for (const start of awkward) {
        const value = { a: [`${text}${start} the rest`, text], b: { c: `${text}${start}` }, n: 3 }
        expect(encodeJson(value).equals(plain(value))).toBe(true)
      }
    }
  })

  it('never splits a surrogate pair: an opening ending in half of one is not shared', () => {
    const text = opening('half a pair', '😀'[0])
    shareText(text)
    const value = [`${text}${'😀'[1]} rest`]
    expect(jsonPieces(value)).toHaveLength(1)
    expect(encodeJson(value).equals(plain(value))).toBe(true)
  })

  it('uses the longest of several openings a string starts with, and leaves other strings alone', () => {
    const short = opening('nested')
    const long = `${short}\n\nand more that only some prompts have\n`
    shareText(short)
    shareText(long)
    const value = [`${long}tail`, `${short}other tail`, 'unrelated', opening('never shared')]
    const pieces = jsonPieces(value)
    expect(pieces[1]!.length).toBe(Buffer.byteLength(JSON.stringify(long).slice(1, -1)))
    expect(pieces[3]!.length).toBe(Buffer.byteLength(JSON.stringify(short).slice(1, -1)))
    expect(Buffer.concat(pieces).equals(plain(value))).toBe(true)
  })

  it('ignores short texts and keeps values that hold no shared opening in one piece', () => {
    shareText('too short to share')
    const value = { content: 'too short to share, and then some' }
    expect(jsonPieces(value)).toHaveLength(1)
    expect(encodeJson(value).equals(plain(value))).toBe(true)
  })

  it('shares the task block that opens every agent prompt', async () => {
    const task = (await loadRegistry()).get('contract_review_execution')
    const body = { model: 'm', messages: [{ role: 'user', content: compose(taskBlock(task), '## Your assignment\nReview it.') }] }
    const pieces = jsonPieces(body)
    expect(pieces[1]!.toString()).toBe(JSON.stringify(taskBlock(task)).slice(1, -1))
    expect(Buffer.concat(pieces).equals(plain(body))).toBe(true)
  })

  it('JsonWriter writes raw text, values, strings and kept bytes in order, naming the head before the first shared text', () => {
    const task = opening('writer')
    shareText(task)
    const kept = Buffer.from('{"kept":true}')
    const e = new JsonWriter().raw('[').value(1).raw(',').string('plain "text"').raw(',').string(`${task}tail`).raw(',').bytes(kept).raw(',').string(`${task}`).raw(']').finish()
    const expected = plain([1, 'plain "text"', `${task}tail`, { kept: true }, task])
    expect(Buffer.concat(e.pieces).equals(expected)).toBe(true)
    expect(e.length).toBe(expected.length)
    expect(e.head?.text).toBe('[1,"plain \\"text\\"","')
    expect(e.pieces[0]!.toString()).toBe(e.head!.text)
    // Kept bytes before any shared text: no head, since the bytes before the opening are not one text.
    expect(new JsonWriter().bytes(kept).raw(',').string(`${task}x`).finish().head).toBeNull()
  })

  it('JsonWriter.joined writes the JSON of opening + rest without joining them, whatever characters meet there', () => {
    const awkward = ['"', '\\', '\t', '\u0001', '\n', 'é', '—', '😀', '\u2028', '\ud800', '\udc00', '']
    for (const end of awkward) {
      // Shared when shareText takes it, and not shared (an opening ending in half a surrogate pair, or one never registered).
      const shared = opening(`joined, ends with ${JSON.stringify(end)}`, end)
      shareText(shared)
      const unshared = opening(`joined, never shared, ends with ${JSON.stringify(end)}`, end)
      for (const start of awkward) {
        for (const [first, rest] of [[shared, `${start} the rest`], [unshared, `${start} the rest`], [shared, start], ['', `${start}x`], ['short', `${start}x`]] as const) {
          const e = new JsonWriter().raw('[').joined(first, rest).raw(',').value(1).raw(']').finish()
          expect(Buffer.concat(e.pieces).equals(plain([first + rest, 1]))).toBe(true)
          expect(e.length).toBe(plain([first + rest, 1]).length)
        }
      }
    }
  })

  it('JsonWriter.joined keeps a surrogate pair split between opening and rest whole, as the joined text has it', () => {
    const text = opening('pair split between the parts', '😀'[0])
    shareText(text)
    const e = new JsonWriter().joined(text, `${'😀'[1]} rest`).finish()
    expect(Buffer.concat(e.pieces).toString()).toBe(JSON.stringify(`${text}${'😀'[1]} rest`))
    expect(Buffer.concat(e.pieces).toString()).toContain('😀')
  })

  it('JsonWriter.joined reuses the bytes of a shared opening, or of the longest shared text it opens with, and names the head', () => {
    const task = opening('joined head')
    shareText(task)
    const e = new JsonWriter().raw('{"a":').joined(task, '\n\n"rest"').raw('}').finish()
    expect(e.head).toMatchObject({ text: '{"a":"' })
    expect(e.pieces).toHaveLength(3)
    expect(e.pieces[1]!.toString()).toBe(JSON.stringify(task).slice(1, -1))
    expect(Buffer.concat(e.pieces).equals(plain({ a: `${task}\n\n"rest"` }))).toBe(true)
    // The same text in another string object is found as well; a longer opening by the shared text it starts with.
    const copy = [...task].join('')
    expect(new JsonWriter().joined(copy, 'x').finish().head).toMatchObject({ text: '"', serial: e.head!.serial })
    const longer = new JsonWriter().joined(`${task} and more`, 'x').finish()
    expect(longer.head?.serial).toBe(e.head!.serial)
    expect(Buffer.concat(longer.pieces).equals(plain(`${task} and morex`))).toBe(true)
    // The same head as the string written whole.
    expect(new JsonWriter().joined(task, 'rest').finish().head).toEqual(new JsonWriter().string(`${task}rest`).finish().head)
  })

  it('JsonWriter refuses a value that has no JSON instead of writing "undefined"', () => {
    expect(() => new JsonWriter().raw('{"max_tokens":').value(undefined)).toThrow(/undefined has no JSON/)
    expect(() => new JsonWriter().value(() => 1)).toThrow(/function has no JSON/)
  })
})
