import { join, relative } from 'node:path'
import { readManifest } from '../results/manifest.js'
import { journaledRecords, resumeAdvice } from './resume.js'

/** What a run that stops here needs for the notice: its id, its results and journal folders. */
interface InterruptedRun {
  runId: string
  /** Absolute results folder. */
  resultsDir: string
  journalDir: string
  /** ORGBENCH_RESULTS_DIR when it is not the default: a resume must be given it too (`npm run ui` sets it). */
  resultsDirSetting: string | null
}

/** Where the signals arrive: the process, or a stand-in in a test. */
interface SignalSource {
  once(signal: string, listener: () => void): unknown
  off(signal: string, listener: () => void): unknown
}

/** The signals a person or a CI runner stops a run with; Vitest ends the process on both. */
const SIGNALS = ['SIGINT', 'SIGTERM'] as const

/**
 * Says, when the run is stopped by Ctrl-C or SIGTERM, how many records its journal holds and how
 * to resume it, instead of leaving that to the next start; for a run whose results are already
 * written (a watch or UI session between its test runs), where they are. Vitest exits on these signals without
 * calling the reporters, so the results reporter has no chance to say it. Writes one line to
 * `write` (stderr: synchronous for files, pipes and terminals on Linux, so it is out before the
 * process ends) and leaves the exit to Vitest. Returns a function that stops listening, for a run
 * that ends normally, and tells whether a signal had come.
 */
export function announceInterrupt(run: InterruptedRun, on: SignalSource = process, write: (line: string) => void = (l) => void process.stderr.write(l)): () => boolean {
  let signalled = false
  const announce = (signal: string) => {
    signalled = true
    let finished: string | null = null
    try {
      const file = readManifest(run.resultsDir, run.runId)?.finished?.file
      if (file) finished = relative(process.cwd(), join(run.resultsDir, file))
    } catch {
      // An unreadable manifest: the run is told as unfinished.
    }
    if (finished !== null) {
      write(`\n[orgbench] ${signal}: run ${run.runId} stopped; nothing to resume: its results, written when its last test run ended, are in ${finished}\n`)
      return
    }
    let records: number | null = null
    try {
      records = journaledRecords(run.journalDir)
    } catch {
      // An unreadable journal: the notice still names the run.
    }
    write(`\n[orgbench] ${signal}: run ${run.runId} ${resumeAdvice(run.runId, records, run.resultsDirSetting)}\n`)
  }
  const listeners = SIGNALS.map((signal) => [signal, () => announce(signal)] as const)
  for (const [signal, listener] of listeners) on.once(signal, listener)
  return () => {
    for (const [signal, listener] of listeners) on.off(signal, listener)
    return signalled
  }
}
