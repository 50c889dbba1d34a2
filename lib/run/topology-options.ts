import type { Config } from '../config.js'
import { totalTokens } from '../results/cost.js'
import { median } from '../eval/stats.js'
import type { PeerResults } from './peers.js'
import type { SelfRefineOptions } from '../topologies/options.js'

/**
 * self_refine's token target, in prompt + completion tokens of the organisation's calls:
 * - ORGBENCH_SELF_REFINE_BUDGET when set (source "override");
 * - otherwise the median spend of star's finished trials of the same task in this run, waiting for
 *   them (source "star-median"; star is declared before self_refine, so it is already running);
 * - otherwise (star not scheduled, or none of its trials succeeded) no target: self_refine then
 *   estimates star's spend from its own first draft (source "estimate", see estimateStarTokens).
 */
export async function selfRefineBudget(config: Config, peers: PeerResults | undefined): Promise<SelfRefineOptions> {
  if (config.selfRefineBudget !== null) return { budgetTokens: config.selfRefineBudget, budgetSource: 'override' }
  if (!peers?.scheduled('star')) return { budgetTokens: null, budgetSource: 'estimate' }
  const spends: number[] = []
  for (let trial = 1; trial <= config.trials; trial++) {
    const record = await peers.record('star', trial)
    // A trial whose organisation finished counts, even if its judge failed afterwards; one whose
    // tokens are unknown (no usage reported) cannot say what star spent.
    const spent = record?.deliverable ? totalTokens(record.cost.org) : null
    if (spent !== null) spends.push(spent)
  }
  const target = median(spends)
  return target === null ? { budgetTokens: null, budgetSource: 'estimate' } : { budgetTokens: Math.round(target), budgetSource: 'star-median' }
}

/** The options a topology runs with, from the configuration (and, for self_refine, star's results). */
export async function topologyOptions(topology: string, config: Config, peers?: PeerResults): Promise<Record<string, unknown>> {
  if (topology === 'hrm') return { ...config.hrm }
  if (topology === 'self_refine') return { ...(await selfRefineBudget(config, peers)) }
  return {}
}
