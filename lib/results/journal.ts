import { closeSync, fdatasync, fstatSync, ftruncateSync, openSync, readSync } from 'node:fs'
import { promisify } from 'node:util'
import { join } from 'node:path'
import { stableStringify } from '../stable-json.js'
import { redact } from '../redact.js'
import { caseRuleIssues } from './case-rules.js'
import { parseTestRecord, type TestRecord } from './record.js'
import { namesIn } from './layout.js'
import { UserError } from '../errors.js'
import { fsCodeText, hasErrnoCode } from '../fs-errors.js'
import { makeFolder } from '../make-folder.js'
import { writeAll } from './write.js'
import { type CaseId, caseKey, caseName } from './summary.js'
import { type CapSpend, capSpend } from './cost.js'

/*
 * The run journal: each finished test's full record, appended durably while the run goes on, so a
 * crash, Ctrl-C or CI timeout loses at most the tests still running. A run's journal is a folder
 * (see lib/results/layout.ts) holding its manifest and one JSON Lines file per writer (a Vitest
 * worker's module instance). Each file has exactly one writer that only appends (O_APPEND) and
 * flushes each line to disk (fdatasync) before the test ends, so no locking is needed and several
 * machines' journals of one run can be put in one folder. A line counts only when it is complete
 * (ends with a newline), parses and validates; anything else, e.g. the tail cut by kill -9, is
 * reported as a warning and never read as a result.
 */

/** Writer files: "<session>-<epoch ms>-<pid>-<random>.jsonl"; names sort in the order they were started. */
const WRITER_FILE = /^(\d{3})-(\d{13})-(\d+)-([0-9a-f]{8})\.jsonl$/

/** The session (1 for the first start of a run, +1 per resume) a journal file was written in; null for other files. */
export function sessionOf(file: string): number | null {
  const m = WRITER_FILE.exec(file)
  return m ? Number(m[1]) : null
}

/** The journal files of a run folder in the order they were started (other files are ignored). */
export function journalFiles(dir: string): string[] {
  return namesIn(dir).filter((n) => WRITER_FILE.test(n)).sort()
}

/** One record as a journal line: stable JSON on one line, redacted, ending with a newline. */
export function recordLine(record: TestRecord): string {
  const text = stableStringify(record)
  if (text === undefined) throw new Error('cannot serialise a record')
  return `${redact(text)}\n`
}

const flush = promisify(fdatasync)

/** Appends records to a file of its own in a run's journal folder; each append is on disk when it returns. */
export class JournalWriter {
  private fd: number | null = null
  private name: string | null = null

  constructor(
    private readonly dir: string,
    private readonly session: number,
  ) {}

  /** The writer's file name once it has written (created on the first append). */
  get file(): string | null {
    return this.name
  }

  /**
   * Appends one record and resolves once it is flushed to disk; rejects when it cannot (the test must
   * then fail). The line is written at once (whole, in order); the flush waits off the event loop, so
   * the other tests of the worker keep their calls going meanwhile.
   */
  async append(record: TestRecord): Promise<void> {
    const line = recordLine(record)
    // A line the reader would not validate is dropped from the results. What can make one is a
    // number from outside (an endpoint's usage summed past 2^53, a NaN), so each record's numbers are
    // looked at (a walk of microseconds) and only a record with such a number is read back through
    // the schema to say which field: the whole schema on every record cost about 1 ms each. The case
    // rules (an errored case has no score) are a few comparisons, checked on every record.
    const problem = hasUnsafeNumber(record) ? recordProblem(JSON.parse(line)) : caseProblem(record)
    if (problem !== null) throw new Error(`${caseName(record)}: its record does not validate (${problem}), so it would be dropped from the results; it was not written`)
    let fd: number | null = null
    let before = 0
    try {
      fd = this.open()
      before = fstatSync(fd).size
      writeAll(fd, line, this.path())
      await flush(fd)
    } catch (e) {
      if (fd !== null) this.dropPartialLine(fd, before)
      throw this.appendProblem(record, e)
    }
  }

