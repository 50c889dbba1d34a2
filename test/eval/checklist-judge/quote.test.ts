import { describe, expect, test } from 'vitest'
import { checkQuote, MIN_QUOTE_CHARS, normaliseForQuote } from '../../../lib/eval/checklist-judge/quote.js'

const doc = normaliseForQuote(`## 3.1 Drawdown

| Stage | DD | Action |
|---|---|---|
| **4 = HALT** | **≥ 20%**, or NAV_cons ≤ €40,000 | Full emergency unwind, bot enters \`HALTED\` |

1. **T+0 s.** Persist HALTED in Postgres.   Stop every strategy loop.
`)

describe('the verbatim check of a checklist quote', () => {
  test('a table row quoted without its pipes and bold markers is found', () => {
    expect(checkQuote('4 = HALT ≥ 20%, or NAV_cons ≤ €40,000', doc)).toEqual({ verified: true })
    expect(checkQuote('| **4 = HALT** | **≥ 20%**, or NAV_cons ≤ €40,000 |', doc)).toEqual({ verified: true })
  })

  test('line breaks, runs of spaces and case do not matter; code markers are dropped', () => {
    expect(checkQuote('persist halted in postgres. stop every strategy loop', doc)).toEqual({ verified: true })
    expect(checkQuote('bot enters `HALTED`', doc)).toEqual({ verified: true })
  })

  test('an elided quote counts when every fragment occurs in order', () => {
    expect(checkQuote('Persist HALTED … every strategy loop', doc)).toEqual({ verified: true })
    expect(checkQuote('every strategy loop … Persist HALTED', doc)).toMatchObject({ verified: false })
  })

  test('an altered value or an invented sentence is not found, and says which fragment', () => {
    const altered = checkQuote('4 = HALT ≥ 25%, or NAV_cons ≤ €40,000', doc)
    expect(altered).toMatchObject({ verified: false })
    expect(!altered.verified && altered.reason).toContain('not found verbatim')
    expect(checkQuote('The bot halts automatically at a 20% drawdown.', doc)).toMatchObject({ verified: false })
  })

  test('an empty or very short quote proves nothing', () => {
    expect(checkQuote('', doc)).toEqual({ verified: false, reason: 'no quote given' })
    expect(checkQuote('≥ 20%', doc)).toEqual({ verified: false, reason: `quote shorter than ${MIN_QUOTE_CHARS} characters` })
  })
})

describe('normaliseForQuote', () => {
  test('is the normal form step by step: NFKC, straight quotes, no emphasis or code markers, pipes as spaces, one space per whitespace run, trimmed, lower case', () => {
    const reference = (text: string) =>
      text
        .normalize('NFKC')
        .replace(/[\u2018\u2019\u201b]/g, "'")
        .replace(/[\u201c\u201d\u201f]/g, '"')
        .replace(/[*`]/g, '')
        .replace(/\|/g, ' ')
        .replace(/\s+/g, ' ')
        .trim()
        .toLowerCase()
    expect(normaliseForQuote(' | **Cap** |\t`12 months`  |\n| “Fees” ‘paid’ ﬁne |  ')).toBe('cap 12 months "fees" \'paid\' fine')
    const pieces = ['a', 'B', ' ', '  ', '\t', '\n', '\u00a0', '\u2003', '|', '*', '`', '“', '’', 'ﬁ', 'é', 'x y']
    let seed = 5
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    for (let n = 0; n < 500; n++) {
      const text = Array.from({ length: Math.floor(next() * 30) }, () => pieces[Math.floor(next() * pieces.length)]).join('')
      expect(normaliseForQuote(text)).toBe(reference(text))
    }
  })
})
