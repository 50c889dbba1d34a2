import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { hostname } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../errors.js'
import { type CapSpend, round8 } from '../results/cost.js'
import { scopeOf } from '../llm/cache.js'
import { sessionScope, unjournaledSpend } from '../results/unjournaled-spend.js'
import { journalCapSpend, journalFiles } from '../results/journal.js'
import { journalDir, journalsDir, RUN_ID } from '../results/layout.js'
import { type RunManifest, readManifest } from '../results/manifest.js'
import type { PriceTable } from '../llm/pricing.js'
import { BEHAVIOUR_BEFORE_RECORDED, priceDifferences, runSettingDifferences, settingVariable, showSetting } from '../results/settings.js'
import { processAlive } from '../process.js'
import { closestMatch } from '../text.js'
import { countedBySessions } from '../gateway/cap-log.js'

/*
 * Resuming a run (ORGBENCH_RESUME=<run-id>|latest): the new start continues the same run id and
 * journal in a new session; tests whose case already has a successful record keep it (and
 * re-publish it to the tests that need it) instead of running again; errored and missing cases run.
 */

/** A resume that cannot go ahead: unknown run, or settings that would make its records incomparable. */
export class ResumeError extends UserError {
  override name = 'ResumeError'
}

/** A run's journal as found in the results folder. */
export interface JournalInfo {
  manifest: RunManifest
  /** Complete lines in its journal files (counted when first asked: that reads every journal file). */
  readonly records: number
  /** Its last session's process is still running (another Vitest on this folder, or this one). */
  running: boolean
}

/** Records (complete lines) in the journal files of a run's journal folder. */
export function journaledRecords(dir: string): number {
  let n = 0
  for (const file of journalFiles(dir)) {
    const bytes = readFileSync(join(dir, file))
    for (let at = bytes.indexOf(10); at !== -1; at = bytes.indexOf(10, at + 1)) n++
  }
  return n
}

/** Every run journal in a results folder with a readable manifest, newest first. */
export function listJournals(resultsDir: string): JournalInfo[] {
  let ids: string[]
  try {
    ids = readdirSync(journalsDir(resultsDir)).filter((n) => RUN_ID.test(n))
  } catch {
    return []
  }
  const found: JournalInfo[] = []
  for (const id of ids) {
    let manifest: RunManifest | null = null
    try {
      manifest = readManifest(resultsDir, id)
    } catch {
      // A damaged manifest: not resumable; left for the user to inspect.
    }
    if (!manifest) continue
    const last = manifest.sessions.at(-1)!
    const dir = journalDir(resultsDir, id)
    let records: number | undefined
    // A journal brought from another machine (a CI re-run) is never running here, whatever its pid.
    const running = (last.host === undefined || last.host === hostname()) && processAlive(last.pid)
    // Counted only for the runs whose records matter (unfinished ones, the one resumed): finished
    // runs' journals pile up in the results folder, and every start would read them all.
    found.push({
      manifest,
      running,
      get records() {
        return (records ??= journaledRecords(dir))
      },
    })
  }
  return found.sort((a, b) => b.manifest.createdAt.localeCompare(a.manifest.createdAt) || b.manifest.runId.localeCompare(a.manifest.runId))
}

/** Whether a run's journal files hold nothing at all (there may be none). */
const noJournalBytes = (dir: string) => journalFiles(dir).every((f) => statSync(join(dir, f)).size === 0)

/**
 * Removes journals that hold no record and whose process is gone (a run killed before its first
 * test ended, or one that ended without a record). A finished run's journal is told empty by the
 * size of its files, without reading them.
 */
export function removeEmptyJournals(resultsDir: string, journals: readonly JournalInfo[]): string[] {
  const empty = journals.filter((j) => !j.running && (j.manifest.finished === null ? j.records === 0 : noJournalBytes(journalDir(resultsDir, j.manifest.runId))))
  for (const j of empty) rmSync(journalDir(resultsDir, j.manifest.runId), { recursive: true, force: true })
  return empty.map((j) => j.manifest.runId)
}

