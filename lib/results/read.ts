import { createHash } from 'node:crypto'
import { createReadStream, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { createInterface } from 'node:readline'
import { brotliDecompressSync, createBrotliDecompress, createGunzip, gunzipSync } from 'node:zlib'
import type { z } from 'zod'
import { UserError } from '../errors.js'
import { fsCodeText } from '../fs-errors.js'
import { callsCost, sumCostParts } from './cost.js'
import { recordLine } from './journal.js'
import { type CostPart, parseTestRecord, SCHEMA_VERSION, type TestRecord } from './record.js'
import { RunFile, RunFileV1 } from './schema.js'
import { caseRuleIssues } from './case-rules.js'
import { summarizeRecord } from './summary.js'
import { Pointer, POINTER_FILE, readPointer } from './pointer.js'
import { oldFileWarning } from './old-file.js'

/** A results file that cannot be used: unreadable, not JSON, malformed or from a newer orgbench. */
export class ResultsFileError extends UserError {
  override name = 'ResultsFileError'
}

function describeIssues(file: string, issues: ReadonlyArray<Pick<z.core.$ZodIssue, 'path' | 'message'>>, prefix = ''): string {
  const shown = issues.slice(0, 5).map((i) => `${file}: ${prefix}field ${i.path.length > 0 ? i.path.join('.') : '(root)'}: ${i.message}`)
  const more = issues.length > shown.length ? [`${file}: … and ${issues.length - shown.length} more problem(s)`] : []
  return [...shown, ...more].join('\n')
}

/**
 * One run as every reader sees it, whatever its layout: the run file (for a version-1 file,
 * upgraded in memory) and its full records, streamed one at a time and validated.
 */
export interface RunHandle {
  path: string
  /** 1: one file with every record (read only); 2: run file plus records file. */
  layout: 1 | 2
  /** The schema version the file was written with; `run` and the records are upgraded in memory to the current one. */
  version: number
  run: RunFile
  /** The full records in their stored order; throws a ResultsFileError naming file and line for a bad one. */
  records(): AsyncGenerator<TestRecord>
}

/** The record versions this orgbench reads: 1 (inside a version-1 file), 2 (run file plus records, no judge evidence) and the current one. */
export const READABLE_VERSIONS = [1, 2, SCHEMA_VERSION] as const

/**
 * A record written before the judge's evidence was kept (versions 1 and 2), in the current shape:
 * `judge.evidence` is null ("not stored"), never an invented empty list; a version-2 record takes
 * the current version number (nothing else changed). Anything else is returned as it is, for the
 * schema to accept or reject.
 */
export function upgradeOldRecord(raw: unknown): unknown {
  if (typeof raw !== 'object' || raw === null) return raw
  const r = raw as { schemaVersion?: unknown; scores?: { judge?: Record<string, unknown> | null } }
  if (r.schemaVersion !== 1 && r.schemaVersion !== 2) return raw
  const judge = r.scores?.judge
  const scores = judge && typeof judge === 'object' && !('evidence' in judge) ? { ...r.scores, judge: { ...judge, evidence: null } } : r.scores
  return { ...r, scores, schemaVersion: r.schemaVersion === 2 ? SCHEMA_VERSION : 1 }
}

/** A version-1 cost part: dollars (null when any call had no price), calls and integer tokens. */
interface CostPartV1 {
  usd: number | null
  calls: number
  tokens: CostPart['tokens']
}

/** Keeps a version-1 cost as it was stored and adds what version 2 knows: the known part and the unpriced calls from the calls, nothing cached. */
function upgradeCost(part: CostPartV1, calls: TestRecord['calls']): CostPart {
  const fromCalls = callsCost(calls)
  return {
    usd: part.usd,
    knownUsd: part.usd ?? fromCalls.knownUsd,
    unpriced: part.usd === null ? Math.max(1, fromCalls.unpriced) : 0,
    paidUsd: part.usd,
    cachedCalls: 0,
    calls: part.calls,
    tokens: part.tokens,
  }
}

/** A version-1 file upgraded to the current shape: summaries computed, status inferred. */
function upgradeV1(v1: RunFileV1, file: string): { run: RunFile; records: TestRecord[] } {
  const records = v1.records.map((r): TestRecord => {
    const { org, judge, byRole, qualityPerDollar } = r.cost as unknown as { org: CostPartV1; judge: CostPartV1; byRole: Record<string, CostPartV1>; qualityPerDollar: number | null }
    const orgCalls = r.calls.filter((c) => c.role !== 'judge')
    const cost = {
      org: upgradeCost(org, orgCalls),
      judge: upgradeCost(judge, r.calls.filter((c) => c.role === 'judge')),
      byRole: Object.fromEntries(Object.entries(byRole).map(([role, part]) => [role, upgradeCost(part, orgCalls.filter((c) => c.role === role))])),
      qualityPerDollar,
    }
    return { ...r, schemaVersion: SCHEMA_VERSION, cost }
  })
  const hash = createHash('sha256')
  for (const r of records) hash.update(recordLine(r))
  const ok = records.filter((r) => r.status === 'ok').length
  const status = ok === 0 ? 'failed' : v1.vitest.reason === 'interrupted' ? 'partial' : 'complete'
  const { schemaVersion: _, records: __, ...rest } = v1
  const run: RunFile = {
    ...rest,
    schemaVersion: SCHEMA_VERSION,
    status,
    statusReasons: status === 'partial' ? ['the run was interrupted before every case had run'] : status === 'failed' ? ['no case succeeded'] : [],
    sessions: 1,
    totals: { ...v1.totals, spend: sumCostParts(records.flatMap((r) => [r.cost.org, r.cost.judge])), budget: null },
    cases: records.map(summarizeRecord),
    records: { file: basename(file), count: records.length, sha256: hash.digest('hex') },
    warnings: [...v1.warnings, oldFileWarning(1, basename(file), 'its status is inferred, filters and skipped cases were not recorded')].sort(),
  }
  return { run, records }
}

/**
 * A run as today's readers compare it: files written before the learning loop name the normal
 * memory "on", which ORGBENCH_MEMORY now calls "persisted" (lib/config.ts reads "on" so too).
 */
function currentNames(run: RunFile): RunFile {
  return run.config.memory === 'on' ? { ...run, config: { ...run.config, memory: 'persisted' } } : run
}

/** Validates the text of a run file of any readable version; `file` names it in every message. */
export function parseRunFile(text: string, file: string): { run: RunFile; layout: 1 | 2; version: number; v1Records: TestRecord[] | null } {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new ResultsFileError(`${file}: not valid JSON (${(e as Error).message})`)
  }
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) throw new ResultsFileError(`${file}: expected a JSON object (an orgbench results file)`)
  const version = (raw as Record<string, unknown>).schemaVersion
  if (version === undefined && Pointer.safeParse(raw).success) {
    const target = (raw as Pointer).file
    throw new ResultsFileError(`${file}: this is a pointer to the latest run (${target}), not a results file: pass ${join(dirname(file), target)}`)
  }
  if (typeof version !== 'number' || !Number.isInteger(version)) {
    throw new ResultsFileError(`${file}: field schemaVersion: expected an integer schema version, found ${JSON.stringify(version) ?? 'nothing'}`)
  }
  if (version > SCHEMA_VERSION) {
    throw new ResultsFileError(`${file}: field schemaVersion: ${version} is newer than this orgbench reads (${SCHEMA_VERSION}); update orgbench to read this file`)
  }
  if (version === 1) {
    const v1 = raw as { records?: unknown }
    const parsed = RunFileV1.safeParse(Array.isArray(v1.records) ? { ...v1, records: v1.records.map(upgradeOldRecord) } : raw)
    // A file of a later layout (records in a file of their own) that says schemaVersion 1 fails here: say how it was read.
    const readAs = Array.isArray(v1.records) ? '' : 'read as a version-1 results file (schemaVersion 1: every record inside it): '
    if (!parsed.success) throw new ResultsFileError(describeIssues(file, parsed.error.issues, readAs))
    const { run, records } = upgradeV1(parsed.data, file)
    return { run: currentNames(run), layout: 1, version, v1Records: records }
  }
  if (!(READABLE_VERSIONS as readonly number[]).includes(version)) {
    throw new ResultsFileError(`${file}: field schemaVersion: ${version} is not a version this orgbench reads (${READABLE_VERSIONS.join(', ')})`)
  }
  // A version-2 run file has the current shape; only its records lack the judge's evidence.
  const parsed = RunFile.safeParse({ ...(raw as object), schemaVersion: SCHEMA_VERSION })
  if (!parsed.success) throw new ResultsFileError(describeIssues(file, parsed.error.issues))
  const broken = parsed.data.cases.flatMap((c, i) => caseRuleIssues(c).map((issue) => ({ ...issue, path: ['cases', i, ...issue.path] })))
  if (broken.length > 0) throw new ResultsFileError(describeIssues(file, broken))
  const run = version === SCHEMA_VERSION ? parsed.data : { ...parsed.data, warnings: [...parsed.data.warnings, oldFileWarning(version, basename(file), "the judge's prompts and raw replies were not stored")].sort() }
  return { run: currentNames(run), layout: 2, version, v1Records: null }
}

