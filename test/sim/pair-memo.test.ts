import { describe, expect, test } from 'vitest'
import { PairMemo } from '../../lib/sim/pair-memo.js'

describe('PairMemo', () => {
  test('computes a value once per pair of keys, and counts the computations', () => {
    const memo = new PairMemo<string, string, string>(10)
    let calls = 0
    const value = (a: string, b: string) => memo.get(a, b, () => `${a}:${b}:${++calls}`)
    expect(value('x', '1')).toBe('x:1:1')
    expect(value('x', '1')).toBe('x:1:1')
    expect(value('x', '2')).toBe('x:2:2')
    expect(value('y', '1')).toBe('y:1:3')
    expect(memo.computed).toBe(3)
  })

  test('keeps a value that is undefined or false as it keeps any other', () => {
    const memo = new PairMemo<string, string, boolean | undefined>(10)
    let calls = 0
    memo.get('a', 'b', () => (calls++, undefined))
    memo.get('a', 'b', () => (calls++, undefined))
    memo.get('a', 'c', () => (calls++, false))
    memo.get('a', 'c', () => (calls++, false))
    expect(calls).toBe(2)
  })

  test('past its bound, the values of a first key start again; other first keys keep theirs', () => {
    const memo = new PairMemo<string, number, number>(2)
    memo.get('a', 1, () => 1)
    memo.get('a', 2, () => 2)
    memo.get('b', 1, () => 10)
    memo.get('a', 3, () => 3)
    expect(memo.get('a', 1, () => -1)).toBe(-1)
    expect(memo.get('b', 1, () => -10)).toBe(10)
  })
})
