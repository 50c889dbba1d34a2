import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { checkHistoryInBrowser, historyProblems } from '../../../lib/results/report/history-check.js'
import { renderHistoryHtml } from '../../../lib/results/report/history-html.js'
import { buildHistory } from '../../../lib/results/report/history.js'
import type { ChartProbe } from '../../../lib/results/report/check.js'
import { tempDir } from '../../support/temp.js'
import { makeRun, trials } from '../fixtures.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
const clean = { externalRequests: [], consoleErrors: [] }
const chart = (name: string, over: Partial<ChartProbe> = {}): ChartProbe => ({ name, width: 760, height: 360, marks: 4, empty: false, cutText: [], smallestText: 11, ...over })

describe('historyProblems', () => {
  test('a chart under 100 px wide or 40 px high is too small to see, and named with its size, rounded', () => {
    expect(historyProblems({ panels: ['m'], charts: [chart('history-score', { width: 99.6 }), chart('history-cost', { height: 39.4 })], saysEmpty: false }, clean)).toEqual(['history: chart "history-score" renders at 100×360 px (too small to see)', 'history: chart "history-cost" renders at 760×39 px (too small to see)'])
    expect(historyProblems({ panels: ['m'], charts: [chart('history-score', { width: 100, height: 40 }), chart('history-cost')], saysEmpty: false }, clean)).toEqual([])
  })

  test('text a chart cuts off at its edge is named, per chart', () => {
    expect(historyProblems({ panels: ['m'], charts: [chart('history-score'), chart('history-cost', { cutText: ['self_refine@hrm'] })], saysEmpty: false }, clean)).toEqual(['history: chart "history-cost" cuts off its text at its edge: "self_refine@hrm"'])
  })

  test('two panels need two charts of each kind', () => {
    expect(historyProblems({ panels: ['m1', 'm2'], charts: [chart('history-score'), chart('history-score'), chart('history-cost')], saysEmpty: false }, clean)).toEqual(['history: 1 "history-cost" chart(s) for 2 model panel(s)'])
  })

  test('a page without panels that does not say nothing is committed is a problem', () => {
    expect(historyProblems({ panels: [], charts: [], saysEmpty: false }, clean)).toEqual(['history: no model panel and no statement that nothing is committed yet'])
  })
})

describe('checkHistoryInBrowser', () => {
  test('a folder without history.html: says so and how to make one, without starting a browser', async () => {
    const dir = tempDir()
    expect(await checkHistoryInBrowser(dir, '/no/such/chromium')).toEqual({ lines: [], problems: [`${join(dir, 'history.html')} does not exist; run orgbench report history first`] })
  })

  // Needs Chromium (apt-get install -y chromium); CI installs it for the browser checks.
  test.skipIf(!existsSync(CHROMIUM))('a rendered history of one model passes, lists its panel and charts, and leaves a screenshot', async () => {
    const dir = tempDir()
    const runs = ['2026-01-05', '2026-01-12'].map((day, i) =>
      makeRun(['a', 'b'].flatMap((task) => [...trials([70, 72], { task, model: 'gpt-a', simulated: false }), ...trials([75 + i, 77 + i], { task, topology: 'star', model: 'gpt-a', simulated: false, usd: 0.05 })]), { runId: `gpt-a-${day}`, model: 'gpt-a', createdAt: `${day}T08:00:00.000Z`, simulated: false }),
    )
    writeFileSync(join(dir, 'history.html'), renderHistoryHtml(buildHistory(runs), { reportBeside: false }))
    const result = await checkHistoryInBrowser(dir, CHROMIUM)
    expect(result.problems).toEqual([])
    expect(result.lines[0]).toBe('history: 1 model panel(s) (gpt-a), 2 chart(s)')
    expect(result.lines.at(-1)).toBe(`screenshot: ${join(dir, 'history.png')}`)
    expect(existsSync(join(dir, 'history.png'))).toBe(true)
  }, 60_000)
})