/**
 * What follows a stopped run's name: what its journal holds (null: not known) and the settings that
 * continue it (with `resultsDir`, the ORGBENCH_RESULTS_DIR the run was given).
 */
export function resumeAdvice(runId: string, records: number | null, resultsDir: string | null = null): string {
  const held = records === null ? 'its journal is in the results folder' : `${records} record(s) are journaled`
  return `stopped before writing its results; ${held}. Resume it with ${resultsDir === null ? '' : `ORGBENCH_RESULTS_DIR=${resultsDir} `}ORGBENCH_RESUME=${runId}`
}

/**
 * Runs that stopped before writing their results (newest first), as listJournals found them; not a
 * run whose last session ended normally without results (a shard waiting for its merge).
 */
function unfinishedRuns(journals: readonly JournalInfo[]): JournalInfo[] {
  return journals.filter((j) => j.manifest.finished === null && j.manifest.sessions.at(-1)!.endedAt === undefined && j.records > 0 && !j.running)
}

/**
 * What the sessions of a run before `session` spent against its dollar cap, from every record they
 * journaled (also those of cases run again later): the cap is the run's, so a resumed session
 * starts from it. Calls of tests still running when a session was killed are not in its journal;
 * with `cache` (the response cache folder), their replies in the run's cache are counted too.
 */
export function spentBefore(journalDir: string, session: number, cache?: { dir: string; runId: string; sessionsStartedAt: readonly string[] }): CapSpend {
  const journaled = new Set<string>()
  const spent = journalCapSpend(journalDir, { session: (s) => s < session, each: (entry) => journaled.add(sessionScope(entry.session, scopeOf(entry.record))) })
  if (cache) spent.usd = round8(spent.usd + unjournaledSpend(cache.dir, cache.runId, cache.sessionsStartedAt, session, journaled).usd)
  // Calls in flight when an earlier session was cut off are in neither: what its coordinator counted, in flight at their worst case, is.
  spent.usd = round8(Math.max(spent.usd, countedBySessions(journalDir, session)))
  return spent
}

/** Lines telling how to resume runs that stopped before writing their results (newest first, at most three). */
export function unfinishedNotice(journals: readonly JournalInfo[]): string[] {
  const unfinished = unfinishedRuns(journals)
  const lines = unfinished
    .slice(0, 3)
    .map((j) => `[orgbench] run ${j.manifest.runId} (started ${j.manifest.createdAt}) ${resumeAdvice(j.manifest.runId, j.records)}`)
  if (unfinished.length > 3) lines.push(`[orgbench] ... and ${unfinished.length - 3} older unfinished run(s) in the journal folder`)
  if (lines.length > 0) lines.push('[orgbench] (ORGBENCH_RESUME=latest resumes the newest unfinished run)')
  return lines
}

/**
 * The manifest of the run to resume; a ResumeError lists what can be resumed when the id is unknown.
 * "latest" is the newest run that stopped before writing its results (the one the start notice
 * names), or, when there is none, the newest journal (a finished run kept for its errors).
 */
export function findResumable(resultsDir: string, wanted: string, journals: readonly JournalInfo[]): RunManifest {
  const candidates = journals.filter((j) => !j.running)
  const found = wanted === 'latest' ? (unfinishedRuns(candidates)[0] ?? candidates[0]) : candidates.find((j) => j.manifest.runId === wanted)
  if (found) return found.manifest
  // "latest" with no other journal but a running one means that run: say it is running, not that there is no journal.
  const running = journals.find((j) => (wanted === 'latest' || j.manifest.runId === wanted) && j.running)
  if (running) throw new ResumeError(`ORGBENCH_RESUME=${wanted}: ${wanted === 'latest' ? `run ${running.manifest.runId}, the newest with a journal, is` : 'that run is'} still running (process ${running.manifest.sessions.at(-1)!.pid})${wanted === 'latest' ? '; no other run can be resumed' : ''}`)
  const known = candidates.slice(0, 5).map((j) => j.manifest.runId)
  // A mistyped id is most often an older run than the five listed.
  const hint = wanted === 'latest' ? undefined : closestMatch(wanted, candidates.map((j) => j.manifest.runId))
  throw new ResumeError(
    `ORGBENCH_RESUME=${wanted}: no journal of ${wanted === 'latest' ? 'any run' : `run ${wanted}`} in ${journalsDir(resultsDir)}` +
      (hint !== undefined ? `; did you mean ${hint}?` : '') +
      (known.length > 0 ? `; runs that can be resumed: ${known.join(', ')}` : '; a run leaves a journal there while it runs and, unless it completes without errors, after it'),
  )
}

