import { describe, expect, test } from 'vitest'
import { aggregateOutcomes } from '../../../lib/results/outcomes/aggregate.js'
import { OutcomeFigure, OutcomeReport } from '../../../lib/results/outcomes/schema.js'
import { summarizeRecord } from '../../../lib/results/summary.js'
import { makeRecord } from '../fixtures.js'
import { reviewCase } from './fixtures.js'

const stat = { n: 2, tasks: 1, mean: 12.5, se: 12.5, ci: null }
const figure: OutcomeFigure = {
  outcome: 'code_review.escaped_severe_bugs',
  kind: 'rate',
  label: 'escaped severe bugs',
  per: 100,
  unit: 'pull requests',
  value: stat,
  vsSingle: { ...stat, mean: -25, against: 'single', pairs: 2 },
  vsMatched: null,
  perCase: { value: { ...stat, mean: 0.5 }, vsSingle: null, vsMatched: null },
}
const report = (over: Partial<OutcomeFigure> = {}) => ({
  groups: [{ costCenter: 'engineering', topology: 'star', tasks: ['review_a'], trials: 3, errors: 1, spendPerCase: { value: stat, vsSingle: null, vsMatched: null }, outcomes: [{ ...figure, ...over }] }],
  withoutTruth: [],
})
const problems = (value: unknown) => OutcomeReport.safeParse(value).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)

describe('the outcome report in the run file', () => {
  test('keeps every field the aggregation writes: a report read back equals the one written', () => {
    // Two trials of single, its compute-matched baseline self_refine and star; and a task without ground truth.
    const arms = [['single', 0.01], ['self_refine', 0.03], ['star', 0.04]] as const
    const records = [1, 2].flatMap((trial) => arms.map(([topology, usd], i) => reviewCase({ topology, trial, escaped: 2 - i, caught: i + trial, usd })))
    records.push(makeRecord({ task: 'architecture', costCenter: 'engineering', topology: 'single' }))
    const written = aggregateOutcomes(records.map(summarizeRecord))
    // Every part of the schema is filled: differences against both baselines, per-case figures, the tasks without truth.
    const escaped = written.groups.find((g) => g.topology === 'star')!.outcomes.find((o) => o.kind === 'rate')!
    expect([escaped.vsSingle?.against, escaped.vsMatched?.against, escaped.perCase?.vsMatched?.against]).toEqual(['single', 'self_refine', 'self_refine'])
    expect(written.withoutTruth).toEqual([{ costCenter: 'engineering', tasks: ['architecture'] }])
    expect(OutcomeReport.parse(JSON.parse(JSON.stringify(written)))).toEqual(written)
  })

  test('a rate carries its per-case figure; shares and spend carry null there; intervals may be missing', () => {
    expect(OutcomeReport.parse(report()).groups[0]!.outcomes[0]!.perCase?.value.mean).toBe(0.5)
    expect(OutcomeReport.parse(report({ kind: 'share', perCase: null })).groups[0]!.outcomes[0]!.perCase).toBeNull()
    expect(OutcomeReport.parse(report({ value: { ...stat, mean: null, se: null } })).groups[0]!.outcomes[0]!.value.mean).toBeNull()
  })

  test('an interval has both ends, its level and a known method', () => {
    const ci = { lo: -50, hi: 0, level: 0.95, method: 'bootstrap' as const }
    expect(OutcomeReport.parse(report({ value: { ...stat, ci } })).groups[0]!.outcomes[0]!.value.ci).toEqual(ci)
    expect(problems(report({ value: { ...stat, ci: { ...ci, method: 'guess' } as never } }))).toEqual([
      'groups.0.outcomes.0.value.ci.method: Invalid option: expected one of "t"|"bootstrap"|"wilson"|"exact"|"fisher-z"',
    ])
  })

  test('refuses an unknown kind, fractional counts and a difference without its baseline, naming the field', () => {
    expect(problems(report({ kind: 'count' as never }))).toEqual(['groups.0.outcomes.0.kind: Invalid option: expected one of "rate"|"share"|"spend"'])
    expect(problems(report({ value: { ...stat, n: 1.5 } }))).toEqual(['groups.0.outcomes.0.value.n: Invalid input: expected int, received number'])
    const { against: _, ...noBaseline } = figure.vsSingle!
    expect(problems(report({ vsSingle: noBaseline as never }))).toEqual(['groups.0.outcomes.0.vsSingle.against: Invalid input: expected string, received undefined'])
  })

  test('tasks without ground truth are listed per cost center', () => {
    expect(OutcomeReport.parse({ groups: [], withoutTruth: [{ costCenter: 'legal', tasks: ['nda', 'msa'] }] }).withoutTruth).toEqual([{ costCenter: 'legal', tasks: ['nda', 'msa'] }])
    expect(problems({ groups: [], withoutTruth: [{ costCenter: 'legal' }] })).toEqual(['withoutTruth.0.tasks: Invalid input: expected array, received undefined'])
  })
})
