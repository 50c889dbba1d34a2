import { describe, expect, test } from 'vitest'
import type { TestRecord } from '../../lib/results/record.js'
import { computeMatchedBaseline } from '../../lib/results/matched-baseline.js'
import { contrast, formatContrast, groundTruthOrChecklist, neutralityRows, renderNeutralityTable, tierLabel } from '../../lib/sim/neutrality.js'
import { makeRecord } from '../results/fixtures.js'

/** A finished record with a headline and either a ground-truth score or (design task) a checklist score. */
function scored(task: string, topology: string, trial: number, headline: number, score: number, kind: 'groundTruth' | 'checklist' = 'groundTruth'): TestRecord {
  const r = makeRecord({ task, topology, trial, headline })
  const groundTruth = kind === 'groundTruth' ? { score, metrics: {}, counts: {}, mustCatch: [] } : null
  const checklist = kind === 'checklist' ? { score, covered: [], missing: [], mustPass: [] } : null
  return { ...r, scores: { ...r.scores, groundTruth, checklist } as TestRecord['scores'] }
}

describe('groundTruthOrChecklist', () => {
  test('is the ground-truth score, or the checklist score of a design task, or null', () => {
    expect(groundTruthOrChecklist(scored('t', 'star', 1, 80, 91))).toBe(91)
    expect(groundTruthOrChecklist(scored('t', 'star', 1, 80, 64, 'checklist'))).toBe(64)
    expect(groundTruthOrChecklist(makeRecord())).toBeNull()
  })
})

describe('contrast', () => {
  test('pairs by task and trial: mean and standard error of topology − self_refine', () => {
    const records = [
      scored('a', 'self_refine', 1, 70, 80), scored('a', 'star', 1, 72, 84),
      scored('a', 'self_refine', 2, 70, 80), scored('a', 'star', 2, 71, 82),
      scored('b', 'self_refine', 1, 60, 50, 'checklist'), scored('b', 'star', 1, 63, 50, 'checklist'),
      // No partner: left out.
      scored('b', 'star', 2, 99, 99),
    ]
    const score = contrast(records, 'star', 'score')
    expect(score.n).toBe(3)
    expect(score.mean).toBeCloseTo(2, 10)
    // Differences 4, 2, 0: SD 2, SE 2/√3.
    expect(score.se).toBeCloseTo(2 / Math.sqrt(3), 10)
    expect(contrast(records, 'star', 'headline').mean).toBeCloseTo(2, 10)
  })

  test('leaves out errored records and compares with another baseline when asked', () => {
    const failed = { ...scored('a', 'star', 2, 10, 10), status: 'error' as const }
    const records = [scored('a', 'self_refine', 1, 70, 80), scored('a', 'star', 1, 72, 84), scored('a', 'self_refine', 2, 70, 80), failed, scored('a', 'single', 1, 65, 75)]
    expect(contrast(records, 'star', 'score')).toEqual({ mean: 4, se: null, n: 1 })
    expect(contrast(records, 'star', 'score', 'single').mean).toBe(9)
    expect(contrast(records, 'hrm', 'score')).toEqual({ mean: null, se: null, n: 0 })
  })
})

describe('neutralityRows', () => {
  const records = [
    scored('std1', 'self_refine', 1, 70, 80), scored('std1', 'star', 1, 72, 83), scored('std1', 'hrm', 1, 70, 90), scored('std1', 'self_refine@hrm', 1, 70, 88),
    scored('hard1', 'self_refine', 1, 50, 40), scored('hard1', 'star', 1, 49, 38),
  ]
  const tier = (r: TestRecord) => (r.task.startsWith('hard') ? 'hard' : 'standard')

  test('one row per group and measure, groups in the order given, each topology against self_refine', () => {
    const rows = neutralityRows(records, ['star', 'hrm'], tier, ['standard', 'hard'])
    expect(rows.map((r) => `${r.group} ${r.measure}`)).toEqual(['standard score', 'standard headline', 'hard score', 'hard headline'])
    expect(rows[0]!.contrasts.star!.mean).toBe(3)
    expect(rows[0]!.contrasts.hrm!.mean).toBe(10)
    expect(rows[2]!.contrasts.hrm!.n).toBe(0)
  })

  test('against the compute-matched single agent, hrm is compared with self_refine@hrm and star with self_refine', () => {
    const present = new Set(records.map((r) => r.topology))
    const rows = neutralityRows(records, ['star', 'hrm'], tier, ['standard', 'hard'], (t) => computeMatchedBaseline(t, present) ?? t)
    expect(rows[0]!.contrasts.hrm!.mean).toBe(2)
    expect(rows[0]!.contrasts.star!.mean).toBe(3)
  })

  test('renders the Markdown table of the simulator notes', () => {
    const rows = neutralityRows(records, ['star'], tier, ['standard', 'hard'])
    expect(renderNeutralityTable(rows, ['star'], (g) => tierLabel(g as 'standard' | 'hard', 1)).split('\n')).toEqual([
      '| | star |',
      '|---|---|',
      '| standard tier (1 task), ground truth / checklist | +3.0 |',
      '| standard tier (1 task), headline | +2.0 |',
      '| hard tier (1 task), ground truth / checklist | −2.0 |',
      '| hard tier (1 task), headline | −1.0 |',
    ])
  })
})

describe('formatContrast', () => {
  test('a signed mean with a true minus sign, ± the standard error, a dash without pairs', () => {
    expect(formatContrast({ mean: 3.94, se: 0.91, n: 100 })).toBe('+3.9 ± 0.9')
    expect(formatContrast({ mean: -2.06, se: 0.5, n: 100 })).toBe('−2.1 ± 0.5')
    expect(formatContrast({ mean: -0.01, se: 0.2, n: 100 })).toBe('+0.0 ± 0.2')
    expect(formatContrast({ mean: null, se: null, n: 0 })).toBe('–')
  })
})
