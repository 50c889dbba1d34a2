import { mainEntry } from '../lib/run/run-entry.js'
import type * as ResultsReporter from './results-reporter.js'

// The results reporter (reporters/results-reporter.ts), from the run's bundle when there is one (lib/run/run-entry.ts).
const { default: OrgbenchReporter } = await mainEntry<typeof ResultsReporter>('results-reporter', () => import('./results-reporter.js'))

export default OrgbenchReporter
