import { describe, expect, test } from 'vitest'
import { AGREEMENT_COLUMNS, agreementNotes, agreementRows, agreementTitle, NOT_VALIDATED, renderAgreementMarkdown, renderAgreementText } from '../../lib/human/render.js'
import type { AgreementMetrics, AgreementReport } from '../../lib/human/validation.js'

/** A 95 % bootstrap interval. */
const ci = (lo: number, hi: number) => ({ lo, hi, level: 0.95, method: 'bootstrap' as const })

const metrics = (pairs: number, kappa: number | null, interval: ReturnType<typeof ci> | null): AgreementMetrics => ({
  items: pairs,
  preference: { pairs, kappa: { value: kappa, ci: interval }, agreement: { value: kappa === null ? null : 0.75, ci: null } },
  pointwise: { pairs: 2 * pairs, weightedKappa: { value: 0.5, ci: ci(0.1, 0.9) }, spearman: { value: null, ci: null } },
})

const report: AgreementReport = {
  kind: 'orgbench-human-agreement',
  version: 1,
  exportId: 'exp-1',
  runId: 'run-1',
  simulated: false,
  judgeModel: 'judge-m',
  graders: ['ana', 'bo|b'],
  items: 12,
  gradedItems: 10,
  judgeVsHuman: { overall: metrics(10, 0.612, ci(0.3, 0.85)), byTask: { contract_review: metrics(4, 0.5, null) }, byGrader: { ana: metrics(0, null, null) } },
  interGrader: [{ a: 'ana', b: 'bo|b', items: 8, preferenceKappa: { value: 0.4, ci: ci(-0.1, 0.8) }, weightedKappa: { value: null, ci: null } }],
  judgeOrders: { items: 10, disagreed: 3, rate: 0.3, ci: ci(0.1, 0.6) },
  lengthBias: [{ rater: 'judge', decisive: 9, preferredLonger: 6, rate: 0.667, ci: null }, { rater: 'people', decisive: 8, preferredLonger: 4, rate: 0.5, ci: ci(0.2, 0.8) }],
  method: ['κ intervals resample whole tasks.'],
}

describe('agreementRows', () => {
  test('overall, each task, each grader: pairs, κ with its interval (or why none), agreement in percent, then the score columns; unknown values as –', () => {
    expect(agreementRows(report)).toEqual([
      ['overall', '10', '0.61 [0.30, 0.85]', '75 %', '20', '0.50 [0.10, 0.90]', '–'],
      ['contract_review', '4', '0.50 (too few for a CI)', '75 %', '8', '0.50 [0.10, 0.90]', '–'],
      ['grader ana', '0', '–', '–', '0', '0.50 [0.10, 0.90]', '–'],
    ])
    expect(AGREEMENT_COLUMNS).toHaveLength(agreementRows(report)[0]!.length)
  })
})

describe('agreementNotes', () => {
  test('graders among themselves, the judge\'s order consistency and the length bias of each rater', () => {
    expect(agreementNotes(report)).toEqual([
      'between graders ana and bo|b (8 items): preference κ 0.40 [-0.10, 0.80], weighted κ –',
      "the judge's two pairwise orders disagreed on 3 of 10 pairs (30 % [10, 60])",
      'preference for the longer deliverable (50 % = none): judge 67 % of 9; people 50 % [20, 80] of 8',
    ])
  })
})

describe('agreementTitle', () => {
  test('names the judge and the export; a simulated run says which side the simulator played', () => {
    expect(agreementTitle(report)).toBe('judge vs people — judge-m on export exp-1')
    expect(agreementTitle({ ...report, simulated: true, simulatedSides: { agents: true, judge: false } })).toBe('judge vs people — judge-m on export exp-1 (SIMULATED run: the deliverables are simulated, the judge is a real model)')
    expect(agreementTitle({ ...report, simulated: true })).toContain('(SIMULATED run: the deliverables and the judge are simulated)')
  })
})

describe('renderAgreementText', () => {
  test('the title, the graders and how many items they graded, the table, then the notes', () => {
    const lines = renderAgreementText(report, { wide: true }).split('\n')
    expect(lines.slice(0, 3)).toEqual(['judge vs people — judge-m on export exp-1', '2 grader(s): ana, bo|b · 10 of 12 items graded', ''])
    expect(lines.slice(-3)).toEqual(agreementNotes(report))
  })
})

describe('renderAgreementMarkdown', () => {
  const md = renderAgreementMarkdown(report)

  test('a table with one right-aligned column per number, and the method in italics', () => {
    expect(md).toContain(`| ${AGREEMENT_COLUMNS.join(' | ')} |\n|---|---:|---:|---:|---:|---:|---:|`)
    expect(md).toContain('| overall | 10 | 0.61 [0.30, 0.85] | 75 % | 20 | 0.50 [0.10, 0.90] | – |')
    expect(md.endsWith('_κ intervals resample whole tasks._')).toBe(true)
  })

  test("what graders typed cannot break the table or inject HTML: a | in a cell is escaped, < is written as &lt;", () => {
    const typed = renderAgreementMarkdown({ ...report, judgeVsHuman: { ...report.judgeVsHuman, byGrader: { '<b>x|y': metrics(1, 0.2, null) } } })
    expect(typed).toContain('| grader &lt;b>x\\|y | 1 |')
    expect(typed).toContain('- between graders ana and bo|b (8 items)')
  })
})

test('NOT_VALIDATED says the judge was not checked against people and how to start', () => {
  expect(NOT_VALIDATED).toBe('Judge not validated against people: no human grades for this run (see `orgbench human export`).')
})
