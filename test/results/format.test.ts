import { describe, expect, test } from 'vitest'
import { cost, difference, interval, judgeText, mde, num, signed, usd, winRate } from '../../lib/results/format.js'

describe('formatting', () => {
  test('a missing value is a dash (or n/a for money), never 0', () => {
    expect([num(null), signed(undefined), interval(null), difference(null), usd(null)]).toEqual(['–', '–', '–', '–', 'n/a'])
  })
  test('a value that rounds to zero prints without a sign: 0.0, never -0.0', () => {
    expect([num(-0.04), num(-0.0001, 2), signed(-0.04), signed(0.04), signed(-0)]).toEqual(['0.0', '0.00', '0.0', '0.0', '0.0'])
    expect(interval({ lo: -0.04, hi: 6.3 }, 1, true)).toBe('[0.0, +6.3]')
    expect(interval({ lo: -0.01, hi: 2 })).toBe('[0.0, 2.0]')
    expect(difference({ against: 'single', pairs: 9, tasks: 3, mean: -0.03, sd: 5, se: 2, ci: { lo: -6.4, hi: 6.3, level: 0.95, method: 't' }, mde: 8 })).toBe('0.0 [-6.4, +6.3]')
    expect([num(-0.06), signed(-0.06)]).toEqual(['-0.1', '-0.1'])
  })
  test('numbers, signs, intervals and money', () => {
    expect(num(3.14159, 2)).toBe('3.14')
    expect([signed(2), signed(-2), signed(0)]).toEqual(['+2.0', '-2.0', '0.0'])
    expect(interval({ lo: -1.25, hi: 3 }, 1, true)).toBe('[-1.3, +3.0]')
    expect([usd(0.005), usd(0.25)]).toEqual(['$0.00500', '$0.2500'])
  })
  test('dollars below a cent keep 3 significant digits, neither inventing nor dropping any', () => {
    expect([usd(0.002972), usd(0.00708), usd(0.0000869), usd(0.0000469)]).toEqual(['$0.00297', '$0.00708', '$0.0000869', '$0.0000469'])
    // Rounding up to a cent reads as a cent; a known 0 is still 0, never n/a.
    expect([usd(0.0099996), usd(0), usd(13.9511)]).toEqual(['$0.0100', '$0', '$13.9511'])
  })
  test('a paired difference with its interval, and a win rate with its count', () => {
    expect(difference({ against: 'single', pairs: 3, tasks: 1, mean: 3.5, sd: 1, se: 0.5, ci: { lo: 1, hi: 6, level: 0.95, method: 't' }, mde: 4 })).toBe('+3.5 [+1.0, +6.0]')
    expect(winRate([{ against: 'single', n: 8, wins: 5, ties: 1, losses: 2, rate: 0.6875, ci: null }], 'single')).toBe('69 % (8)')
    expect(winRate([], 'single')).toBe('–')
  })
  test('a difference without spread has no interval and no MDE, as the gate shows it: a dash, never "[0.0, 0.0]"', () => {
    const same = { against: 'single', pairs: 3, tasks: 1, mean: 0, sd: 0, se: 0, ci: { lo: 0, hi: 0, level: 0.95, method: 't' as const }, mde: 0 }
    expect([difference(same), mde(same)]).toEqual(['0.0 –', '–'])
    const adjusted = { family: 2, p: 0, pHolm: 0, ci: { lo: 5, hi: 5, level: 0.975, method: 't' as const }, survives: true }
    expect(difference({ ...same, mean: 5, ci: { ...same.ci, lo: 5, hi: 5 }, adjusted })).toBe('+5.0 –*')
    expect(mde({ ...same, se: 0.5, mde: 4 })).toBe('4.0')
  })
  test('the judge of a run: its model (and repeats), or "off" when the run skipped it, whatever model is configured', () => {
    const on = { judge: 'on' as const, judgeModel: 'sim-judge', judgeRepeats: 2 }
    expect([judgeText(on), judgeText(on, { repeats: true })]).toEqual(['sim-judge', 'sim-judge (2 repeat(s))'])
    expect([judgeText({ ...on, judge: 'off' }), judgeText({ ...on, judge: 'off' }, { repeats: true })]).toEqual(['off', 'off'])
  })
  test('a partly unknown cost says why: "unpriced" only for models without a price, "without usage" for calls nobody reported', () => {
    expect(cost({ usd: 0.25, knownUsd: 0.25, unpriced: 0 })).toBe('$0.2500')
    expect(cost({ usd: null, knownUsd: 0.25, unpriced: 2 })).toBe('≥ $0.2500 (2 calls unpriced)')
    expect(cost({ usd: null, knownUsd: 0, unpriced: 3, usageUnknown: 3 })).toBe('≥ $0 (3 calls without usage)')
    expect(cost({ usd: null, knownUsd: 0, unpriced: 3, usageUnknown: 1 })).toBe('≥ $0 (2 calls unpriced, 1 call without usage)')
  })
})
