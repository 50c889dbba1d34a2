import { describe, expect, test } from 'vitest'
import { seededUniform } from '../../lib/eval/seeded-uniform.js'
import { agreementRate, averageRanks, clusteredEstimate, cohenKappa, spearman, weightedKappa } from '../../lib/human/agreement.js'

describe("Cohen's κ", () => {
  test('matches a hand computation with ties as a third category', () => {
    // 10 items. Rater 1: A 5, B 4, tie 1. Rater 2: A 4, B 4, tie 2. Agreements: 4 A, 3 B, 1 tie.
    // p_o = 8/10 = 0.8; p_e = 0.5·0.4 + 0.4·0.4 + 0.1·0.2 = 0.38; κ = (0.8 − 0.38) / (1 − 0.38) = 0.42 / 0.62.
    const pairs: Array<[string, string]> = [
      ...Array.from({ length: 4 }, (): [string, string] => ['A', 'A']),
      ['A', 'B'],
      ...Array.from({ length: 3 }, (): [string, string] => ['B', 'B']),
      ['B', 'tie'],
      ['tie', 'tie'],
    ]
    expect(cohenKappa(pairs)).toBeCloseTo(0.42 / 0.62, 12)
    expect(agreementRate(pairs)).toBe(0.8)
  })

  test('is 1 for identical labels, 0 when agreement is what chance gives, and undefined with one label only', () => {
    expect(cohenKappa([['A', 'A'], ['B', 'B'], ['tie', 'tie']])).toBe(1)
    // Rater 2 says A on everything: p_o = 0.5 = p_e.
    expect(cohenKappa([['A', 'A'], ['B', 'A']])).toBe(0)
    expect(cohenKappa([['A', 'A'], ['A', 'A']])).toBeNull()
    expect(cohenKappa([])).toBeNull()
  })
})

describe('quadratically weighted κ', () => {
  test('matches a hand computation on a 0-2 scale', () => {
    // Pairs (0,0) (1,1) (2,1) (1,2) (2,2): observed Σ(i−j)² = 2. Margins r = c = (1, 2, 2), n = 5.
    // Expected Σ(i−j)²·r_i·c_j / n = (2 + 8 + 2 + 4 + 8 + 4) / 5 = 5.6. κ_w = 1 − 2 / 5.6.
    expect(weightedKappa([[0, 0], [1, 1], [2, 1], [1, 2], [2, 2]], 0, 2)).toBeCloseTo(1 - 2 / 5.6, 12)
  })

  test('penalises a far disagreement more than a near one, and rounds values onto the scale', () => {
    const near = weightedKappa([[0, 0], [5, 6], [10, 10], [3, 3]], 0, 10)!
    const far = weightedKappa([[0, 0], [5, 10], [10, 10], [3, 3]], 0, 10)!
    expect(near).toBeGreaterThan(far)
    expect(weightedKappa([[2.4, 2], [7.6, 8]], 0, 10)).toBe(1)
  })
})

describe("Spearman's ρ", () => {
  test('average ranks for ties', () => {
    expect(averageRanks([10, 20, 20, 5])).toEqual([2, 3.5, 3.5, 1])
    expect(averageRanks([0.5, 2, 2, -1])).toEqual([2, 3.5, 3.5, 1])
  })

  test('integer scores ranked by counting get the ranks sorting gives, ties and gaps included', () => {
    const random = seededUniform(7)
    for (let n = 1; n < 60; n++) {
      const xs = Array.from({ length: n }, () => Math.floor(random() * 11) - 3)
      // The same values with a fraction added that keeps their order and ties: ranked by sorting.
      expect(averageRanks(xs)).toEqual(averageRanks(xs.map((x) => x + 0.5)))
    }
    expect(averageRanks([0, 5000, 5000, 3])).toEqual([1, 3.5, 3.5, 2])
  })

  test('matches scipy.stats.spearmanr (scipy 1.17.1) on data with ties', () => {
    // python3 -c "from scipy.stats import spearmanr; print(spearmanr([1,2,2,3,5,4,4,8,7,6],[2,1,3,3,4,4,6,7,9,8]).statistic)"
    const a = [1, 2, 2, 3, 5, 4, 4, 8, 7, 6]
    const b = [2, 1, 3, 3, 4, 4, 6, 7, 9, 8]
    expect(spearman(a.map((x, i) => [x, b[i]!]))).toBeCloseTo(0.9079754601226994, 12)
  })

  test('is undefined below three pairs or without variation', () => {
    expect(spearman([[1, 2], [2, 3]])).toBeNull()
    expect(spearman([[1, 5], [2, 5], [3, 5]])).toBeNull()
  })
})

describe('clusteredEstimate', () => {
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((s, x) => s + x, 0) / xs.length)

  test('resamples whole clusters: clusters far apart give a wide interval, one cluster its units', () => {
    const clusters = [[0, 0, 0], [10, 10, 10], [0, 0], [10, 10], [0], [10]]
    const byCluster = clusteredEstimate(clusters, mean, { seed: 1 })
    const byUnit = clusteredEstimate(clusters.flat().map((x) => [x]), mean, { seed: 1 })
    expect(byCluster.value).toBe(5)
    // Units of one cluster move together, so resampling clusters gives a wider interval (≈ 8.3 vs 5.0 wide).
    expect(byCluster.ci!.hi - byCluster.ci!.lo).toBeGreaterThan(1.5 * (byUnit.ci!.hi - byUnit.ci!.lo))
    expect(clusteredEstimate([[0, 0, 0], [10, 10, 10]], mean, { seed: 1 })).toEqual({ value: 5, ci: null })
    const single = clusteredEstimate([[1, 2, 3, 4, 5, 6]], mean, { seed: 1 })
    expect(single.ci!.lo).toBeGreaterThan(1)
    expect(single.ci!.hi).toBeLessThan(6)
  })

  test('is deterministic for a seed, and has no value when the statistic is undefined', () => {
    const clusters = [[1, 5], [2, 8], [3, 4], [9, 1]]
    expect(clusteredEstimate(clusters, mean, { seed: 3 })).toEqual(clusteredEstimate(clusters, mean, { seed: 3 }))
    expect(clusteredEstimate(clusters, () => null, { seed: 3 })).toEqual({ value: null, ci: null })
  })
})
