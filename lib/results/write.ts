import { createHash } from 'node:crypto'
import { closeSync, createWriteStream, fsyncSync, linkSync, openSync, renameSync, rmSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { brotliCompressSync, constants, createBrotliCompress, createGzip, gzipSync } from 'node:zlib'
import { UserError } from '../errors.js'
import { fileInTheWay, fsCodeText, hasErrnoCode, statIfThere, withPath } from '../fs-errors.js'
import { makeFolder } from '../make-folder.js'
import { stableStringify } from '../stable-json.js'
import type { RecordsRef, RunFile } from './schema.js'
import { recordsFileName } from './layout.js'
import { namesIn } from './layout.js'
import { processAlive } from '../process.js'

/** Deterministic JSON: sorted keys, two-space indent, trailing newline. */
export function stableJson(value: unknown): string {
  const text = stableStringify(value, 2)
  if (text === undefined) throw new Error('cannot serialise undefined')
  return `${text}\n`
}

/** Temporary files start with this and carry the writer's pid, so leftovers of dead processes can be told apart and removed. */
export const TEMP_PREFIX = '.tmp-'

function tempPath(path: string): string {
  return join(dirname(path), `${TEMP_PREFIX}${process.pid}-${Date.now()}-${Math.random().toString(36).slice(2)}`)
}

/** Codes of a write that failed because of where it was asked to write, not because of a bug. */
const PLACE_PROBLEMS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG', 'EFBIG', 'EIO'])

const folderGiven = (path: string) => new UserError(`${path}: is a folder, expected a file path`)

/**
 * What to throw when writing `path` failed with `error`: a UserError naming `path` and what was
 * expected when the place was wrong (a folder, a file where a folder must be, no permission, a
 * full disk), also when the error names no path (a failed write or fsync names only its syscall);
 * any other file-system error with `path` set when it had none, and any other error as it is.
 */
export function writeProblem(path: string, error: unknown): unknown {
  if (error instanceof UserError || !hasErrnoCode(error)) return error
  if (error.code === 'EISDIR') return folderGiven(path)
  if (error.code === 'ENOTDIR' || error.code === 'EEXIST') {
    const file = fileInTheWay(dirname(path))
    if (file !== undefined) return new UserError(`${path}: cannot write: ${file} is a file, expected a folder`)
  }
  if (PLACE_PROBLEMS.has(error.code)) return new UserError(`${path}: cannot write: ${fsCodeText(error.code)}`)
  // The folder exists (it was made or found) and still no file can be made in it: /proc, a folder
  // removed meanwhile. Named by the target: the temporary file is ours, not the user's.
  if (error.code === 'ENOENT') return new UserError(`${path}: cannot write: no file can be made in ${dirname(path)} (ENOENT)`)
  return withPath(error, path)
}

/** Makes the folder `path` goes into; refuses a `path` that is a folder. Problems are thrown as writeProblem says. */
function prepareTarget(path: string): void {
  try {
    if (statIfThere(path)?.isDirectory()) throw folderGiven(path)
    makeFolder(dirname(path))
  } catch (e) {
    throw writeProblem(path, e)
  }
}

/**
 * Writes all of `data` at the file position of `fd`: writeSync may write fewer bytes than asked
 * without throwing (a disk filling up), so it is called again for the rest, and the next call
 * then fails with the cause. `path` names the file when no byte at all is taken.
 */
export function writeAll(fd: number, data: string | Uint8Array, path: string): void {
  const bytes = typeof data === 'string' ? Buffer.from(data) : data
  let written = 0
  while (written < bytes.length) {
    const n = writeSync(fd, bytes, written, bytes.length - written)
    if (n <= 0) throw new UserError(`${path}: cannot write: the file system took none of the last ${bytes.length - written} bytes (is the disk full?)`)
    written += n
  }
}

/** Writes `content` whole into a new file `tmp` and flushes it to disk before closing it. */
function writeFlushed(tmp: string, content: string | Uint8Array, path: string): void {
  const fd = openSync(tmp, 'w')
  try {
    writeAll(fd, content, path)
    fsyncSync(fd)
  } finally {
    closeSync(fd)
  }
}

/**
 * Writes `path` through `write(tmp)` (which must write it whole and flush it to disk) and a rename:
 * readers see the old content or the new, never half; a failure leaves no temporary file.
 */
function replaceAtomically(path: string, write: (tmp: string) => void): void {
  prepareTarget(path)
  const tmp = tempPath(path)
  try {
    write(tmp)
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw writeProblem(path, e)
  }
}

/** Writes a file so that readers see either the old content or the new, never half of it. */
export function writeAtomic(path: string, content: string | Uint8Array): void {
  replaceAtomically(path, (tmp) => writeFlushed(tmp, content, path))
}

/**
 * Writes `path` whole unless it exists, and says whether it did: of writers racing for the same
 * name exactly one wins (a hard link fails when the name is taken), and readers never see half
 * of it. False when another file holds the name; it is left as it was.
 */
export function writeNew(path: string, content: string | Uint8Array): boolean {
  prepareTarget(path)
  const tmp = tempPath(path)
  try {
    writeFlushed(tmp, content, path)
    linkSync(tmp, path)
    return true
  } catch (e) {
    if (hasErrnoCode(e) && e.code === 'EEXIST' && statIfThere(path)?.isFile()) return false
    throw writeProblem(path, e)
  } finally {
    rmSync(tmp, { force: true })
  }
}

/**
 * The run file's text: stable JSON like stableJson, except that each case summary sits on one
 * line (thousands of cases stay a readable, diffable file of one line each).
 */
export function runFileText(run: RunFile): string {
  return [...runFileChunks(run)].join('')
}

/** runFileText in pieces, in order: the head, one piece per case, the tail. */
export function* runFileChunks(run: RunFile): Generator<string> {
  // A placeholder string stands where the cases go, so the rest is exactly stableJson's output.
  const marker = '"cases": "\\u0000cases"'
  const head = stableJson({ ...run, cases: '\u0000cases' })
  const at = head.indexOf(marker)
  if (at < 0) throw new Error('run file without cases')
  yield `${head.slice(0, at)}"cases": [`
  for (let i = 0; i < run.cases.length; i++) yield `${i === 0 ? '\n' : ',\n'}    ${stableStringify(run.cases[i])}`
  yield `${run.cases.length > 0 ? '\n  ' : ''}]${head.slice(at + marker.length)}`
}

/**
 * Writes the run file like writeAtomic, from its pieces in writes of about a megabyte: a run of
 * 10,000 cases is never one string in memory (three copies of its 20 MB were the main process's
 * peak at the end of such a run).
 */
export function writeRunFile(path: string, run: RunFile): void {
  replaceAtomically(path, (tmp) => {
    const fd = openSync(tmp, 'w')
    try {
      let pending: string[] = []
      let size = 0
      for (const chunk of runFileChunks(run)) {
        pending.push(chunk)
        size += chunk.length
        if (size >= 1 << 20) {
          writeAll(fd, pending.join(''), path)
          pending = []
          size = 0
        }
      }
      writeAll(fd, pending.join(''), path)
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
  })
}

/**
 * Replaces a run file with `run` in the form its name asks for, as readers decompress it by its
 * ending: brotli for ".json.br" (a compacted run), gzip for ".json.gz", plain JSON otherwise.
 */
export function rewriteRunFile(path: string, run: RunFile): void {
  if (path.endsWith('.br')) writeAtomic(path, brotliCompressSync(runFileText(run), BROTLI_DENSE))
  else if (path.endsWith('.gz')) writeAtomic(path, gzipSync(runFileText(run)))
  else writeRunFile(path, run)
}

/**
 * Brotli at its densest setting with a 16 MB window: records repeat long passages (briefs,
 * inputs, similar deliverables across trials) far apart, which gzip's 32 KB window cannot see.
 */
export const BROTLI_DENSE = { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_LGWIN]: 24 } }

