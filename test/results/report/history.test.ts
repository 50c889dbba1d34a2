import { describe, expect, test } from 'vitest'
import { historyProblems } from '../../../lib/results/report/history-check.js'
import { renderHistoryHtml } from '../../../lib/results/report/history-html.js'
import { buildHistory } from '../../../lib/results/report/history.js'
import { makeRun, trials } from '../fixtures.js'

function weekly(model: string, createdAt: string, star: number, opts: { simulated?: boolean; status?: 'complete' | 'partial' } = {}) {
  const simulated = opts.simulated ?? false
  const run = makeRun(
    ['a', 'b'].flatMap((task) => [...trials([70, 72], { task, model, simulated, usd: 0.01 }), ...trials([star, star + 2], { task, topology: 'star', model, simulated, usd: 0.05 })]),
    { runId: `${model}-${createdAt.slice(0, 10)}`, model, createdAt, simulated },
  )
  return opts.status === 'partial' ? { ...run, status: 'partial' as const } : run
}

describe('the history', () => {
  const runs = [
    weekly('gpt-b', '2026-01-12T08:00:00.000Z', 85),
    weekly('gpt-a', '2026-01-12T08:00:00.000Z', 80),
    weekly('gpt-a', '2026-01-05T08:00:00.000Z', 75),
    weekly('sim-strong', '2026-01-06T08:00:00.000Z', 98, { simulated: true }),
    weekly('gpt-a', '2026-01-08T08:00:00.000Z', 10, { status: 'partial' }),
  ]
  const h = buildHistory(runs)
  test('a run given twice (its plain and its compacted file) is one point', () => {
    const twice = buildHistory([...runs, weekly('gpt-a', '2026-01-12T08:00:00.000Z', 80)])
    expect(twice.panels[0]!.runs.map((r) => r.runId)).toEqual(['gpt-a-2026-01-05', 'gpt-a-2026-01-12'])
    expect(twice.panels[0]!.series[0]!.score).toHaveLength(2)
  })
  test('one panel per real model, its complete runs oldest first, each topology with score and cost per run', () => {
    expect(h.panels.map((p) => [p.model, p.runs.map((r) => r.createdAt.slice(0, 10))])).toEqual([
      ['gpt-a', ['2026-01-05', '2026-01-12']],
      ['gpt-b', ['2026-01-12']],
    ])
    const star = h.panels[0]!.series.find((s) => s.topology === 'star')!
    expect(star.score.map((p) => p?.value)).toEqual([76, 81])
    expect(star.cost.map((p) => p?.value)).toEqual([0.05, 0.05])
    // Over two tasks a score has no interval (a t interval on 1 df); over three it has one.
    expect(star.score[0]!.ci).toBeNull()
    const threeTasks = makeRun(['a', 'b', 'c'].flatMap((task) => trials([70, 72, 71], { task, model: 'gpt-c', simulated: false })), { runId: 'gpt-c-1', model: 'gpt-c', createdAt: '2026-01-12T08:00:00.000Z', simulated: false })
    expect(buildHistory([threeTasks]).panels[0]!.series[0]!.score[0]!.ci).not.toBeNull()
  })
  test('simulated runs are never mixed in, and incomplete runs are left out; both are listed', () => {
    expect(h.panels.map((p) => p.model)).not.toContain('sim-strong')
    expect(h.excluded).toEqual([
      { runId: 'gpt-a-2026-01-08', reason: 'partial' },
      { runId: 'sim-strong-2026-01-06', reason: 'simulated (tests the machinery, not a model)' },
    ])
  })
  test('the page has a score and a cost chart per model, with a mark per topology, and no script or external resource', () => {
    const html = renderHistoryHtml(h)
    expect(html.match(/data-chart="history-score"/g)).toHaveLength(2)
    expect(html.match(/data-chart="history-cost"/g)).toHaveLength(2)
    // Each in a frame that scrolls sideways on a narrow window.
    expect(html.match(/<div class="chart-frame"><svg /g)).toHaveLength(4)
    expect(html).toContain('<section data-model="gpt-a">')
    expect(html).toContain('<td>gpt-a-2026-01-12</td><td>2026-01-12 08:00</td><td>2</td><td>3</td><td>71.0</td><td>81.0</td>')
    expect(html).not.toMatch(/<script|<link|src=/i)
    expect(html).toContain('Left out: gpt-a-2026-01-08 (partial), sim-strong-2026-01-06')
  })
  test('a run over another set of tasks is marked as a settings change, naming the tasks, and its line is not joined', () => {
    const oneTrack = weekly('gpt-a', '2026-01-19T08:00:00.000Z', 60)
    const fewer = { ...oneTrack, cases: oneTrack.cases.filter((c) => c.task === 'b') }
    const changed = buildHistory([...runs, fewer])
    expect(changed.panels[0]!.runs.map((r) => [r.tasks, r.settingsChange])).toEqual([
      [2, null],
      [2, null],
      [1, 'tasks 1 (previous run: 2; not in this run: a)'],
    ])
    const html = renderHistoryHtml(changed)
    expect(html).toContain('<td>changed: tasks 1 (previous run: 2; not in this run: a)</td>')
    expect(html.match(/class="settings-change" data-run-index="2"/g)).toHaveLength(2)
    const memoryOff = { ...fewer, config: { ...fewer.config, memory: 'off' as const } }
    expect(buildHistory([...runs, memoryOff]).panels[0]!.runs[2]!.settingsChange).toBe('memory off (previous run: persisted), tasks 1 (previous run: 2; not in this run: a)')
  })

  test('a run under other score-changing settings stays in its panel, marked, and its line is not joined to the previous point', () => {
    const memoryOff = weekly('gpt-a', '2026-01-19T08:00:00.000Z', 60)
    const changed = buildHistory([...runs, { ...memoryOff, config: { ...memoryOff.config, memory: 'off' } }])
    expect(changed.panels[0]!.runs.map((r) => r.settingsChange)).toEqual([null, null, 'memory off (previous run: persisted)'])
    const html = renderHistoryHtml(changed)
    expect(html).toContain('<td>changed: memory off (previous run: persisted)</td>')
    expect(html.match(/class="settings-change" data-run-index="2"/g)).toHaveLength(2)
    // Star's score line: one segment over the first two runs, a new one at the third.
    const star = html.split('data-chart="history-score"')[1]!.split('<g data-topology="star">')[1]!
    expect(star).toMatch(/<path d="M[\d.]+,[\d.]+ L[\d.]+,[\d.]+ M[\d.]+,[\d.]+"/)
  })
  test('links to the latest report only when the folder has one', () => {
    expect(renderHistoryHtml(h)).toContain('<a href="index.html">The latest report</a>')
    expect(renderHistoryHtml(h, { reportBeside: false })).not.toContain('href="index.html"')
  })
  test('with nothing committed the page says so', () => {
    const html = renderHistoryHtml(buildHistory([]))
    expect(html).toContain('data-empty="true">No complete real-model run is committed yet')
    expect(html).not.toContain('data-chart=')
  })
})

