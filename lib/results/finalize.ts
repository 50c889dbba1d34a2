import { createHash } from 'node:crypto'
import { closeSync, openSync, readSync, rmdirSync, rmSync } from 'node:fs'
import { join, relative } from 'node:path'
import type { PriceTable } from '../llm/pricing.js'
import { buildRunFile, type ShardBudget } from './collect.js'
import { stoppedByBudget } from './values.js'
import { type CapSpend, capSpend, round8 } from './cost.js'
import { type JournalEntry, sessionOf } from './journal.js'
import { JournalFollower } from './journal-follow.js'
import { scopeOf } from '../llm/cache.js'
import { sessionScope, unjournaledSpend } from './unjournaled-spend.js'
import { readLearning } from './learning.js'
import { journalDir, journalsDir, makeRunId, runFilePath } from './layout.js'
import { filterDescriptions, type RunManifest, readManifest, writeManifest } from './manifest.js'
import { writePointer } from './pointer.js'
import type { RunFile } from './schema.js'
import { checkShardsMatch } from './shard-settings.js'
import { runStatus } from './status.js'
import { type CaseId, caseKey, type CaseSummary, compareCases, summarizeValidRecord } from './summary.js'
import { removeStaleTempFiles, writeRecordsFile, writeRunFile } from './write.js'
import { countedBySessions } from '../gateway/cap-log.js'

/** What the reporter knows when Vitest ends; the records themselves come from the journals. */
export interface FinalizeRequest {
  /** Absolute results folder (journals are in its journal/ subfolder). */
  resultsDir: string
  /** The run of this process, or, when merging shards, every run id found in the tests' meta. */
  runIds: readonly string[]
  vitest: RunFile['vitest']
  /** Cases whose test ran (passed or failed) in this Vitest run. */
  ran: readonly CaseId[]
  /**
   * Declared cases that did not run. Only those without a record in the results count as skipped:
   * a watch or UI re-run of some tests keeps the others' records of earlier runs of the session.
   */
  skipped: readonly CaseId[]
  /** Errors outside any test (a benchmark file that failed to load, an unhandled error). */
  runErrors: number
  warnings: readonly string[]
  /** The response cache folder: its replies of tests a killed session left unfinished count against the cap. */
  cacheDir?: string
  /** Keep the journal even when the run is complete (watch mode re-runs into it). */
  keepJournal: boolean
  /**
   * Used when no manifest can be found (journals missing): the reporter's own configuration. `commit`
   * is read only then, so it may be a getter (asking git costs a process at the end of every run).
   */
  fallback: { config: RunFile['config']; prices: PriceTable; readonly commit: string | null }
  /** A run's journal already read as its tests ended (followJournal): only the rest is read. Ignored unless it is the journal folder of one of `runIds`. */
  followed?: JournalFollower<Kept>
}

/** One record of the final run, as kept in memory: where its line is, and its summary. */
export interface Kept {
  dir: string
  file: string
  offset: number
  length: number
  summary: CaseSummary
  models: string[]
  /** What the dollar cap counted of its calls. */
  capSpend: CapSpend
}

function removeIfEmpty(dir: string): void {
  try {
    rmdirSync(dir)
  } catch {
    // not empty (other runs' journals), or already gone
  }
}

function readLine(path: string, offset: number, length: number): Buffer {
  const fd = openSync(path, 'r')
  try {
    const bytes = Buffer.allocUnsafe(length)
    let read = 0
    while (read < length) {
      const n = readSync(fd, bytes, read, length - read, offset + read)
      if (n === 0) throw new Error(`${path}: ended before the journal line at byte ${offset} (the journal changed while the results were written)`)
      read += n
    }
    return bytes
  } finally {
    closeSync(fd)
  }
}

/** What finalizeRun keeps of a journal entry: where its line is, its summary and the models it called. */
function keptOf(dir: string) {
  return (e: JournalEntry): Kept => ({
    dir,
    file: e.file,
    offset: e.offset,
    length: e.length,
    summary: summarizeValidRecord(e.record),
    models: [...new Set(e.record.calls.map((c) => c.model))],
    capSpend: capSpend(e.record.calls),
  })
}

/**
 * Follows a run's journal folder while its tests run (the reporter polls it as each test ends), so
 * that finalizeRun, given it as `followed`, reads only the lines written since the last poll.
 */
export function followJournal(dir: string): JournalFollower<Kept> {
  return new JournalFollower(dir, keptOf(dir))
}

/** The tests of a run ran, but there is no journal of theirs to build results from. */
export class MissingJournalsError extends Error {
  override name = 'MissingJournalsError'
  constructor(runIds: readonly string[], dir: string) {
    super(
      `no journal of run(s) ${runIds.join(', ')} in ${relative(process.cwd(), dir) || dir}: the results are built from the runs' journals, so none were written and LATEST is unchanged (for a merge of shards, copy each shard's results/runs/journal/ folder there first)`,
    )
  }
}

