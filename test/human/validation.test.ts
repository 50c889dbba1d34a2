import { describe, expect, test } from 'vitest'
import { seededUniform } from '../../lib/eval/seeded-uniform.js'
import type { ItemGrade } from '../../lib/human/grades.js'
import type { KeyFile, KeyItem, Preference } from '../../lib/human/schema.js'
import { computeAgreement } from '../../lib/human/validation.js'

const DIMS = ['accuracy', 'depth', 'clarity']
const random = seededUniform(42)
const int = (n: number) => Math.floor(random() * n)
const pick = <T>(xs: readonly T[]) => xs[int(xs.length)]!

/** A key of 6 tasks × 20 items with a judge that has opinions and deliverables of differing length. */
function syntheticKey(): KeyFile {
  const items: KeyItem[] = []
  for (let t = 1; t <= 6; t++) {
    for (let i = 0; i < 20; i++) {
      const scores = () => Object.fromEntries(DIMS.map((d) => [d, int(11)]))
      items.push({
        id: `h${String(items.length + 1).padStart(3, '0')}`,
        task: `task${t}`,
        trial: 1,
        a: { topology: 'single', judgeScores: scores(), length: 1000 + int(4000) },
        b: { topology: 'star', judgeScores: scores(), length: 1000 + int(4000) },
        judgePreference: pick(['A', 'B', 'tie'] as const),
        judgeOrdersAgreed: random() < 0.8,
      })
    }
  }
  return { kind: 'orgbench-human-key', version: 1, exportId: 'x', runId: 'run', simulated: true, judgeModel: 'judge', seed: 5, rubric: Object.fromEntries(items.map((i) => [i.task, DIMS])), items }
}

const key = syntheticKey()
type Grader = (item: KeyItem) => { preference: Preference; A: Record<string, number>; B: Record<string, number> }
const grade = (name: string, grader: Grader): ItemGrade[] =>
  key.items.map((item) => {
    const g = grader(item)
    return { grader: name, item: item.id, preference: g.preference, scores: { A: g.A, B: g.B } }
  })

const copiesJudge: Grader = (item) => ({ preference: item.judgePreference!, A: item.a.judgeScores!, B: item.b.judgeScores! })
/** Scores from a stream of the grader's own: a test's grades do not depend on which tests ran before it. */
const scoresFrom = (draw: () => number) => () => Object.fromEntries(DIMS.map((d) => [d, Math.floor(draw() * 11)]))
const answersAtRandom = (seed = 7): Grader => {
  const draw = seededUniform(seed)
  const scores = scoresFrom(draw)
  return () => ({ preference: (['A', 'B', 'tie'] as const)[Math.floor(draw() * 3)]!, A: scores(), B: scores() })
}
const prefersLonger = (seed = 11): Grader => {
  const scores = scoresFrom(seededUniform(seed))
  return (item) => ({ preference: item.a.length > item.b.length ? 'A' : 'B', A: scores(), B: scores() })
}

// Each scope bootstraps four statistics 2,000 times over 120 items, summing per-cluster count tables: about 1.5 s for the file on a quiet machine.
describe('judge–human agreement with synthetic graders', () => {
  test('a grader who copies the judge agrees perfectly: every κ and ρ is 1', () => {
    const o = computeAgreement(key, grade('copy', copiesJudge)).judgeVsHuman.overall
    expect(o.preference.pairs).toBe(120)
    expect(o.preference.kappa.value).toBe(1)
    expect(o.preference.agreement.value).toBe(1)
    expect(o.pointwise.pairs).toBe(720)
    expect(o.pointwise.weightedKappa.value).toBe(1)
    expect(o.pointwise.spearman.value).toBeCloseTo(1, 12)
  })

  test('a grader who answers at random has a κ whose interval covers 0', () => {
    const o = computeAgreement(key, grade('random', answersAtRandom())).judgeVsHuman.overall
    expect(o.preference.kappa.ci!.lo).toBeLessThan(0)
    expect(o.preference.kappa.ci!.hi).toBeGreaterThan(0)
    expect(o.pointwise.weightedKappa.ci!.lo).toBeLessThan(0)
    expect(o.pointwise.weightedKappa.ci!.hi).toBeGreaterThan(0)
  })

  test('a grader who always prefers the longer deliverable shows the bias; the judge, whose verdicts ignore length, does not', () => {
    const report = computeAgreement(key, grade('longest', prefersLonger()))
    const bias = Object.fromEntries(report.lengthBias.map((b) => [b.rater, b]))
    expect(bias.longest!.rate).toBe(1)
    expect(bias.longest!.ci!.lo).toBeGreaterThan(0.9)
    expect(bias['judge (judge)']!.ci!.lo).toBeLessThan(0.5)
    expect(bias['judge (judge)']!.ci!.hi).toBeGreaterThan(0.5)
  })

  test('several graders: per-grader rows, agreement between them, and per-task rows with intervals', () => {
    const report = computeAgreement(key, [...grade('ann', copiesJudge), ...grade('bob', copiesJudge), ...grade('cy', answersAtRandom())])
    expect(report.graders).toEqual(['ann', 'bob', 'cy'])
    expect(Object.keys(report.judgeVsHuman.byTask)).toEqual(['task1', 'task2', 'task3', 'task4', 'task5', 'task6'])
    expect(report.judgeVsHuman.byTask.task1!.preference.pairs).toBe(60)
    const annBob = report.interGrader.find((p) => p.a === 'ann' && p.b === 'bob')!
    expect(annBob.preferenceKappa.value).toBe(1)
    expect(annBob.weightedKappa.value).toBe(1)
    expect(report.interGrader).toHaveLength(3)
  })

  test("the judge's order disagreements are counted over the pairs it judged", () => {
    const report = computeAgreement(key, grade('copy', copiesJudge))
    const expected = key.items.filter((i) => i.judgeOrdersAgreed === false).length
    expect(report.judgeOrders).toMatchObject({ items: 120, disagreed: expected, rate: expected / 120 })
  })
})

describe('the same data gives the same interval in every scope', () => {
  test('with one grader, the "overall" row and the grader\'s row are the same pairs and show the same intervals', () => {
    const report = computeAgreement(key, grade('ann', answersAtRandom()))
    const { overall, byGrader } = report.judgeVsHuman
    expect(overall.preference.kappa.ci).not.toBeNull()
    expect(byGrader.ann).toEqual(overall)
  })

  test('with one task, the "overall" row and the task\'s row show the same intervals', () => {
    const oneTask = { ...key, items: key.items.filter((i) => i.task === 'task3') }
    const grades = grade('ann', answersAtRandom()).filter((g) => oneTask.items.some((i) => i.id === g.item))
    const { overall, byTask } = computeAgreement(oneTask, grades).judgeVsHuman
    expect(overall.pointwise.spearman.ci).not.toBeNull()
    expect(byTask.task3).toEqual(overall)
  })
})