  /**
   * Cuts what a failed append left of its line, so that the next record starts a line of its own;
   * when even that fails, the file is left (its cut line is read as incomplete and ignored) and
   * the next append starts a new one.
   */
  private dropPartialLine(fd: number, size: number): void {
    try {
      if (fstatSync(fd).size > size) ftruncateSync(fd, size)
    } catch {
      try {
        this.close()
      } catch {
        this.fd = null
      }
    }
  }

  /** The journal file, or its folder before the file is made. */
  private path(): string {
    return this.name === null ? this.dir : join(this.dir, this.name)
  }

  /** A failed append as one line naming the journal file, the case and the cause. */
  private appendProblem(record: TestRecord, e: unknown): UserError {
    const consequence = `the record of ${caseName(record)} could not be written to the run journal`
    const after = 'the case has no result, and a resume runs it again'
    // A UserError (a short write, a folder on /proc) already names the file and the cause.
    if (e instanceof UserError) return new UserError(`${e.message}; ${consequence}; ${after}`)
    const cause = hasErrnoCode(e) ? fsCodeText(e.code) : (e as Error).message
    return new UserError(`${this.path()}: ${consequence}: ${cause}; ${after}`)
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd)
    this.fd = null
  }

  private open(): number {
    if (this.fd !== null) return this.fd
    // The folder may have been removed by a finished watch-mode run of the same session: recreate it.
    makeFolder(this.dir)
    const random = Math.floor(Math.random() * 0x1_0000_0000).toString(16).padStart(8, '0')
    this.name = `${String(this.session).padStart(3, '0')}-${String(Date.now()).padStart(13, '0')}-${process.pid}-${random}.jsonl`
    this.fd = openSync(join(this.dir, this.name), 'a')
    return this.fd
  }
}

/** Where a line is: enough to read it again without keeping it in memory. */
export interface LineRef {
  file: string
  offset: number
  length: number
}

/** A valid journal line with its record. */
export interface JournalEntry extends LineRef {
  session: number
  record: TestRecord
}

const CHUNK = 1 << 20
const MIN_CHUNK = 1 << 16

/**
 * The complete lines of a file from byte `start` on (the start of a line) with their byte offsets,
 * read in chunks (a line may be any size); `tail` is set when the file ends without a newline.
 */
export function* linesOf(path: string, start = 0): Generator<{ offset: number; bytes: Buffer } | { tail: number }> {
  const fd = openSync(path, 'r')
  try {
    let pending: Buffer[] = []
    let pendingLength = 0
    let lineStart = start
    let position = start
    // No bigger than what is there to read (a follower reads one new line at a time): a megabyte
    // allocated per call cost more than the reading.
    const chunk = Buffer.allocUnsafe(Math.min(CHUNK, Math.max(MIN_CHUNK, fstatSync(fd).size - start)))
    for (;;) {
      const n = readSync(fd, chunk, 0, chunk.length, position)
      if (n === 0) break
      // Only the bytes just read: a search of the whole chunk would scan up to a megabyte past a short read.
      const filled = n === chunk.length ? chunk : chunk.subarray(0, n)
      let from = 0
      for (let nl = filled.indexOf(10, from); nl !== -1; nl = filled.indexOf(10, from)) {
        const piece = filled.subarray(from, nl)
        const bytes = pendingLength > 0 ? Buffer.concat([...pending, piece]) : Buffer.from(piece)
        yield { offset: lineStart, bytes }
        pending = []
        pendingLength = 0
        from = nl + 1
        lineStart = position + from
      }
      if (from < n) {
        pending.push(Buffer.from(filled.subarray(from, n)))
        pendingLength += n - from
      }
      position += n
    }
    if (pendingLength > 0) yield { tail: pendingLength }
  } finally {
    closeSync(fd)
  }
}

/**
 * Every valid record of a run's journal folder, file by file in the order they were started and
 * line by line. Incomplete or invalid lines are skipped and described through `warn`, naming the
 * file and line. `accept` may skip lines before they are parsed (e.g. other tasks, later sessions).
 */