/** The id of a merged run: deterministic in the shards merged, dated by the earliest of them. */
function mergedRunId(manifests: readonly RunManifest[], ids: readonly string[], simulated: boolean): string {
  const earliest = [...manifests.map((m) => m.createdAt)].sort()[0]
  const digest = createHash('sha256').update([...ids].sort().join('\n')).digest('hex').slice(0, 6)
  return makeRunId(earliest ? new Date(earliest) : new Date(), simulated, `m${digest}`)
}

function missingShards(manifests: readonly RunManifest[]): string[] {
  const sharded = manifests.filter((m) => m.shard !== null)
  if (sharded.length === 0) return []
  const count = Math.max(...sharded.map((m) => m.shard!.count))
  const present = new Set(sharded.map((m) => m.shard!.index))
  return Array.from({ length: count }, (_, i) => i + 1).filter((i) => !present.has(i)).map((i) => `${i}/${count}`)
}

/**
 * The records that sessions before a run's last one journaled for cases the last session did not
 * run (filtered out, or not reached before an interrupt). A record of the last session is never
 * one, so a watch-mode re-run of some files does not count the others.
 */
function keptFromEarlierSessions(entries: readonly Kept[], ran: readonly CaseId[], manifests: readonly RunManifest[]): Kept[] {
  if (manifests.length !== 1) return []
  const last = manifests[0]!.sessions.length
  const ranKeys = new Set(ran.map(caseKey))
  return entries.filter((e) => (sessionOf(e.file) ?? last) < last && !ranKeys.has(caseKey(e.summary)))
}

/** A merged run's cap: the sum of its shards' caps when each had one (a shard is capped on its own). */
function mergedCap(manifests: readonly RunManifest[]): number | null {
  const caps = manifests.map((m) => m.config.maxUsd)
  return caps.every((c) => c !== null) ? round8(caps.reduce((sum, c) => sum + c!, 0)) : null
}

/** Each merged shard's cap and the cases its cap stopped (its records are those from its journal). */
function shardBudgets(resultsDir: string, manifests: readonly RunManifest[], entries: readonly Kept[]): ShardBudget[] {
  return manifests.map((m) => {
    const dir = journalDir(resultsDir, m.runId)
    return {
      runId: m.runId,
      shard: m.shard ? `${m.shard.index}/${m.shard.count}` : null,
      capUsd: m.config.maxUsd,
      casesNotRun: entries.filter((e) => e.dir === dir && stoppedByBudget(e.summary)).length,
    }
  })
}

function countBy<T>(items: readonly T[], key: (item: T) => string): Map<string, number> {
  const counts = new Map<string, number>()
  for (const item of items) counts.set(key(item), (counts.get(key(item)) ?? 0) + 1)
  return counts
}

/**
 * Builds the results of a run from its journal(s): the latest valid record of each case, sorted,
 * streamed into the records file (never the whole run in memory, never one big string), then the
 * run file, then the LATEST pointer. Returns null when no case ran and nothing was journaled.
 */
