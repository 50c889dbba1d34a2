import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { shareChromium, withOfflineChromium } from '../../../lib/browser.js'
import { checkChartsNarrow, probeCharts } from '../../../lib/results/report/chart-probe.js'
import { tempDir } from '../../support/temp.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// One Chromium for the file's checks, each in a fresh context (lib/browser.ts shareChromium); test/browser.test.ts launches its own.
let sharing: { close(): Promise<void> } | null = null
beforeAll(() => {
  if (existsSync(CHROMIUM)) sharing = shareChromium(CHROMIUM)
})
afterAll(() => sharing?.close())

/** A page of charts whose sizes, marks and text are known, opened from a file. */
function page(body: string): string {
  const file = join(tempDir(), 'charts.html')
  writeFileSync(file, `<!doctype html><html><head><meta charset="utf-8"><style>body{margin:0}svg{display:block}</style></head><body>${body}</body></html>`)
  return pathToFileURL(file).href
}

/** Drawn at half its viewBox's width: its 20-unit text is 10 px on screen; two marks, nothing cut off. */
const HALVED = '<svg data-chart="quality-vs-cost" viewBox="0 0 800 400" style="width:400px;height:200px"><circle data-topology="single" cx="10" cy="10" r="4"/><circle data-topology="star" cx="30" cy="10" r="4"/><text x="10" y="100" font-size="20">score</text><text x="10" y="200" font-size="28">cost</text></svg>'
/** At its viewBox's size, saying it has no data, with a label that runs past its right edge. */
const CUT = '<svg data-chart="cost-by-role" viewBox="0 0 200 100" style="width:200px;height:100px"><g data-empty="1"></g><text x="150" y="50" font-size="14">a label far too long for its box</text><text x="5" y="90" font-size="12">inside</text></svg>'
/** A chart without text. */
const BARE = '<svg data-chart="bare" viewBox="0 0 100 100" style="width:100px;height:100px"><rect data-topology="hrm" width="10" height="10"/></svg>'

// Needs Chromium (apt-get install -y chromium); CI installs it for the browser checks.
describe.skipIf(!existsSync(CHROMIUM))('probeCharts', () => {
  test("measures each svg[data-chart]: its drawn size, its marks, whether it is empty, the text it cuts off and its smallest text on screen", async () => {
    const url = page(`${HALVED}${CUT}${BARE}<svg viewBox="0 0 10 10"><text>not a chart</text></svg>`)
    const probes = await withOfflineChromium(CHROMIUM, async (tab) => {
      await tab.goto(url)
      return probeCharts(tab)
    })
    expect(probes).toEqual([
      { name: 'quality-vs-cost', width: 400, height: 200, marks: 2, empty: false, cutText: [], smallestText: 10 },
      { name: 'cost-by-role', width: 200, height: 100, marks: 0, empty: true, cutText: ['a label far too long for its box'], smallestText: 12 },
      { name: 'bare', width: 100, height: 100, marks: 1, empty: false, cutText: [], smallestText: null },
    ])
  }, 60_000)
})

describe.skipIf(!existsSync(CHROMIUM))('checkChartsNarrow', () => {
  test('at 400 px: a chart shrunk to the window draws its text too small, and a wide block makes the page scroll sideways', async () => {
    // 1000 units across 400 px: the 16-unit text is drawn at 6.4 px.
    const shrunk = '<svg data-chart="score-by-topology" viewBox="0 0 1000 500" style="width:100%"><text x="10" y="40" font-size="16">single</text></svg>'
    const url = page(`${shrunk}<div class="wide" style="width:700px;height:10px"></div>`)
    const result = await withOfflineChromium(CHROMIUM, (tab) => checkChartsNarrow(tab, 'index.html', url))
    expect(result.width).toEqual({ width: 400, scrollWidth: 700, overflowing: ['div.wide'] })
    expect(result.charts).toEqual([{ name: 'score-by-topology', width: 400, height: 200, marks: 0, empty: false, cutText: [], smallestText: 6.4 }])
    expect(result.problems).toEqual([
      'index.html at 400 px: the page is 700 px wide and scrolls sideways (div.wide reach beyond it)',
      'index.html at 400 px: chart "score-by-topology" draws text at 6.4 px (at least 8 px is readable)',
    ])
  }, 60_000)

  test('a page whose charts fit and stay readable at 400 px has no problem', async () => {
    const url = page('<svg data-chart="score-by-topology" viewBox="0 0 400 200" style="width:100%"><text x="10" y="40" font-size="12">single</text></svg>')
    const result = await withOfflineChromium(CHROMIUM, (tab) => checkChartsNarrow(tab, 'index.html', url))
    expect(result.problems).toEqual([])
    expect(result.charts[0]!.smallestText).toBe(12)
  }, 60_000)
})
