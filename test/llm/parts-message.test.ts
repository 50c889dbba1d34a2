import { describe, expect, it } from 'vitest'
import { messageParts, partsMessage } from '../../lib/llm/parts-message.js'
import { contentReads } from '../support/content-reads.js'

const opening = `# Task\n${'A contract – with ‘quotes’ and "escapes"\n'.repeat(50)}`
const rest = '\n\n## Your assignment\nReview it.'

describe('partsMessage', () => {
  it('is a { role, content } message whose content is opening + rest, as a plain one is', () => {
    const m = partsMessage('user', opening, rest)
    const plain = { role: 'user', content: opening + rest }
    expect(m.content).toBe(plain.content)
    expect(Object.keys(m)).toEqual(['role', 'content'])
    expect(Object.getPrototypeOf(m)).toBe(Object.prototype)
    expect(JSON.stringify(m)).toBe(JSON.stringify(plain))
    expect(JSON.stringify([m, { role: 'system', content: 'x' }])).toBe(JSON.stringify([plain, { role: 'system', content: 'x' }]))
    expect(m).toEqual(plain)
    expect(m).toStrictEqual(plain)
    expect(Object.entries(m)).toEqual(Object.entries(plain))
  })

  it('copies, spread or cloned, are plain messages with the joined content and no parts', () => {
    const m = partsMessage('user', opening, rest)
    for (const copy of [{ ...m }, Object.assign({}, m), structuredClone(m)]) {
      expect(Object.getOwnPropertyDescriptor(copy, 'content')).toMatchObject({ value: opening + rest, writable: true, enumerable: true })
      expect(messageParts(copy)).toBeNull()
    }
  })

  it('keeps its parts, and joins them only when its content is read, once', () => {
    const m = partsMessage('system', opening, rest)
    expect(messageParts(m)).toEqual({ opening, rest })
    expect(messageParts(m)!.opening).toBe(opening)
    const counter = contentReads()
    counter.watch([m])
    expect(counter).toMatchObject({ watched: 1, reads: 0 })
    const first = m.content
    expect(m.content).toBe(first)
    expect(counter.reads).toBe(2)
    // The symbol the parts sit under is not among the message's visible keys.
    expect(Object.getOwnPropertySymbols(m).every((s) => !Object.getOwnPropertyDescriptor(m, s)!.enumerable)).toBe(true)
  })

  it('a content set anew replaces the parts: the message is then a plain one', () => {
    const m = partsMessage('user', opening, rest)
    m.content = 'something else'
    expect(m.content).toBe('something else')
    expect(messageParts(m)).toBeNull()
    expect(Object.keys(m)).toEqual(['role', 'content'])
    expect(JSON.stringify(m)).toBe('{"role":"user","content":"something else"}')
  })

  it('messageParts is null for anything not made by partsMessage', () => {
    for (const v of [{ role: 'user', content: opening + rest }, null, undefined, 'text', 3, [opening, rest]]) expect(messageParts(v)).toBeNull()
  })
})
