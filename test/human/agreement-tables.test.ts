import { describe, expect, test } from 'vitest'
import { seededUniform } from '../../lib/eval/seeded-uniform.js'
import { agreementRate, clusteredEstimate, clusteredTallyEstimate, cohenKappa, largestResample, spearman, weightedKappa } from '../../lib/human/agreement.js'
import { EXACT_RANK_PAIRS, LabelTable, ScoreTable, tableAgreementRate, tableCohenKappa, tableSpearman, tableWeightedKappa } from '../../lib/human/agreement-tables.js'
import type { ItemGrade } from '../../lib/human/grades.js'
import type { KeyFile, KeyItem } from '../../lib/human/schema.js'
import { computeAgreement, SCALE } from '../../lib/human/validation.js'

type Scores = Array<[number, number]>
type Labels = Array<[string, string]>

const LABELS = ['A', 'B', 'tie']
const INDEX = new Map(LABELS.map((l, i) => [l, i]))
const labelTable = (pairs: readonly [string, string][]) => LabelTable.of(pairs, INDEX)
const scoreTable = (pairs: readonly [number, number][]) => ScoreTable.of(pairs, SCALE.min, SCALE.max)

/**
 * Random pairs of a seeded stream, often with few distinct values (many ties, or one value only,
 * where a statistic is undefined) and sometimes none at all.
 */
function generator(seed: number) {
  const random = seededUniform(seed)
  const int = (n: number) => Math.floor(random() * n)
  const length = () => (random() < 0.2 ? int(4) : int(40))
  return {
    int,
    scores(): Scores {
      const lo = int(11)
      const hi = lo + int(11 - lo)
      return Array.from({ length: length() }, (): [number, number] => [lo + int(hi - lo + 1), lo + int(hi - lo + 1)])
    },
    labels(): Labels {
      const used = LABELS.slice(int(3))
      return Array.from({ length: length() }, (): [string, string] => [used[int(used.length)]!, used[int(used.length)]!])
    },
    clusters<T>(make: () => T[]): T[][] {
      return Array.from({ length: random() < 0.2 ? 1 : int(10) }, make)
    },
  }
}

describe('statistics of a count table are those of its pairs, to the last bit', () => {
  test('on random pairs with ties, one value only, and fewer than three pairs', () => {
    const g = generator(1)
    for (let i = 0; i < 500; i++) {
      const scores = g.scores()
      const labels = g.labels()
      expect(tableWeightedKappa(scoreTable(scores))).toBe(weightedKappa(scores, SCALE.min, SCALE.max))
      expect(tableSpearman(scoreTable(scores))).toBe(spearman(scores))
      expect(tableCohenKappa(labelTable(labels))).toBe(cohenKappa(labels))
      expect(tableAgreementRate(labelTable(labels))).toBe(agreementRate(labels))
    }
  })

  test('a sum of tables is the table of the pairs put end to end, the order of first labels included', () => {
    const g = generator(2)
    for (let i = 0; i < 300; i++) {
      const parts = Array.from({ length: 1 + g.int(5) }, () => ({ scores: g.scores(), labels: g.labels() }))
      const labels = parts.flatMap((p) => p.labels)
      const scores = parts.flatMap((p) => p.scores)
      const labelSum = labelTable([])
      const scoreSum = scoreTable([])
      for (const p of parts) {
        labelSum.add(labelTable(p.labels))
        scoreSum.add(scoreTable(p.scores))
      }
      expect(labelSum).toStrictEqual(labelTable(labels))
      expect(tableCohenKappa(labelSum)).toBe(cohenKappa(labels))
      expect([scoreSum.n, scoreSum.counts]).toStrictEqual([scores.length, scoreTable(scores).counts])
      expect(tableSpearman(scoreSum)).toBe(spearman(scores))
      expect(tableWeightedKappa(scoreSum)).toBe(weightedKappa(scores, SCALE.min, SCALE.max))
    }
  })

  test("κ sums chance agreement in the order the first rater's labels appear", () => {
    const pairs: Labels = [['tie', 'A'], ['B', 'B'], ['A', 'tie'], ['A', 'A'], ['B', 'tie']]
    expect(labelTable(pairs).firstSeen).toEqual([2, 1, 0])
    const cleared = labelTable(pairs)
    cleared.clear()
    cleared.add(labelTable(pairs.slice(2)))
    cleared.add(labelTable(pairs.slice(0, 2)))
    expect(cleared.firstSeen).toEqual([0, 1, 2])
    expect(tableCohenKappa(cleared)).toBe(cohenKappa([...pairs.slice(2), ...pairs.slice(0, 2)]))
  })

  test("Spearman's ρ is exact up to EXACT_RANK_PAIRS pairs and refuses more", () => {
    const random = seededUniform(3)
    const pairs = Array.from({ length: EXACT_RANK_PAIRS }, (): [number, number] => {
      const a = Math.floor(random() * 11)
      return [a, Math.min(10, a + Math.floor(random() * 3))]
    })
    expect(tableSpearman(scoreTable(pairs))).toBe(spearman(pairs))
    expect(() => tableSpearman(scoreTable([...pairs, [0, 0]]))).toThrow(RangeError)
  })

  test('only integers on the scale fit a score table', () => {
    expect(ScoreTable.fits([[0, 10], [5, 5]], 0, 10)).toBe(true)
    for (const bad of [[[2.5, 3]], [[3, 11]], [[-1, 0]], [[Number.NaN, 1]]] as Scores[]) {
      expect(ScoreTable.fits(bad, 0, 10)).toBe(false)
      expect(() => ScoreTable.of(bad, 0, 10)).toThrow(RangeError)
    }
    expect(() => LabelTable.of([['A', 'maybe']], INDEX)).toThrow(/"maybe" is not one of/)
  })
})