/** Streams and validates the records file of a run (records of `version`), checking its count and checksum at the end. */
async function* streamRecords(path: string, ref: RunFile['records'], version: number): AsyncGenerator<TestRecord> {
  const hash = createHash('sha256')
  let line = 0
  const input = createReadStream(path)
  const opened = new Promise<void>((resolve, reject) => input.once('open', () => resolve()).once('error', reject))
  try {
    await opened
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    throw new ResultsFileError(`${path}: cannot read the records file: ${code === undefined ? (e as Error).message : fsCodeText(code)}`)
  }
  const format = path.endsWith('.br') ? 'brotli' : 'gzip'
  const inflate = format === 'brotli' ? createBrotliDecompress() : createGunzip()
  const lines = createInterface({ input: input.pipe(inflate), crlfDelay: Infinity })
  const failed = new Promise<never>((_, reject) => inflate.once('error', (e) => reject(new ResultsFileError(`${path}: not a readable ${format} file (${e.message})`))))
  failed.catch(() => {})
  const next = async (iterator: AsyncIterator<string>) => {
    try {
      return await Promise.race([iterator.next(), failed])
    } catch (e) {
      throw e instanceof ResultsFileError ? e : new ResultsFileError(`${path}: not a readable ${format} file (${(e as Error).message})`)
    }
  }
  try {
    const iterator = lines[Symbol.asyncIterator]()
    for (;;) {
      const item = await next(iterator)
      if (item.done) break
      line++
      hash.update(item.value).update('\n')
      let raw: unknown
      try {
        raw = JSON.parse(item.value)
      } catch {
        throw new ResultsFileError(`${path}: line ${line}: not valid JSON`)
      }
      const parsed = parseTestRecord(version === 2 && (raw as { schemaVersion?: unknown } | null)?.schemaVersion === 2 ? upgradeOldRecord(raw) : raw)
      if (!parsed.success) throw new ResultsFileError(describeIssues(path, parsed.error.issues, `line ${line}: `))
      const broken = caseRuleIssues(parsed.data)
      if (broken.length > 0) throw new ResultsFileError(describeIssues(path, broken, `line ${line}: `))
      yield parsed.data
    }
  } finally {
    lines.close()
    input.destroy()
  }
  if (line !== ref.count) throw new ResultsFileError(`${path}: holds ${line} records, but the run file says ${ref.count}`)
  if (hash.digest('hex') !== ref.sha256) throw new ResultsFileError(`${path}: its content does not match the checksum in the run file (field records.sha256); it belongs to another run or was changed`)
}

