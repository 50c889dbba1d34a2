import { appendFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { loadConfig, publicConfig } from '../../lib/config.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import { buildRunFile } from '../../lib/results/collect.js'
import { appendLearning, learningSummaryLines, readLearning, type RetrospectiveEntry } from '../../lib/results/learning.js'
import { RunFile } from '../../lib/results/schema.js'
import { tempDir } from '../support/temp.js'

const cost = (usd: number | null, calls = 1) => ({ usd, knownUsd: usd ?? 0.001, unpriced: usd === null ? 1 : 0, paidUsd: usd, cachedCalls: 0, calls, tokens: { prompt: 1000, completion: 200, cached: 0, reasoning: 0 } })
const retro = (topology: string, iteration: number, usd: number | null, error: RetrospectiveEntry['error'] = null) => ({ type: 'retrospective' as const, task: 'code_review_execution', topology, iteration, cost: cost(usd), accepted: error ? 0 : 2, rejected: 0, error })
const split = { type: 'split' as const, task: 'code_review_execution', mode: 'inputs' as const, unit: 'diff input', fraction: 0.3, reason: null, train: { ids: ['d01'], sha256: 'x' }, heldOut: { ids: ['d02'], sha256: 'y' }, trainSeeds: [1, 2], heldOutSeeds: [3, 4] }

describe('the learning section of a run file', () => {
  test('entries journaled by workers are read back per task and per arm × iteration; a resumed session\'s entry replaces the earlier one', () => {
    const dir = tempDir()
    appendLearning(dir, split)
    appendLearning(dir, retro('single', 1, 0.01))
    appendLearning(dir, retro('star', 1, 0.02))
    appendLearning(dir, retro('single', 1, 0.03))
    const file = readdirSync(dir).find((n) => n.startsWith('learning-'))!
    appendFileSync(join(dir, file), '{"type":"retrospective","task":\n')
    const warnings: string[] = []
    const section = readLearning([dir], (w) => warnings.push(w))!
    expect(section.splits.map((s) => s.task)).toEqual(['code_review_execution'])
    expect(section.retrospectives.map((r) => [r.topology, r.iteration, r.cost.usd])).toEqual([['single', 1, 0.03], ['star', 1, 0.02]])
    expect(section.cost).toMatchObject({ usd: 0.05, calls: 2, tokens: { prompt: 2000, completion: 400 } })
    expect(warnings).toEqual([`${file}: line 5 is not a learning entry; left out`])
    expect(section).not.toHaveProperty('settings')
    expect(readLearning([tempDir()], () => {})).toBeUndefined()
  })

  test('the settings the loop ran with are read back; a later entry replaces an earlier one', () => {
    const dir = tempDir()
    appendLearning(dir, { type: 'settings', iterations: 5, trainTrials: 1, heldOutTrials: 2, budgetTokens: 400 })
    expect(readLearning([dir], () => {})).toMatchObject({ settings: { iterations: 5, trainTrials: 1, heldOutTrials: 2, budgetTokens: 400 }, splits: [], retrospectives: [] })
    appendLearning(dir, { type: 'settings', iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 })
    expect(readLearning([dir], () => {})!.settings).toEqual({ iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 })
  })

  test('the retrospectives\' cost is in the run\'s spend and calls; unknown dollars stay unknown', () => {
    const dir = tempDir()
    appendLearning(dir, retro('single', 1, 0.01))
    const learning = readLearning([dir], () => {})!
    const config = publicConfig(loadConfig({ env: {}, cwd: tempDir() }))
    const info = { runId: 'run-1', createdAt: '2026-11-27T10:00:00.000Z', config, prices: loadPrices(), models: [], commit: null, vitest: { reason: 'passed', passed: 1, failed: 0, skipped: 0 }, status: { status: 'complete' as const, reasons: [] }, sessions: 1, records: { file: 'run-1.records.jsonl.gz', count: 0, sha256: 'a'.repeat(64) }, warnings: [] }
    const run = buildRunFile([], { ...info, learning })
    expect(() => RunFile.parse(run)).not.toThrow()
    expect(run.totals).toMatchObject({ calls: 1, spend: { usd: 0.01, calls: 1 } })
    expect(run.learning).toEqual(learning)
    expect(buildRunFile([], info)).not.toHaveProperty('learning')
    appendLearning(dir, retro('star', 1, null))
    expect(buildRunFile([], { ...info, learning: readLearning([dir], () => {})! }).totals.spend.usd).toBeNull()
  })

  test('the run summary names the split, each arm\'s retrospective cost, and every failed retrospective with its cause', () => {
    const dir = tempDir()
    for (const e of [split, retro('single', 1, 0.01), retro('single', 2, 0, { kind: 'api', message: '500 upstream' }), { ...split, task: 'incident_response_execution', mode: 'seeds' as const, unit: null, fraction: null, reason: 'the task is one incident', train: null, heldOut: null }]) appendLearning(dir, e)
    expect(learningSummaryLines(readLearning([dir], () => {})!)).toEqual([
      'learning: 2 retrospective(s), 2 call(s), 2000 prompt + 400 completion tokens, $0.0100 (in the run\'s spend)',
      '  code_review_execution: 1 diff input(s) to train on, 1 held out (d02), and held-out seeds',
      '  incident_response_execution: held-out seeds only (the task is one incident)',
      '  code_review_execution × single: 2 retrospective(s), 2 call(s), $0.0100; FAILED: #2 api: 500 upstream',
      '  code_review_execution · memory: no version written: its "code_review_execution · memory" test did not run (left out by -t, or the run stopped before it)',
      '  incident_response_execution · memory: no version written: its "incident_response_execution · memory" test did not run (left out by -t, or the run stopped before it)',
    ])
  })

  test('the run summary says per task which memory version the run wrote, or why none, even when -t left out the memory test', () => {
    const dir = tempDir()
    const learned = (task: string, version: string | null, notWritten: string | null) => ({ type: 'learned' as const, task, version, notWritten, evidence: null, lessons: [] })
    for (const task of ['code_review_execution', 'contract_review_execution', 'support_triage_execution']) appendLearning(dir, { ...split, task })
    appendLearning(dir, learned('code_review_execution', 'code_review_execution@v3', null))
    appendLearning(dir, learned('contract_review_execution', null, 'ORGBENCH_MEMORY=off: learning runs write memory only with "persisted"'))
    const section = readLearning([dir], () => {})!
    expect(section.tasks!.map((t) => t.task)).toEqual(['code_review_execution', 'contract_review_execution'])
    expect(learningSummaryLines(section).filter((l) => l.includes(' · memory: '))).toEqual([
      '  code_review_execution · memory: wrote code_review_execution@v3',
      '  contract_review_execution · memory: no version written: ORGBENCH_MEMORY=off: learning runs write memory only with "persisted"',
      '  support_triage_execution · memory: no version written: its "support_triage_execution · memory" test did not run (left out by -t, or the run stopped before it)',
    ])
    // A run file written before runs recorded what their memory test found says nothing of it.
    const { tasks: _, ...older } = section
    expect(learningSummaryLines(older).filter((l) => l.includes(' · memory: '))).toEqual([])
  })
})
