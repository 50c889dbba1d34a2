import { describe, expect, test } from 'vitest'
import { euros, figure, inClause, percent } from '../../lib/tasks/notation.js'

const meets = (source: string, text: string) => new RegExp(source, 'i').test(text)

describe('figure', () => {
  test('8000 as written with a comma, a dot, a space, a no-break or a narrow no-break space, none, or zero cents', () => {
    for (const text of ['8,000', '8.000', '8 000', '8\u00a0000', '8\u202f000', '8000', '8,000.00', 'is 8,000.']) expect(meets(figure(8000), text), text).toBe(true)
  })
  test('not inside a longer number', () => {
    for (const text of ['18,000', '8,000,000', '0.8000', '8,000.5', '28 000']) expect(meets(figure(8000), text), text).toBe(false)
  })
  test('refuses what is not a whole number', () => {
    expect(() => figure(1.5)).toThrow('expected a whole number ≥ 0, got 1.5')
  })
})

describe('euros', () => {
  test('€ or EUR before or after, euros after', () => {
    for (const text of ['€50,000', '€ 50,000', 'EUR 50,000', '50 000 €', '50\u202f000\u00a0€', '50,000 EUR', '50,000 euros']) expect(meets(euros(50_000), text), text).toBe(true)
  })
  test('a bare number or another amount is not it', () => {
    for (const text of ['50,000', 'EUR 150,000', '$50,000', '50,000 EURC']) expect(meets(euros(50_000), text), text).toBe(false)
  })
})

describe('percent', () => {
  test('0.5 % with or without trailing zeros or a space, or 50 basis points', () => {
    for (const text of ['0.5 %', '0.5%', '0.50 %', '0.500%', '50 bps', '50bps', '50 basis points']) expect(meets(percent('0.5'), text), text).toBe(true)
  })
  test('other figures are not it', () => {
    for (const text of ['0.55 %', '10.5 %', '150 bps', '0.5 of it', '5 %']) expect(meets(percent('0.5'), text), text).toBe(false)
  })
  test('a whole percentage takes decimal zeros: 20 %, 20.0 %, 2000 bps', () => {
    expect(['20 %', '20.0%', '2000 bps', '120 %'].map((t) => meets(percent('20'), t))).toEqual([true, true, true, false])
  })
  test('refuses what is not a decimal number', () => {
    expect(() => percent('½')).toThrow('expected a decimal number such as 0.5, got ½')
  })
})

describe('inClause', () => {
  test('crosses a decimal point, not a full stop, a semicolon or a line break', () => {
    const re = `S4${inClause(40)}8,000`
    expect(['S4 at 0.02 × 400,000 = 8,000', 'S4 is full. The budget is 8,000', 'S4 is full; 8,000', 'S4\n8,000'].map((t) => meets(re, t))).toEqual([true, false, false, false])
  })

  test('crosses the full stops of an abbreviation (i.e., e.g., etc., vs.), not a full stop after a word that ends in their letters', () => {
    const re = `S4${inClause(60)}8,000`
    expect(['S4 is capped at 2% of pool TVL, i.e. €8,000', 'S4, e.g. at 2 %, is 8,000', 'S4 fees, slippage etc. total 8,000', 'S4 vs. S1: 8,000', 'S4 (I.E. the pool) 8,000'].map((t) => meets(re, t))).toEqual([true, true, true, true, true])
    expect(['S4 goes to Pi. The budget is 8,000', 'S4 is done by eve. It is 8,000', 'S4 is the rest, i.e', 'S4 costs. E.g. 8,000'].map((t) => meets(re, t))).toEqual([false, false, false, false])
  })
})
