import { accessSync, constants, mkdtempSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { type Browser, type BrowserContext, chromium, type Page } from 'playwright-core'
import { UserError } from './errors.js'

/** What the page tried to do that an offline, self-contained page must not. */
export interface PageTrouble {
  /** Requests to anything but file:, data: and blob: URLs (all blocked). */
  external: string[]
  consoleErrors: string[]
}

/** Refuses a Chromium path that is not an executable file (a folder, a file without execute permission) before a launch would crash on it. */
export function checkExecutable(executablePath: string): void {
  let executable = false
  try {
    accessSync(executablePath, constants.X_OK)
    executable = statSync(executablePath).isFile()
  } catch {
    // Missing or not executable: said below.
  }
  if (!executable) throw new UserError(`Chromium at ${executablePath}: not an executable file; point CHROMIUM_PATH (human check: --chromium) at the chromium program, or install it (apt-get install -y chromium)`)
}

const LAUNCH = { headless: true, args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'] }
const CONTEXT = { acceptDownloads: true, viewport: { width: 1280, height: 900 } }

/** The Chromium that checks share until its close() (shareChromium), by program path. */
const shared = new Map<string, Promise<Browser>>()

/**
 * Until close(), every check of this process against `executablePath` opens a fresh context (storage,
 * cookies and downloads of its own, as a throwaway profile has) in one shared Chromium, instead of
 * launching its own: for a test file that runs many checks, since a launch costs seconds of CPU.
 * Without it, as in the commands, each check launches a Chromium and closes it.
 */
export function shareChromium(executablePath: string): { close(): Promise<void> } {
  checkExecutable(executablePath)
  const browser = chromium.launch({ ...LAUNCH, executablePath })
  // A failed launch fails each check that waits for it; with no check it is nobody's error.
  browser.catch(() => undefined)
  shared.set(executablePath, browser)
  return {
    async close() {
      if (shared.get(executablePath) === browser) shared.delete(executablePath)
      await (await browser.catch(() => null))?.close()
    },
  }
}

/**
 * Runs `fn` with a fresh headless Chromium (a throwaway profile, background networking off), or a
 * fresh context of the shared one (shareChromium), in which every request that leaves the machine
 * is blocked and recorded, and console errors are collected.
 */
export async function withOfflineChromium<T>(executablePath: string, fn: (page: Page, trouble: PageTrouble, context: BrowserContext) => Promise<T>): Promise<T> {
  checkExecutable(executablePath)
  const browser = shared.get(executablePath)
  const profile = browser ? null : mkdtempSync(join(tmpdir(), 'orgbench-chromium-'))
  const context = browser ? await (await browser).newContext(CONTEXT) : await chromium.launchPersistentContext(profile!, { ...LAUNCH, ...CONTEXT, executablePath })
  const trouble: PageTrouble = { external: [], consoleErrors: [] }
  try {
    await context.route('**/*', (route) => {
      const url = route.request().url()
      if (url.startsWith('file:') || url.startsWith('data:') || url.startsWith('blob:')) return route.continue()
      trouble.external.push(url)
      return route.abort()
    })
    const page = await context.newPage()
    page.on('console', (m) => {
      if (m.type() === 'error') trouble.consoleErrors.push(m.text())
    })
    page.on('pageerror', (e) => trouble.consoleErrors.push(e.message))
    return await fn(page, trouble, context)
  } finally {
    await context.close()
    if (profile) rmSync(profile, { recursive: true, force: true })
  }
}
