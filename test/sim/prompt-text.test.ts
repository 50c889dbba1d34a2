import { describe, expect, test } from 'vitest'
import { knownScans, PromptText } from '../../lib/sim/prompt-text.js'

const BLOCK = '# Task: T\n\nThe brief, with passage one and passage two; the inputs follow.'
const HEAD = 'System: you are the editor.\n\nOpening words '
const TAIL = ' closing words, and passage three.'
const prompt = new PromptText(HEAD, BLOCK, TAIL)

describe('PromptText.includes', () => {
  test('is exactly the prompt\'s includes, wherever the passage stands against the known text', () => {
    const text = prompt.text
    const passages = [
      'passage one', // inside
      'Opening words # Task', // across the start
      'inputs follow. closing', // across the end
      'passage three', // after
      'you are the editor', // before
      HEAD + BLOCK + TAIL, // the whole prompt, longer than the known text
      BLOCK,
      '',
      'passage four',
      'words # Task: T\n\nThe brief, with passage one and passage two; the inputs follow. closing', // both ends
    ]
    for (const p of passages) expect(prompt.includes(p), p).toBe(text.includes(p))
    // Every substring of a window around each end.
    for (const edge of [HEAD.length, HEAD.length + BLOCK.length]) {
      for (let a = edge - 6; a < edge + 6; a++) for (let b = a + 1; b < edge + 8; b++) expect(prompt.includes(text.slice(a, b))).toBe(true)
    }
  })

  test('scans the known text once per passage, however many prompts quote it', () => {
    const before = knownScans()
    const other = new PromptText('another head ', BLOCK, ' another tail')
    for (let i = 0; i < 3; i++) {
      expect(prompt.includes('passage two')).toBe(true)
      expect(other.includes('passage two')).toBe(true)
      expect(other.includes('not there at all')).toBe(false)
    }
    expect(knownScans() - before).toBe(2)
  })

  test('without a known text it is the plain includes', () => {
    const plain = new PromptText('just words')
    expect(plain.includes('words')).toBe(true)
    expect(plain.includes('other')).toBe(false)
  })
})
