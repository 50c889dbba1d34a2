import { statSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { brotliCompressSync } from 'node:zlib'
import { UserError } from '../errors.js'
import { recordLine } from './journal.js'
import { openRun, type RunHandle } from './read.js'
import type { RunFile } from './schema.js'
import { namesIn } from './layout.js'
import { BROTLI_DENSE, runFileText, writeAtomic, writeRecordsFile } from './write.js'

/*
 * Committed runs are compacted: the run file and its records, both brotli-compressed with a large
 * window (`<name>.json.br` beside `<name>.records.jsonl.br`). The records keep their lines exactly,
 * so the run file's checksum (records.sha256, over the uncompressed lines) still holds, and every
 * reader (openRun: gate, report, rescore, human export) opens them like any run file.
 */

/** The suffix of a compacted run file. */
export const COMPACT_SUFFIX = '.json.br'

/** The compacted run file name of a run: "<run-id>.json.br". */
export const compactName = (runId: string) => `${runId}${COMPACT_SUFFIX}`

/** What compacting wrote, with the sizes on disk. */
export interface Compacted {
  run: RunFile
  runPath: string
  recordsPath: string
  bytes: { run: number; records: number }
}

/**
 * Writes `handle`'s run (either layout) compacted at `runPath` (which must end in .json.br), its
 * records beside it, then reads both back through openRun and checks every record (count and
 * checksum) before returning: a compacted file that cannot be read is never left for a commit.
 */
export async function compactRun(handle: RunHandle, runPath: string): Promise<Compacted> {
  if (!runPath.endsWith(COMPACT_SUFFIX)) throw new UserError(`${runPath}: a compacted run file must end in ${COMPACT_SUFFIX}`)
  async function* lines() {
    for await (const record of handle.records()) yield recordLine(record).slice(0, -1)
  }
  const ref = await writeRecordsFile(runPath, lines(), 'brotli')
  const run: RunFile = { ...handle.run, records: ref }
  writeAtomic(runPath, brotliCompressSync(runFileText(run), BROTLI_DENSE))
  const back = openRun(runPath)
  let count = 0
  for await (const _ of back.records()) count++
  if (count !== ref.count) throw new Error(`${runPath}: read back ${count} records, wrote ${ref.count}`)
  const recordsPath = join(dirname(runPath), ref.file)
  return { run, runPath, recordsPath, bytes: { run: statSync(runPath).size, records: statSync(recordsPath).size } }
}

/** True for a run file name of either layout, plain or compacted (not a records file, not LATEST). */
export function isRunFileName(name: string): boolean {
  return /^[A-Za-z0-9][A-Za-z0-9_.-]*\.json(\.br|\.gz)?$/.test(name) && !/\.records\./.test(name) && !name.startsWith('.tmp-')
}

/** The run files directly in `dir` (plain and compacted), sorted by name; none when it does not exist. */
export function listRunFiles(dir: string): string[] {
  return namesIn(dir).filter(isRunFileName).sort().map((n) => join(dir, n))
}

/** The run id a run file's name carries ("<id>.json", "<id>.json.br"). */
export const runIdOfFile = (path: string) => basename(path).replace(/\.json(\.br|\.gz)?$/, '')
