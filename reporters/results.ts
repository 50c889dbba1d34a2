import { runBundleOfProcess } from '../lib/run/run-bundle.js'
import { loadEntry } from '../lib/run/run-entry.js'
import type * as ResultsReporter from './results-reporter.js'

// The results reporter (reporters/results-reporter.ts), from the run's bundle when vitest.config.ts set one (lib/run/run-bundle.ts).
const { default: OrgbenchReporter } = await loadEntry<typeof ResultsReporter>(runBundleOfProcess(), 'results-reporter', async () => {
  await import('../lib/run/preload-main.js')
  return import('./results-reporter.js')
})

export default OrgbenchReporter
