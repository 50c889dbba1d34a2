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