describe('clusteredTallyEstimate gives what clusteredEstimate gives on the pairs', () => {
  test('on random clusters: empty clusters, a single cluster, too few clusters, undefined statistics', () => {
    const g = generator(4)
    for (let i = 0; i < 60; i++) {
      const options = { seed: g.int(1_000_000), resamples: 400, minGroups: 1 + g.int(5) }
      const scores = g.clusters(() => g.scores())
      const labels = g.clusters(() => g.labels())
      expect(clusteredTallyEstimate(scores, scoreTable, tableWeightedKappa, options)).toStrictEqual(clusteredEstimate(scores, (p) => weightedKappa(p, SCALE.min, SCALE.max), options))
      expect(clusteredTallyEstimate(scores, scoreTable, tableSpearman, options)).toStrictEqual(clusteredEstimate(scores, spearman, options))
      expect(clusteredTallyEstimate(labels, labelTable, tableCohenKappa, options)).toStrictEqual(clusteredEstimate(labels, cohenKappa, options))
      expect(clusteredTallyEstimate(labels, labelTable, tableAgreementRate, options)).toStrictEqual(clusteredEstimate(labels, agreementRate, options))
    }
  })

  test('with the default 2,000 resamples', () => {
    const clusters: Scores[] = [[[1, 2], [3, 3], [7, 8]], [[0, 0], [10, 9]], [], [[5, 5], [5, 6], [6, 5], [2, 2]], [[4, 9]], [[8, 8], [9, 7]]]
    expect(clusteredTallyEstimate(clusters, scoreTable, tableSpearman, { seed: 9 })).toStrictEqual(clusteredEstimate(clusters, spearman, { seed: 9 }))
  })

  test('the largest resample draws the largest resampling unit every time', () => {
    expect(largestResample([[1, 2, 3], [], [4]], (us) => us.length)).toBe(2 * 3)
    expect(largestResample([[[1, 2], [3]]], (us) => us.flat().length)).toBe(2 * 2)
    expect(largestResample([], (us) => us.length)).toBe(0)
  })
})

describe('computeAgreement gives the pair functions’ estimates', () => {
  const DIMS = ['accuracy', 'clarity']
  /** A key of 5 tasks × 3 items and one grader's answers; `fraction`: some judge scores off the integer scale. */
  function scenario(fraction: boolean): { key: KeyFile; grades: ItemGrade[]; clusters: Array<{ prefs: Labels; scores: Scores }> } {
    const random = seededUniform(fraction ? 6 : 5)
    const int = (n: number) => Math.floor(random() * n)
    const scores = (fraction: boolean) => Object.fromEntries(DIMS.map((d) => [d, int(11) + (fraction && random() < 0.2 ? 0.5 : 0)]))
    const items: KeyItem[] = Array.from({ length: 15 }, (_, i) => ({
      id: `h${String(i + 1).padStart(3, '0')}`,
      task: `task${i % 5}`,
      trial: 1,
      a: { topology: 'single', judgeScores: scores(fraction), length: 10 },
      b: { topology: 'star', judgeScores: scores(fraction), length: 20 },
      judgePreference: (['A', 'B', 'tie'] as const)[int(3)]!,
      judgeOrdersAgreed: true,
    }))
    const grades = items.map((item): ItemGrade => ({ grader: 'ann', item: item.id, preference: (['A', 'B', 'tie'] as const)[int(3)]!, scores: { A: scores(false), B: scores(false) } }))
    const key: KeyFile = { kind: 'orgbench-human-key', version: 1, exportId: 'x', runId: 'run', simulated: true, judgeModel: 'judge', seed: 5, rubric: Object.fromEntries(items.map((i) => [i.task, DIMS])), items }
    // Units as computeAgreement builds them (judge first), clustered by task.
    const units = grades.map((g, i) => {
      const item = items[i]!
      const pairs = (['A', 'B'] as const).flatMap((side) => DIMS.map((d): [number, number] => [(side === 'A' ? item.a : item.b).judgeScores![d]!, g.scores[side][d]!]))
      return { task: item.task, prefs: [[item.judgePreference!, g.preference!]] as Labels, scores: pairs }
    })
    const clusters = [...new Set(units.map((u) => u.task))].map((t) => units.filter((u) => u.task === t)).map((us) => ({ prefs: us.flatMap((u) => u.prefs), scores: us.flatMap((u) => u.scores) }))
    return { key, grades, clusters }
  }

  test.each([false, true])('judge scores with fractions: %s', (fraction) => {
    const { key, grades, clusters } = scenario(fraction)
    const seed = key.seed
    const reference = <T>(parts: T[][], statistic: (xs: T[]) => number | null, offset: number) => clusteredEstimate(parts, statistic, { seed: seed + offset })
    const prefs = clusters.map((c) => c.prefs)
    const pairs = clusters.map((c) => c.scores)
    expect(pairs.flat(2).some((x) => !Number.isInteger(x))).toBe(fraction)
    expect(computeAgreement(key, grades).judgeVsHuman.overall).toStrictEqual({
      items: 15,
      preference: { pairs: 15, kappa: reference(prefs, cohenKappa, 1), agreement: reference(prefs, agreementRate, 2) },
      pointwise: { pairs: 60, weightedKappa: reference(pairs, (p) => weightedKappa(p, SCALE.min, SCALE.max), 3), spearman: reference(pairs, spearman, 4) },
    })
  })
})
