import { describe, expect, test } from 'vitest'
import { negatedMatch } from '../../lib/eval/negation.js'

/** Whether the first occurrence of `match` in `text` is negated. */
const negated = (text: string, match: string) => {
  const at = text.indexOf(match)
  if (at < 0) throw new Error(`"${match}" is not in the text`)
  return negatedMatch(text, at, at + match.length)
}

describe('negatedMatch', () => {
  test('a negation before the match in its clause negates it', () => {
    expect(negated('We do not use a drawdown halt: a 20 % drawdown is normal.', 'drawdown halt: a 20 %')).toBe(true)
    expect(negated('There is no drawdown halt at 20 %.', 'drawdown halt at 20 %')).toBe(true)
  })

  test('a negation inside the match negates it', () => {
    expect(negated('remove the liquidity and hold SOL; we never swap to USDC', 'remove the liquidity and hold SOL; we never swap to USDC')).toBe(true)
  })

  test('a dismissal after the match, in its clause, negates it', () => {
    expect(negated('Three strategies are unnecessary: a single strategy is simpler.', 'Three strategies')).toBe(true)
  })

  test('a negation in another sentence or clause does not', () => {
    expect(negated('We do not trade memecoins. At a drawdown of 20 % the bot halts.', 'drawdown of 20 % the bot halts')).toBe(false)
    expect(negated('No leverage; at a drawdown of 20 % the bot halts.', 'drawdown of 20 % the bot halts')).toBe(false)
  })

  test('a decimal point does not end a clause', () => {
    expect(negated('We never cap it at 0.5 % a week.', 'cap it at 0.5 %')).toBe(true)
  })

  test("an abbreviation's full stops do not end a clause; a sentence's full stop after it still does", () => {
    expect(negated('We never halt on a proxy, i.e. a 20 % drawdown halt.', 'a 20 % drawdown halt')).toBe(true)
    expect(negated('We never hold memecoins, e.g. BONK; at a drawdown of 20 % the bot halts.', 'drawdown of 20 % the bot halts')).toBe(false)
    expect(negated('We do not trade memecoins, perps vs. spot etc. At a drawdown of 20 % the bot halts.', 'memecoins')).toBe(true)
    expect(negated('We do not trade memecoins. At a drawdown of 20 % the bot halts.', 'drawdown of 20 % the bot halts')).toBe(false)
  })

  test('over several lines only the clauses where the match starts and ends are read', () => {
    const table = '| Stage | DD |\n| 1 | No new entries |\n| HALT | 20% |'
    expect(negatedMatch(table, 0, table.length)).toBe(false)
    const unwind = '1. Remove liquidity.\n2. Never swap to USDC'
    expect(negatedMatch(unwind, 0, unwind.length)).toBe(true)
  })

  test('words that only contain a negation do not count', () => {
    expect(negated('Notify the operator and unwind at a 20 % drawdown, nothing else.', 'unwind at a 20 % drawdown')).toBe(false)
  })

  test('a zero-length match (look-aheads over a whole passage) is never negated', () => {
    expect(negatedMatch('we never swap to USDC', 0, 0)).toBe(false)
  })
})
