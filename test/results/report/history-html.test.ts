import { describe, expect, test } from 'vitest'
import { HISTORY_CHARTS, renderHistoryHtml } from '../../../lib/results/report/history-html.js'
import { buildHistory } from '../../../lib/results/report/history.js'
import { makeRun, trials } from '../fixtures.js'

/** A complete real run of `model` on two tasks, single and star. */
const weekly = (model: string, day: string, star: number) =>
  makeRun(['a', 'b'].flatMap((task) => [...trials([70, 72], { task, model, simulated: false, usd: 0.01 }), ...trials([star, star], { task, topology: 'star', model, simulated: false, usd: 0.25 })]), { runId: `${model}-${day}`, model, createdAt: `${day}T08:30:00.000Z`, simulated: false })

describe('renderHistoryHtml', () => {
  test('its charts are a score and a cost chart per model panel', () => {
    expect(HISTORY_CHARTS).toEqual(['history-score', 'history-cost'])
    const html = renderHistoryHtml(buildHistory([weekly('gpt-a', '2026-01-05', 80), weekly('gpt-b', '2026-01-05', 90)]))
    for (const name of HISTORY_CHARTS) expect(html.match(new RegExp(`data-chart="${name}"`, 'g'))).toHaveLength(2)
  })

  test("a panel's table: one row per run with its date to the minute, its tasks and configured trials, each topology's score and cost per case, and whether settings changed", () => {
    const html = renderHistoryHtml(buildHistory([weekly('gpt-a', '2026-01-05', 80), weekly('gpt-a', '2026-01-12', 84)]))
    expect(html).toContain('<th>run</th><th>date</th><th>tasks</th><th>trials</th><th>single score</th><th>star score</th><th>single $/case</th><th>star $/case</th><th>settings vs the previous run</th>')
    expect(html).toContain('<tr><td>gpt-a-2026-01-12</td><td>2026-01-12 08:30</td><td>2</td><td>3</td><td>71.0</td><td>84.0</td><td>$0.0100</td><td>$0.2500</td><td>same</td></tr>')
  })

  test("a model name is escaped where the page shows it and in its panel's attribute", () => {
    const html = renderHistoryHtml(buildHistory([weekly('m<x>&y', '2026-01-05', 80)]))
    expect(html).toContain('<section data-model="m&lt;x&gt;&amp;y">')
    expect(html).toContain('<h2>m&lt;x&gt;&amp;y <small>')
    expect(html).not.toContain('m<x>')
  })

  test('one run whose topologies all score the same still draws both charts (a flat line gets a range)', () => {
    const flat = makeRun(['a', 'b'].flatMap((task) => trials([75, 75], { task, model: 'gpt-a', simulated: false, usd: 0.02 })), { runId: 'flat', model: 'gpt-a', createdAt: '2026-01-05T08:00:00.000Z', simulated: false })
    const html = renderHistoryHtml(buildHistory([flat]))
    expect(html).not.toContain('NaN')
    expect(html).not.toContain('Infinity')
    expect(html.match(/data-chart="history-/g)).toHaveLength(2)
  })

  test('with nothing committed: a statement the browser check recognises, and no chart', () => {
    const html = renderHistoryHtml(buildHistory([]))
    expect(html).toContain('<p class="note" data-empty="true">No complete real-model run is committed yet')
    expect(html).not.toContain('data-chart=')
  })
})
