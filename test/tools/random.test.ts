import { describe, expect, it } from 'vitest'
import { Random } from '../../tools/fixtures/random.js'

describe('Random (the fixture generators’ seeded source)', () => {
  it('gives the same sequence for the same seed: the committed fixtures depend on these exact values', () => {
    const r = new Random(42)
    expect([r.next(), r.next(), r.next()].map((x) => x.toFixed(12))).toEqual(['0.601103751920', '0.448290558998', '0.852465793490'])
    expect(new Random(3).shuffle([1, 2, 3, 4, 5])).toEqual([3, 5, 2, 1, 4])
  })

  it('draws integers within both bounds', () => {
    const r = new Random(1)
    const seen = new Set(Array.from({ length: 600 }, () => r.int(1, 6)))
    expect([...seen].sort()).toEqual([1, 2, 3, 4, 5, 6])
  })

  it('shuffles into a permutation and leaves its input alone', () => {
    const items = ['a', 'b', 'c', 'd']
    const out = new Random(5).shuffle(items)
    expect([...out].sort()).toEqual(items)
    expect(items).toEqual(['a', 'b', 'c', 'd'])
  })

  it('forks sources that depend on the label and do not advance the parent', () => {
    const parent = new Random(9)
    expect(parent.fork('a').next()).not.toBe(parent.fork('b').next())
    expect(parent.fork('a').next()).toBe(new Random(9).fork('a').next())
    expect(parent.next()).toBe(new Random(9).next())
  })

  it('refuses to pick from an empty list', () => {
    expect(() => new Random(1).pick([])).toThrow('pick from an empty list')
  })
})
