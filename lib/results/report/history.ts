import { compareTopologies } from '../../topologies/types.js'
import type { Interval } from '../schema.js'
import type { RunFile } from '../schema.js'
import { differencePhrase, scoreSettingDifferences } from './comparable.js'

/*
 * The history page's model: each topology's score and cost across the committed weekly runs, one
 * panel per agent model. Simulated runs are never mixed in (they are counted and named apart), and
 * runs that are not complete are left out: the page shows only what a weekly run may commit. A
 * run made under other score-changing settings than the one before it (memory off, judge off, …),
 * or over another set of tasks (a finance-only run after an all-tracks one: its mean is over other
 * tasks), stays in its panel, marked, and its line is not joined to the previous point.
 */

/** One value of a series with its 95 % interval (null when the run lacks the topology). */
export interface HistoryPoint {
  value: number
  ci: Pick<Interval, 'lo' | 'hi'> | null
}

export interface HistorySeries {
  topology: string
  /** One per run of the panel, oldest first. */
  score: Array<HistoryPoint | null>
  cost: Array<HistoryPoint | null>
}

export interface HistoryRun {
  runId: string
  createdAt: string
  tasks: number
  trials: number
  judgeModel: string
  /** The score-changing settings and the task set that differ from the panel's previous run ("memory off (previous run: persisted)"); null for none or the first run. */
  settingsChange: string | null
}

/** Every committed run of one agent model. */
export interface HistoryPanel {
  model: string
  provider: string
  runs: HistoryRun[]
  series: HistorySeries[]
}

export interface HistoryModel {
  panels: HistoryPanel[]
  /** Run files given but left out, with why ("simulated", "partial"). */
  excluded: Array<{ runId: string; reason: string }>
}

const point = (s: { mean: number | null; ci: Interval | null } | undefined): HistoryPoint | null =>
  s === undefined || s.mean === null ? null : { value: s.mean, ci: s.ci && { lo: s.ci.lo, hi: s.ci.hi } }

const tasksOf = (run: RunFile) => [...new Set(run.cases.map((c) => c.task))].sort()

/** How a run's tasks differ from the previous run's ("tasks 1 (previous run: 3; not in this run: a, b)"); null when they are the same. */
function taskSetChange(previous: RunFile, run: RunFile): string | null {
  const before = tasksOf(previous)
  const after = tasksOf(run)
  const left = before.filter((t) => !after.includes(t))
  const added = after.filter((t) => !before.includes(t))
  if (left.length === 0 && added.length === 0) return null
  const parts = [`previous run: ${before.length}`, ...(left.length > 0 ? [`not in this run: ${left.join(', ')}`] : []), ...(added.length > 0 ? [`new in this run: ${added.join(', ')}`] : [])]
  return `tasks ${after.length} (${parts.join('; ')})`
}

/** A run's score-changing settings and task set against the previous run's, as a phrase; null when they are the same. */
function settingsChange(previous: RunFile | undefined, run: RunFile): string | null {
  if (previous === undefined) return null
  const differences = scoreSettingDifferences(previous, run)
  const tasks = taskSetChange(previous, run)
  const phrases = [...(differences.length === 0 ? [] : [differencePhrase(differences, 'previous run')]), ...(tasks === null ? [] : [tasks])]
  return phrases.length === 0 ? null : phrases.join(', ')
}

/** Builds the history from run files (any order), one point per run id; simulated and incomplete runs are excluded and listed. */
export function buildHistory(runs: readonly RunFile[]): HistoryModel {
  const excluded: HistoryModel['excluded'] = []
  const kept: RunFile[] = []
  const seen = new Set<string>()
  for (const r of runs) {
    if (seen.has(r.runId)) continue
    seen.add(r.runId)
    if (r.simulated) excluded.push({ runId: r.runId, reason: 'simulated (tests the machinery, not a model)' })
    else if (r.status !== 'complete') excluded.push({ runId: r.runId, reason: r.status })
    else kept.push(r)
  }
  const byModel = new Map<string, RunFile[]>()
  for (const r of kept) byModel.set(r.config.model, [...(byModel.get(r.config.model) ?? []), r])
  const panels = [...byModel.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([model, rs]) => {
      const ordered = [...rs].sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.runId.localeCompare(b.runId))
      const topologies = [...new Set(ordered.flatMap((r) => r.summaries.filter((g) => g.by === 'all').map((g) => g.topology)))].sort(compareTopologies)
      const series = topologies.map((topology) => {
        const groups = ordered.map((r) => r.summaries.find((g) => g.by === 'all' && g.topology === topology))
        return { topology, score: groups.map((g) => point(g?.headline)), cost: groups.map((g) => point(g?.orgUsd)) }
      })
      return {
        model,
        provider: ordered[ordered.length - 1]!.config.provider,
        runs: ordered.map((r, i) => ({ runId: r.runId, createdAt: r.createdAt, tasks: tasksOf(r).length, trials: r.config.trials, judgeModel: r.config.judgeModel, settingsChange: settingsChange(ordered[i - 1], r) })),
        series,
      }
    })
  return { panels, excluded: excluded.sort((a, b) => a.runId.localeCompare(b.runId)) }
}