/** The text of a run file: plain JSON, or compressed as `.json.br` (committed runs) or `.json.gz`. */
function readRunText(path: string): string {
  let bytes: Buffer
  try {
    bytes = readFileSync(path)
  } catch (e) {
    // A folder fails on its read, whose error names no path: the code is what tells.
    const code = (e as NodeJS.ErrnoException).code
    if (typeof code !== 'string') throw new ResultsFileError(`${path}: cannot read the results file (${(e as Error).message})`)
    throw new ResultsFileError(`${path}: cannot read the results file: ${fsCodeText(code)}; expected a run file such as results/runs/<run-id>.json`)
  }
  const format = path.endsWith('.br') ? 'brotli' : path.endsWith('.gz') ? 'gzip' : null
  if (format === null) return bytes.toString('utf8')
  try {
    return (format === 'brotli' ? brotliDecompressSync(bytes) : gunzipSync(bytes)).toString('utf8')
  } catch (e) {
    throw new ResultsFileError(`${path}: not a readable ${format} file (${(e as Error).message})`)
  }
}

/**
 * Opens a results file of either layout, plain (`<run-id>.json`) or compacted (`<run-id>.json.br`,
 * see compact.ts); every problem names the file (and the field or line).
 */
export function openRun(given: string): RunHandle {
  // A LATEST pointer (as scripts are told to read) stands for the run it points at.
  const path = basename(given) === POINTER_FILE ? readPointer(dirname(given)).path : given
  const recordsEnd = /\.records\.jsonl(\.gz|\.br)?$/.exec(path)
  if (recordsEnd) throw new ResultsFileError(`${path}: a records file, not a run file; give the run file beside it (${basename(path).replace(recordsEnd[0], recordsEnd[1] === '.br' ? '.json.br' : '.json')})`)
  const text = readRunText(path)
  const { run, layout, version, v1Records } = parseRunFile(text, path)
  const records = v1Records
    ? async function* () {
        yield* v1Records
      }
    : () => streamRecords(join(dirname(path), run.records.file), run.records, version)
  return { path, layout, version, run, records }
}

/** Reads and validates the run file alone (gate and report need no full record). */
export function readRunFile(path: string): RunFile {
  return openRun(path).run
}

/** Every record of a run, in memory: for small runs (a plan's reference run, a perf or reliability child run). */
export async function readAllRecords(handle: RunHandle): Promise<TestRecord[]> {
  const records: TestRecord[] = []
  for await (const r of handle.records()) records.push(r)
  return records
}
