import { describe, expect, test } from 'vitest'
import { renderGroupSummary, renderTopSummary, summaryPath } from '../../../lib/results/report/markdown.js'
import { buildReportModel } from '../../../lib/results/report/model.js'
import { judgedRecord, makeRun, provenanceCheck, trials } from '../fixtures.js'
import { twoTrackRun } from './shared.js'

const model = buildReportModel([twoTrackRun])

describe('markdown summaries', () => {
  test('summary.md says what the Δ intervals and * are, with the size of each family', () => {
    const top = renderTopSummary(model)
    expect(top).toContain('Δ intervals are adjusted for the differences shown together.')
    expect(top).toMatch(/each task's Δ vs single in the per-task table \(m = \d+; no per-task table shows a Δ vs matched/)
    expect(top).toContain('Holm p and Bonferroni intervals at 1 − 0.05/m')
    expect(top).toContain('* survives Holm correction over the differences shown together; intervals are 95 % simultaneous (Bonferroni)')
  })
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
  test('every summary says the status under the simulated label, with the reasons of a partial run', () => {
    expect(renderTopSummary(model)).toContain('**SIMULATED** — embedded simulator, not a real model: these numbers test the machinery, not the topologies.\n>\n> **status: complete**\n')
    const partial = buildReportModel([{ ...twoTrackRun, status: 'partial', statusReasons: ['filtered by ORGBENCH_TOPOLOGIES=single,star'] }])
    expect(renderGroupSummary(partial, 'track', 'finance')).toContain('> **status: partial** — filtered by ORGBENCH_TOPOLOGIES=single,star\n')
  })
  test('a run where no case succeeded: what happened instead of a conclusion', () => {
    const failed = renderTopSummary(buildReportModel([makeRun(trials([null, null], { task: 'e1' }).concat(trials([null, null], { task: 'e1', topology: 'star' })))]))
    expect(failed).toContain('> **status: failed** — no case succeeded (all 4 errored)')
    expect(failed).toContain('\nNo conclusion: no case succeeded. All 4 trials errored, so there is no score to compare and no outcome to count; the most common error (4 of 4) was "organisation: rate_limit: 429 after 3 retries". Fix its cause and run again.\n')
    expect(failed).not.toContain('beyond doubt')
  })
  test('given several runs, says which tasks come from which run, with its seed and trials, and which runs are not in the tables', () => {
    const newer = makeRun(trials([70, 71], { task: 'e1' }), { runId: 'sim-new', createdAt: '2026-02-01T00:00:00.000Z' })
    const top = renderTopSummary(buildReportModel([{ ...twoTrackRun, config: { ...twoTrackRun.config, seed: 2 } }, newer]))
    expect(top).toContain('3 trial(s) per case · seed 1 or 2 (differs by run) · memory persisted · from:\n\n- sim-new (seed 1, 3 trial(s)): e1\n- sim-report (seed 2, 3 trial(s)): f1\n')
    expect(renderTopSummary(model)).toContain('3 trial(s) per case · seed 1 · memory persisted · from `sim-report`\n')
    expect(renderTopSummary(model)).not.toContain('Not in the tables')
  })
  test('only the setting that differs by run is marked so', () => {
    const newer = makeRun(trials([70], { task: 'e1' }), { runId: 'sim-new', createdAt: '2026-02-01T00:00:00.000Z' })
    const top = renderTopSummary(buildReportModel([twoTrackRun, { ...newer, config: { ...newer.config, trials: 1 } }]))
    expect(top).toContain('1 trial(s) per case or 3 trial(s) per case (differs by run) · seed 1 · memory persisted')
  })
  test('a learning run: the header gives its learning settings, not ORGBENCH_TRIALS, and the conclusion says it is no benchmark result', () => {
    const noCost = { usd: 0, knownUsd: 0, unpriced: 0, paidUsd: 0, cachedCalls: 0, calls: 0, tokens: { prompt: 0, completion: 0, cached: 0, reasoning: 0 } }
    const split = (task: string) => ({ task, mode: 'seeds' as const, unit: null, fraction: null, reason: 'one unit', train: null, heldOut: null, trainSeeds: [1], heldOutSeeds: [2, 3, 4] })
    const learning = { settings: { iterations: 4, trainTrials: 1, heldOutTrials: 3, budgetTokens: 400 }, splits: [split('e1'), split('f1')], retrospectives: [], cost: noCost, tasks: [] }
    const top = renderTopSummary(buildReportModel([{ ...twoTrackRun, learning }]))
    expect(top).toContain('\nlearning: up to 4 iteration(s) per arm, 1 training + 3 held-out seed(s) each, lessons ≤ 400 tokens per agent · seed 1 · memory persisted · from `sim-report`\n')
    expect(top).not.toContain('trial(s) per case')
    expect(top).toMatch(/\nLearning run: its cases pool the memory-off ablation and the training and held-out cases of every iteration, which score different inputs, so its topology tables and differences are not a benchmark result \(its learning curves are in the learning section\)\. Over all tasks, /)
    expect(renderTopSummary(model)).not.toContain('Learning run')
  })
  test('the top summary has a section on the judge when the run was judged, with the provenance flag', () => {
    const records = [1, 2, 3, 4].flatMap((trial) => [judgedRecord('single', trial, 50 + trial, 1000, 50 + 2 * trial), judgedRecord('star', trial, 60 + trial, 2000, 52 + trial)])
    const top = renderTopSummary(buildReportModel([{ ...makeRun(records), provenance: provenanceCheck() }]))
    expect(top).toMatch(/## The judge\n\n- judge vs ground truth\/checklist within task/)
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
