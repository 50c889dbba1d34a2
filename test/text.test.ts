import { describe, expect, test } from 'vitest'
import { escapeRegExp, estimateTokens, fenceFor, thousands, wrap } from '../lib/text.js'

describe('estimateTokens', () => {
  test('about four characters per token, rounded up', () => {
    expect(estimateTokens('')).toBe(0)
    expect(estimateTokens('abc')).toBe(1)
    expect(estimateTokens('abcd')).toBe(1)
    expect(estimateTokens('abcde')).toBe(2)
    expect(estimateTokens('x'.repeat(4000))).toBe(1000)
  })
})

describe('fenceFor', () => {
  test('is three backticks for plain content', () => {
    expect(fenceFor('no fences here')).toBe('```')
  })

  test('is one backtick longer than the longest run inside the content, so the content cannot close it', () => {
    expect(fenceFor('```json\n{}\n```')).toBe('````')
    expect(fenceFor('a ````` b ` c')).toBe('``````')
    expect(fenceFor('````')).toBe('`````')
    expect(fenceFor('x `` y ```\n`````` z`')).toBe('```````')
  })

  test('agrees with the longest backtick run a regular expression finds, on random text', () => {
    const alphabet = ['`', '`', 'a', ' ', '\n', 'é']
    let seed = 7
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let n = 0; n < 300; n++) {
      const text = Array.from({ length: Math.floor(next() * 40) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('')
      const longest = Math.max(2, ...(text.match(/`+/g) ?? []).map((m) => m.length))
      expect(fenceFor(text)).toBe('`'.repeat(longest + 1))
    }
  })
})

describe('closest', () => {
  test('suggests the nearest candidate within the edit limit, and nothing beyond it', async () => {
    const { closestMatch, editDistance } = await import('../lib/text.js')
    expect(editDistance('kitten', 'sitting')).toBe(3)
    // Two neighbouring characters swapped are one slip, so the swap wins over a word two letters away.
    expect(editDistance('trails', 'trials')).toBe(1)
    expect(closestMatch('trails', ['tracks', 'trials'])).toBe('trials')
    expect(closestMatch('peer_reveiw', ['single', 'peer_review', 'star'])).toBe('peer_review')
    expect(closestMatch('bogus', ['single', 'peer_review', 'star'])).toBeUndefined()
    expect(closestMatch('Single', ['single', 'star'], 0)).toBe('single')
    // A shortened id: the one candidate it begins; none when two share the beginning, or it is too short to tell.
    const tasks = ['code_review_execution', 'code_review_protocol', 'contract_review']
    expect(closestMatch('code_review_exec', tasks)).toBe('code_review_execution')
    expect(closestMatch('code_review', tasks)).toBeUndefined()
    expect(closestMatch('co', ['contract_review'])).toBeUndefined()
  })
})

describe('thousands', () => {
  test('writes whole numbers as en-US does, commas between thousands', () => {
    for (const n of [0, 7, 999, 1_000, 12_345, 999_999, 1_000_000, 123_456_789, -1_234, -999]) expect(thousands(n)).toBe(n.toLocaleString('en-US'))
  })

  test('rounds a fraction to the nearest whole number first', () => {
    expect(thousands(1_234.6)).toBe('1,235')
    expect(thousands(999.4)).toBe('999')
  })
})

describe('wrap', () => {
  test('breaks at spaces into lines of at most the width, continuations indented; a longer word stays whole', () => {
    expect(wrap('one two three four', 9)).toEqual(['one two', 'three', 'four'])
    expect(wrap('one two three', 7, '  ')).toEqual(['one two', '  three'])
    expect(wrap('supercalifragilistic is long', 8)).toEqual(['supercalifragilistic', 'is long'])
  })
  test('a line that fits is kept as it is; a long one keeps its leading spaces on its first line', () => {
    expect(wrap('short', 12)).toEqual(['short'])
    expect(wrap('', 12)).toEqual([''])
    expect(wrap('  keeps its indent', 10, '    ')).toEqual(['  keeps', '    its', '    indent'])
  })
})

describe('escapeRegExp', () => {
  test('a text with regular-expression characters is matched literally', () => {
    const text = 'clause 4.5(b) [draft] costs $1+2*3? ^a|b\\c {x}'
    expect(new RegExp(`^${escapeRegExp(text)}$`).test(text)).toBe(true)
    expect(new RegExp(escapeRegExp('4.5')).test('405')).toBe(false)
  })
})
