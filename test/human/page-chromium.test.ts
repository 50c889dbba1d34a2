import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { type BrowserContext, chromium, type Page } from 'playwright-core'
import { describe, expect, onTestFinished, test } from 'vitest'
import { renderGraderPage } from '../../lib/human/page.js'
import type { GraderPacket } from '../../lib/human/schema.js'
import { tempDir } from '../support/temp.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

/*
 * What page.test.ts checks in jsdom, where storage events and blocked site data are simulated,
 * checked here in Chromium itself: the grading page opened from a file in tabs of one profile.
 */
const packet: GraderPacket = {
  exportId: 'sim-run-h9',
  scale: { min: 0, max: 10 },
  tasks: [{ id: 'review', title: 'Review the diff', prompt: 'Review it.', rubric: [{ key: 'accuracy', description: 'Right findings' }] }],
  items: ['h001', 'h002', 'h003'].map((id) => ({ id, task: 'review', a: `${id} A`, b: `${id} B` })),
}

/** A Chromium profile (site data blocked, as a common policy does, when asked) with the grading page written beside it; its URL. */
async function browser(options: { siteDataBlocked?: boolean } = {}): Promise<{ context: BrowserContext; url: string }> {
  const dir = tempDir('orgbench-grading-page-')
  writeFileSync(join(dir, 'index.html'), renderGraderPage(packet))
  if (options.siteDataBlocked) {
    mkdirSync(join(dir, 'profile', 'Default'), { recursive: true })
    writeFileSync(join(dir, 'profile', 'Default', 'Preferences'), JSON.stringify({ profile: { default_content_setting_values: { cookies: 2 } } }))
  }
  const context = await chromium.launchPersistentContext(join(dir, 'profile'), { executablePath: CHROMIUM, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] })
  onTestFinished(() => context.close())
  return { context, url: pathToFileURL(join(dir, 'index.html')).href }
}

async function opened(context: BrowserContext, url: string, grader?: string): Promise<Page> {
  const page = await context.newPage()
  await page.goto(url)
  if (grader !== undefined) {
    await page.getByTestId('grader').fill(grader)
    await page.getByTestId('grader').press('Tab')
  }
  return page
}

async function grade(page: Page, item: string, value: number): Promise<void> {
  await page.getByTestId(`item-${item}`).click()
  const selects = page.locator(`select[data-item="${item}"]`)
  for (let i = 0; i < (await selects.count()); i++) await selects.nth(i).selectOption(String(value))
  await page.getByTestId('preference-A').check()
}
const progress = (page: Page) => page.getByTestId('progress').textContent()

describe.skipIf(!existsSync(CHROMIUM))('the grading page in Chromium', () => {
  test('with site data blocked it warns from the start that nothing is kept, and still grades', async () => {
    const { context, url } = await browser({ siteDataBlocked: true })
    const page = await opened(context, url, 'Ann')
    await grade(page, 'h001', 5)
    expect(await progress(page)).toBe('1 of 3 items fully graded')
    expect(await page.getByTestId('saved').textContent()).toBe('This browser keeps nothing of this page (its site data is blocked): download your grades before you close or reload it.')
  }, 60_000)

  test('two tabs of one grader keep the answers given in both', async () => {
    const { context, url } = await browser()
    const one = await opened(context, url, 'Ann')
    await grade(one, 'h001', 5)
    const two = await opened(context, url, 'Ann')
    await grade(one, 'h002', 6)
    // Another tab's answers arrive by a storage event, which a loaded machine can delay past a second.
    await expect.poll(() => progress(two), { timeout: 15_000 }).toBe('2 of 3 items fully graded')
    await grade(two, 'h003', 7)
    const three = await opened(context, url, 'Ann')
    await expect.poll(() => progress(three), { timeout: 15_000 }).toBe('3 of 3 items fully graded')
  }, 60_000)

  test('without a name the score controls are disabled; typed, they open, and the answers outlive a reload', async () => {
    const { context, url } = await browser()
    const page = await opened(context, url)
    expect(await page.locator('select[data-item="h001"]').first().isDisabled()).toBe(true)
    await page.getByTestId('grader').fill('Ann')
    await grade(page, 'h001', 4)
    await page.reload()
    // On a loaded machine the reloaded page can read the storage before the last answer has reached
    // it, and the name's change event can follow the key press by a moment: wait for both.
    await expect.poll(() => page.evaluate<string | null>("localStorage.getItem('orgbench-grades-sim-run-h9/Ann')"), { timeout: 15_000 }).toContain('"preference":"A"')
    await page.getByTestId('grader').fill('Ann')
    await page.getByTestId('grader').press('Tab')
    await expect.poll(() => progress(page), { timeout: 15_000 }).toBe('1 of 3 items fully graded')
  }, 60_000)
})
