import { readdirSync } from 'node:fs'
import { join } from 'node:path'

/*
 * Where a run's files live in the results folder (ORGBENCH_RESULTS_DIR, default results/runs):
 *
 *   <run-id>.json                 the run file (small: configuration, status, aggregates, summaries)
 *   <run-id>.records.jsonl.gz     the full records, one per line, sorted
 *   LATEST                        pointer to the run file the reporter wrote last (lib/results/pointer.ts)
 *   journal/<run-id>/run.json     while a run goes on (and after, until it is complete): its manifest
 *   journal/<run-id>/*.jsonl      ... and its journal, one file per writer (lib/results/journal.ts)
 */

/** The run file of a run. */
export const runFilePath = (resultsDir: string, runId: string) => join(resultsDir, `${runId}.json`)

/** The records file that goes with a run file: same name, ".records.jsonl.gz" instead of ".json". */
export const recordsFileName = (runFileName: string) => `${runFileName.replace(/\.json$/, '')}.records.jsonl.gz`

/** The folder holding every run's journal. */
export const journalsDir = (resultsDir: string) => join(resultsDir, 'journal')

/** The journal folder of a run. */
export const journalDir = (resultsDir: string, runId: string) => join(journalsDir(resultsDir), runId)

/** The manifest of a run, in its journal folder. */
export const manifestPath = (resultsDir: string, runId: string) => join(journalDir(resultsDir, runId), 'run.json')

/** Run ids are file names: letters, digits, dashes and underscores only. */
export const RUN_ID = /^[A-Za-z0-9][A-Za-z0-9_-]*$/

/** The names in a folder; none when it does not exist yet (any other failure, e.g. permissions, is thrown). */
export function namesIn(dir: string): string[] {
  try {
    return readdirSync(dir)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw e
  }
}

/** Run ids sort by time; simulated runs are marked so they can be kept out of git and baselines. */
export function makeRunId(createdAt: Date, simulated: boolean, suffix: string): string {
  const stamp = createdAt.toISOString().replace(/[-:]/g, '').replace(/\.\d{3}Z$/, 'Z')
  return `${simulated ? 'sim-' : ''}${stamp}-${suffix}`
}
