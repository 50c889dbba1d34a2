import { describe, expect, test } from 'vitest'
import type { LearningEvidence } from '../../../lib/memory/evidence.js'
import { defaultStoredLessons } from '../../../lib/memory/store.js'
import type { LearningSection } from '../../../lib/results/learning.js'
import { differenceRows, improvementRows, learningArmsChart, learningHtml, learningMarkdown, learningOfRuns } from '../../../lib/results/report/learning.js'

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

const zero = { usd: 0, knownUsd: 0, unpriced: 0, paidUsd: 0, cachedCalls: 0, calls: 0, tokens: { prompt: 0, completion: 0, cached: 0, reasoning: 0 } }
const section = (tasks: LearningSection['tasks'], splitTasks: string[] = []): LearningSection => ({ splits: splitTasks.map((task) => ({ ...evidence.split!, task })), retrospectives: [], cost: zero, ...(tasks ? { tasks } : {}) })
const written = { task: 'code_review_execution', version: 'code_review_execution@v1', notWritten: null, evidence, lessons: [lesson] }

describe('the learning section of the report comes from the reported runs, never from a memory folder', () => {
  test('each learning run gives its tasks: the version written or why none, with what its arms measured', () => {
    const notWritten = { task: 'support_triage_execution', version: null, notWritten: 'ORGBENCH_MEMORY=default: learning runs write memory only with "persisted"', evidence: { ...evidence, runId: 'sim-run-2' }, lessons: [] }
    const learning = learningOfRuns([
      { runId: 'sim-run-1', learning: section([written], ['code_review_execution']) },
      { runId: 'sim-run-2', learning: section([notWritten], ['support_triage_execution']) },
      { runId: 'bench-run', learning: undefined },
    ])
    expect(learning.tasks.map((t) => [t.runId, t.task, t.version])).toEqual([['sim-run-1', 'code_review_execution', 'code_review_execution@v1'], ['sim-run-2', 'support_triage_execution', null]])
    expect(learning.missing).toEqual([])
    const md = learningMarkdown(learning).join('\n')
    expect(md).toContain('### code_review_execution (run sim-run-1: wrote code_review_execution@v1)')
    expect(md).toContain('### support_triage_execution (run sim-run-2: no memory version written: ORGBENCH_MEMORY=default: learning runs write memory only with "persisted")')
  })

  test('a run file that lacks what the section shows says so instead of showing another run\'s curves', () => {
    const learning = learningOfRuns([
      { runId: 'old-run', learning: section(undefined, ['code_review_execution']) },
      { runId: 'filtered-run', learning: section([written], ['code_review_execution', 'support_triage_execution']) },
    ])
    expect(learning.missing).toEqual([
      'Run old-run is a learning run whose file does not record what it measured and learned (written before runs recorded it); `orgbench memory show` lists the memory versions.',
      'support_triage_execution (run filtered-run): its "support_triage_execution · memory" test did not run (left out by -t, or the run stopped before it), so the run recorded no curves for it.',
    ])
    expect(learningHtml(learning, () => '<table/>').join('\n')).toContain('<p class="note">Run old-run is a learning run whose file')
  })

  test('a report of runs without a learning loop says so in the page and leaves it out of the summary', () => {
    const none = learningOfRuns([{ runId: 'bench-run', learning: undefined }])
    expect(learningHtml(none, () => '')).toEqual(['<p class="note">No run of this report is a learning run: npx vitest run --project learning.</p>'])
    expect(learningMarkdown(none)).toEqual([])
  })

  test('tables: each arm\'s curve ends, memory off and improvement with its interval; the difference of improvements', () => {
    expect(improvementRows(evidence)).toEqual([
      ['single', '2', '79.0', '80.0', '84.0', '+4.0', '[+1.0, +7.0]', '$0.0123, 1 call(s), 9400 tokens, 1 FAILED', 'iteration limit 2 reached'],
      ['star', '2', '–', '82.0', '83.0', '+1.0', '[-2.0, +4.0]', 'not recorded', 'iteration limit 2 reached'],
    ])
    expect(differenceRows(evidence)).toEqual([['star − single', '-3.0', '[-6.5, +0.5]', '4']])
  })

  test('retrospective dollars follow the one rule of every table: 3 significant digits below a cent, $0 for nothing', () => {
    const single = evidence.arms.find((a) => a.topology === 'single')!
    const costing = (usd: number | null, knownUsd: number) => ({ ...evidence, arms: [{ ...single, retrospective: { ...single.retrospective!, cost: { ...single.retrospective!.cost, usd, knownUsd } } }] })
    expect(improvementRows(costing(0.000869, 0.000869))[0]![7]).toBe('$0.000869, 1 call(s), 9400 tokens, 1 FAILED')
    expect(improvementRows(costing(null, 0))[0]![7]).toBe('≥ $0, 1 call(s), 9400 tokens, 1 FAILED')
  })

  test('the chart has one series per arm, an "off" position for the ablation, and whiskers for every interval', () => {
    const chart = learningArmsChart('code_review_execution', evidence)
    expect(chart.match(/<g class="arm"/g)).toHaveLength(2)
    expect(chart).toContain('>off</text>')
    expect(chart.match(/class="whisker"/g)).toHaveLength(5)
  })

  test('an interval past 100 is drawn to the top of the plot, with a chevron where it is cut; none leaves the chart', () => {
    const wide = { ...evidence, arms: [{ ...evidence.arms[0]!, curve: [{ ...point(1, 94.1), lo: 72.7, hi: 115.5 }, point(2, 95)] }] }
    const chart = learningArmsChart('code_review_execution', wide)
    const whiskerEnds = [...chart.matchAll(/<line x1="[\d.]+" y1="([\d.-]+)" x2="[\d.]+" y2="([\d.-]+)" class="whisker"/g)].flatMap((m) => [Number(m[1]), Number(m[2])])
    // The plot box runs from y = 20 (the score 100) to y = 290 (the axis).
    expect(Math.min(...whiskerEnds)).toBe(20)
    expect(Math.max(...whiskerEnds)).toBeLessThanOrEqual(290)
    expect(chart.match(/class="clipped"/g)).toHaveLength(1)
    expect(learningArmsChart('code_review_execution', evidence)).not.toContain('class="clipped"')
  })

  test('markdown: curves with intervals, lessons with provenance, and the simulated caveat', () => {
    const md = learningMarkdown(learningOfRuns([{ runId: 'sim-run-1', learning: section([{ ...written, lessons: [...defaultStoredLessons(), lesson] }]) }])).join('\n')
    expect(md).toContain('| single | 80.0 [78.0, 82.0] → 84.0 [82.0, 86.0] |')
    expect(md).toContain('- Watch for medium items before handing in. — for single; learned by single in iteration 1 of sim-run-1 (missed 3 of 6 medium items; evidence: "recall_medium": 3 of 6)')
    const star = { runId: 'sim-run-1', topology: 'star', iteration: 2, failureMode: 'merged away medium items', evidence: '' }
    const twice = learningMarkdown(learningOfRuns([{ runId: 'sim-run-1', learning: section([{ ...written, lessons: [{ ...lesson, audience: ['single', 'synthesizer'], alsoLearnedBy: [star] }] }]) }])).join('\n')
    expect(twice).toContain('— for single, synthesizer; learned by single in iteration 1 of sim-run-1 (missed 3 of 6 medium items; evidence: "recall_medium": 3 of 6); also learned by star in iteration 2 of sim-run-1 (merged away medium items)')
    expect(md).toContain('Held-out: 2 of 5 diff inputs (d04, d05), never shown to the retrospective, and held-out seeds 3, 4, 5, 6 (training seeds 1, 2).')
    expect(md).toContain('Simulated: these numbers test the machinery, not the topologies')
  })
})
