import { describe, expect, test } from 'vitest'
import type { ItemGrade } from '../../lib/human/grades.js'
import { NOT_VALIDATED, renderAgreementText } from '../../lib/human/render.js'
import type { KeyFile } from '../../lib/human/schema.js'
import { computeAgreement } from '../../lib/human/validation.js'
import { renderReport } from '../../lib/results/report/index.js'
import { makeRecord, makeRun } from '../results/fixtures.js'

const run = makeRun([makeRecord({ topology: 'single' }), makeRecord({ topology: 'star', pairwise: 'win' })], { runId: 'sim-run-a' })

function agreementFor(runId: string, grader = 'ann') {
  const key: KeyFile = {
    kind: 'orgbench-human-key',
    version: 1,
    exportId: `${runId}-h1`,
    runId,
    simulated: true,
    judgeModel: 'sim-judge',
    seed: 1,
    rubric: { task_a: ['accuracy'] },
    items: [{ id: 'h001', task: 'task_a', trial: 1, a: { topology: 'star', judgeScores: { accuracy: 8 }, length: 30 }, b: { topology: 'single', judgeScores: { accuracy: 6 }, length: 20 }, judgePreference: 'A', judgeOrdersAgreed: true }],
  }
  const grades: ItemGrade[] = [{ grader, item: 'h001', preference: 'A', scores: { A: { accuracy: 7 }, B: { accuracy: 5 } } }]
  return computeAgreement(key, grades)
}

describe('reports and human validation', () => {
  test('without grades, the HTML and markdown say the judge is not validated against people', () => {
    const files = renderReport([run])
    expect(files.get('summary.md')).toContain(NOT_VALIDATED)
    expect(files.get('index.html')).toContain('Judge not validated against people')
  })

  test("with grades for the run, both show the agreement table; another run's grades are ignored", () => {
    const files = renderReport([run], { agreements: [agreementFor('sim-run-a'), agreementFor('other-run')] })
    const md = files.get('summary.md')!
    expect(md).toContain('judge vs people — sim-judge on export sim-run-a-h1')
    expect(md).not.toContain('other-run')
    const text = renderAgreementText(agreementFor('sim-run-a'))
    expect(text).toContain("Cohen's κ [95% CI]")
    expect(Math.max(...text.split('\n').map((l) => l.length))).toBeLessThanOrEqual(120)
    expect(md).not.toContain(NOT_VALIDATED)
    expect(files.get('index.html')).toContain('<h3>judge vs people — sim-judge on export sim-run-a-h1')
  })

  test('a grader name with a | or HTML in it stays in its own cell of the summary, as text', () => {
    const md = renderReport([run], { agreements: [agreementFor('sim-run-a', 'a|b <img src=x onerror=alert(1)>')] }).get('summary.md')!
    const row = md.split('\n').find((l) => l.startsWith('| grader '))!
    expect(row.startsWith('| grader a\\|b &lt;img src=x onerror=alert(1)> | 1 |')).toBe(true)
    expect(row.split(/(?<!\\)\|/).length - 2).toBe(7)
    expect(md).not.toContain('<img')
  })
})
