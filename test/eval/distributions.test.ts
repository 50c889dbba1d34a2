import { describe, expect, test } from 'vitest'
import { seededUniform } from '../../lib/eval/seeded-uniform.js'
import { logGamma, normalCdf, normalQuantile, regularizedBeta, regularizedGamma, tCdf, tPdf, tQuantile, tQuantileUncached } from '../../lib/eval/distributions.js'

describe('logGamma', () => {
  test('matches log((n-1)!) at integers and log(√π) at one half', () => {
    expect(logGamma(1)).toBeCloseTo(0, 12)
    expect(logGamma(5)).toBeCloseTo(Math.log(24), 12)
    expect(logGamma(11)).toBeCloseTo(Math.log(3628800), 10)
    expect(logGamma(0.5)).toBeCloseTo(Math.log(Math.sqrt(Math.PI)), 12)
  })
  test('rejects non-positive arguments', () => {
    expect(() => logGamma(0)).toThrow(/x > 0/)
  })
})

describe('regularized incomplete functions', () => {
  test('I_x(a, 1) = x^a and I_x(1, b) = 1 − (1 − x)^b', () => {
    expect(regularizedBeta(0.3, 2, 1)).toBeCloseTo(0.09, 12)
    expect(regularizedBeta(0.3, 1, 3)).toBeCloseTo(1 - 0.7 ** 3, 12)
    expect(regularizedBeta(0, 2, 3)).toBe(0)
    expect(regularizedBeta(1, 2, 3)).toBe(1)
  })
  test('P(1, x) = 1 − e^(−x)', () => {
    expect(regularizedGamma(1, 0.5)).toBeCloseTo(1 - Math.exp(-0.5), 12)
    expect(regularizedGamma(1, 7)).toBeCloseTo(1 - Math.exp(-7), 12)
  })
})

describe('Student t', () => {
  test('closed forms: df 1 is Cauchy, df 2 is 1/2 + t / (2√(2 + t²))', () => {
    expect(tCdf(1, 1)).toBeCloseTo(0.75, 12)
    expect(tCdf(-3, 1)).toBeCloseTo(0.5 + Math.atan(-3) / Math.PI, 12)
    expect(tCdf(2, 2)).toBeCloseTo(0.5 + 2 / (2 * Math.sqrt(6)), 12)
    expect(tCdf(0, 7)).toBeCloseTo(0.5, 12)
  })
  test('quantiles match printed tables', () => {
    expect(tQuantile(0.975, 2)).toBeCloseTo(4.302653, 5)
    expect(tQuantile(0.975, 10)).toBeCloseTo(2.228139, 5)
    expect(tQuantile(0.975, 1)).toBeCloseTo(12.706205, 4)
    expect(tQuantile(0.8, 3)).toBeCloseTo(0.978472, 5)
    expect(tQuantile(0.025, 10)).toBeCloseTo(-2.228139, 5)
  })
  test('quantile inverts the CDF', () => {
    for (const df of [1, 2.5, 4, 30]) for (const p of [0.001, 0.2, 0.5, 0.9, 0.9999]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 9)
  })
})

describe('standard normal', () => {
  test('CDF and quantiles match printed tables', () => {
    expect(normalCdf(0)).toBe(0.5)
    expect(normalCdf(1)).toBeCloseTo(0.841344746, 8)
    expect(normalCdf(-3)).toBeCloseTo(0.001349898, 8)
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5)
    expect(normalQuantile(0.8)).toBeCloseTo(0.841621, 5)
  })
  test('rejects probabilities outside (0, 1)', () => {
    expect(() => normalQuantile(1)).toThrow(/0 < p < 1/)
  })
})

describe('tPdf', () => {
  test('is Cauchy at 1 df and tends to the normal density', () => {
    expect(tPdf(0, 1)).toBeCloseTo(1 / Math.PI, 12)
    expect(tPdf(1, 1)).toBeCloseTo(1 / (2 * Math.PI), 12)
    expect(tPdf(0.5, 1e6)).toBeCloseTo(Math.exp(-0.125) / Math.sqrt(2 * Math.PI), 5)
  })
  test('fractional (Welch) df quantiles invert the CDF', () => {
    for (const df of [1.3, 2.7, 4.123, 17.9]) for (const p of [0.0001, 0.0125, 0.8, 0.99375]) expect(tCdf(tQuantile(p, df), df)).toBeCloseTo(p, 10)
  })
})

describe('remembered answers are the computed ones, bit for bit', () => {
  test("tQuantile gives tQuantileUncached's value for 15,000 (p, df) pairs, asked once, again, and after its cache was emptied", () => {
    // The kind the gate asks for: one-sided levels 1 − α/m and the power, with integer and Welch df.
    const ps = [0.8, ...[0.025, 0.0125, 0.05, 0.01].flatMap((alpha) => Array.from({ length: 20 }, (_, i) => 1 - alpha / (i + 1)))]
    const draw = seededUniform(7)
    const pairs = Array.from({ length: 15_000 }, (_, i) => ({ p: ps[i % ps.length]!, df: i % 3 === 0 ? 1 + (i % 40) : 1 + 30 * draw() }))
    const expected = pairs.map(({ p, df }) => tQuantileUncached(p, df))
    for (let round = 0; round < 2; round++) {
      const got = pairs.map(({ p, df }) => tQuantile(p, df))
      expect(got.every((q, i) => Object.is(q, expected[i]))).toBe(true)
    }
  })
  test('logGamma answers a repeated argument with the value it computes afresh, whatever came between', () => {
    // Asked right after four other arguments, an argument is no longer remembered: computed afresh.
    const computed = (x: number) => {
      for (const other of [101, 102, 103, 104]) logGamma(other)
      return logGamma(x)
    }
    const draw = seededUniform(3)
    const xs = Array.from({ length: 40 }, () => [0.3, 0.5, 1.25, 2.5, 3.75, 11][Math.floor(draw() * 6)]! + (draw() < 0.5 ? 0 : 1 / 3))
    const expected = new Map(xs.map((x) => [x, computed(x)]))
    for (const x of xs) expect(Object.is(logGamma(x), expected.get(x)), `logGamma(${x})`).toBe(true)
    expect(logGamma(4)).toBeCloseTo(Math.log(6), 12)
    expect(() => logGamma(0)).toThrow(/x > 0/)
  })
})
