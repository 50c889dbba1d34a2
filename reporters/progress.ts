import { mainEntry } from '../lib/run/run-entry.js'
import type * as ProgressReporter from './progress-reporter.js'

// The progress reporter (reporters/progress-reporter.ts), from the run's bundle when there is one (lib/run/run-entry.ts).
const { default: Progress } = await mainEntry<typeof ProgressReporter>('progress-reporter', () => import('./progress-reporter.js'))

export default Progress
export type { ProgressOptions } from './progress-reporter.js'
