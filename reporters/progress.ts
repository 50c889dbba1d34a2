import { runBundleOfProcess } from '../lib/run/run-bundle.js'
import { loadEntry } from '../lib/run/run-entry.js'
import type * as ProgressReporter from './progress-reporter.js'

// The progress reporter (reporters/progress-reporter.ts), from the run's bundle when vitest.config.ts set one (lib/run/run-bundle.ts).
const { default: Progress } = await loadEntry<typeof ProgressReporter>(runBundleOfProcess(), 'progress-reporter', async () => {
  await import('../lib/run/preload-main.js')
  return import('./progress-reporter.js')
})

export default Progress
export type { ProgressOptions } from './progress-reporter.js'
