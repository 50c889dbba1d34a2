import { difference, interval, mde, num, usd, winRate } from '../format.js'
import { BASELINE_TOPOLOGIES, carriesStarMatchedMark, ESTIMATED_MARK, STAR_MATCHED_MARK } from '../matched-baseline.js'
import type { CellAggregate, CostSummary, GroupSummary, PairedDifference } from '../schema.js'

/*
 * The report's tables as rows of strings, shared by the HTML page and the markdown summaries so
 * that both show the same columns with the same formatting.
 */

export const TOPOLOGY_COLUMNS = ['topology', 'tasks', 'ok/trials', 'score', '95% CI', 'Δ vs single [95% CI]', 'MDE', 'Δ vs matched [95% CI]', 'wins vs single', 'org $/case', 'pts/$'] as const

/** How the cost columns are formed, for a table's caption. */
export const COST_NOTE = 'org $/case: mean org spend per trial, errored trials that made calls included; n/a (k unknown): k of them have an unknown cost; pts/$: score ÷ org $/case of the tasks the score covers; a score marked (k of n tasks) is the mean over the k tasks where some trial succeeded, so it does not compare with rows over all n'

/** Org dollars per trial: "n/a (2 unknown)" when trials of unknown cost keep the mean unknown. */
export function costCell(s: CostSummary): string {
  return s.unknown ? `n/a (${s.unknown} unknown)` : usd(s.mean)
}

/** "1 of 3 tasks" when the row's score rests on fewer tasks than the row has (a task none of whose trials succeeded has no score); null when it covers them all. */
export function scoreCoverage(g: Pick<GroupSummary, 'tasks' | 'headline'>): string | null {
  return g.headline.mean !== null && g.headline.tasks < g.tasks ? `${g.headline.tasks} of ${g.tasks} tasks` : null
}

const coverageSuffix = (g: Pick<GroupSummary, 'tasks' | 'headline'>) => (scoreCoverage(g) === null ? '' : ` (${scoreCoverage(g)})`)

/**
 * What a row's difference is paired over when that is less than the row: " (5 of 8 tasks)" (its
 * baseline succeeded on none of the others' trials, or a pooled report's runs had it on only some
 * tasks), else " (15 of 24 trials paired)" (a trial counts when both succeeded). Either way the
 * difference is not that of the two rows' scores. Empty when it pairs every trial of the row.
 */
export function pairedCoverage(d: PairedDifference | null | undefined, tasks: number, trials: number): string {
  if (!d || d.mean === null) return ''
  if (d.tasks < tasks) return ` (${d.tasks} of ${tasks} tasks)`
  return d.pairs < trials ? ` (${d.pairs} of ${trials} trials paired)` : ''
}

/** pairedCoverage of the row's "Δ vs single". */
export const singleCoverage = (g: Pick<GroupSummary, 'tasks' | 'trials' | 'vsSingle'>): string => pairedCoverage(g.vsSingle, g.tasks, g.trials)

/** pairedCoverage of the row's "Δ vs matched". */
export const matchedCoverage = (g: Pick<GroupSummary, 'tasks' | 'trials' | 'vsSelfRefine'>): string => pairedCoverage(g.vsSelfRefine, g.tasks, g.trials)

/**
 * A row of the per-topology table. `estimatedTasks` are the tasks where self_refine's budget was an
 * estimate (estimatedBudgetTasks): a "Δ vs matched" against plain self_refine is then marked.
 */
export function topologyCells(g: GroupSummary, estimatedTasks: readonly string[] = []): string[] {
  const estimated = estimatedTasks.length > 0 && g.vsSelfRefine?.against === BASELINE_TOPOLOGIES.vsSelfRefine && g.vsSelfRefine.mean !== null
  return [
    g.topology,
    String(g.tasks),
    `${g.trials - g.errors}/${g.trials}`,
    `${num(g.headline.mean)}${coverageSuffix(g)}`,
    interval(g.headline.ci),
    `${difference(g.vsSingle)}${singleCoverage(g)}`,
    mde(g.vsSingle),
    `${difference(g.vsSelfRefine)}${matchedCoverage(g)}${carriesStarMatchedMark(g.topology, g.vsSelfRefine) ? ` ${STAR_MATCHED_MARK}` : ''}${estimated ? ` ${ESTIMATED_MARK}` : ''}`,
    winRate(g.winRates, 'single'),
    costCell(g.orgUsd),
    num(g.qualityPerDollar.mean, 0),
  ]
}

/** Must-catch items missed in a cell: a dash when no trial of it produced a deliverable (an error is not a miss). */
export function missedCell(c: Pick<CellAggregate, 'trials' | 'errors' | 'mustCatchMissed'>): string {
  return c.errors >= c.trials ? '–' : String(c.mustCatchMissed)
}

export const TASK_COLUMNS = ['task', 'topology', 'ok/trials', 'score', '95% CI', 'Δ vs single [95% CI]', 'MDE', 'must-catch missed', 'org $/case'] as const

/** A task row's "Δ vs single", with the trials it pairs when fewer than the row's. */
export function cellDifference(c: Pick<CellAggregate, 'trials' | 'vsSingle'>): string {
  return `${difference(c.vsSingle)}${pairedCoverage(c.vsSingle, 1, c.trials)}`
}

export function taskCells(c: CellAggregate): string[] {
  return [c.task, c.topology, `${c.trials - c.errors}/${c.trials}`, num(c.headline.mean), interval(c.headline.ci), cellDifference(c), mde(c.vsSingle), missedCell(c), costCell(c.orgUsd)]
}

/** One sentence per topology on what its comparison with single could not resolve (its MDE), or why it has none. */
export function detectabilityNotes(groups: readonly GroupSummary[]): string[] {
  return groups.flatMap((g) => {
    const d = g.vsSingle
    if (d?.note) return [`${g.topology}: ${d.note} against single, so no MDE: this run cannot say which differences it would see.`]
    if (!d || d.mde === null) return []
    const unit = d.tasks > 1 ? `${d.tasks} tasks` : `${d.pairs} paired trials`
    return [`${g.topology}: with ${unit}, a true difference from single smaller than ${d.mde.toFixed(1)} points would go unseen 20 % of the time or more.`]
  })
}
