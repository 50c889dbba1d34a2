import { repetitionText } from '../render.js'
import type { RunFile, RunStatus } from '../schema.js'
import { differencePhrase, scoreSettingDifferences } from './comparable.js'
import type { SettingDifference } from '../settings.js'

/*
 * Which run each part of a report comes from. A paired difference is only meaningful between trials
 * of one run (same seed, same inputs), so a task is taken whole from one run, never cell by cell:
 * the newest run that has it. Runs that supply nothing are listed with the reason.
 */

/** A run whose trials the report's tables show, and the tasks it supplies. */
export interface ReportSource {
  runId: string
  createdAt: string
  model: string
  simulated: boolean
  seed: number
  trials: number
  /** A learning run's repetitions (its ORGBENCH_LEARN_* settings, lib/results/render.ts repetitionText); null for a benchmark run. */
  learning: string | null
  status: RunStatus
  statusReasons: string[]
  /** How many times the run was started: 1, plus one per resume. */
  sessions: number
  /** The tasks taken from this run, sorted (every topology of each). */
  tasks: string[]
}

/** A run given to the report whose trials are not in its tables, and why. */
export interface LeftOutRun {
  runId: string
  reason: string
}

/** Oldest first: by creation time, then run id. */
export const byCreation = (a: RunFile, b: RunFile) => a.createdAt.localeCompare(b.createdAt) || a.runId.localeCompare(b.runId)

const tasksOf = (run: RunFile) => [...new Set(run.cases.map((c) => c.task))].sort()

/**
 * Each task from the newest of `newestFirst` (runs of one model and kind) that has it. The newest
 * run is always a source, even one without a case, so the report describes the run it was asked for.
 */
export function takeWholeTasks(newestFirst: readonly RunFile[]): Array<{ run: RunFile; tasks: string[] }> {
  const taken = new Set<string>()
  const chosen: Array<{ run: RunFile; tasks: string[] }> = []
  for (const run of newestFirst) {
    const tasks = tasksOf(run).filter((t) => !taken.has(t))
    if (tasks.length === 0 && chosen.length > 0) continue
    for (const t of tasks) taken.add(t)
    chosen.push({ run, tasks })
  }
  return chosen
}

export function describeSource({ run, tasks }: { run: RunFile; tasks: string[] }): ReportSource {
  return {
    runId: run.runId,
    createdAt: run.createdAt,
    model: run.config.model,
    simulated: run.simulated,
    seed: run.config.seed,
    trials: run.config.trials,
    learning: run.learning ? repetitionText(run) : null,
    status: run.status,
    statusReasons: run.statusReasons,
    sessions: run.sessions,
    tasks,
  }
}

/**
 * Why each run of `oldestFirst` that supplies no trial is left out of the tables. A run of another
 * model of the same kind that stands for its model (`standing`: model → run ids, the per-model
 * series) is not listed. `curve`: the run ids of the learning curve, which still shows superseded runs.
 */
