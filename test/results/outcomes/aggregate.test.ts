import { describe, expect, test } from 'vitest'
import { tCdf, tQuantile } from '../../../lib/eval/distributions.js'
import { aggregateOutcomes, boundsOf, outcomeSpec } from '../../../lib/results/outcomes/aggregate.js'
import type { TestRecord } from '../../../lib/results/record.js'
import { RunFile } from '../../../lib/results/schema.js'
import { OutcomeDiff, OutcomeReport } from '../../../lib/results/outcomes/schema.js'
import { summarizeRecord } from '../../../lib/results/summary.js'
import { makeRecord, makeRun } from '../fixtures.js'
import { reviewCase } from './fixtures.js'

const cases = (records: TestRecord[]) => records.map(summarizeRecord)

describe('aggregateOutcomes', () => {
  const records = [
    reviewCase({ topology: 'single', trial: 1, escaped: 2, caught: 1, usd: 0.01 }),
    reviewCase({ topology: 'single', trial: 2, escaped: 1, caught: 1, usd: 0.01 }),
    reviewCase({ topology: 'self_refine', trial: 1, escaped: 1, caught: 2, usd: 0.03 }),
    reviewCase({ topology: 'self_refine', trial: 2, escaped: 1, caught: 2, usd: 0.03 }),
    reviewCase({ topology: 'star', trial: 1, escaped: 0, caught: 2, usd: 0.04 }),
    reviewCase({ topology: 'star', trial: 2, escaped: 1, caught: 2, usd: 0.04 }),
    reviewCase({ topology: 'star', trial: 3, escaped: 0, caught: 0, status: 'error', usd: 0.07 }),
    makeRecord({ task: 'architecture', costCenter: 'engineering', topology: 'single' }),
  ]
  const report = aggregateOutcomes(cases(records))
  const star = report.groups.find((g) => g.topology === 'star')!
  const figure = (id: string) => star.outcomes.find((o) => o.outcome === id)!

  test('a rate per 100 pull requests, with its differences against single and the compute-matched baseline', () => {
    const escaped = figure('code_review.escaped_severe_bugs')
    // star: 0 and 1 of 4 pull requests → 0 and 25 per 100; single 50 and 25; self_refine 25 and 25.
    expect(escaped.value.mean).toBe(12.5)
    expect(escaped.vsSingle).toMatchObject({ against: 'single', pairs: 2, mean: -25 })
    expect(escaped.vsMatched).toMatchObject({ against: 'self_refine', pairs: 2, mean: -12.5 })
    // Events per case, what a cost model prices: 0.5 escaped bugs per review on average.
    expect(escaped.perCase?.value.mean).toBe(0.5)
    expect(escaped.perCase?.vsSingle?.mean).toBe(-1)
  })

  test('dollars per caught must-catch bug is total spend over total caught, and errored trials are left out', () => {
    const spend = figure('code_review.usd_per_caught_bug')
    expect(spend.value).toMatchObject({ n: 2, mean: 0.02 })
    // single: $0.02 over 2 caught = $0.01 per bug; star $0.02 per bug.
    expect(spend.vsSingle?.mean).toBe(0.01)
    expect(star.errors).toBe(1)
    expect(star.trials).toBe(3)
  })

  test('spend per case counts what an errored trial spent: (0.04 + 0.04 + 0.07) / 3, as in the run tables', () => {
    expect(star.spendPerCase.value.mean).toBe(0.05)
    // Paired with self_refine's trials 1 and 2 (its trial 3 does not exist).
    expect(star.spendPerCase.vsMatched?.mean).toBe(0.01)
  })

  test('spend per case is unknown, not a mean over the others, when one case has an unknown cost', () => {
    const unknown = aggregateOutcomes(cases([...records, reviewCase({ topology: 'star', trial: 4, escaped: 0, caught: 1, usd: null })]))
    expect(unknown.groups.find((g) => g.topology === 'star')!.spendPerCase.value.mean).toBeNull()
  })

  test('the single agents have no compute-matched baseline; the matched baseline is not compared with itself', () => {
    const single = report.groups.find((g) => g.topology === 'single')!
    expect(single.outcomes[0]!.vsSingle).toBeNull()
    expect(single.outcomes[0]!.vsMatched).toBeNull()
    expect(report.groups.find((g) => g.topology === 'self_refine')!.outcomes[0]!.vsMatched).toBeNull()
  })

  test('a task without ground truth is listed apart, never borrowed from', () => {
    expect(report.withoutTruth).toEqual([{ costCenter: 'engineering', tasks: ['architecture'] }])
    expect(report.groups.every((g) => !g.tasks.includes('architecture'))).toBe(true)
  })

  test('the run file carries the outcomes, and a file without them (written before) still reads', () => {
    const run = makeRun(records)
    expect(run.outcomes?.groups.map((g) => g.topology)).toEqual(['single', 'self_refine', 'star'])
    const { outcomes: _dropped, ...older } = run
    expect(makeRun([makeRecord()]).outcomes).toEqual({ groups: [], withoutTruth: [{ costCenter: 'engineering', tasks: ['task_a'] }] })
    expect(RunFile.parse(older).outcomes).toBeUndefined()
  })
})

