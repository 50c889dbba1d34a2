/** The baselines every topology is compared with: the single agent, and the budget-matched single agent. */
export const BASELINE_TOPOLOGIES = { vsSingle: 'single', vsSelfRefine: 'self_refine' } as const

const MATCHED_PREFIX = 'self_refine@'

/** The id of the self_refine case matched to `peer`'s spend, e.g. "self_refine@hrm". */
export function matchedSingleId(peer: string): string {
  return `${MATCHED_PREFIX}${peer}`
}

/** The topology whose spend a matched self_refine id copies ("hrm" for "self_refine@hrm"); null for any other id. */
export function matchedPeerOf(topology: string): string | null {
  return topology.startsWith(MATCHED_PREFIX) ? topology.slice(MATCHED_PREFIX.length) : null
}

/**
 * The topology whose median spend in the same run sets `topology`'s token budget: the peer of
 * self_refine@<peer>, and star for self_refine unless its budget is fixed
 * (ORGBENCH_SELF_REFINE_BUDGET); null for every other topology.
 */
export function budgetPeerOf(topology: string, fixedSelfRefineBudget = false): string | null {
  if (topology === BASELINE_TOPOLOGIES.vsSelfRefine) return fixedSelfRefineBudget ? null : 'star'
  return matchedPeerOf(topology)
}

/** Topologies that are one agent spending more or less compute: single, self_refine and its matched variants, single@<budget>. */
export function isSingleAgent(topology: string): boolean {
  return topology === BASELINE_TOPOLOGIES.vsSingle || topology === BASELINE_TOPOLOGIES.vsSelfRefine || topology.startsWith('single@') || matchedPeerOf(topology) !== null
}

/**
 * The compute-matched baseline of topology `topology`: the single agent that may spend what the
 * organisation spends, so that "the organisation helps" is never "more compute helps". That is
 * `self_refine@<topology>` when the run has it (ORGBENCH_COMPUTE_MATCHED=on), otherwise self_refine
 * (matched to star); null for the single agents themselves. Every comparison with the matched
 * single agent asks this one function, so the choice can change in one place.
 */
export function computeMatchedBaseline(topology: string, present: ReadonlySet<string> = new Set()): string | null {
  if (isSingleAgent(topology)) return null
  return present.has(matchedSingleId(topology)) ? matchedSingleId(topology) : BASELINE_TOPOLOGIES.vsSelfRefine
}

/**
 * How a report names `against`, the compute-matched baseline `topology` was compared with, in a run
 * that has matched variants: plain self_refine spent star's budget, so where it stands in for
 * another organisation's own matched variant (none was declared, or none of its trials finished)
 * the name says so rather than let the reader take it for one matched to that organisation.
 */
export function matchedBaselineName(topology: string, against: string): string {
  return against === BASELINE_TOPOLOGIES.vsSelfRefine && topology !== 'star' ? `${against}, matched to star's spend, not ${topology}'s` : against
}

/**
 * The tasks on which self_refine ran with an estimated budget (source "estimate": star was not in
 * the run, or none of star's trials of the task finished), sorted. There its "matched" budget is a
 * formula, not star's spend, and every "Δ vs matched" against it must say so.
 */
export function estimatedBudgetTasks(cases: ReadonlyArray<{ task: string; topology: string; budgetSource?: string }>): string[] {
  return [...new Set(cases.filter((c) => c.topology === BASELINE_TOPOLOGIES.vsSelfRefine && c.budgetSource === 'estimate').map((c) => c.task))].sort()
}

/** The mark on a "Δ vs matched" against a self_refine whose budget was an estimate. */
export const ESTIMATED_MARK = '†'

/**
 * The note under a table whose "Δ vs matched" cells carry ESTIMATED_MARK; null when no task had an
 * estimated budget. In a learning run the budget is always an estimate: the loop runs its arms one
 * after another (single, self_refine, star) and never hands self_refine star's spend.
 */
export function estimatedBudgetNote(tasks: readonly string[], options: { learning?: boolean } = {}): string | null {
  if (tasks.length === 0) return null
  if (options.learning) return `${ESTIMATED_MARK} vs an estimated budget: in a learning run self_refine's arm is never matched to star's spend (the loop runs its arms one after another, single, self_refine, star), so on ${tasks.join(', ')} its budget was estimated from its own first draft; set ORGBENCH_SELF_REFINE_BUDGET for a fixed one`
  return `${ESTIMATED_MARK} vs an estimated budget: self_refine had no star spend to match on ${tasks.join(', ')} (star not in the run, or none of its trials finished), so its budget was estimated from its own first draft; set ORGBENCH_SELF_REFINE_BUDGET or run star with it`
}

/** The mark on a "Δ vs matched" against plain self_refine in the row of an organisation other than star: that self_refine spent star's budget, not the row's. */
export const STAR_MATCHED_MARK = '‡'

/** Whether `against`, the matched baseline `topology` was compared with, spent another organisation's budget (plain self_refine, matched to star) rather than `topology`'s. */
export function matchedToAnother(topology: string, against: string | undefined): boolean {
  return against === BASELINE_TOPOLOGIES.vsSelfRefine && topology !== 'star' && !isSingleAgent(topology)
}

/** Whether a "Δ vs matched" `d` of `topology`'s row carries STAR_MATCHED_MARK: it is shown, and against self_refine matched to star's spend rather than the row's. */
export function carriesStarMatchedMark(topology: string, d: { against: string; mean: number | null } | null | undefined): boolean {
  return d != null && d.mean !== null && matchedToAnother(topology, d.against)
}

/** How a sentence names `against`, plain self_refine, as the matched baseline of `topology`, another organisation: by whose spend it matched. */
export const starMatchedName = (topology: string, against: string): string => `${against} (matched to star's spend, not ${topology}'s)`

/**
 * The note under a table whose "Δ vs matched" cells carry STAR_MATCHED_MARK (`topologies`: those
 * rows); null when there are none. Those organisations may spend several times star's budget.
 */
export function starMatchedNote(topologies: readonly string[]): string | null {
  if (topologies.length === 0) return null
  return `${STAR_MATCHED_MARK} vs self_refine matched to star's spend, not the row's own (${topologies.join(', ')}): not a compute-matched comparison for these; ORGBENCH_COMPUTE_MATCHED=on runs a self_refine@<topology> matched to each organisation`
}

/** The rows of `groups` whose "Δ vs matched" carries STAR_MATCHED_MARK. */
export function starMatchedRows(groups: ReadonlyArray<{ topology: string; vsSelfRefine?: { against: string; mean: number | null } | null }>): string[] {
  return groups.filter((g) => carriesStarMatchedMark(g.topology, g.vsSelfRefine)).map((g) => g.topology)
}

/** The notes under a per-topology table on what its "Δ vs matched" cells were matched to (estimatedBudgetNote, starMatchedNote), as one; null when neither applies. */
export function matchedNotes(groups: Parameters<typeof starMatchedRows>[0], estimatedTasks: readonly string[], options: { learning?: boolean } = {}): string | null {
  const notes = [estimatedBudgetNote(estimatedTasks, options), starMatchedNote(starMatchedRows(groups))].filter((n): n is string => n !== null)
  return notes.length === 0 ? null : notes.join('. ')
}
