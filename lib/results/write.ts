import { createHash } from 'node:crypto'
import { closeSync, createWriteStream, linkSync, mkdirSync, openSync, renameSync, rmSync, writeFileSync, writeSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { pipeline } from 'node:stream/promises'
import { constants, createBrotliCompress, createGzip } from 'node:zlib'
import { UserError } from '../errors.js'
import { fileInTheWay, fsCodeText, isFsError, statIfThere } from '../fs-errors.js'
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
const PLACE_PROBLEMS = new Set(['EACCES', 'EPERM', 'EROFS', 'ENOSPC', 'EDQUOT', 'ENAMETOOLONG'])

const folderGiven = (path: string) => new UserError(`${path}: is a folder, expected a file path`)


/**
 * What to throw when writing `path` failed with `error`: a UserError naming `path` and what was
 * expected when the place was wrong (a folder, a file where a folder must be, no permission, a
 * full disk); any other error as it is.
 */
export function writeProblem(path: string, error: unknown): unknown {
  if (!isFsError(error)) return error
  if (error.code === 'EISDIR') return folderGiven(path)
  if (error.code === 'ENOTDIR' || error.code === 'EEXIST') {
    const file = fileInTheWay(dirname(path))
    if (file !== undefined) return new UserError(`${path}: cannot write: ${file} is a file, expected a folder`)
  }
  if (PLACE_PROBLEMS.has(error.code)) return new UserError(`${path}: cannot write: ${fsCodeText(error.code)}`)
  // The folder exists (it was made or found) and still no file can be made in it: /proc, a folder
  // removed meanwhile. Named by the target: the temporary file is ours, not the user's.
  if (error.code === 'ENOENT') return new UserError(`${path}: cannot write: no file can be made in ${dirname(path)} (ENOENT)`)
  return error
}

/** Makes the folder `path` goes into; refuses a `path` that is a folder. Problems are thrown as writeProblem says. */
function prepareTarget(path: string): void {
  try {
    if (statIfThere(path)?.isDirectory()) throw folderGiven(path)
    mkdirSync(dirname(path), { recursive: true })
  } catch (e) {
    throw writeProblem(path, e)
  }
}

/** Writes `path` through `write(tmp)` and a rename: readers see the old content or the new, never half; a failure leaves no temporary file. */
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
  replaceAtomically(path, (tmp) => writeFileSync(tmp, content))
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
    writeFileSync(tmp, content)
    linkSync(tmp, path)
    return true
  } catch (e) {
    if (isFsError(e) && e.code === 'EEXIST' && statIfThere(path)?.isFile()) return false
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
          writeSync(fd, pending.join(''))
          pending = []
          size = 0
        }
      }
      writeSync(fd, pending.join(''))
    } finally {
      closeSync(fd)
    }
  })
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
