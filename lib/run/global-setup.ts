import type * as SetupRun from './setup-run.js'
import { runBundleOfProcess } from './run-bundle.js'
import { loadEntry } from './run-entry.js'

// Vitest's global setup (vitest.config.ts): lib/run/setup-run.ts, from the run's bundle when vitest.config.ts set one (lib/run/run-bundle.ts).
const { default: setup } = await loadEntry<typeof SetupRun>(runBundleOfProcess(), 'setup-run', async () => {
  await import('./preload-main.js')
  return import('./setup-run.js')
})

export default setup
