import { describe, expect, test } from 'vitest'
import { renderRunSummary } from '../../lib/results/render.js'
import { makeRun, trials } from './fixtures.js'

describe('renderRunSummary', () => {
  const run = makeRun([...trials([70, 80, 90]), ...trials([75, 90, 92], { topology: 'star' }), ...trials([60, 60, 60], { task: 'task_b' }), ...trials([70, 70, 70], { task: 'task_b', topology: 'star' })])
  const text = renderRunSummary(run, 'results/runs/x.json')
  const line = (prefix: string) => text.split('\n').find((l) => l.startsWith(prefix))!

  test('shows each cell mean with its 95 % interval and the paired difference against single', () => {
    // star − single on task_a: +5, +10, +2 → +5.7, t interval with 2 df
    expect(line('task_a  star')).toMatch(/85\.7\s+\[\d+\.\d, \d+\.\d\]\s+\+5\.7 \[-4\.4, \+15\.7\]/)
    expect(line('task_a  single')).toMatch(/80\.0\s+\[55\.2, 100\.0\]\s+–/)
  })
  test('summarises each topology over all tasks with its clustered difference and MDE', () => {
    // task means 85.67 and 70 → 77.8; differences +5.67 and +10 → +7.8
    expect(line('star ')).toMatch(/^star\s+2\s+6\/6\s+77\.8\s+.*\+7\.8 \[/)
    expect(text).toContain('MDE: the smallest true difference against single')
  })
  test('labels a simulated run and ends with the results file', () => {
    expect(text).toContain('SIMULATED (embedded simulator, not a real model)')
    expect(text.trimEnd().split('\n').at(-1)).toMatch(/^results: results\/runs\/x.json \(records: .*\.records\.jsonl\.gz\)$/)
  })
})
