import { afterEach, describe, expect, test, vi } from 'vitest'
import * as record from '../../lib/results/record.js'
import OrgbenchReporter from '../../reporters/results-reporter.js'

afterEach(() => {
  vi.restoreAllMocks()
})

describe('the results reporter', () => {
  test('builds the record parser once a test file has loaded, before any record arrives', async () => {
    const built = vi.spyOn(record, 'compiledTestRecord')
    new OrgbenchReporter().onTestModuleCollected()
    await vi.waitFor(() => expect(built).toHaveBeenCalled())
  })
})
