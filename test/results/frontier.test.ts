import { describe, expect, test } from 'vitest'
import { tQuantile } from '../../lib/eval/distributions.js'
import { computeFrontierGaps, frontierAt } from '../../lib/results/frontier.js'
import type { TestRecord } from '../../lib/results/record.js'
import { makeRecord } from './fixtures.js'

/** A cell of two trials at `tokens` org tokens (prompt only) and a headline of `headline`. */
function cell(task: string, topology: string, tokens: number, headline: number): TestRecord[] {
  return [1, 2].map((trial) => {
    const r = makeRecord({ task, topology, trial, headline })
    return { ...r, cost: { ...r.cost, org: { ...r.cost.org, tokens: { ...r.cost.org.tokens, prompt: tokens, completion: 0 } } } }
  })
}

describe('frontierAt: the single agent at several budgets, linear in log2 tokens, never going down', () => {
  const points = [
    { log2Tokens: 10, headline: 70 },
    { log2Tokens: 11, headline: 80 },
    { log2Tokens: 12, headline: 75 },
    { log2Tokens: 13, headline: 84 },
  ]
  test('interpolates between improving points, skipping a budget that did worse than a cheaper one', () => {
    expect(frontierAt(points, 10.5)).toBeCloseTo(75, 10)
    // 75 at 2^12 is below 80 at 2^11: the frontier goes from 80 straight to 84.
    expect(frontierAt(points, 12)).toBeCloseTo(82, 10)
    expect(frontierAt(points, 9)).toBe(70)
  })
  test('holds its last value up to 15 % past the largest budget (a matched budget stops within a call of its target), never further', () => {
    expect(frontierAt(points, 13 + Math.log2(1.1))).toBe(84)
    expect(frontierAt(points, 13 + Math.log2(1.2))).toBeNull()
  })
})

describe('computeFrontierGaps: each organisation above or below the frontier at its own cost', () => {
  // Three tasks; single at 1,000 tokens and self_refine at 4,000; star spends 2,000 (halfway in log2).
  const records = ['a', 'b', 'c'].flatMap((task, i) => [
    ...cell(task, 'single', 1000, 70),
    ...cell(task, 'self_refine', 4000, 80),
    ...cell(task, 'star', 2000, 80 + i),
    ...cell(task, 'hrm', 8000, 90),
  ])
  const gaps = computeFrontierGaps(records)
  test('star is 5, 6 and 7 points above the frontier (75 at its cost): +6 ± t(0.975, 2) · 1/√3', () => {
    const star = gaps.find((g) => g.topology === 'star')!
    expect(star).toMatchObject({ tasks: 3, beyond: 0, costRatio: 2 })
    expect(star.gap).toBeCloseTo(6, 4)
    expect(star.ci!.lo).toBeCloseTo(6 - tQuantile(0.975, 2) / Math.sqrt(3), 3)
  })
  test('a topology that spends beyond every single-agent budget is not compared, and is counted', () => {
    expect(gaps.find((g) => g.topology === 'hrm')).toMatchObject({ tasks: 0, beyond: 3, gap: null, ci: null })
    expect(gaps.map((g) => g.topology)).toEqual(['hrm', 'star'])
  })
})

describe('computeFrontierGaps: the gaps shown together are one family', () => {
  // As above, with pipeline also at 2,000 tokens: 1, 2 and 6 points above the frontier.
  const records = ['a', 'b', 'c'].flatMap((task, i) => [
    ...cell(task, 'single', 1000, 70),
    ...cell(task, 'self_refine', 4000, 80),
    ...cell(task, 'star', 2000, 80 + i),
    ...cell(task, 'pipeline', 2000, [76, 77, 81][i]!),
  ])
  const gaps = computeFrontierGaps(records)
  test('star, +6 over 3 tasks, gets the Bonferroni interval for 2 gaps: ± t(1 − 0.05/4, 2) · 1/√3, which the plain one understates', () => {
    const star = gaps.find((g) => g.topology === 'star')!
    expect(star.adjusted).toMatchObject({ family: 2, survives: true })
    expect(star.ci!.level).toBeCloseTo(0.975, 4)
    expect(star.ci!.lo).toBeCloseTo(6 - tQuantile(1 - 0.05 / 4, 2) / Math.sqrt(3), 3)
    expect(star.ci!.hi).toBeCloseTo(6 + tQuantile(1 - 0.05 / 4, 2) / Math.sqrt(3), 3)
  })
  test("pipeline, +3 (1, 2, 6): Holm's p over the 2, and it does not survive", () => {
    const pipeline = gaps.find((g) => g.topology === 'pipeline')!
    expect(pipeline.gap).toBeCloseTo(3, 4)
    expect(pipeline.adjusted!.survives).toBe(false)
    expect(pipeline.ci!.lo).toBeCloseTo(3 - tQuantile(1 - 0.05 / 4, 2) * (Math.sqrt(7) / Math.sqrt(3)), 3)
  })
})

describe('computeFrontierGaps with self_refine matched to each organisation (ORGBENCH_COMPUTE_MATCHED=on)', () => {
  // hrm spends 8,000 tokens, beyond self_refine's 4,000; self_refine@hrm spent 7,800 of its 8,000 target.
  const records = ['a', 'b', 'c'].flatMap((task, i) => [
    ...cell(task, 'single', 1000, 70),
    ...cell(task, 'self_refine', 4000, 80),
    ...cell(task, 'hrm', 8000, 90 + i),
    ...cell(task, 'self_refine@hrm', 7800, 86),
  ])
  const gaps = computeFrontierGaps(records)
  test('the matched single agent is a frontier point, not an organisation: hrm is compared at its own spend', () => {
    expect(gaps.map((g) => g.topology)).toEqual(['hrm'])
    const hrm = gaps[0]!
    expect(hrm).toMatchObject({ tasks: 3, beyond: 0, costRatio: 8 })
    // 8,000 is 2.6 % past the last point (86 at 7,800): within the tolerance, the frontier is 86 there.
    expect(hrm.gap).toBeCloseTo(5, 4)
  })
})