/**
 * How a run made by an older orgbench behaved in the settings its manifest does not record, where
 * that is known (BEHAVIOUR_BEFORE_RECORDED); its journal tells whether it had the compute-matched
 * arms (any self_refine@<topology> record), which a run made before that setting was recorded may have had.
 */
export function behaviourBeforeRecorded(manifest: RunManifest, journalDir: string): Record<string, unknown> {
  const known: Record<string, unknown> = { ...BEHAVIOUR_BEFORE_RECORDED }
  if (!('computeMatched' in manifest.settings) && journalHasMatchedArm(journalDir)) known.computeMatched = 'on'
  return unrecorded(known, manifest)
}

/** The settings of `known` that the run's manifest does not record. */
const unrecorded = (known: Readonly<Record<string, unknown>>, manifest: RunManifest) => Object.fromEntries(Object.entries(known).filter(([k]) => !(k in manifest.settings)))

/** Whether a run's journal holds a record of a compute-matched arm (self_refine@<topology>). */
function journalHasMatchedArm(dir: string): boolean {
  return journalFiles(dir).some((file) => readFileSync(join(dir, file), 'utf8').includes('"topology":"self_refine@'))
}

/**
 * Throws a ResumeError naming every setting that differs from the run's (lib/results/settings.ts;
 * not the result-neutral ones, see runSettingDifferences), and, when `prices` are given, every price of the
 * run's models that differs from the one its manifest recorded. `older`: what a run made before a
 * setting was recorded had (behaviourBeforeRecorded).
 */
export function checkSameSettings(
  manifest: RunManifest,
  current: Record<string, unknown>,
  options: { prices?: PriceTable; older?: Record<string, unknown> } = {},
): void {
  // A run made by an older orgbench does not record the settings added since; where its behaviour is known, it is that value.
  const older = options.older ?? unrecorded(BEHAVIOUR_BEFORE_RECORDED, manifest)
  const differing = [
    ...runSettingDifferences({ ...older, ...manifest.settings }, current),
    ...(options.prices ? priceDifferences(manifest.prices, options.prices, [manifest.config.model, manifest.config.judgeModel]) : []),
  ]
  if (differing.length === 0) return
  const shown = (setting: string, value: unknown) => (setting.startsWith('prices.') && value === null ? 'no price' : showSetting(value))
  const had = (setting: string, value: unknown) =>
    setting in older ? `${showSetting(value)} (made before orgbench recorded this setting)` : value === undefined ? 'no such setting (an older orgbench)' : shown(setting, value)
  const priced = differing.some((d) => d.setting.startsWith('prices.'))
  throw new ResumeError(
    `ORGBENCH_RESUME=${manifest.runId}: the run was made with other settings, so resumed records would not be comparable:\n` +
      differing.map((d) => {
        const variable = settingVariable(d.setting)
        return `  - ${d.setting}${variable ? ` (${variable})` : ''}: the run had ${had(d.setting, d.before)}, now ${shown(d.setting, d.after)}`
      }).join('\n') +
      `\nResume with the settings of the run${priced ? ' (for prices, an ORGBENCH_PRICES file with the rates the run had: its manifest, run.json in its journal folder, records them)' : ''}, or start a new run.`,
  )
}
