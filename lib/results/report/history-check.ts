import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { withOfflineChromium } from '../../browser.js'
import { checkChartsNarrow, probeCharts } from './chart-probe.js'
import { type ChartProbe, cutTextProblems } from './check.js'
import { HISTORY_CHARTS } from './history-html.js'

/*
 * The history page in headless Chromium (part of `orgbench report check`): every model panel shows
 * both charts with data, nothing is loaded from the network, nothing logs an error, and in a narrow
 * window the page does not scroll sideways and its charts stay readable.
 */

/** What the browser measured of the history page. */
export interface HistoryProbe {
  /** data-model of each panel. */
  panels: string[]
  charts: ChartProbe[]
  /** The page says there is no committed run yet. */
  saysEmpty: boolean
}

/** Problems with the rendered history page; empty when it passes. */
export function historyProblems(probe: HistoryProbe, page: { externalRequests: readonly string[]; consoleErrors: readonly string[] }): string[] {
  const problems: string[] = []
  if (probe.panels.length === 0 && !probe.saysEmpty) problems.push('history: no model panel and no statement that nothing is committed yet')
  for (const name of HISTORY_CHARTS) {
    const found = probe.charts.filter((c) => c.name === name)
    if (found.length !== probe.panels.length) problems.push(`history: ${found.length} "${name}" chart(s) for ${probe.panels.length} model panel(s)`)
    for (const c of found) {
      if (c.width < 100 || c.height < 40) problems.push(`history: chart "${name}" renders at ${Math.round(c.width)}×${Math.round(c.height)} px (too small to see)`)
      if (c.empty || c.marks === 0) problems.push(`history: chart "${name}" shows no data`)
      problems.push(...cutTextProblems(c).map((p) => `history: ${p}`))
    }
  }
  for (const url of page.externalRequests) problems.push(`history: the page tried to load ${url} (it must be self-contained)`)
  for (const e of page.consoleErrors) problems.push(`history: console error: ${e}`)
  return problems
}

/** Opens <dir>/history.html in headless Chromium (network blocked) and checks it; saves history.png. */
export async function checkHistoryInBrowser(dir: string, executablePath: string): Promise<{ lines: string[]; problems: string[] }> {
  const page = resolve(dir, 'history.html')
  if (!existsSync(page)) return { lines: [], problems: [`${page} does not exist; run orgbench report history first`] }
  const screenshot = resolve(dir, 'history.png')
  return withOfflineChromium(executablePath, async (tab, trouble) => {
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' })
    const probe: HistoryProbe = {
      panels: await tab.$$eval('section[data-model]', (els) => els.map((s) => s.getAttribute('data-model') ?? '')),
      charts: await probeCharts(tab),
      saysEmpty: (await tab.$('p[data-empty]')) !== null,
    }
    await tab.screenshot({ path: screenshot, fullPage: true })
    // Again in a narrow window: the page must not scroll sideways, and its charts' text must stay readable.
    const narrow = await checkChartsNarrow(tab, 'history.html')
    const problems = [...historyProblems(probe, { externalRequests: trouble.external, consoleErrors: trouble.consoleErrors }), ...narrow.problems.map((p) => `history: ${p}`)]
    const lines = [
      `history: ${probe.panels.length} model panel(s)${probe.panels.length > 0 ? ` (${probe.panels.join(', ')})` : ', none committed yet'}, ${probe.charts.length} chart(s)`,
      ...probe.charts.map((c) => `  ${c.name}: ${Math.round(c.width)}×${Math.round(c.height)} px, ${c.marks} marks`),
      `screenshot: ${screenshot}`,
    ]
    return { lines, problems }
  })
}
