import 'vitest'
import type { GatewayAddress } from '../gateway/permits.js'
import type { TestRecord } from '../results/record.js'

declare module 'vitest' {
  interface ProvidedContext {
    /** Base URL of the embedded simulator, set by the globalSetup when no endpoint is configured. */
    orgbenchSimulatorURL: string | null
    /** The run coordinator on 127.0.0.1 and this run's token (useless once the run has ended). */
    orgbenchGateway: GatewayAddress
    /** The id of this run (tags the response cache; a resumed run keeps its id). */
    orgbenchRunId: string
  }
  interface TaskMeta {
    orgbench?: TestRecord
  }
}
