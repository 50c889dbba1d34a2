import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { renderReport } from '../../lib/results/report/index.js'
import { renderRunSummary } from '../../lib/results/render.js'
import { type Saturation, saturationLines, saturationOf } from '../../lib/results/saturation.js'
import { makeRun, trials } from './fixtures.js'
import { tempDir } from '../support/temp.js'
import { twoTrackRun } from './report/shared.js'

/** The summary with wrapped prose lines joined again (continuations are indented by four spaces). */
const unwrap = (text: string) => text.replace(/\n {4}/g, ' ')

describe('saturationOf', () => {
  test("reads the project's calibrations: a task scored ≥ 90 by the calibrated single agent is saturated; one without a calibration, or below 90 on its current prompt, is not", () => {
    // defi_strategy_design read 100 on its earlier prompt and 85.7 on the current one: only the current one counts.
    expect(saturationOf(['strategic_planning', 'code_review_execution', 'defi_strategy_design', 'code_review_execution'])).toEqual({
      tasks: [{ task: 'code_review_execution', score: 97.2 }],
      unreadable: [],
    })
  })

  test('a task the calibrated single agent scored below 90 is not saturated', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'calibration', 'task_a'), { recursive: true })
    const run = { model: 'm', date: '2026-11-30', method: 'one pass of the single prompt', topology: 'single', memory: 'off', deliverable: { kind: 'markdown', text: 'x' } }
    const scores = (groundTruth: number) => ({ groundTruth, checklist: null, metrics: {}, mustCatch: { caught: 1, total: 1, missed: [] } })
    writeFileSync(join(dir, 'calibration', 'task_a', 'single-agent.json'), JSON.stringify({ task: 'task_a', runs: [{ ...run, scores: scores(89.9) }] }))
    mkdirSync(join(dir, 'calibration', 'task_b'), { recursive: true })
    writeFileSync(join(dir, 'calibration', 'task_b', 'single-agent.json'), JSON.stringify({ task: 'task_b', runs: [{ ...run, scores: scores(90) }] }))
    expect(saturationOf(['task_a', 'task_b'], dir)).toEqual({ tasks: [{ task: 'task_b', score: 90 }], unreadable: [] })
  })

  test('a calibration that cannot be read is named with the cause, never taken as unsaturated', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'calibration', 'task_a'), { recursive: true })
    writeFileSync(join(dir, 'calibration', 'task_a', 'single-agent.json'), '{"task": "task_a", "runs": []}')
    const { tasks, unreadable } = saturationOf(['task_a', 'task_b'], dir)
    expect(tasks).toEqual([])
    expect(unreadable).toEqual([{ task: 'task_a', reason: expect.stringMatching(/single-agent\.json: field runs: Too small/) }])
  })
})

describe('where topologies are compared, the saturated tasks are named', () => {
  const saturation: Saturation = { tasks: [{ task: 'task_a', score: 97.2 }, { task: 'f1', score: 95.0 }], unreadable: [{ task: 'e1', reason: 'calibration.json: not valid JSON' }] }

  test('only the tasks shown, with their calibrated score; nothing when none is saturated or it is not known', () => {
    expect(saturationLines(saturation, ['task_a', 'task_b'])).toEqual([
      'Saturated (SAT): task_a 97.2: a strong real model as the single agent scores ≥ 90 there (fixtures/calibration), so differences between topologies on this task cannot be interpreted; figures over several tasks include them',
    ])
    expect(saturationLines(saturation, ['e1'])).toEqual(['Saturation of e1 unknown: calibration.json: not valid JSON'])
    expect(saturationLines(saturation, ['task_b'])).toEqual([])
    expect(saturationLines(undefined, ['task_a'])).toEqual([])
  })

  test('the run summary notes them under the per-task table', () => {
    const run = makeRun([...trials([70, 80, 90]), ...trials([75, 90, 92], { topology: 'star' }), ...trials([60, 60, 60], { task: 'task_b' }), ...trials([70, 70, 70], { task: 'task_b', topology: 'star' })])
    const lines = unwrap(renderRunSummary(run, 'x.json', { saturation })).split('\n')
    const at = lines.findIndex((l) => l.startsWith('Saturated (SAT): task_a 97.2: '))
    expect(at).toBeGreaterThan(lines.findIndex((l) => l.startsWith('task_b  star')))
    expect(at).toBeLessThan(lines.findIndex((l) => l.startsWith('per topology over all tasks')))
    expect(renderRunSummary(run, 'x.json')).not.toContain('Saturated')
  })

  test("the report's summaries note the saturated tasks they show, and the HTML page its conclusion", () => {
    const files = renderReport([twoTrackRun], { saturation })
    expect(files.get('summary.md')).toContain('Saturated (SAT): f1 95.0: ')
    expect(files.get('tracks/finance/summary.md')).toContain('Saturated (SAT): f1 95.0: ')
    expect(files.get('tracks/enterprise/summary.md')).not.toContain('Saturated (SAT)')
    expect(files.get('tracks/enterprise/summary.md')).toContain('Saturation of e1 unknown: calibration.json: not valid JSON.')
    expect(files.get('index.html')).toMatch(/<h2[^>]*>Conclusion<\/h2>[\s\S]*?<p class="note">Saturated \(SAT\): f1 95\.0: [^<]*<\/p>/)
  })
})
