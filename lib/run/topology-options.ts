import type { Config } from '../config.js'
import { totalTokens } from '../results/cost.js'
import { matchedPeerOf, matchedSingleId } from '../results/matched-baseline.js'
import { MATCHED_PEERS } from '../topologies/index.js'
import { median } from '../eval/stats.js'
import type { PeerResults } from './peers.js'
import type { TestRecord } from '../results/record.js'
import type { SelfRefineOptions } from '../topologies/options.js'

/** The records of `peer`'s trials of the same task in this run, waiting for them (null: a trial that left none). */
async function peerTrials(config: Config, peers: PeerResults, peer: string): Promise<Array<TestRecord | null>> {
  const records: Array<TestRecord | null> = []
  for (let trial = 1; trial <= config.trials; trial++) records.push(await peers.record(peer, trial))
  return records
}

/**
 * The median org tokens (prompt + completion) of a peer's finished trials; null when none finished.
 * A trial whose organisation finished counts even if its judge failed afterwards; one whose tokens
 * are unknown (no usage reported) cannot say what the peer spent.
 */
function medianTokens(records: ReadonlyArray<TestRecord | null>): number | null {
  const spends: number[] = []
  for (const record of records) {
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
  const target = medianTokens(await peerTrials(config, peers, 'star'))
  return target === null ? { budgetTokens: null, budgetSource: 'estimate' } : { budgetTokens: target, budgetSource: 'star-median' }
}

/** Why a matched self_refine has no budget: its peer is not in this run, or none of its trials finished. */
export class MatchedPeerError extends Error {
  override name = 'peer'
}

/**
 * A matched self_refine whose peer the dollar cap stopped: it did not run because of the cap, so it
 * is recorded as a `budget` error, counted among the cases the cap stopped, and a resume with a
 * higher cap runs it.
 */
export class MatchedPeerCappedError extends Error {
  override name = 'budget'
}

/**
 * The token target of self_refine@<peer>: the median spend of the peer's finished trials of the same
 * task in this run (source "<peer>-median"). Never an estimate nor ORGBENCH_SELF_REFINE_BUDGET:
 * without the peer's spend there is nothing to match, and the case is a recorded error.
 */
export async function matchedBudget(config: Config, peers: PeerResults | undefined, peer: string): Promise<SelfRefineOptions> {
  if (!peers?.scheduled(peer)) throw new MatchedPeerError(`${peer} is not scheduled in this run: self_refine@${peer} has no spend to match`)
  const trials = await peerTrials(config, peers, peer)
  const target = medianTokens(trials)
  if (target !== null) return { budgetTokens: target, budgetSource: `${peer}-median` }
  const capped = trials.filter((r) => r?.errors.some((e) => e.kind === 'budget')).length
  if (capped > 0) {
    throw new MatchedPeerCappedError(`none of ${peer}'s ${config.trials} trial(s) of this task finished, ${capped} of them stopped by the dollar cap (ORGBENCH_MAX_USD): self_refine@${peer} has no spend to match, and runs when a resume with a higher cap has run ${peer}`)
  }
  throw new MatchedPeerError(`none of ${peer}'s ${config.trials} trial(s) of this task finished with known tokens: self_refine@${peer} has no spend to match`)
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
