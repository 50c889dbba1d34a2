import { UserError } from '../errors.js'
import { buildRunFile, type RunInfo } from './collect.js'
import { COMPACT_SUFFIX, compactRun } from './compact.js'
import { recordLine } from './journal.js'
import type { RunHandle } from './read.js'
import type { TestRecord } from './record.js'
import type { RunFile } from './schema.js'
import { type CaseSummary, summarizeRecord } from './summary.js'
import { runFileText, writeAtomic, writeRecordsFile } from './write.js'

/*
 * Writing a run in the version-2 layout from records in hand (re-scoring, a new baseline): the
 * records file first, then the run file that names it, each atomically. The reporter writes runs
 * from the journal instead (lib/results/finalize.ts) with the same two writers.
 */

/**
 * Writes records (already in their final order) and a run file built from their summaries. The
 * status may be a function of those summaries, for a status that depends on how the cases went.
 */
export async function writeRun(
  path: string,
  records: AsyncIterable<TestRecord>,
  info: Omit<RunInfo, 'records' | 'models' | 'status'> & { status: RunInfo['status'] | ((cases: readonly CaseSummary[]) => RunInfo['status']) },
): Promise<RunFile> {
  const cases: CaseSummary[] = []
  const models = new Set<string>()
  async function* lines() {
    for await (const record of records) {
      cases.push(summarizeRecord(record))
      for (const c of record.calls) models.add(c.model)
      yield recordLine(record).slice(0, -1)
    }
  }
  const ref = await writeRecordsFile(path, lines())
  const status = typeof info.status === 'function' ? info.status(cases) : info.status
  const run = buildRunFile(cases, { ...info, status, models, records: ref })
  writeAtomic(path, runFileText(run))
  return run
}

/**
 * Copies a run (either layout) to `path`, records file included (e.g. as the baseline), in the
 * layout its name asks for: `<name>.json` plain beside `<name>.records.jsonl.gz`, or
 * `<name>.json.br` compacted beside `<name>.records.jsonl.br` (as `ci compact` writes it, read
 * back and checked). Any other name is refused before anything is written: readers decompress a
 * run file by its ending, and "<name>" would share "<name>.json"'s records file.
 */
export async function copyRun(handle: RunHandle, path: string): Promise<RunFile> {
  if (path.endsWith(COMPACT_SUFFIX)) return (await compactRun(handle, path)).run
  if (!path.endsWith('.json')) throw new UserError(`${path}: expected a run file name ending in .json (plain) or ${COMPACT_SUFFIX} (compacted); nothing was written`)
  async function* lines() {
    for await (const record of handle.records()) yield recordLine(record).slice(0, -1)
  }
  const ref = await writeRecordsFile(path, lines())
  const run = { ...handle.run, records: ref }
  writeAtomic(path, runFileText(run))
  return run
}
