import { describe, expect, test } from 'vitest'
import { renderGroupSummary, renderTopSummary, summaryPath } from '../../../lib/results/report/markdown.js'
import { buildReportModel } from '../../../lib/results/report/model.js'
import { judgedRecord, makeRun, provenanceCheck, trials } from '../fixtures.js'
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
    expect(top).toContain('**SIMULATED** — embedded simulator, not a real model: these numbers test the machinery, not the topologies.')
    expect(top).toMatch(/\nOver all tasks, .*star: [-+]\d+\.\d points over single \(too few tasks for an interval: no conclusion\)/)
  })
  test('the top summary has a section on the judge when the run was judged, with the provenance flag', () => {
    const records = [1, 2, 3, 4].flatMap((trial) => [judgedRecord('single', trial, 50 + trial, 1000, 50 + 2 * trial), judgedRecord('star', trial, 60 + trial, 2000, 52 + trial)])
    const top = renderTopSummary(buildReportModel([{ ...makeRun(records), provenance: provenanceCheck() }]))
    expect(top).toMatch(/## The judge\n\n- judge vs ground truth/)
    expect(top).toMatch(/- provenance check .* ABOVE CHANCE/)
    expect(top).toContain('Length: paired by task and trial')
    expect(renderTopSummary(model)).not.toContain('## The judge')
  })
  test('the top summary has an "Organisation or compute?" section only when the run has matched single agents', () => {
    expect(renderTopSummary(model)).not.toContain('## Organisation or compute?')
    const records = ['t1', 't2', 't3'].flatMap((task, i) => [
      ...trials([70, 70, 70], { task }),
      ...trials([80 + i, 81 + i, 82 + i], { task, topology: 'peer_review' }),
      ...trials([78, 78, 78], { task, topology: 'self_refine@peer_review' }),
    ])
    const top = renderTopSummary(buildReportModel([makeRun(records)]))
    expect(top).toMatch(/## Organisation or compute\?\n\n- peer_review − self_refine@peer_review: \+4\.0 \[/)
    expect(top).toContain('Holm-adjusted with the table\'s other Δ (* survives)')
    expect(top).toContain('Simulated: these numbers test the machinery, not the topologies.')
  })
  test('paths are safe folder names', () => {
    expect(summaryPath('costCenter', 'R&D ops')).toBe('cost-centers/R_D_ops/summary.md')
  })
})
