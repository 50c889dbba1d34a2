import { randomBytes } from 'node:crypto'
import { hostname } from 'node:os'
import { resolve } from 'node:path'
import { type Config, publicConfig } from '../config.js'
import { configuredPrices } from '../llm/pricing.js'
import { usd } from '../results/format.js'
import { journalDir, makeRunId } from '../results/layout.js'
import { type RunManifest, readManifest, runFilters, writeManifest } from '../results/manifest.js'
import { stableStringify } from '../stable-json.js'
import { runSettings } from '../results/settings.js'
import { SCHEMA_VERSION } from '../results/record.js'
import { removeStaleTempFiles } from '../results/write.js'
import { behaviourBeforeRecorded, checkSameSettings, findResumable, listJournals, removeEmptyJournals, ResumeError, spentBefore, unfinishedNotice } from './resume.js'
import type { RunContext } from './run-context.js'
import { gitCommit } from './git-commit.js'

export interface StartOptions {
  config: Config
  /** Absolute results folder. */
  resultsDir: string
  root: string
  shard: { index: number; count: number } | null
  /** The pattern of Vitest's -t, recorded among the run's filters; null or absent without one. */
  namePattern?: string | null
  log: (line: string) => void
  now?: Date
}

/** A started run, and what its earlier sessions spent against the dollar cap (0 for a new run or without a cap). */
export interface StartedRun {
  run: RunContext
  spentUsd: number
}

/**
 * Starts the run of this Vitest process (main process, before any test): a new run with a fresh
 * id and manifest, or, with ORGBENCH_RESUME, the next session of an earlier run after checking
 * that its settings match and, under ORGBENCH_MAX_USD (the cap of the whole run), that its earlier
 * sessions left something of the cap. Cleans leftovers of dead runs and tells about unfinished ones.
 */
export function startRun(options: StartOptions): StartedRun {
  const { config, resultsDir } = options
  const now = options.now ?? new Date()
  removeStaleTempFiles(resultsDir)
  const journals = listJournals(resultsDir)
  removeEmptyJournals(resultsDir, journals)
  const settings = runSettings(config)
  const prices = configuredPrices(config, options.root)
  const filters = runFilters(config, options.namePattern ?? null)
  const session = { startedAt: now.toISOString(), pid: process.pid, host: hostname() }

  if (config.resume !== null) {
    const previous = findResumable(resultsDir, config.resume, journals)
    const dir = journalDir(resultsDir, previous.runId)
    checkSameSettings(previous, settings, { prices, older: behaviourBeforeRecorded(previous, dir) })
    const sessionNumber = previous.sessions.length + 1
    const cache = { dir: resolve(options.root, config.cacheDir), runId: previous.runId, sessionsStartedAt: previous.sessions.map((s) => s.startedAt) }
    const spent = config.maxUsd === null ? null : spentBefore(dir, sessionNumber, cache)
    if (spent && config.maxUsd !== null && spent.usd >= config.maxUsd) {
      const worst = spent.atWorstCase > 0 ? ` (${spent.atWorstCase} call(s) without usage counted at their worst case)` : ''
      throw new ResumeError(
        `ORGBENCH_RESUME=${previous.runId}: its earlier sessions already spent ${usd(spent.usd)}${worst}, and ORGBENCH_MAX_USD=${config.maxUsd} caps the whole run, not a session, so nothing more could be sent. Raise ORGBENCH_MAX_USD above that to continue the run.`,
      )
    }
    if (stableStringify(previous.shard) !== stableStringify(options.shard)) throw new ResumeError(shardMismatch(previous, options.shard))
    // The settings a resume may change (the cap, the endpoint's port) are the last session's.
    const manifest: RunManifest = { ...previous, config: publicConfig(config), settings, filters, shard: options.shard, sessions: [...previous.sessions, session], finished: null }
    writeManifest(resultsDir, manifest)
    const kept = journals.find((j) => j.manifest.runId === previous.runId)?.records ?? 0
    const capped = spent ? `; ${usd(spent.usd)} of ORGBENCH_MAX_USD=${config.maxUsd} already spent by earlier sessions` : ''
    options.log(`[orgbench] resuming run ${previous.runId} (session ${sessionNumber}): ${kept} journaled record(s); cases with a successful record are kept, the others run again${capped}`)
    return { run: { runId: previous.runId, journalDir: dir, session: sessionNumber, sessionStartedAt: session.startedAt, resumed: true }, spentUsd: spent?.usd ?? 0 }
  }

  for (const line of unfinishedNotice(journals)) options.log(line)
  const runId = makeRunId(now, config.simulated, randomBytes(3).toString('hex'))
  writeManifest(resultsDir, {
    schemaVersion: SCHEMA_VERSION,
    runId,
    createdAt: now.toISOString(),
    simulated: config.simulated,
    config: publicConfig(config),
    settings,
    prices,
    commit: gitCommit(options.root),
    filters,
    shard: options.shard,
    sessions: [session],
    finished: null,
  })
  return { run: { runId, journalDir: journalDir(resultsDir, runId), session: 1, sessionStartedAt: session.startedAt, resumed: false }, spentUsd: 0 }
}

const shardFlag = (shard: RunManifest['shard']) => (shard ? `--shard=${shard.index}/${shard.count}` : 'no --shard')

/** Why a run made as one shard cannot be resumed as another (or without --shard): its records belong to that shard's blob report. */
function shardMismatch(previous: RunManifest, shard: RunManifest['shard']): string {
  const was = previous.shard ? `shard ${previous.shard.index}/${previous.shard.count}` : 'a run without --shard'
  return `ORGBENCH_RESUME=${previous.runId}: that run was ${was} and this start has ${shardFlag(shard)}, so the resumed run would hold the cases of both. Resume it with ${shardFlag(previous.shard)}, or start this one without ORGBENCH_RESUME.`
}

/**
 * Records in the run's manifest that this session's Vitest ended without being stopped. Nothing
 * when the results were already written (the reporter marked the run finished, or removed its
 * journal with it).
 */
export function endSession(resultsDir: string, runId: string, now: Date = new Date()): void {
  const manifest = readManifest(resultsDir, runId)
  if (!manifest || manifest.finished !== null) return
  const sessions = manifest.sessions.map((s, i) => (i === manifest.sessions.length - 1 ? { ...s, endedAt: now.toISOString() } : s))
  writeManifest(resultsDir, { ...manifest, sessions })
}

const ACTIVE = Symbol.for('orgbench.activeRun')

/** Remembers this process's run for the reporter (global setup and reporter share the main process, not their module instances). */
export function setActiveRun(run: RunContext | null): void {
  ;(globalThis as Record<symbol, unknown>)[ACTIVE] = run
}

/** The run the global setup of this process started, if any (none when merging shard reports). */
export function activeRun(): RunContext | null {
  return ((globalThis as Record<symbol, unknown>)[ACTIVE] as RunContext | undefined) ?? null
}