export function* readJournal(
  dir: string,
  options: { warn?: (message: string) => void; session?: (session: number) => boolean; prefilter?: (line: string) => boolean } = {},
): Generator<JournalEntry> {
  const warn = options.warn ?? (() => {})
  for (const file of journalFiles(dir)) {
    const session = sessionOf(file)!
    if (options.session && !options.session(session)) continue
    let line = 0
    for (const item of linesOf(join(dir, file))) {
      line++
      if ('tail' in item) {
        warn(incompleteLineWarning(file, line, item.tail))
        continue
      }
      const text = item.bytes.toString('utf8')
      if (options.prefilter && !options.prefilter(text)) continue
      const parsed = parseJournalLine(file, line, text)
      if ('warning' in parsed) warn(parsed.warning)
      else yield { file, offset: item.offset, length: item.bytes.length, session, record: parsed.record }
    }
  }
}

/**
 * What ORGBENCH_MAX_USD counts of the calls a run's journal folder holds (capSpend: cached replies
 * count nothing, calls without usage their worst case), over the sessions `session` keeps; every
 * record counts, also errored ones and those of cases run again later. Calls of tests still running
 * when a session was killed were never journaled and are not counted.
 */
export function journalCapSpend(
  dir: string,
  options: { warn?: (message: string) => void; session?: (session: number) => boolean; each?: (entry: JournalEntry) => void } = {},
): CapSpend {
  const spent: CapSpend = { usd: 0, atWorstCase: 0 }
  for (const entry of readJournal(dir, options)) {
    capSpend(entry.record.calls, spent)
    options.each?.(entry)
  }
  return spent
}

/** The warning for a file's last line when it has no newline (yet). */
export function incompleteLineWarning(file: string, line: number, bytes: number): string {
  return `${file}: line ${line} is incomplete (${bytes} bytes without a newline, e.g. the run was killed while writing it); ignored`
}

/** One complete journal line (line number `line` of `file`) as its record, or the warning that says why it does not count. */
export function parseJournalLine(file: string, line: number, text: string): { record: TestRecord } | { warning: string } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch {
    return { warning: `${file}: line ${line} is not valid JSON; ignored` }
  }
  const parsed = parseTestRecord(raw)
  const problem = parsed.success ? caseProblem(parsed.data) : issuesOf(parsed.error.issues)
  if (parsed.success && problem === null) return { record: parsed.data }
  const id = raw as Partial<Record<keyof CaseId, unknown>> | null
  const named = typeof id?.task === 'string' && typeof id.topology === 'string' && typeof id.trial === 'number' ? ` of ${caseName(id as CaseId)}` : ''
  return { warning: `${file}: line ${line} is not a valid record${named} (${problem}); ignored, so the case is missing from the results` }
}

/** Whether a value holds a number that is not finite or beyond the integers a double holds exactly. */
export function hasUnsafeNumber(value: unknown): boolean {
  if (typeof value === 'number') return !Number.isFinite(value) || Math.abs(value) > Number.MAX_SAFE_INTEGER
  if (Array.isArray(value)) return value.some(hasUnsafeNumber)
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) if (hasUnsafeNumber(v)) return true
  }
  return false
}

/** Why a parsed journal line is not a valid record (its first issues, by field), or null when it is one. */
function recordProblem(raw: unknown): string | null {
  const parsed = parseTestRecord(raw)
  return parsed.success ? caseProblem(parsed.data) : issuesOf(parsed.error.issues)
}

/**
 * The rules the results readers hold every case to (an errored case has no score), as issuesOf
 * writes them; null when the record keeps them. A record that breaks them would make the results
 * file unreadable, and a resume would count its case as run.
 */
function caseProblem(record: TestRecord): string | null {
  const broken = caseRuleIssues(record)
  return broken.length > 0 ? issuesOf(broken) : null
}

function issuesOf(issues: ReadonlyArray<{ path: readonly PropertyKey[]; message: string }>): string {
  return issues.slice(0, 3).map((i) => `field ${i.path.map(String).join('.') || '(root)'}: ${i.message}`).join('; ')
}

/**
 * The record each case ends with: the last valid line for its key (later files and later lines
 * win, so a re-run case replaces its earlier record). `keep` may reduce each entry (e.g. to a
 * summary) so that the whole journal is never held in memory.
 */
export function latestByCase<T>(entries: Iterable<JournalEntry>, keep: (entry: JournalEntry) => T): Map<string, T> {
  const latest = new Map<string, T>()
  for (const entry of entries) {
    const key = caseKey(entry.record)
    latest.delete(key)
    latest.set(key, keep(entry))
  }
  return latest
}
