import { describe, expect, test } from 'vitest'
import { type GateRun, runGate } from '../../lib/results/gate.js'
import { renderGateMarkdown, renderGateText, shownRows } from '../../lib/results/gate-render.js'
import type { TestRecord } from '../../lib/results/record.js'
import { capStopped, trials } from './fixtures.js'

const run = (records: TestRecord[], runId: string): GateRun => ({ runId, simulated: true, config: { model: 'sim-strong', judgeModel: 'sim-judge' }, cases: records })
const tasks = ['t1', 't2']
const base = run(tasks.flatMap((task) => [...trials([80, 81, 79], { task }), ...trials([90, 90, 90], { task, topology: 'star' })]), 'base-run')
const current = run([...trials([60, 61, 59], { task: 't1' }), ...trials([80, 81, 79], { task: 't2' }), ...tasks.flatMap((task) => trials([90, 90, 90], { task, topology: 'star' }))], 'current-run')
const report = runGate(base, current)

describe('gate rendering', () => {
  test('shows the headline of every suite row and only the other rows that did not pass', () => {
    const shown = shownRows(report)
    expect(shown.filter((r) => r.level === 'cell').map((r) => `${r.metric} ${r.task} ${r.verdict}`)).toEqual(['headline t1 FAIL'])
    expect(shown.filter((r) => r.level === 'suite').map((r) => `${r.metric} ${r.topology}`)).toEqual(['headline single', 'headline star'])
  })
  test('the text names the verdict, both runs, the mode, the MDE per level and the failing cell with its interval', () => {
    const text = renderGateText(report)
    expect(text.split('\n')[0]).toBe('FAIL: current-run (sim-strong, simulated) against baseline base-run (sim-strong, simulated)')
    expect(text).toMatch(/FAIL\s+cell\s+headline\s+t1 × single\s+-20\.0 pts\s+\[-\d+\.\d, -\d+\.\d\]/)
    expect(text).toMatch(/^mode: detect · family-wise α 0\.05 \(suite 0\.025, track 0\.0125, cell 0\.0125\)/m)
    expect(text).toMatch(/^suite\s+8\s+0\s+\d\s+0\.025\s+> 100 pts$/m)
    expect(text).toContain('hard floors: all met')
  })
  test('an MDE beyond the 0–100 points scale reads "> 100 pts", per level and per row', () => {
    // Two tasks that move in opposite directions: over 2 tasks (1 df) the MDE runs into thousands of points.
    const b = run([...trials([80, 81, 79], { task: 't1' }), ...trials([20, 21, 19], { task: 't2' })], 'b')
    const c = run([...trials([20, 21, 19], { task: 't1' }), ...trials([80, 81, 79], { task: 't2' })], 'c')
    const wide = runGate(b, c)
    expect(wide.levels.find((l) => l.level === 'suite')!.mdeHeadline).toBeGreaterThan(100)
    const text = renderGateText(wide)
    expect(text).toMatch(/^suite\s+\d+\s+\d+\s+\d+\s+0\.025\s+> 100 pts$/m)
    expect(text).toMatch(/headline\s+single \(2 tasks\)\s+0\.0 pts\s+\[[^\]]+\]\s+\S+\s+> 100 pts$/m)
    expect(`${text}\n${renderGateMarkdown(wide)}`).not.toMatch(/(?<!> )\b\d{3,}(\.\d)? pts/)
  })

  test('every line of the text fits 120 columns, even with long task names and notes', () => {
    const long = 'a_very_long_task_name_that_goes_on_and_on_for_a_while'
    const wide = runGate(run(trials([80, 81, 79], { task: long }), 'b'), run([...trials([60, 61, 59], { task: long }), ...trials([1, 2], { task: 'x'.repeat(150) })], 'c'))
    const lines = renderGateText(wide).split('\n')
    expect(lines.some((l) => l.includes('a_very_long_task_name'))).toBe(true)
    expect(lines.filter((l) => l.length > 120)).toEqual([])
  })
  test('a verdict line too long for 120 columns goes on over an indented line, so the baseline\'s description is never cut', () => {
    const id = 'sim-20261201T120650Z-1eb669-with-a-longer-name'
    const text = renderGateText(runGate(run(trials([80, 81, 79]), `${id}-base`), run(trials([80, 81, 79]), id)))
    const [first, second] = text.split('\n')
    expect(first!.startsWith('PASS: ')).toBe(true)
    expect(`${first} ${second!.trim()}`).toBe(`PASS: ${id} (sim-strong, simulated) against baseline ${id}-base (sim-strong, simulated)`)
    expect(text).not.toContain('…')
  })
  test('a row without spread prints "–" for its interval, p and MDE, with a line saying why', () => {
    // No topology shows spread: a topology with some would lend it to task_a × single (gate.ts, topologyRows).
    const flat = runGate(run([...trials([80, 80, 80]), ...trials([70, 70, 70], { task: 't2', topology: 'star' })], 'b'), run([...trials([77, 77, 77]), ...trials([70, 70, 70], { task: 't2', topology: 'star' })], 'c'))
    const text = renderGateText(flat)
    expect(text).toMatch(/^FAIL\s+cell\s+headline\s+task_a × single\s+-3\.0 pts\s+–\s+–\s+–$/m)
    expect(text).not.toContain('[-3.0, -3.0]')
    expect(text).toMatch(/^–: 1 row has no spread \(every trial scored the same within each run/m)
    expect(renderGateMarkdown(flat)).toMatch(/^–: \d+ rows have no spread/m)
  })
  test('the count line and the body agree: passed rows are counted as passed, rows that could not FAIL as SKIP', () => {
    // One task: no suite row to show, and every row passes.
    const passed = runGate(run(trials([80, 81, 79]), 'b'), run(trials([80, 81, 79]), 'c'))
    const text = renderGateText(passed)
    expect(text).toContain('0 FAIL, 0 WARN, 4 PASS, 0 SKIP rows')
    expect(text).toContain('every row that could FAIL passed (4 PASS, 0 SKIP)')
    expect(text).not.toContain('no rows to compare')
    // Nothing could FAIL, but a floor is breached: the rows are SKIP and the body says none could FAIL.
    const floorOnly = runGate(run(trials([80, 81]), 'b'), run(trials([null]), 'c'))
    expect(renderGateText(floorOnly)).toMatch(/^0 FAIL, 0 WARN, 0 PASS, 4 SKIP rows · 1 of \d+ floor checks breached$/m)
    expect(renderGateText(floorOnly)).toContain('no row could FAIL (see the notes)')
    expect(renderGateText(floorOnly)).toContain('note: no statistical row could FAIL:')
    // Each breached floor is listed under the heading, indented.
    expect(renderGateText(floorOnly)).toContain('hard floors breached:\n  error rate · run: 100.0 % of trials errored')
  })
  test('non-inferiority mode: suite rows show "–" for Holm p (their interval decides) and the legend says what their MDE means', () => {
    const ni = runGate(base, current, { mode: 'non-inferiority' })
    const text = renderGateText(ni)
    expect(text).toMatch(/^(PASS|FAIL)\s+suite\s+headline\s+single \(2 tasks\)\s+\S+ pts\s+\[[^\]]+\]\s+–\s+-?\d+\.\d pts$/m)
    expect(text.replace(/\n/g, ' ')).toContain('their MDE is the largest true drop they PASS 80 % of the time')
    expect(renderGateMarkdown(ni)).toContain('a negative one means non-inferiority cannot be shown at this run size')
    expect(renderGateText(report)).not.toContain('largest true drop')
  })
  test('text and markdown say why a FAIL row\'s simultaneous interval may reach no change', () => {
    const line = 'more conservative than the Holm step-down that decides a row, so a FAIL row\'s interval may still reach no change'
    expect(renderGateText(report).replace(/\n/g, ' ')).toContain(line)
    expect(renderGateMarkdown(report)).toContain(line)
  })
  test('the markdown has a heading with the verdict, the levels, a table, the floors and every row folded away', () => {
    const md = renderGateMarkdown(report)
    expect(md.startsWith('## ❌ Regression gate: FAIL')).toBe(true)
    expect(md).toContain('| level | rows | FAIL | WARN | α | MDE headline (median) |')
    expect(md).toContain('| verdict | level | metric | where | baseline | current | change | simultaneous CI | limit | Holm p | MDE (80 %) |')
    expect(md).toContain('| FAIL | cell | headline score | t1 × single |')
    expect(md).toContain(`<details><summary>All ${report.rows.length} rows</summary>`)
    expect(md).toContain('- ✅ all')
  })
  test('a suite or track cost row shows "–" for baseline and current, and the markdown says why although the row has a change', () => {
    const suiteCost = report.rows.find((r) => r.level === 'suite' && r.metric === 'costPerCase')!
    expect([suiteCost.baseline, suiteCost.current, suiteCost.change === null]).toEqual([null, null, false])
    const md = renderGateMarkdown(report)
    expect(md).toContain('| PASS | suite | org cost per case | single (2 tasks) | – | – |')
    expect(md).toContain("– in baseline and current of a suite or track cost row: its change is the mean over its tasks of each task's change in percent of that task's baseline cost")
    // A cell's cost is in dollars, printed as everywhere else (format.ts usd).
    expect(md).toMatch(/\| PASS \| cell \| org cost per case \| t1 × single \| \$0\.\d{4} \| \$0\.\d{4} \|/)
  })
  test('without a pooled cost row the markdown has no line about one', () => {
    const headlineOnly = { ...report, rows: report.rows.filter((r) => r.metric !== 'costPerCase') }
    expect(renderGateMarkdown(headlineOnly)).not.toContain('– in baseline and current of a suite or track cost row')
  })
  test('a line under the counts says how many cases the dollar cap stopped, so that a capped run reads as incomplete', () => {
    const capped = runGate(base, { ...current, runId: 'capped-run', cases: [...current.cases, ...[4, 5].map((trial) => capStopped({ task: 't1', trial }))] })
    expect(renderGateText(capped).split('\n')[2]).toBe('incomplete: the dollar cap stopped 2 of 14 cases of this run, which are not compared')
    expect(renderGateMarkdown(capped)).toContain('\nincomplete: the dollar cap stopped 2 of 14 cases of this run, which are not compared\n')
    expect(renderGateText(report)).not.toContain('dollar cap')
  })
})
