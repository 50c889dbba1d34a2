import { latestByCase, readJournal } from '../results/journal.js'
import type { TestRecord } from '../results/record.js'
import type { RunContext } from './run-context.js'
import { keepsOnResume } from './judge-errors.js'

/*
 * The worker's side of resuming a run (lib/run/resume.ts is the main process's): kept apart so
 * that a benchmark worker does not load the run manifest and the run file's schema it never uses
 * (about 40 ms of every worker's start).
 */

/**
 * The successful records of one task that earlier sessions of the run journaled (worker side):
 * the latest record of each case, kept only when it succeeded (keepsOnResume).
 */
export function keptRecords(run: RunContext, taskId: string): Map<string, TestRecord> {
  const kept = new Map<string, TestRecord>()
  if (!run.resumed) return kept
  const marker = `"task":${JSON.stringify(taskId)}`
  const entries = readJournal(run.journalDir, { session: (s) => s < run.session, prefilter: (line) => line.includes(marker) })
  for (const [key, record] of latestByCase(entries, (e) => e.record)) if (record.task === taskId && keepsOnResume(record)) kept.set(key, record)
  return kept
}
