import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { withOfflineChromium } from '../../browser.js'
import { UserError } from '../../errors.js'
import type { Page } from 'playwright-core'
import { measurePageWidth, NARROW_WIDTH, sidewaysProblems } from '../../page-width.js'
import { checkChartsNarrow, probeCharts } from './chart-probe.js'
import { type CasePageProbe, casePageProblems, chartProblems, narrowCaseProblems } from './check.js'

/**
 * Opens <dir>/index.html in headless Chromium with every network request blocked, checks that the
 * charts are there (see check.ts) and saves <dir>/screenshot.png; then checks the report and a
 * side-by-side page in a narrow window.
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
    const narrow = await checkNarrow(tab, page, cases.url)
    const problems = [...chartProblems(probes, { externalRequests: trouble.external, consoleErrors: trouble.consoleErrors }), ...cases.problems, ...narrow.problems]
    lines.push(...cases.lines)
    for (const p of probes) lines.push(`  ${p.name}: ${Math.round(p.width)}×${Math.round(p.height)} px, ${p.marks} marks${p.empty ? ' (no data)' : ''}`)
    lines.push(...narrow.lines, `screenshot: ${screenshot}`)
    if (problems.length === 0) lines.push(`report check: ${probes.length} charts rendered in Chromium, no network requests, no console errors`)
    return { lines, problems }
  })
}

/** Side-by-side pages probed for one that shows a deliverable: a run capped on its first task has pages of errored cases only. */
const CASE_PAGES_PROBED = 20

/**
 * When the report has side-by-side pages: follows the report's link to cases/index.html, then the
 * index's case links in order, and measures the first page that shows a deliverable (its columns
 * and deliverables; the first page when none of them does); `url` is that page's.
 */
async function checkCasePages(tab: Page, dir: string): Promise<{ lines: string[]; problems: string[]; url?: string }> {
  if (!existsSync(resolve(dir, 'cases', 'index.html'))) return { lines: ['  side-by-side pages: none (no records file was read)'], problems: [] }
  const link = tab.locator('a[href="cases/index.html"]')
  if ((await link.count()) === 0) return { lines: [], problems: ['the report does not link to cases/index.html'] }
  await Promise.all([tab.waitForEvent('load'), link.first().click()])
  const index = tab.url()
  const hrefs = (await tab.locator('table a').evaluateAll((els) => els.map((el) => el.getAttribute('href') ?? ''))).slice(0, CASE_PAGES_PROBED)
  if (hrefs.length === 0) return { lines: [], problems: ['cases/index.html lists no case'] }
  let first: { probe: CasePageProbe; url: string } | null = null
  for (const href of hrefs) {
    await tab.goto(new URL(href, index).href)
    const texts = await tab.$$eval('[data-deliverable]', (els) => els.map((el) => (el.textContent ?? '').trim().length))
    const probe: CasePageProbe = {
      page: decodeURIComponent(new URL(tab.url()).pathname.split('/').slice(-2).join('/')),
      columns: await tab.$$eval('[data-case-column]', (els) => els.map((el) => el.getBoundingClientRect().width)),
      deliverables: texts.length,
      nonEmpty: texts.filter((n) => n > 0).length,
    }
    first ??= { probe, url: tab.url() }
    if (probe.deliverables > 0) return { lines: [`  side by side: ${probe.page}: ${probe.columns.length} columns, ${probe.deliverables} deliverables`], problems: casePageProblems(probe), url: tab.url() }
  }
  const { probe, url } = first!
  const problems = casePageProblems(probe).map((p) => (probe.deliverables === 0 && p.endsWith('no deliverable is shown') ? `${p} (nor on any of the first ${hrefs.length} side-by-side page(s))` : p))
  await tab.goto(url)
  return { lines: [`  side by side: ${probe.page}: ${probe.columns.length} columns, ${probe.deliverables} deliverables`], problems, url }
}

/**
 * The report, the side-by-side index and the page at `caseUrl`, again in a window NARROW_WIDTH px
 * wide (a phone, or a window beside another): none may scroll sideways as a whole, the charts' text
 * must stay readable, and with the columns scrolled to the end an organisation's column must be
 * in view beside (or instead of) the single agent's.
 */
async function checkNarrow(tab: Page, index: string, caseUrl: string | undefined): Promise<{ lines: string[]; problems: string[] }> {
  const { width, charts, problems } = await checkChartsNarrow(tab, 'index.html', pathToFileURL(index).href)
  const smallest = Math.min(...charts.flatMap((c) => (c.smallestText === null ? [] : [c.smallestText])))
  const lines = [`  at ${NARROW_WIDTH} px: index.html is ${width.scrollWidth} px wide, its smallest chart text ${Number.isFinite(smallest) ? `${smallest.toFixed(1)} px` : 'none'}`]
  if (caseUrl === undefined) return { lines, problems }
  await tab.goto(new URL('index.html', caseUrl).href, { waitUntil: 'load' })
  problems.push(...sidewaysProblems('cases/index.html', await measurePageWidth(tab)))
  await tab.goto(caseUrl, { waitUntil: 'load' })
  const casePage = decodeURIComponent(new URL(caseUrl).pathname.split('/').slice(-2).join('/'))
  const caseWidth = await measurePageWidth(tab)
  const comparedInView = await tab.$eval('body', (body) => {
    const strip = body.querySelector('.cols')
    const single = strip?.querySelector('.card.single') ?? null
    const others = strip ? [...strip.querySelectorAll('[data-case-column]')].filter((c) => c !== single) : []
    const last = others[others.length - 1]
    if (!strip || !last) return null
    strip.scrollLeft = strip.scrollWidth
    const view = strip.getBoundingClientRect()
    const card = last.getBoundingClientRect()
    let left = Math.max(view.left, card.left)
    const right = Math.min(view.right, card.right)
    // A pinned single-agent column lies over the left part of the strip.
    const pinned = single?.getBoundingClientRect()
    if (pinned && pinned.right > left && pinned.left < right) left = Math.max(left, pinned.right)
    return Math.max(0, right - left)
  })
  problems.push(...sidewaysProblems(casePage, caseWidth), ...narrowCaseProblems({ page: casePage, width: NARROW_WIDTH, comparedInView }))
  if (comparedInView !== null) lines.push(`  at ${NARROW_WIDTH} px: ${casePage}: ${Math.round(comparedInView)} px of the last organisation's column in view with the columns scrolled to the end`)
  return { lines, problems }
}
