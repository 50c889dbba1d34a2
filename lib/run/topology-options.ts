import type { Config } from '../config.js'
import { totalTokens } from '../results/cost.js'
import { matchedPeerOf, matchedSingleId } from '../results/matched-baseline.js'
import { MATCHED_PEERS } from '../topologies/index.js'
import { median } from '../eval/stats.js'
import type { PeerResults } from './peers.js'
import type { SelfRefineOptions } from '../topologies/options.js'

/**
 * The median org tokens (prompt + completion) of `peer`'s finished trials of the same task in this
 * run, waiting for them; null when none finished. A trial whose organisation finished counts even
 * if its judge failed afterwards; one whose tokens are unknown (no usage reported) cannot say what
 * the peer spent.
 */
async function peerMedianTokens(config: Config, peers: PeerResults, peer: string): Promise<number | null> {
  const spends: number[] = []
  for (let trial = 1; trial <= config.trials; trial++) {
    const record = await peers.record(peer, trial)
    const spent = record?.deliverable ? totalTokens(record.cost.org) : null
    if (spent !== null) spends.push(spent)
  }
  const target = median(spends)
  return target === null ? null : Math.round(target)
}

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
  const target = await peerMedianTokens(config, peers, 'star')
  return target === null ? { budgetTokens: null, budgetSource: 'estimate' } : { budgetTokens: target, budgetSource: 'star-median' }
}

/** Why a matched self_refine has no budget: its peer is not in this run, or none of its trials finished. */
export class MatchedPeerError extends Error {
  override name = 'peer'
}

/**
 * The token target of self_refine@<peer>: the median spend of the peer's finished trials of the same
 * task in this run (source "<peer>-median"). Never an estimate nor ORGBENCH_SELF_REFINE_BUDGET:
 * without the peer's spend there is nothing to match, and the case is a recorded error.
 */
export async function matchedBudget(config: Config, peers: PeerResults | undefined, peer: string): Promise<SelfRefineOptions> {
  if (!peers?.scheduled(peer)) throw new MatchedPeerError(`${peer} is not scheduled in this run: self_refine@${peer} has no spend to match`)
  const target = await peerMedianTokens(config, peers, peer)
  if (target === null) throw new MatchedPeerError(`none of ${peer}'s ${config.trials} trial(s) of this task finished with known tokens: self_refine@${peer} has no spend to match`)
  return { budgetTokens: target, budgetSource: `${peer}-median` }
}

/** The options a topology runs with, from the configuration (and, for self_refine and its matched variants, a peer's results). */
export async function topologyOptions(topology: string, config: Config, peers?: PeerResults): Promise<Record<string, unknown>> {
  if (topology === 'hrm') return { ...config.hrm }
  if (topology === 'self_refine') return { ...(await selfRefineBudget(config, peers)) }
  const peer = matchedPeerOf(topology)
  if (peer !== null) return { ...(await matchedBudget(config, peers, peer)) }
  return {}
}

/**
 * The topologies a run declares, in order: `chosen`, then, with ORGBENCH_COMPUTE_MATCHED=on,
 * self_refine@<topology> for each organisation of MATCHED_PEERS among them (declared after its peer,
 * so that it only ever waits for a test Vitest started before it).
 */
export function withMatched(config: Pick<Config, 'computeMatched'>, chosen: readonly string[]): string[] {
  return [...chosen, ...(config.computeMatched ? MATCHED_PEERS.filter((p) => chosen.includes(p)).map(matchedSingleId) : [])]
}
