import { describe, expect, test } from 'vitest'
import { checklistAgreement, checklistAgreementLines } from '../../lib/results/checklist-agreement.js'
import { renderReportHtml } from '../../lib/results/report/html.js'
import { renderTopSummary } from '../../lib/results/report/markdown.js'
import { buildReportModel } from '../../lib/results/report/model.js'
import { makeRecord, makeRun } from './fixtures.js'

const judged = (task: string, score: number, patternScore: number, disagreements: Array<{ id: string; judge: boolean; patterns: boolean }>) => ({
  task,
  status: 'ok' as const,
  scores: { checklist: { score, method: 'judge' as const, patternScore, disagreements } },
})

describe('the judge against the pattern cross-check over a run', () => {
  const cases = [
    judged('defi', 90, 80, [{ id: 'drawdown_halt', judge: true, patterns: false }, { id: 'capital', judge: false, patterns: true }]),
    judged('defi', 70, 80, [{ id: 'drawdown_halt', judge: true, patterns: false }]),
    { task: 'defi', status: 'error' as const, scores: { checklist: judged('x', 0, 100, [{ id: 'ignored', judge: true, patterns: false }]).scores.checklist } },
    { task: 'old', status: 'ok' as const, scores: { checklist: { score: 50 } } },
  ]

  test('counts each direction per task and item, over successful judge-decided deliverables only', () => {
    expect(checklistAgreement(cases)).toEqual({
      judged: 2,
      judgeOnly: 2,
      patternsOnly: 1,
      judgeMean: 80,
      patternMean: 80,
      items: [
        { key: 'defi/drawdown_halt', judgeOnly: 2, patternsOnly: 0 },
        { key: 'defi/capital', judgeOnly: 0, patternsOnly: 1 },
      ],
    })
  })

  test('prints the counts and the most disputed items; nothing for runs without a judge-decided checklist', () => {
    const lines = checklistAgreementLines(cases, 1)
    expect(lines[1]).toBe('judge and patterns disagree on 3 item(s): 2 met by the judge and missed by the patterns, 1 matched by the patterns and not accepted from the judge')
    expect(lines[2]).toBe('most disputed: defi/drawdown_halt (judge only 2, patterns only 0); 1 more in the records')
    expect(checklistAgreementLines([cases[3]!])).toEqual([])
  })
})

describe('the report shows it', () => {
  test('as a section of the markdown summary and of the HTML page', () => {
    const record = makeRecord({ topology: 'single', trial: 1, task: 'task_a', pairwise: null })
    const checklist = { score: 50, covered: ['a'], missing: ['b'], mustPass: [], method: 'judge' as const, patternScore: 50, disagreements: [{ id: 'a', judge: true, patterns: false }, { id: 'b', judge: false, patterns: true }] }
    const model = buildReportModel([makeRun([{ ...record, scores: { ...record.scores, checklist } }])])
    expect(renderTopSummary(model)).toContain('## Checklists: judge and patterns\n\n- checklist decided by the judge with verbatim quotes on 1 deliverable(s): mean 50.0 (patterns, the cross-check: 50.0)')
    expect(renderReportHtml(model)).toContain('<section id="checklists">')
  })
})
