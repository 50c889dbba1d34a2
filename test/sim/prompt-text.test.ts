import { describe, expect, test } from 'vitest'
import { knownScans, PromptText, wholeTexts } from '../../lib/sim/prompt-text.js'

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

  test('is exactly the includes of the whole text on random texts and passages, longer than the block too', () => {
    let s = 11
    const next = (n: number) => (s = (Math.imul(s, 1664525) + 1013904223) >>> 0) % n
    const text = (n: number) => Array.from({ length: n }, () => 'ab\n'[next(3)]).join('')
    const built = wholeTexts()
    for (let i = 0; i < 20_000; i++) {
      const [before, block, after] = [text(next(8)), text(1 + next(8)), text(next(8))]
      const whole = before + block + after
      const passage = next(4) === 0 ? whole.slice(next(whole.length), next(whole.length + 1)) : text(1 + next(10))
      expect(new PromptText(before, block, after).includes(passage), JSON.stringify([before, block, after, passage])).toBe(whole.includes(passage))
    }
    expect(wholeTexts()).toBe(built)
  })

  test('builds the whole text once, when asked for it', () => {
    const built = wholeTexts()
    const parts = new PromptText(HEAD, BLOCK, TAIL)
    expect(parts.length).toBe(HEAD.length + BLOCK.length + TAIL.length)
    expect(wholeTexts()).toBe(built)
    expect(parts.text).toBe(HEAD + BLOCK + TAIL)
    expect(parts.text).toBe(HEAD + BLOCK + TAIL)
    expect(wholeTexts()).toBe(built + 1)
  })
})
