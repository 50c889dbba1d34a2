import { journaledRecords, resumeAdvice } from './resume.js'

/** What a run that stops here needs for the notice: its id and its journal folder. */
interface InterruptedRun {
  runId: string
  journalDir: string
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
 * to resume it, instead of leaving that to the next start. Vitest exits on these signals without
 * calling the reporters, so the results reporter has no chance to say it. Writes one line to
 * `write` (stderr: synchronous for files, pipes and terminals on Linux, so it is out before the
 * process ends) and leaves the exit to Vitest. Returns a function that stops listening, for a run
 * that ends normally, and tells whether a signal had come.
 */
export function announceInterrupt(run: InterruptedRun, on: SignalSource = process, write: (line: string) => void = (l) => void process.stderr.write(l)): () => boolean {
  let signalled = false
  const announce = (signal: string) => {
    signalled = true
    let records: number | null = null
    try {
      records = journaledRecords(run.journalDir)
    } catch {
      // An unreadable journal: the notice still names the run.
    }
    write(`\n[orgbench] ${signal}: run ${run.runId} ${resumeAdvice(run.runId, records)}\n`)
  }
  const listeners = SIGNALS.map((signal) => [signal, () => announce(signal)] as const)
  for (const [signal, listener] of listeners) on.once(signal, listener)
  return () => {
    for (const [signal, listener] of listeners) on.off(signal, listener)
    return signalled
  }
}
