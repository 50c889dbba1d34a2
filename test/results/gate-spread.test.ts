import { describe, expect, test } from 'vitest'
import { budgetShares, cellChange, pooledSpread } from '../../lib/results/gate-spread.js'
import { makeRecord } from './fixtures.js'

describe('pooledSpread', () => {
  test('pools the within-sample variances by their degrees of freedom: SDs 1 (3 values) and 3 (3 values) pool to √5 on 4 df', () => {
    expect(pooledSpread([[1, 2, 3], [3, 6, 9]])).toEqual({ sd: Math.sqrt(5), df: 4 })
  })
  test('a sample of one value adds nothing; none with two values gives null', () => {
    expect(pooledSpread([[5], [1, 3]])).toEqual({ sd: Math.sqrt(2), df: 1 })
    expect(pooledSpread([[5], []])).toBeNull()
  })
})

describe('cellChange', () => {
  test('a cell whose trials happen to agree takes its topology\'s spread: [100, 100, 100] → [195, 195, 196] with a pooled SD of 40', () => {
    const e = cellChange([195, 195, 196], [100, 100, 100], { sd: 40, df: 30 })!
    expect(e.estimate).toBeCloseTo(95.333, 3)
    expect(e.se).toBeCloseTo(40 * Math.sqrt(2 / 3), 10)
    // Welch's degrees of freedom stay: the floor does not make the cell's own three values more informative.
    expect(e.df).toBeCloseTo(2, 10)
  })
  test('a cell noisier than its topology keeps its own Welch error', () => {
    const e = cellChange([60, 80, 100], [70, 80, 90], { sd: 1, df: 30 })!
    expect(e.se).toBeCloseTo(Math.sqrt(400 / 3 + 100 / 3), 10)
  })
  test('one value on a side still cannot be tested, and no pool leaves Welch as it is', () => {
    expect(cellChange([90], [80, 81], { sd: 40, df: 30 })!.se).toBeNull()
    expect(cellChange([80, 80], [80, 80], null)).toMatchObject({ estimate: 0, se: 0 })
  })
})

describe('budgetShares', () => {
  test('each trial\'s cost over the median cost of the peer\'s trials of the same run', () => {
    const peer = [0.1, 0.2, 0.4].map((usd, i) => makeRecord({ topology: 'hrm', usd, trial: i + 1 }))
    const matched = [0.2, 0.3].map((usd, i) => makeRecord({ topology: 'self_refine@hrm', usd, trial: i + 1 }))
    const shares = budgetShares(matched, peer)!
    expect(shares[0]).toBeCloseTo(1, 12)
    expect(shares[1]).toBeCloseTo(1.5, 12)
  })
  test('a peer without a known cost gives no share', () => {
    expect(budgetShares([makeRecord({ usd: 0.2 })], [makeRecord({ usd: null })])).toBeNull()
  })
})
