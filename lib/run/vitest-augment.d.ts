import 'vitest'
import type { TestRecord } from '../results/record.js'

declare module 'vitest' {
  interface ProvidedContext {
    /** Base URL of the embedded simulator, set by the globalSetup when no endpoint is configured. */
    orgbenchSimulatorURL: string | null
  }
  interface TaskMeta {
    orgbench?: TestRecord
  }
}