export async function finalizeRun(req: FinalizeRequest): Promise<{ run: RunFile; path: string } | null> {
  const warnings = new Set(req.warnings)
  for (const stale of removeStaleTempFiles(req.resultsDir)) warnings.add(`removed a temporary file left by an interrupted writer: ${stale}`)
  const ids = [...new Set(req.runIds)].sort()
  const manifests: RunManifest[] = []
  const kept = new Map<string, Kept>()
  // The cap counts every record journaled, also those of cases a resumed session ran again.
  const counted: CapSpend = { usd: 0, atWorstCase: 0 }
  for (const id of ids) {
    const dir = journalDir(req.resultsDir, id)
    const manifest = readManifest(req.resultsDir, id)
    if (manifest) manifests.push(manifest)
    else warnings.add(`no journal for run ${id} in ${relative(process.cwd(), dir) || dir}; for a merge of shards, put each shard's journal/ folder there`)
    const warn = (w: string) => warnings.add(`journal of ${id}: ${w}`)
    // A journal not followed during the run is read whole here: finish() reads whatever poll() has not.
    const follower = req.followed?.dir === dir ? req.followed : followJournal(dir)
    const latest = follower.finish(warn)
    const journaled = new Set<string>()
    for (const k of follower.everyFile()) {
      counted.usd += k.capSpend.usd
      counted.atWorstCase += k.capSpend.atWorstCase
      journaled.add(sessionScope(sessionOf(k.file) ?? 0, scopeOf(k.summary)))
    }
    // Replies paid by tests that a killed session left unfinished, from the run's response cache.
    if (manifest && req.cacheDir) counted.usd += unjournaledSpend(req.cacheDir, id, manifest.sessions.map((s) => s.startedAt), manifest.sessions.length, journaled).usd
    // Calls a cut-off session had in flight are in neither: what the coordinators counted is (lib/gateway/cap-log.ts).
    if (ids.length === 1) counted.usd = Math.max(counted.usd, countedBySessions(dir))
    for (const [key, entry] of latest) {
      if (kept.has(key)) warnings.add(`case ${key.replaceAll('\u0000', ' ')} is in the journals of several runs; the one of ${id} is kept`)
      kept.set(key, entry)
    }
  }
  // Shards run with other settings would make one run of incomparable records: refused before anything is written or removed.
  checkShardsMatch(manifests)
  if (req.ran.length === 0 && kept.size === 0) {
    // Nothing ran and nothing was journaled (e.g. only unit tests): no results, and no empty journal left behind.
    for (const id of ids) if (manifests.some((m) => m.runId === id)) rmSync(journalDir(req.resultsDir, id), { recursive: true, force: true })
    removeIfEmpty(journalsDir(req.resultsDir))
    return null
  }
  // Tests ran but none of their journals is here (a merge of shards without their journal/ folders):
  // an empty failed run would replace LATEST, so nothing is written.
  if (manifests.length === 0 && kept.size === 0) throw new MissingJournalsError(ids, journalsDir(req.resultsDir))

  const entries = [...kept.values()].sort((a, b) => compareCases(a.summary, b.summary))
  const cases = entries.map((e) => e.summary)
  const first = manifests[0]
  const merged = ids.length > 1
  const config = first ? (merged ? { ...first.config, maxUsd: mergedCap(manifests) } : first.config) : req.fallback.config
  const simulated = config.simulated || cases.some((c) => c.simulated)
  const runId = ids.length === 1 ? ids[0]! : mergedRunId(manifests, ids, simulated)
  const path = runFilePath(req.resultsDir, runId)
  const records = await writeRecordsFile(
    path,
    (function* () {
      for (const e of entries) yield readLine(join(e.dir, e.file), e.offset, e.length)
    })(),
  )

  const keys = new Set(kept.keys())
  const notRunBySession = keptFromEarlierSessions(entries, req.ran, manifests)
  const status = runStatus({
    interrupted: req.vitest.reason === 'interrupted',
    filters: [...new Set(manifests.flatMap((m) => filterDescriptions(m.filters)))],
    skipped: req.skipped.filter((c) => !keys.has(caseKey(c))).length,
    missing: req.ran.filter((c) => !keys.has(caseKey(c))).length,
    stoppedByCap: cases.filter(stoppedByBudget).length,
    missingShards: missingShards(manifests),
    runErrors: req.runErrors,
    notRunBySession: countBy(notRunBySession, (k) => k.summary.task),
    records: cases.length,
    ok: cases.filter((c) => c.status === 'ok').length,
  })
  const run = buildRunFile(cases, {
    runId,
    createdAt: [...manifests.map((m) => m.createdAt)].sort()[0] ?? new Date().toISOString(),
    config,
    prices: Object.assign({}, req.fallback.prices, ...manifests.map((m) => m.prices)) as PriceTable,
    models: entries.flatMap((e) => e.models),
    commit: first?.commit ?? req.fallback.commit,
    vitest: req.vitest,
    status,
    sessions: Math.max(1, ...manifests.map((m) => m.sessions.length)),
    records,
    warnings,
    ...(ids.length > 1 ? { mergedFrom: ids } : {}),
    learning: readLearning(ids.map((id) => journalDir(req.resultsDir, id)), (w) => warnings.add(w)),
    capSpend: { usd: round8(counted.usd), atWorstCase: counted.atWorstCase },
    budgetStopsNotRunBySession: notRunBySession.filter((k) => stoppedByBudget(k.summary)).length,
    ...(merged ? { shardBudgets: shardBudgets(req.resultsDir, manifests, entries) } : {}),
  })
  writeRunFile(path, run)
  writePointer(req.resultsDir, { runId, file: `${runId}.json`, records: records.file, status: run.status, simulated: run.simulated })

  const clean = run.status === 'complete' && run.totals.errors === 0 && !req.keepJournal
  for (const m of manifests) {
    if (clean) rmSync(journalDir(req.resultsDir, m.runId), { recursive: true, force: true })
    else writeManifest(req.resultsDir, { ...m, finished: { at: new Date().toISOString(), status: run.status, file: `${runId}.json` } })
  }
  removeIfEmpty(journalsDir(req.resultsDir))
  return { run, path }
}
