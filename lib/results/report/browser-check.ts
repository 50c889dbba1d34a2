import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { withOfflineChromium } from '../../browser.js'
import { UserError } from '../../errors.js'
import type { Page } from 'playwright-core'
import { probeCharts } from './chart-probe.js'
import { type CasePageProbe, casePageProblems, chartProblems } from './check.js'

/**
 * Opens <dir>/index.html in headless Chromium with every network request blocked, checks that the
 * charts are there (see check.ts) and saves <dir>/screenshot.png.
 */
export async function checkReportInBrowser(dir: string, executablePath: string): Promise<{ lines: string[]; problems: string[] }> {
  const page = resolve(dir, 'index.html')
  const screenshot = resolve(dir, 'screenshot.png')
  if (!existsSync(page)) throw new UserError(`${page} does not exist; run orgbench report first`)
  if (!existsSync(executablePath)) throw new UserError(`no Chromium at ${executablePath}; install it (apt-get install -y chromium) or set CHROMIUM_PATH`)
  const lines: string[] = []
  return withOfflineChromium(executablePath, async (tab, trouble) => {
    await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' })
    const probes = await probeCharts(tab)
    await tab.screenshot({ path: screenshot, fullPage: true })
    const cases = await checkCasePages(tab, dir)
    const problems = [...chartProblems(probes, { externalRequests: trouble.external, consoleErrors: trouble.consoleErrors }), ...cases.problems]
    lines.push(...cases.lines)
    for (const p of probes) lines.push(`  ${p.name}: ${Math.round(p.width)}×${Math.round(p.height)} px, ${p.marks} marks${p.empty ? ' (no data)' : ''}`)
    lines.push(`screenshot: ${screenshot}`)
    if (problems.length === 0) lines.push(`report check: ${probes.length} charts rendered in Chromium, no network requests, no console errors`)
    return { lines, problems }
  })
}

/**
 * When the report has side-by-side pages: follows the report's link to cases/index.html, then the
 * index's first case link, and measures that page's columns and deliverables.
 */
async function checkCasePages(tab: Page, dir: string): Promise<{ lines: string[]; problems: string[] }> {
  if (!existsSync(resolve(dir, 'cases', 'index.html'))) return { lines: ['  side-by-side pages: none (no records file was read)'], problems: [] }
  const link = tab.locator('a[href="cases/index.html"]')
  if ((await link.count()) === 0) return { lines: [], problems: ['the report does not link to cases/index.html'] }
  await Promise.all([tab.waitForEvent('load'), link.first().click()])
  const first = tab.locator('table a').first()
  if ((await first.count()) === 0) return { lines: [], problems: ['cases/index.html lists no case'] }
  await Promise.all([tab.waitForEvent('load'), first.click()])
  const texts = await tab.$$eval('[data-deliverable]', (els) => els.map((el) => (el.textContent ?? '').trim().length))
  const probe: CasePageProbe = {
    page: decodeURIComponent(new URL(tab.url()).pathname.split('/').slice(-2).join('/')),
    columns: await tab.$$eval('[data-case-column]', (els) => els.map((el) => el.getBoundingClientRect().width)),
    deliverables: texts.length,
    nonEmpty: texts.filter((n) => n > 0).length,
  }
  return { lines: [`  side by side: ${probe.page}: ${probe.columns.length} columns, ${probe.deliverables} deliverables`], problems: casePageProblems(probe) }
}
