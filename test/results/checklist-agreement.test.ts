import { describe, expect, test } from 'vitest'
import { checklistAgreement, checklistAgreementLines } from '../../lib/results/checklist-agreement.js'

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
