import { describe, expect, test } from 'vitest'
import { chance, hashOf, KeyedDraws, normal, pick, unit } from '../../lib/sim/random.js'

describe('unit', () => {
  test('is a pure function of its key, in [0, 1)', () => {
    expect(unit('seed', 1, 'item')).toBe(unit('seed', 1, 'item'))
    const draws = Array.from({ length: 2000 }, (_, i) => unit('u', i))
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThan(1)
  })

  test('differs when any part of the key differs, and parts do not run together', () => {
    expect(unit('a', 'b')).not.toBe(unit('a', 'c'))
    expect(unit('a', 'bc')).not.toBe(unit('ab', 'c'))
    expect(unit(1, 2)).not.toBe(unit(12))
  })

  test('is spread evenly: each tenth of [0, 1) gets about a tenth of 5000 draws', () => {
    const bins = Array<number>(10).fill(0)
    for (let i = 0; i < 5000; i++) bins[Math.floor(unit('bins', i) * 10)]!++
    for (const count of bins) expect(count).toBeGreaterThan(400)
    for (const count of bins) expect(count).toBeLessThan(600)
  })
})

describe('chance', () => {
  test('is never true at p = 0, always at p = 1, and about p of the time in between', () => {
    const keys = Array.from({ length: 4000 }, (_, i) => i)
    expect(keys.filter((i) => chance(0, 'c', i))).toEqual([])
    expect(keys.filter((i) => chance(1, 'c', i))).toHaveLength(4000)
    const share = keys.filter((i) => chance(0.3, 'c', i)).length / keys.length
    expect(share).toBeGreaterThan(0.27)
    expect(share).toBeLessThan(0.33)
  })

  test('agrees with unit on the same key', () => {
    expect(chance(0.5, 'k', 7)).toBe(unit('k', 7) < 0.5)
  })
})

describe('pick', () => {
  test('picks deterministically and reaches every item', () => {
    const items = ['a', 'b', 'c'] as const
    expect(pick(items, 'p', 1)).toBe(pick(items, 'p', 1))
    expect(new Set(Array.from({ length: 100 }, (_, i) => pick(items, 'p', i)))).toEqual(new Set(items))
  })

  test('refuses an empty list', () => {
    expect(() => pick([], 'x')).toThrow('pick from an empty list')
  })
})

describe('normal', () => {
  test('has mean about 0 and SD about 1 over 4000 draws', () => {
    const xs = Array.from({ length: 4000 }, (_, i) => normal('n', i))
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length
    const sd = Math.sqrt(xs.reduce((s, x) => s + (x - mean) ** 2, 0) / (xs.length - 1))
    expect(Math.abs(mean)).toBeLessThan(0.06)
    expect(sd).toBeGreaterThan(0.95)
    expect(sd).toBeLessThan(1.05)
    expect(normal('n', 3)).toBe(xs[3])
  })
})

describe('hashOf', () => {
  test('is the first 16 hex digits of the SHA-256 of the text', () => {
    // sha256("abc") = ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad
    expect(hashOf('abc')).toBe('ba7816bf8f01cfea')
    expect(hashOf('abd')).not.toBe(hashOf('abc'))
  })
})

describe('unit keys', () => {
  test('draw what they drew when the parts were joined by U+0001 before hashing (so replies never change)', () => {
    // Values from the joined-string implementation this one replaced.
    expect(unit('3|sim-strong|0123456789abcdef', 'item-7', 'see', 'view')).toBe(0.25179242447721073)
    expect(unit(0)).toBe(0.3482006397466567)
    expect(unit('é 中文 😀', 1.5, -2, '')).toBe(0.2362937254960238)
    expect(unit('', '')).toBe(0.9225163786415671)
  })
})

describe('KeyedDraws', () => {
  test('draw exactly what the free functions draw with the shared first part in front', () => {
    const call = '1001|sim-strong|0123456789abcdef'
    const draws = new KeyedDraws(call)
    for (const rest of [['item-7', 'see', 'view'], [3, 'x'], [''], []] as Array<Array<string | number>>) {
      expect(draws.unit(...rest)).toBe(unit(call, ...rest))
      expect(draws.chance(0.5, ...rest)).toBe(chance(0.5, call, ...rest))
      expect(draws.normal(...rest)).toBe(normal(call, ...rest))
      expect(draws.pick(['a', 'b', 'c', 'd', 'e'], ...rest)).toBe(pick(['a', 'b', 'c', 'd', 'e'], call, ...rest))
    }
  })
})
