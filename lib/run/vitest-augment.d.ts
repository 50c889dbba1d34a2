import 'vitest'
import type { GatewayAddress } from '../gateway/permits.js'
import type { CaseArtifact } from '../results/progress.js'
import type { CaseId, CaseMeta } from '../results/summary.js'
import type { BrokenTask } from '../tasks/registry.js'
import type { RunContext } from './run-context.js'

declare module 'vitest' {
  interface ProvidedContext {
    /** Base URL of the embedded simulator, set by the globalSetup when no endpoint is configured. */
    orgbenchSimulatorURL: string | null
    /** The run this worker journals into (lib/run/run-context.ts); its id also tags the response cache. */
    orgbenchRun: RunContext
    /** The run coordinator on 127.0.0.1 and this run's token (useless once the run has ended). */
    orgbenchGateway: GatewayAddress
    /**
     * A person reads this run in a viewer (Vitest UI or the HTML reporter): tests print their
     * deliverable to their console and attach the full record. Off in terminal runs, where both
     * would cost memory and disk for nobody.
     */
    orgbenchViewer: boolean
    /**
     * Something will show this run's annotation attachments (judge.json, deliverable.md): a viewer, or
     * a blob report that is merged and viewed later. Off in plain terminal runs, where Vitest would
     * copy two files per test that nothing reads (the records file holds both).
     */
    orgbenchAttachments: boolean
    /**
     * The run's bundle (its folder's file URL, lib/run/run-bundle.ts), provided to the benchmark
     * projects of a `vitest run`; absent elsewhere, where lib/run/bench.ts loads the modules themselves.
     */
    orgbenchRunBundle: string
    /** The tasks the global setup found broken (a worker loads only its own task, so it learns of e.g. a duplicate id here). */
    orgbenchBrokenTasks: BrokenTask[]
    /**
     * The global setup's answer on the run's tasks holds until the workers load them: a run that
     * ends by itself (not a watch session, which re-runs tests after edits). Its workers then load
     * the task of their file without the checks that only decide whether it may run (neutrality, the
     * ground truth against the fixtures), whose verdict orgbenchBrokenTasks holds.
     */
    orgbenchTasksChecked: boolean
  }
  interface TaskMeta {
    /** The case a benchmark test runs, set when it is declared (so skipped cases are known too). */
    orgbenchCase?: CaseId
    /** The compact summary of the test's record; the full record is in the run journal. */
    orgbench?: CaseMeta
    /** The task whose next memory version a learning run's "<task> · memory" test writes. */
    orgbenchMemory?: string
    /** How many cases a test runs inside it (a learning iteration), set when it is declared. */
    orgbenchCases?: number
  }
  interface TestArtifactRegistry {
    /** A case finished inside a learning iteration, for the progress reporter. */
    'orgbench:case': CaseArtifact
  }
}
