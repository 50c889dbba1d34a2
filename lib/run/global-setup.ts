import { mainEntry } from './run-entry.js'
import type * as SetupRun from './setup-run.js'

// Vitest's global setup (vitest.config.ts): lib/run/setup-run.ts, from the run's bundle when there is one (lib/run/run-entry.ts).
const { default: setup } = await mainEntry<typeof SetupRun>('setup-run', () => import('./setup-run.js'))

export default setup
