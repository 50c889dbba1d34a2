import { inject } from 'vitest'

/**
 * The run a Vitest worker belongs to, created by the global setup (lib/run/start.ts) and handed to
 * every worker with provide/inject. Other parts key things by it (e.g. a response cache tags its
 * entries with the run id, so a resumed run reuses its own calls).
 */
export interface RunContext {
  /** The run's id, also the name of its results files; the same across resumes. */
  runId: string
  /** Absolute path of the run's journal folder. */
  journalDir: string
  /** 1 for the first start, +1 per resume. */
  session: number
  /** When this session started: with ORGBENCH_CACHE=off, only replies recorded before it are served (a resume's). */
  sessionStartedAt: string
  /** True when this start resumes an earlier one (ORGBENCH_RESUME): finished records are kept. */
  resumed: boolean
}

/** The run of the current worker; throws when the orgbench global setup did not run (no journal: records would be lost). */
export function currentRun(): RunContext {
  const run = inject('orgbenchRun')
  if (!run) throw new Error('no orgbench run: add lib/run/global-setup.ts to the Vitest globalSetup so that records are journaled')
  return run
}
