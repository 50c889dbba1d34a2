import { describe, expect, test } from 'vitest'
import { type GateRun, runGate } from '../../lib/results/gate.js'
import { renderGateMarkdown, renderGateText, shownRows } from '../../lib/results/gate-render.js'
import type { TestRecord } from '../../lib/results/record.js'
import { trials } from './fixtures.js'

const run = (records: TestRecord[], runId: string): GateRun => ({ runId, simulated: true, config: { model: 'sim-strong', judgeModel: 'sim-judge' }, cases: records })
const tasks = ['t1', 't2']
const base = run(tasks.flatMap((task) => [...trials([80, 81, 79], { task }), ...trials([90, 90, 90], { task, topology: 'star' })]), 'base-run')
const current = run([...trials([60, 61, 59], { task: 't1' }), ...trials([80, 81, 79], { task: 't2' }), ...tasks.flatMap((task) => trials([90, 90, 90], { task, topology: 'star' }))], 'current-run')
const report = runGate(base, current)

describe('gate rendering', () => {
  test('shows every topology row and only the cells that did not pass', () => {
    const shown = shownRows(report)
    expect(shown.filter((r) => r.level === 'cell').map((r) => `${r.metric} ${r.task} ${r.verdict}`)).toEqual(['headline t1 FAIL'])
    expect(shown.filter((r) => r.level === 'topology')).toHaveLength(8)
  })
  test('the text names the verdict, both runs, the failing cell with its interval, and the rules', () => {
    const text = renderGateText(report)
    expect(text.split('\n')[0]).toBe('FAIL: current-run (sim-strong, simulated) against baseline base-run (sim-strong, simulated)')
    expect(text).toMatch(/FAIL\s+headline score\s+t1 × single\s+80\.0\s+60\.0\s+-20\.0 pts\s+\[-22\.3, -17\.7\]\s+-5 pts/)
    expect(text).toContain('hard floors: all met')
    expect(text).toContain('after Holm correction')
  })
  test('the markdown has a heading with the verdict, a table, the floors and every row folded away', () => {
    const md = renderGateMarkdown(report)
    expect(md.startsWith('## ❌ Regression gate: FAIL')).toBe(true)
    expect(md).toContain('| verdict | metric | where | baseline | current | change | 95% CI | limit | Holm p | detectable drop |')
    expect(md).toContain('| FAIL | headline score | t1 × single |')
    expect(md).toContain(`<details><summary>All ${report.rows.length} rows</summary>`)
    expect(md).toContain('- ✅ all')
  })
})