describe('aggregateOutcomes: the differences of one outcome\'s table are adjusted together', () => {
  // Escaped bugs of 4 per trial: single 2, 1, 2; self_refine 2, 1, 1; star 0, 0, 0 (per 100 pull requests: ×25).
  const escaped = (topology: string, counts: number[]) => counts.map((n, i) => reviewCase({ topology, trial: i + 1, escaped: n, caught: 1, usd: 0.01 }))
  const report = aggregateOutcomes(cases([...escaped('single', [2, 1, 2]), ...escaped('self_refine', [2, 1, 1]), ...escaped('star', [0, 0, 0])]))
  const figure = (topology: string) => report.groups.find((g) => g.topology === topology)!.outcomes.find((o) => o.outcome === 'code_review.escaped_severe_bugs')!
  test('the table shows 3 differences (star vs single and vs self_refine, self_refine vs single): a family of 3', () => {
    expect([figure('star').vsSingle?.adjusted?.family, figure('star').vsMatched?.adjusted?.family, figure('self_refine').vsSingle?.adjusted?.family]).toEqual([3, 3, 3])
  })
  test('star − single, −50, −25, −50 per 100: −41.67 ± t(1 − 0.05/6, 2) · 8.33, where the plain 95 % interval left out 0', () => {
    const d = figure('star').vsSingle!
    // SD of the differences 14.43 over √3 trials.
    const se = 25 / 3
    expect(d.mean).toBeCloseTo(-41.6667, 3)
    expect(d.ci!.hi).toBeLessThan(0)
    expect(d.adjusted!.ci.lo).toBeCloseTo(-41.6667 - tQuantile(1 - 0.05 / 6, 2) * se, 2)
    expect(d.adjusted!.ci.hi).toBeCloseTo(-41.6667 + tQuantile(1 - 0.05 / 6, 2) * se, 2)
    expect(d.adjusted!.ci.level).toBeCloseTo(1 - 0.05 / 3, 4)
    // Its p (t = 5 on 2 df) is the smallest of the 3, so Holm multiplies it by 3: above 0.05.
    expect(d.adjusted!.pHolm).toBeCloseTo(3 * 2 * (1 - tCdf(5, 2)), 3)
    expect(d.adjusted!.survives).toBe(false)
  })
  test('the results schema takes the adjustment, and a difference written before it (no `adjusted`) still reads', () => {
    expect(OutcomeReport.safeParse(report).success).toBe(true)
    const { adjusted: _, ...old } = figure('star').vsSingle!
    expect(OutcomeDiff.safeParse(old).success).toBe(true)
  })
})

describe('boundsOf', () => {
  test('a share lies in 0-100 %, a rate of at most one event per unit in 0 to its per, any other rate or spend at 0 or above', () => {
    expect(boundsOf(outcomeSpec('incident_response.right_root_cause')!)).toEqual([0, 100])
    expect(boundsOf(outcomeSpec('support_triage.sla_wrong')!)).toEqual([0, 1000])
    expect(boundsOf(outcomeSpec('code_review.false_blocks')!)).toEqual([0, 100])
    // Several HIGH risks can be missed in one contract, several bugs can escape in one pull request.
    expect(boundsOf(outcomeSpec('contract_review.high_risks_missed')!)).toEqual([0, Infinity])
    expect(boundsOf(outcomeSpec('code_review.escaped_severe_bugs')!)).toEqual([0, Infinity])
    expect(boundsOf(outcomeSpec('support_triage.usd_per_tickets')!)).toEqual([0, Infinity])
  })
})
