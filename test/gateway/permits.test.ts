import { describe, expect, it } from 'vitest'
import { contentChars, estimatePromptTokens, worstCaseUsd } from '../../lib/gateway/permits.js'
import { partsMessage } from '../../lib/llm/parts-message.js'
import { contentReads } from '../support/content-reads.js'

const opening = `# Task\n${'A clause – “quoted”.\n'.repeat(100)}`

describe('contentChars', () => {
  it('counts the characters of text contents, and the JSON of any other content', () => {
    expect(contentChars([{ content: 'abc' }, { content: '' }])).toBe(3)
    expect(contentChars([{ content: [{ type: 'text', text: 'hi' }] }])).toBe(JSON.stringify([{ type: 'text', text: 'hi' }]).length)
    expect(contentChars([{ content: null }, {}])).toBe(4)
  })

  it('counts a message made of parts by its parts, without joining them', () => {
    const m = partsMessage('user', opening, '\n\n## Your assignment\nGo.')
    const counter = contentReads()
    counter.watch([m])
    expect(contentChars([{ content: 'sys' }, m])).toBe(3 + opening.length + '\n\n## Your assignment\nGo.'.length)
    expect(counter.reads).toBe(0)
    expect(contentChars([m])).toBe(contentChars([{ content: m.content }]))
  })
})

describe('estimatePromptTokens', () => {
  it('is about three characters per token plus a few per message, the same for a message made of parts', () => {
    expect(estimatePromptTokens([{ content: 'x'.repeat(300) }])).toBe(100 + 4 + 3)
    expect(estimatePromptTokens([partsMessage('user', opening, 'rest')])).toBe(estimatePromptTokens([{ content: `${opening}rest` }]))
  })
})

describe('worstCaseUsd', () => {
  it('prices the estimated prompt and the whole output cap; null for a model without a price', () => {
    const prices = { m: { input: 1, output: 2, cachedInput: null, verifiedAt: '2026-01-01', source: 'test' } }
    expect(worstCaseUsd(prices, { model: 'm', promptTokens: 1_000_000, maxTokens: 1_000_000 })).toBeCloseTo(3)
    expect(worstCaseUsd(prices, { model: 'other', promptTokens: 1, maxTokens: 1 })).toBeNull()
  })
})
