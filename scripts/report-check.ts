/**
 * npm run report:check — opens results/report/index.html in headless Chromium (Debian's
 * /usr/bin/chromium, or CHROMIUM_PATH), with every network request blocked, checks that the
 * charts are there (lib/results/report/check.ts) and saves results/report/screenshot.png.
 * Not part of npm test: CI has no Chromium.
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { parseArgs } from 'node:util'
import { chromium } from 'playwright-core'
import { type ChartProbe, chartProblems } from '../lib/results/report/check.js'

const { values } = parseArgs({ options: { dir: { type: 'string', default: 'results/report' } } })
const page = resolve(values.dir, 'index.html')
const screenshot = resolve(values.dir, 'screenshot.png')
const executablePath = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'
if (!existsSync(page)) {
  console.error(`report:check: ${page} does not exist; run npm run report first`)
  process.exit(2)
}
if (!existsSync(executablePath)) {
  console.error(`report:check: no Chromium at ${executablePath}; install it (apt-get install -y chromium) or set CHROMIUM_PATH`)
  process.exit(2)
}

const profile = mkdtempSync(join(tmpdir(), 'orgbench-chromium-'))
const context = await chromium.launchPersistentContext(profile, {
  executablePath,
  headless: true,
  args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  viewport: { width: 1280, height: 900 },
})
try {
  const externalRequests: string[] = []
  const consoleErrors: string[] = []
  await context.route('**/*', (route) => {
    const url = route.request().url()
    if (url.startsWith('file:') || url.startsWith('data:')) return route.continue()
    externalRequests.push(url)
    return route.abort()
  })
  const tab = await context.newPage()
  tab.on('console', (m) => {
    if (m.type() === 'error') consoleErrors.push(m.text())
  })
  tab.on('pageerror', (e) => consoleErrors.push(e.message))
  await tab.goto(pathToFileURL(page).href, { waitUntil: 'load' })
  const probes: ChartProbe[] = await tab.$$eval('svg[data-chart]', (els) =>
    els.map((el) => {
      const box = el.getBoundingClientRect()
      return { name: el.getAttribute('data-chart') ?? '', width: box.width, height: box.height, marks: el.querySelectorAll('[data-topology]').length, empty: el.querySelector('[data-empty]') !== null }
    }),
  )
  await tab.screenshot({ path: screenshot, fullPage: true })
  const problems = chartProblems(probes, { externalRequests, consoleErrors })
  for (const p of probes) console.log(`  ${p.name}: ${Math.round(p.width)}×${Math.round(p.height)} px, ${p.marks} marks${p.empty ? ' (no data)' : ''}`)
  console.log(`screenshot: ${screenshot}`)
  if (problems.length > 0) {
    for (const p of problems) console.error(`report:check: ${p}`)
    process.exitCode = 1
  } else {
    console.log(`report:check: ${probes.length} charts rendered in Chromium, no network requests, no console errors`)
  }
} finally {
  await context.close()
  rmSync(profile, { recursive: true, force: true })
}
