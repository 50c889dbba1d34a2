import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { withOfflineChromium } from '../browser.js'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { UserError } from '../errors.js'
import { loadRegistry } from '../tasks/registry.js'
import { buildExport, exportInputFrom, type HumanExport } from './export.js'
import { readGrades } from './grades.js'
import { computeAgreement } from './validation.js'
import { writeAtomic } from '../results/write.js'
import { NARROW_WIDTH, openNarrow } from '../page-width.js'
import { type GraderLayoutProbe, graderLayoutProblems } from './page-check.js'
import type { Page } from 'playwright-core'

const PAIRS = 4

/**
 * The grading page as a person uses it: export a few pairs from `resultsFile` and check them as
 * checkGradingPage does. Returns what happened and any problem.
 */
export async function checkHumanRoundTrip(resultsFile: string, executablePath: string): Promise<{ lines: string[]; problems: string[] }> {
  if (!existsSync(executablePath)) throw new UserError(`no Chromium at ${executablePath}; install it (apt-get install -y chromium), set CHROMIUM_PATH or pass --chromium`)
  return checkGradingPage(buildExport(await exportInputFrom(resultsFile, await loadRegistry(), PAIRS, 7)), executablePath)
}

/**
 * Opens the export's grading page in headless Chromium with the network blocked, types a name,
 * scores every dimension of every item and picks a preference by clicking, downloads the CSV and
 * imports it; opens the page again as the next grader on the same machine would; then opens it in
 * a narrow window and checks its layout (page-check.ts).
 */
export async function checkGradingPage(built: HumanExport, executablePath: string): Promise<{ lines: string[]; problems: string[] }> {
  const dir = mkdtempSync(join(tmpdir(), 'orgbench-human-'))
  const lines: string[] = []
  const problems: string[] = []
  try {
    for (const [name, content] of built.graderFiles) writeAtomic(join(dir, 'grader', name), content)
    await withOfflineChromium(executablePath, async (page, trouble) => {
      await page.goto(pathToFileURL(join(dir, 'grader', 'index.html')).href)
      // A download without a name must be refused with a message, not produce an anonymous file.
      await page.getByTestId('download').click()
      if (!(await page.locator('#message').textContent())?.includes('Enter your name')) problems.push('downloading without a grader name was not refused')
      await page.getByTestId('grader').fill('Browser Check')
      for (const [i, item] of built.key.items.entries()) {
        await page.getByTestId(`item-${item.id}`).click()
        const selects = page.locator(`select[data-item="${item.id}"]`)
        const count = await selects.count()
        for (let s = 0; s < count; s++) await selects.nth(s).selectOption(String((i + s) % 11))
        await page.getByTestId(`preference-${(['A', 'B', 'tie'] as const)[i % 3]}`).check()
      }
      const progress = await page.getByTestId('progress').textContent()
      lines.push(`page: ${built.key.items.length} items graded by clicking; it shows "${progress}"`)
      const [download] = await Promise.all([page.waitForEvent('download'), page.getByTestId('download').click()])
      const saved = join(dir, download.suggestedFilename())
      await download.saveAs(saved)
      lines.push(`downloaded ${download.suggestedFilename()}`)
      const grades = readGrades([{ name: download.suggestedFilename(), text: readFileSync(saved, 'utf8') }], built.key)
      const expectedRows = built.key.items.reduce((n, item) => n + 1 + 2 * built.key.rubric[item.task]!.length, 0)
      const rows = grades.reduce((n, g) => n + (g.preference ? 1 : 0) + Object.keys(g.scores.A).length + Object.keys(g.scores.B).length, 0)
      if (rows !== expectedRows) problems.push(`the CSV holds ${rows} answers; the clicks gave ${expectedRows}`)
      const report = computeAgreement(built.key, grades)
      lines.push(`imported: ${report.gradedItems} items, ${report.judgeVsHuman.overall.preference.pairs} preferences, ${report.judgeVsHuman.overall.pointwise.pairs} scores compared with the judge`)
      const nextGrader = await checkNextGrader(page, 'Browser Check', progress ?? '')
      problems.push(...nextGrader)
      if (nextGrader.length === 0) lines.push('opened again in the same browser: an empty page until a name is entered; the same name brings its answers back')
      const narrow = await measureNarrow(page)
      lines.push(`at ${NARROW_WIDTH} px: the page is ${narrow.width.scrollWidth} px wide, the deliverables ${narrow.deliverables.map(Math.round).join(' and ')} px`)
      problems.push(...graderLayoutProblems(narrow))
      if (trouble.external.length > 0) problems.push(`the page made network requests: ${trouble.external.join(', ')}`)
      if (trouble.consoleErrors.length > 0) problems.push(`console errors: ${trouble.consoleErrors.join('; ')}`)
    })
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
  if (problems.length === 0) lines.push('human check: the page filled by clicks downloads a CSV that imports cleanly; no network, no console errors')
  return { lines, problems }
}

/**
 * The page opened again in the same browser, as the next grader on the machine would open it: it
 * must show no name and no answers, and `grader`'s name must bring back their `progress`.
 */
async function checkNextGrader(page: Page, grader: string, progress: string): Promise<string[]> {
  await page.reload({ waitUntil: 'load' })
  const problems: string[] = []
  const opened = { name: await page.getByTestId('grader').inputValue(), progress: (await page.getByTestId('progress').textContent()) ?? '' }
  if (opened.name !== '' || !opened.progress.startsWith('0 of ')) problems.push(`opened again in the same browser, the page shows the name "${opened.name}" and "${opened.progress}": the next grader would start from another's answers`)
  await page.getByTestId('grader').fill(grader)
  await page.getByTestId('grader').press('Tab')
  const back = await page.getByTestId('progress').textContent()
  if (back !== progress) problems.push(`entering the name "${grader}" again shows "${back}", not the "${progress}" they left`)
  return problems
}

/** The grading page reopened in a window NARROW_WIDTH px wide: its width, the deliverables', the score controls', and the item list after scrolling down. */
async function measureNarrow(page: Page): Promise<GraderLayoutProbe> {
  const width = await openNarrow(page, { height: 800 })
  const measured = await page.$eval('body', (body) => {
    const view = body.ownerDocument.defaultView!
    const deliverables = [...body.querySelectorAll('[data-testid^="deliverable-"]')].map((el) => el.getBoundingClientRect().width)
    const scoresOutside = [...body.querySelectorAll('select[data-testid="score"]')].filter((el) => el.getBoundingClientRect().right > view.innerWidth + 1).length
    view.scrollTo(0, body.scrollHeight)
    const header = body.querySelector('header')!.getBoundingClientRect()
    const first = body.querySelector('nav button')!.getBoundingClientRect()
    // The header is drawn over the item list: what of its first entry lies above the header's bottom is hidden.
    const listCovered = header.bottom > 0 && first.bottom > 0 ? Math.max(0, Math.min(header.bottom, first.bottom) - first.top) : 0
    return { deliverables, scoresOutside, listCovered }
  })
  return { width, ...measured }
}