describe('the history page check', () => {
  const chart = (name: string, marks = 2, cutText: string[] = []) => ({ name, width: 700, height: 300, marks, empty: false, cutText, smallestText: 11 })
  const clean = { externalRequests: [], consoleErrors: [] }
  test('passes with both charts per panel showing data', () => {
    expect(historyProblems({ panels: ['a'], charts: [chart('history-score'), chart('history-cost')], saysEmpty: false }, clean)).toEqual([])
    expect(historyProblems({ panels: [], charts: [], saysEmpty: true }, clean)).toEqual([])
  })
  test('names a missing chart, an empty one, a silent empty page, network requests and console errors', () => {
    expect(historyProblems({ panels: ['a'], charts: [chart('history-score', 0)], saysEmpty: false }, { externalRequests: ['https://x.invalid/a.js'], consoleErrors: ['boom'] })).toEqual([
      'history: chart "history-score" shows no data',
      'history: 0 "history-cost" chart(s) for 1 model panel(s)',
      'history: the page tried to load https://x.invalid/a.js (it must be self-contained)',
      'history: console error: boom',
    ])
    expect(historyProblems({ panels: [], charts: [], saysEmpty: false }, clean)).toEqual(['history: no model panel and no statement that nothing is committed yet'])
  })
  test('names text a chart cuts off at its edge', () => {
    expect(historyProblems({ panels: ['a'], charts: [chart('history-score', 2, ['self_decompose_with_a_long_name']), chart('history-cost')], saysEmpty: false }, clean)).toEqual([
      'history: chart "history-score" cuts off its text at its edge: "self_decompose_with_a_long_name"',
    ])
  })
})
