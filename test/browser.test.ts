import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { shareChromium, withOfflineChromium } from '../lib/browser.js'
import { UserError } from '../lib/errors.js'
import { tempDir } from './support/temp.js'

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium'

// Needs Chromium (apt-get install -y chromium); CI installs it for the browser checks.
describe.skipIf(!existsSync(CHROMIUM))('withOfflineChromium', () => {
  test('blocks and records requests that leave the machine, and collects console errors', async () => {
    const dir = tempDir()
    const page = join(dir, 'p.html')
    writeFileSync(page, '<img src="https://example.invalid/x.png"><script>console.error("boom")</script><p id="ok">local</p>')
    const seen = await withOfflineChromium(CHROMIUM, async (tab, trouble) => {
      await tab.goto(pathToFileURL(page).href)
      return { text: await tab.locator('#ok').textContent(), trouble }
    })
    expect(seen.text).toBe('local')
    expect(seen.trouble.external).toEqual(['https://example.invalid/x.png'])
    expect(seen.trouble.consoleErrors).toContain('boom')
  }, 60_000)

  test('shared: checks open fresh contexts of one Chromium until it is closed, then launch their own again', async () => {
    const sharing = shareChromium(CHROMIUM)
    const seen = async () => withOfflineChromium(CHROMIUM, async (tab, trouble, context) => ({ browser: context.browser(), context, trouble }))
    let first: Awaited<ReturnType<typeof seen>>, second: Awaited<ReturnType<typeof seen>>
    try {
      first = await seen()
      second = await seen()
    } finally {
      await sharing.close()
    }
    expect(first.browser).not.toBeNull()
    expect(second.browser).toBe(first.browser)
    expect(second.context).not.toBe(first.context)
    expect(second.trouble).not.toBe(first.trouble)
    expect(first.browser!.isConnected()).toBe(false)
    // After close(), a check launches a Chromium of its own, closed when the check ends.
    const own = (await seen()).browser
    expect(own).not.toBe(first.browser)
    expect(own?.isConnected()).toBe(false)
  }, 60_000)
})

describe('a Chromium path that is not an executable file', () => {
  test('a folder or a file without execute permission is refused in one line naming the path, before any launch', async () => {
    const dir = tempDir()
    const plain = join(dir, 'chromium')
    writeFileSync(plain, '')
    for (const path of [dir, plain]) {
      const refused = withOfflineChromium(path, async () => 'launched')
      await expect(refused).rejects.toThrow(UserError)
      await expect(refused).rejects.toThrow(`Chromium at ${path}: not an executable file; point CHROMIUM_PATH (human check: --chromium) at the chromium program`)
    }
  })
})
