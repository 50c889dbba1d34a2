import { describe, expect, test } from 'vitest'
import { casePageProblems, type ChartProbe, chartProblems, narrowCaseProblems, REQUIRED_CHARTS, smallTextProblems } from '../../../lib/results/report/check.js'

const probe = (name: string, over: Partial<ChartProbe> = {}): ChartProbe => ({ name, width: 760, height: 400, marks: 5, empty: false, cutText: [], smallestText: 11, ...over })
const clean = { externalRequests: [], consoleErrors: [] }

describe('chartProblems', () => {
  test('a page with every chart rendered passes', () => {
    expect(chartProblems(REQUIRED_CHARTS.map((n) => probe(n)), clean)).toEqual([])
  })
  test('a missing or collapsed chart, or an empty core chart, is a problem; an honest "no data" elsewhere is not', () => {
    const probes = REQUIRED_CHARTS.filter((n) => n !== 'cost-by-role').map((n) =>
      n === 'per-task' ? probe(n, { width: 0 }) : n === 'quality-vs-cost' ? probe(n, { empty: true, marks: 0 }) : n === 'learning-curve' ? probe(n, { empty: true, marks: 0 }) : probe(n),
    )
    expect(chartProblems(probes, clean)).toEqual(['chart "quality-vs-cost" shows no data', 'chart "per-task" renders at 0×400 px (too small to see)', 'chart "cost-by-role" is missing'])
  })
  test('an empty quality-vs-cost chart passes when the page shows no priced call at all (an unpriced model), and only then', () => {
    const empty = { empty: true, marks: 0 }
    const unpriced = REQUIRED_CHARTS.map((n) => (n === 'quality-vs-cost' || n === 'cost-by-role' ? probe(n, empty) : probe(n)))
    expect(chartProblems(unpriced, clean)).toEqual([])
    // Priced calls but no point on the chart: something is wrong.
    const priced = REQUIRED_CHARTS.map((n) => (n === 'quality-vs-cost' ? probe(n, empty) : probe(n)))
    expect(chartProblems(priced, clean)).toEqual(['chart "quality-vs-cost" shows no data'])
    // Without cost, per-task must still show the scores.
    const noScores = REQUIRED_CHARTS.map((n) => (n === 'quality-vs-cost' || n === 'cost-by-role' || n === 'per-task' ? probe(n, empty) : probe(n)))
    expect(chartProblems(noScores, clean)).toEqual(['chart "per-task" shows no data'])
  })
  test('text a chart cuts off at its edge is a problem, quoted (long text shortened)', () => {
    const reason = 'Only one run of this model and task set: pass several runs of the same model to see a curve.'
    const probes = REQUIRED_CHARTS.map((n) => (n === 'learning-curve' ? probe(n, { empty: true, marks: 0, cutText: [reason] }) : n === 'per-task' ? probe(n, { cutText: ['task_b'] }) : probe(n)))
    expect(chartProblems(probes, clean)).toEqual([
      'chart "per-task" cuts off its text at its edge: "task_b"',
      'chart "learning-curve" cuts off its text at its edge: "Only one run of this model and task set: pass several runs o…"',
    ])
  })
  test('network requests and console errors fail the check', () => {
    expect(chartProblems(REQUIRED_CHARTS.map((n) => probe(n)), { externalRequests: ['https://cdn.example/x.js'], consoleErrors: ['boom'] })).toEqual([
      'the page tried to load https://cdn.example/x.js (it must be self-contained)',
      'console error: boom',
    ])
  })
})

describe('casePageProblems', () => {
  const page = 'cases/task_a-1.html'
  test('a page with readable columns and their deliverables passes', () => {
    expect(casePageProblems({ page, columns: [420, 420, 420], deliverables: 3, nonEmpty: 3 })).toEqual([])
  })
  test('names a page with one column, narrow columns, or missing or empty deliverables', () => {
    expect(casePageProblems({ page, columns: [420], deliverables: 0, nonEmpty: 0 })).toEqual([`${page}: 1 case column(s); a side-by-side page needs at least two`, `${page}: no deliverable is shown`])
    expect(casePageProblems({ page, columns: [420, 120], deliverables: 2, nonEmpty: 1 })).toEqual([`${page}: 1 case column(s) narrower than 300 px (120)`, `${page}: 1 deliverable(s) render empty`])
  })
})

describe('in a narrow window', () => {
  test('chart text shrunk below 8 px is a problem; text drawn at 8 px or more, or a chart without text, is not', () => {
    const charts = [probe('per-task', { smallestText: 4.7 }), probe('differences', { smallestText: 8.8 }), probe('learning-curve', { smallestText: null })]
    expect(smallTextProblems('index.html', 400, charts)).toEqual(['index.html at 400 px: chart "per-task" draws text at 4.7 px (at least 8 px is readable)'])
  })
  test("a side-by-side page must bring a readable organisation's column into view when its columns are scrolled to the end", () => {
    const page = 'cases/task_a-1.html'
    expect(narrowCaseProblems({ page, width: 400, comparedInView: 0 })).toEqual([
      `${page} at 400 px: with the columns scrolled to the end, 0 px of the last organisation's column is in view; reading it takes 300 px`,
    ])
    expect(narrowCaseProblems({ page, width: 400, comparedInView: 320 })).toEqual([])
    // Several runs: rows, no strip of columns to scroll.
    expect(narrowCaseProblems({ page, width: 400, comparedInView: null })).toEqual([])
  })
})
