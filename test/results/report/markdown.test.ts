import { describe, expect, test } from 'vitest'
import { renderGroupSummary, renderTopSummary, summaryPath } from '../../../lib/results/report/markdown.js'
import { buildReportModel } from '../../../lib/results/report/model.js'
import { twoTrackRun } from './shared.js'

const model = buildReportModel([twoTrackRun])

describe('markdown summaries', () => {
  test('a track summary holds only its own tasks', () => {
    const finance = renderGroupSummary(model, 'track', 'finance')
    expect(finance.startsWith('# orgbench summary — track finance')).toBe(true)
    expect(finance).toContain('| f1 | star |')
    expect(finance).not.toContain('| e1 |')
  })
  test('a cost-center summary has its topology table', () => {
    expect(renderGroupSummary(model, 'costCenter', 'engineering')).toMatch(/\| star \| 1 \| 3\/3 \| 85\.7 \|/)
  })
  test('the top summary links every track and cost center and says the results are simulated', () => {
    const top = renderTopSummary(model)
    expect(top).toContain('- [finance](tracks/finance/summary.md)')
    expect(top).toContain('- [treasury](cost-centers/treasury/summary.md)')
    expect(top).toContain('**SIMULATED**')
  })
  test('paths are safe folder names', () => {
    expect(summaryPath('costCenter', 'R&D ops')).toBe('cost-centers/R_D_ops/summary.md')
  })
})
