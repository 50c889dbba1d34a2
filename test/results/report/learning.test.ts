import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { LearningEvidence } from '../../../lib/memory/evidence.js'
import { defaultStoredLessons, writeVersion } from '../../../lib/memory/store.js'
import { differenceRows, improvementRows, learnedMemories, learningArmsChart, learningMarkdown } from '../../../lib/results/report/learning.js'

const point = (iteration: number, mean: number) => ({ iteration, mean, lo: mean - 2, hi: mean + 2, n: 4, errors: 0, memoryVersion: iteration === 1 ? 'default' : `default+learn-x-i${iteration}` })
const evidence: LearningEvidence = {
  runId: 'sim-run-1',
  simulated: true,
  settings: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 },
  arms: [
    {
      topology: 'single',
      curve: [point(1, 80), point(2, 84)],
      improvement: { mean: 4, lo: 1, hi: 7, n: 4 },
      memoryOff: { mean: 79, lo: 77, hi: 81, n: 4 },
      stop: 'iteration limit 2 reached',
      retrospective: { cost: { usd: 0.0123, knownUsd: 0.0123, unpriced: 0, paidUsd: 0.0123, cachedCalls: 0, calls: 1, tokens: { prompt: 9000, completion: 400, cached: 0, reasoning: 0 } }, errors: 1 },
    },
    { topology: 'star', curve: [point(1, 82), point(2, 83)], improvement: { mean: 1, lo: -2, hi: 4, n: 4 }, memoryOff: null, stop: 'iteration limit 2 reached' },
  ],
  differences: [{ org: 'star', single: 'single', mean: -3, lo: -6.5, hi: 0.5, n: 4 }],
  split: { task: 'code_review_execution', mode: 'inputs', unit: 'diff input', fraction: 0.3, reason: null, train: { ids: ['d01', 'd02', 'd03'], sha256: 'a' }, heldOut: { ids: ['d04', 'd05'], sha256: 'b' }, trainSeeds: [1, 2], heldOutSeeds: [3, 4, 5, 6] },
}
const lesson = { id: 'learned-single-abcdef12', text: 'Watch for medium items before handing in.', audience: ['single'], provenance: { runId: 'sim-run-1', topology: 'single', iteration: 1, failureMode: 'missed 3 of 6 medium items', evidence: '"recall_medium": 3 of 6' } }

describe('the learning section of the report', () => {
  const dir = mkdtempSync(join(tmpdir(), 'orgbench-report-learning-'))
  writeVersion(dir, 'code_review_execution', { writtenBy: 'sim-run-1', lessons: [...defaultStoredLessons(), lesson], protocol: {}, dropped: [], evidence })
  writeVersion(dir, 'contract_review_execution', { writtenBy: 'reset', lessons: defaultStoredLessons(), protocol: {}, dropped: [], evidence: null })
  const memories = learnedMemories(dir)

  test('reads the latest version a learning run wrote for each task; a reset has nothing to show', () => {
    expect(memories.map((m) => [m.task, m.version])).toEqual([['code_review_execution', 1]])
  })

  test('tables: each arm\'s curve ends, memory off and improvement with its interval; the difference of improvements', () => {
    expect(improvementRows(memories[0]!)).toEqual([
      ['single', '2', '79.0', '80.0', '84.0', '+4.0', '[+1.0, +7.0]', '$0.0123, 1 call(s), 9400 tokens, 1 FAILED', 'iteration limit 2 reached'],
      ['star', '2', '–', '82.0', '83.0', '+1.0', '[-2.0, +4.0]', 'not recorded', 'iteration limit 2 reached'],
    ])
    expect(differenceRows(memories[0]!)).toEqual([['star − single', '-3.0', '[-6.5, +0.5]', '4']])
  })

  test('the chart has one series per arm, an "off" position for the ablation, and whiskers for every interval', () => {
    const chart = learningArmsChart(memories[0]!)
    expect(chart.match(/<g class="arm"/g)).toHaveLength(2)
    expect(chart).toContain('>off</text>')
    expect(chart.match(/class="whisker"/g)).toHaveLength(5)
  })

  test('markdown: curves with intervals, lessons with provenance, and the simulated caveat', () => {
    const md = learningMarkdown(memories).join('\n')
    expect(md).toContain('| single | 80.0 [78.0, 82.0] → 84.0 [82.0, 86.0] |')
    expect(md).toContain('- Watch for medium items before handing in. — for single; learned by single in iteration 1 of sim-run-1 (missed 3 of 6 medium items; evidence: "recall_medium": 3 of 6)')
    expect(md).toContain('Held-out: 2 of 5 diff inputs (d04, d05), never shown to the retrospective, and held-out seeds 3, 4, 5, 6 (training seeds 1, 2).')
    expect(md).toContain('Simulated: these numbers test the machinery, not the topologies')
    expect(learningMarkdown([])).toEqual([])
  })
})
