import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { shareChromium } from '../../../lib/browser.js'
import { checkReportInBrowser } from '../../../lib/results/report/browser-check.js'
import { caseView, groupCases } from '../../../lib/results/report/cases.js'
import { renderCasePages } from '../../../lib/results/report/cases-html.js'
import { writeReportFolder } from '../../../lib/results/report/folder.js'
import { renderReport } from '../../../lib/results/report/index.js'
import { checkHistoryInBrowser } from '../../../lib/results/report/history-check.js'
import { renderHistoryHtml } from '../../../lib/results/report/history-html.js'
import { buildHistory } from '../../../lib/results/report/history.js'
import { tempDir } from '../../support/temp.js'
import { makeRecord, makeRun, trials } from '../fixtures.js'
import { twoTrackRun } from './shared.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// One Chromium for the file's checks, each in a fresh context (lib/browser.ts shareChromium); test/browser.test.ts launches its own.
let sharing: { close(): Promise<void> } | null = null
beforeAll(() => {
  if (existsSync(CHROMIUM)) sharing = shareChromium(CHROMIUM)
})
afterAll(() => sharing?.close())

/*
 * What the check judges is specified by check.ts's tests; this runs it on rendered pages, so that
 * the pages' own layout (at 1280 px and in a 400 px window) is what is tested.
 */
// Needs Chromium (apt-get install -y chromium); CI installs it for the browser checks.
describe.skipIf(!existsSync(CHROMIUM))('report check on a rendered report', () => {
  test('the report and its side-by-side pages pass, in a wide window and in a 400 px one', async () => {
    const dir = tempDir()
    const deliverable = { kind: 'markdown' as const, text: '# Review\n\nThe diff adds a query built from user input: SQL injection in api.py, line 12.' }
    const views = ['single', 'star', 'hrm'].map((topology) => caseView('run-a', { ...makeRecord({ topology, task: 'e1' }), deliverable }))
    writeReportFolder(dir, new Map([...renderReport([twoTrackRun], { cases: true }), ...renderCasePages(groupCases(views, ['run-a']), [{ runId: 'run-a', model: 'sim-strong' }])]))
    const result = await checkReportInBrowser(dir, CHROMIUM)
    expect(result.problems).toEqual([])
    expect(result.lines.filter((l) => l.includes('at 400 px'))).toHaveLength(2)
  }, 60_000)
  test('a first side-by-side page of errored cases only (a dollar cap hit on the first task) is passed over for one that shows deliverables', async () => {
    const dir = tempDir()
    const deliverable = { kind: 'markdown' as const, text: '# Review\n\nThe diff adds a query built from user input: SQL injection in api.py, line 12.' }
    const capped = ['single', 'star'].map((topology) => caseView('run-a', { ...makeRecord({ topology, task: 'a0', status: 'error' }), deliverable: null }))
    const shown = ['single', 'star'].map((topology) => caseView('run-a', { ...makeRecord({ topology, task: 'e1' }), deliverable }))
    writeReportFolder(dir, new Map([...renderReport([twoTrackRun], { cases: true }), ...renderCasePages(groupCases([...capped, ...shown], ['run-a']), [{ runId: 'run-a', model: 'sim-strong' }])]))
    const result = await checkReportInBrowser(dir, CHROMIUM)
    expect(result.problems).toEqual([])
    expect(result.lines.some((l) => l.includes('side by side: cases/e1-1.html'))).toBe(true)
  }, 60_000)
  test('a run filtered by a long task list keeps its status badge within a 400 px window', async () => {
    const dir = tempDir()
    const filter = 'filtered by ORGBENCH_TASKS=code_review_execution,contract_review_execution,support_triage_execution,incident_response_execution'
    writeReportFolder(dir, renderReport([{ ...twoTrackRun, status: 'partial', statusReasons: [filter] }]))
    const result = await checkReportInBrowser(dir, CHROMIUM)
    expect(result.problems).toEqual([])
  }, 60_000)
})

describe('report check before it opens a browser', () => {
  test('a folder without index.html and a missing Chromium are named, with what to do', async () => {
    const dir = tempDir()
    await expect(checkReportInBrowser(dir, CHROMIUM)).rejects.toThrow(`${join(dir, 'index.html')} does not exist; run orgbench report first`)
    writeReportFolder(dir, renderReport([twoTrackRun]))
    const nowhere = join(dir, 'no-chromium')
    await expect(checkReportInBrowser(dir, nowhere)).rejects.toThrow(`no Chromium at ${nowhere}; install it (apt-get install -y chromium) or set CHROMIUM_PATH`)
  })
})

// Needs Chromium (apt-get install -y chromium); CI installs it for the browser checks.
describe.skipIf(!existsSync(CHROMIUM))('report check on a broken report', () => {
  test('a missing chart, a network request and a console error are each a problem', async () => {
    const dir = tempDir()
    writeReportFolder(dir, renderReport([twoTrackRun]))
    const index = join(dir, 'index.html')
    const html = readFileSync(index, 'utf8')
    expect(html).toContain('data-chart="win-rates"')
    writeFileSync(index, html.replaceAll('data-chart="win-rates"', 'data-removed="win-rates"').replace('</body>', '<img src="https://example.invalid/x.png"><script>console.error("broken")</script></body>'))
    const result = await checkReportInBrowser(dir, CHROMIUM)
    expect(result.problems).toEqual(expect.arrayContaining(['chart "win-rates" is missing', 'the page tried to load https://example.invalid/x.png (it must be self-contained)', 'console error: broken']))
    expect(result.lines.some((l) => l.startsWith('report check: '))).toBe(false)
  }, 60_000)
})

// Needs Chromium (apt-get install -y chromium); CI installs it for the browser checks.
describe.skipIf(!existsSync(CHROMIUM))('report check on the history page', () => {
  const history = () => {
    const dir = tempDir()
    const run = (model: string, createdAt: string) =>
      makeRun(['a', 'b'].flatMap((task) => [...trials([70, 72], { task, model, simulated: false }), ...trials([80, 82], { task, topology: 'star', model, simulated: false })]), { runId: `${model}-${createdAt.slice(0, 10)}`, model, createdAt, simulated: false })
    writeFileSync(join(dir, 'history.html'), renderHistoryHtml(buildHistory([run('gpt-a', '2026-01-05T08:00:00.000Z'), run('gpt-a', '2026-01-12T08:00:00.000Z')])))
    return dir
  }
  test('passes, and is measured again in a 400 px window', async () => {
    const result = await checkHistoryInBrowser(history(), CHROMIUM)
    expect(result.problems).toEqual([])
    expect(result.lines[0]).toBe('history: 1 model panel(s) (gpt-a), 2 chart(s)')
  }, 60_000)
  test('a history page that scrolls sideways in a 400 px window is a problem naming what sticks out', async () => {
    const dir = history()
    const page = join(dir, 'history.html')
    writeFileSync(page, readFileSync(page, 'utf8').replace('</body>', '<div class="too-wide" style="width: 700px">wide</div></body>'))
    const result = await checkHistoryInBrowser(dir, CHROMIUM)
    expect(result.problems).toEqual([expect.stringMatching(/^history: history\.html at 400 px: the page is \d+ px wide and scrolls sideways \(div\.too-wide reach beyond it\)$/)])
  }, 60_000)
})