export function leftOutRuns(oldestFirst: readonly RunFile[], primary: RunFile, sources: readonly ReportSource[], curve: ReadonlySet<string>, standing: ReadonlyMap<string, readonly RunFile[]>): LeftOutRun[] {
  const used = new Set(sources.map((s) => s.runId))
  const kind = (simulated: boolean) => (simulated ? 'simulated' : 'real-model')
  const apart = (differences: SettingDifference[]) => `made under other settings than the newest run's, which change what its scores mean, so it is kept apart: ${differencePhrase(differences, 'newest run')}`
  return oldestFirst.flatMap((run): LeftOutRun[] => {
    if (used.has(run.runId)) return []
    if (run.simulated !== primary.simulated) return [{ runId: run.runId, reason: `a ${kind(run.simulated)} run; this report shows ${kind(primary.simulated)} runs, and the two never mix` }]
    const model = run.config.model
    if (model !== primary.config.model) {
      const stand = standing.get(model) ?? []
      const ids = stand.map((r) => r.runId).join(', ')
      if (stand.some((r) => r.runId === run.runId)) return []
      const differences = scoreSettingDifferences(primary, run, { acrossModels: true })
      if (differences.length > 0) return [{ runId: run.runId, reason: `a run of ${model} ${apart(differences)}` }]
      if (run.status === 'failed') return [{ runId: run.runId, reason: `a failed run of ${model}; its runs with successful cases stand for that model (${ids})` }]
      const ownDifferences = scoreSettingDifferences(stand[0]!, run)
      if (ownDifferences.length > 0) return [{ runId: run.runId, reason: `a run of ${model} made under other settings than its newest run's (${stand[0]!.runId}), so it is kept apart: ${differencePhrase(ownDifferences, 'that run')}` }]
      return [{ runId: run.runId, reason: `an older run of ${model}; each of its tasks is taken whole from a newer run of it (${ids})` }]
    }
    const differences = scoreSettingDifferences(primary, run)
    if (differences.length > 0) return [{ runId: run.runId, reason: apart(differences) }]
    const mine = new Set(tasksOf(run))
    if (mine.size === 0) return [{ runId: run.runId, reason: 'it has no case' }]
    const by = sources.filter((s) => s.tasks.some((t) => mine.has(t))).map((s) => s.runId)
    const still = curve.has(run.runId) ? '; still a point of the learning curve' : ''
    return [{ runId: run.runId, reason: `superseded: each of its tasks is taken whole from a newer run (${by.join(', ')})${still}` }]
  })
}

/** A setting of the sources: its one value, or every value and "by run" when they differ. */
export function sourceSetting(sources: readonly ReportSource[], pick: (s: ReportSource) => number | string): { text: string; varies: boolean } {
  const values = [...new Set(sources.map(pick))]
  return { text: values.join(' or '), varies: values.length > 1 }
}

/** What each case of the sources repeats: "3 trial(s) per case", or a learning run's settings. */
export const repeatsSetting = (sources: readonly ReportSource[]) => sourceSetting(sources, (s) => s.learning ?? `${s.trials} trial(s) per case`)

/** One line per source when there are several: the run, its seed, trials, status and resumes, and its tasks; the run (and its resumes) alone when there is one. */
export function sourceLines(sources: readonly ReportSource[]): string[] {
  const resumed = (s: ReportSource) => (s.sessions > 1 ? `resumed ${s.sessions - 1} time(s)` : '')
  if (sources.length === 1) return [`${sources[0]!.runId}${resumed(sources[0]!) === '' ? '' : ` (${resumed(sources[0]!)})`}`]
  return sources.map((s) => `${s.runId} (${[`seed ${s.seed}`, s.learning ?? `${s.trials} trial(s)`, s.status === 'complete' ? '' : s.status, resumed(s)].filter(Boolean).join(', ')}): ${s.tasks.join(', ')}`)
}

/**
 * The status of what the report shows: `failed` when no trial in it succeeded, `partial` when a
 * source run is not complete (with its reasons), else `complete`. `text` is empty when complete.
 */
export function reportStatus(sources: readonly ReportSource[], records: ReadonlyArray<{ status: 'ok' | 'error' }>): { status: RunStatus; text: string } {
  if (!records.some((r) => r.status === 'ok')) return { status: 'failed', text: records.length === 0 ? 'no case produced a record' : `no case succeeded (all ${records.length} errored)` }
  const incomplete = sources.filter((s) => s.status !== 'complete')
  if (incomplete.length === 0) return { status: 'complete', text: '' }
  const why = (s: ReportSource) => s.statusReasons.join('; ') || s.status
  return { status: 'partial', text: sources.length === 1 ? why(incomplete[0]!) : incomplete.map((s) => `${s.runId} is ${s.status}: ${why(s)}`).join('; ') }
}

/** The status as one phrase: "complete", or "partial — filtered by ORGBENCH_TASKS=…". */
export function statusPhrase(status: { status: RunStatus; text: string }): string {
  return status.text === '' ? status.status : `${status.status} — ${status.text}`
}
