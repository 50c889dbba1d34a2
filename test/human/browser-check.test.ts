import { join } from 'node:path'
import { expect, test } from 'vitest'
import { UserError } from '../../lib/errors.js'
import { checkHumanRoundTrip } from '../../lib/human/browser-check.js'
import { tempDir } from '../support/temp.js'

/*
 * The round trip itself (clicks, download, import) runs in Chromium in CI's browser job
 * (npm run human:check); a Chromium start here would cost seconds of every npm test.
 */
test('without Chromium at the path, the check says how to get one before reading the results file', async () => {
  const dir = tempDir()
  const missing = join(dir, 'chromium')
  const failed = checkHumanRoundTrip(join(dir, 'no-such-results.json'), missing)
  await expect(failed).rejects.toBeInstanceOf(UserError)
  await expect(failed).rejects.toThrow(`no Chromium at ${missing}; install it (apt-get install -y chromium) or pass --chromium`)
})
