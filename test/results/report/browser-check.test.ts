import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { UserError } from '../../../lib/errors.js'
import { checkReportInBrowser } from '../../../lib/results/report/browser-check.js'
import { tempDir } from '../../support/temp.js'

/*
 * What the check finds in Chromium is specified by check.ts's tests (chartProblems, casePageProblems) and
 * run on a real report by CI's browser job (npm run report:check); a Chromium start here costs seconds.
 */
const CHROMIUM = '/usr/bin/chromium'

describe('checkReportInBrowser refuses before starting a browser', () => {
  test('a folder without index.html: says to render the report first', async () => {
    const dir = tempDir()
    await expect(checkReportInBrowser(dir, CHROMIUM)).rejects.toThrow(new UserError(`${join(dir, 'index.html')} does not exist; run orgbench report first`))
  })

  test('no Chromium at the path: says how to get one', async () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'index.html'), '<p>report</p>')
    await expect(checkReportInBrowser(dir, join(dir, 'no-chromium'))).rejects.toThrow(`no Chromium at ${join(dir, 'no-chromium')}; install it (apt-get install -y chromium) or set CHROMIUM_PATH`)
  })
})
