import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { withOfflineChromium } from '../../browser.js'
import { UserError } from '../../errors.js'
import { type ChartProbe, chartProblems } from './check.js'

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
    const probes: ChartProbe[] = await tab.$$eval('svg[data-chart]', (els) =>
      els.map((el) => {
        const box = el.getBoundingClientRect()
        return { name: el.getAttribute('data-chart') ?? '', width: box.width, height: box.height, marks: el.querySelectorAll('[data-topology]').length, empty: el.querySelector('[data-empty]') !== null }
      }),
    )
    await tab.screenshot({ path: screenshot, fullPage: true })
    const problems = chartProblems(probes, { externalRequests: trouble.external, consoleErrors: trouble.consoleErrors })
    for (const p of probes) lines.push(`  ${p.name}: ${Math.round(p.width)}×${Math.round(p.height)} px, ${p.marks} marks${p.empty ? ' (no data)' : ''}`)
    lines.push(`screenshot: ${screenshot}`)
    if (problems.length === 0) lines.push(`report check: ${probes.length} charts rendered in Chromium, no network requests, no console errors`)
    return { lines, problems }
  })
}
