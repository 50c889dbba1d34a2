import type { Config } from '../config.js'

/*
 * Said by the global setup before the first test, apart from topology-options.ts: that module
 * loads every topology, which the run's main process never runs.
 */

/**
 * The warning a benchmark run prints at its start when self_refine will have no star spend to
 * match: ORGBENCH_TOPOLOGIES selects self_refine without star, and ORGBENCH_SELF_REFINE_BUDGET is
 * not set. (When star runs but none of its trials of a task finishes, the summary marks it.)
 */
export function estimatedBudgetWarning(config: Pick<Config, 'selfRefineBudget' | 'topologies'>): string | null {
  if (config.selfRefineBudget !== null || config.topologies === null) return null
  if (!config.topologies.includes('self_refine') || config.topologies.includes('star')) return null
  return "self_refine: star is not in this run (ORGBENCH_TOPOLOGIES), so self_refine's token budget is estimated from its own first draft, not star's median spend; every \"Δ vs matched\" against it compares with that estimate (marked † in the summary). Add star, or set ORGBENCH_SELF_REFINE_BUDGET"
}