/**
 * Writes the records file that goes with the run file at `runPath` (JSON Lines, atomically:
 * temporary file, then rename) from lines in their final order, each without its newline:
 * gzip by default, or brotli (`.jsonl.br`, slower and about three times smaller) for committed runs.
 * Never holds more than one line in memory. Returns the reference the run file keeps.
 */
export async function writeRecordsFile(
  runPath: string,
  lines: AsyncIterable<Buffer | string> | Iterable<Buffer | string>,
  compression: 'gzip' | 'brotli' = 'gzip',
): Promise<RecordsRef> {
  const gzipName = recordsFileName(basename(runPath).replace(/\.json\.br$/, '.json'))
  const file = compression === 'brotli' ? gzipName.replace(/\.gz$/, '.br') : gzipName
  const path = join(dirname(runPath), file)
  prepareTarget(path)
  const tmp = tempPath(path)
  const hash = createHash('sha256')
  let count = 0
  async function* withNewlines() {
    for await (const line of lines) {
      const bytes = typeof line === 'string' ? Buffer.from(line) : line
      hash.update(bytes).update('\n')
      count++
      yield bytes
      yield '\n'
    }
  }
  try {
    await pipeline(withNewlines, compression === 'brotli' ? createBrotliCompress(BROTLI_DENSE) : createGzip(), createWriteStream(tmp))
    // The stream writes every byte or fails, but only closes the file: flush it before it takes the name.
    const fd = openSync(tmp, 'r+')
    try {
      fsyncSync(fd)
    } finally {
      closeSync(fd)
    }
    renameSync(tmp, path)
  } catch (e) {
    rmSync(tmp, { force: true })
    throw writeProblem(path, e)
  }
  return { file, count, sha256: hash.digest('hex') }
}

/** Removes temporary files left in `dir` by writers that died (kill -9 mid-write); never one of a live process. Returns their names. */
export function removeStaleTempFiles(dir: string): string[] {
  const stale = namesIn(dir).filter((n) => {
    const m = /^\.tmp-(\d+)-/.exec(n)
    return m !== null && Number(m[1]) !== process.pid && !processAlive(Number(m[1]))
  })
  for (const n of stale) rmSync(join(dir, n), { force: true })
  return stale
}
