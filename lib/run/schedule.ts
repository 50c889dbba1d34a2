import { BASELINE_TOPOLOGIES, matchedPeerOf, matchedSingleId } from '../results/matched-baseline.js'
import type { Config } from '../config.js'
import type { Task } from '../tasks/registry.js'
import { findTopology, MATCHED_PEERS } from '../topologies/index.js'
import { type Topology, TOPOLOGY_IDS } from '../topologies/types.js'

/*
 * Scheduling hints: how many calls a case will make and how many of them lie on its longest chain
 * of calls that must run one after another, counting the cases that wait for its record. Each
 * topology's own estimates are on its registry entry (Topology.estimate). They only order permits
 * (see Ledger.priority), never change what a case does or scores.
 * test/run/schedule.test.ts keeps the estimates close to what the cases make.
 */

/** The topologies whose pairwise judgement reads single's deliverable: single's record gates them. */
const JUDGED_AGAINST_SINGLE = [...TOPOLOGY_IDS.filter((t) => t !== BASELINE_TOPOLOGIES.vsSingle), ...MATCHED_PEERS.map(matchedSingleId)]

/** The case that waits for `topology`'s record: self_refine spends what star spent, self_refine@<peer> what its peer spent. */
function followerOf(topology: string): string | null {
  if (topology === 'star') return 'self_refine'
  return (MATCHED_PEERS as readonly string[]).includes(topology) ? matchedSingleId(topology) : null
}

/** The registered topology of an id; self_refine@<peer> spends about what the peer spends. Null for an id no topology has. */
function registered(topology: string): Topology | null {
  return findTopology(matchedPeerOf(topology) ?? topology)
}

/** The organisation's own calls of a case (no judge), from its registry entry's estimate. */
function orgCalls(topology: string, task: Task, config: Config): number {
  return registered(topology)?.estimate.calls(task, config) ?? task.roles.length + 1
}

/** About how many calls a case of a topology makes itself, judge included. */
function ownCalls(topology: string, task: Task, config: Config, singleScheduled = true): number {
  // The rubric judgement (× repeats), the checklist judgement, and, when single runs too, the pairwise pair for every other topology.
  const pairwise = topology !== 'single' && singleScheduled ? 2 : 0
  const checklist = task.checklist.length > 0 ? 1 : 0
  const judge = config.judge === 'on' ? config.judgeRepeats + checklist + pairwise : 0
  return orgCalls(topology, task, config) + judge
}

/**
 * About how many calls lie on a case's own longest chain, judge included: what its wall time is
 * made of when permits are plentiful. self_refine (and its matched variants, which refine until
 * they have spent their peer's budget) is all one chain; pipeline's roles run in turn; star,
 * peer_review and self_decompose fan out between their steps; hrm's segments chain a plan, its
 * cycles of parallel passes with an update each, and a halting check. The judge's calls run side
 * by side: one more.
 */
function ownChain(topology: string, task: Task, config: Config): number {
  const own = matchedPeerOf(topology) === null ? (registered(topology)?.estimate.chain(task, config) ?? 2) : orgCalls(topology, task, config)
  return Math.max(1, own) + (config.judge === 'on' ? 1 : 0)
}

/**
 * About how many calls wait on a case: its own, plus the work of the cases that need its record
 * (the follower of star or of a matched peer; for single, the largest of the judged topologies).
 * Permits go to the case with the most work left after its chain (see Ledger.priority).
 */
export function expectedCalls(topology: string, task: Task, config: Config, scheduled: (topology: string) => boolean = () => false): number {
  const own = ownCalls(topology, task, config, scheduled('single'))
  const follower = followerOf(topology)
  if (follower !== null && scheduled(follower)) return own + ownCalls(follower, task, config, scheduled('single'))
  if (topology === 'single' && config.judge === 'on') return own + Math.max(0, ...JUDGED_AGAINST_SINGLE.filter(scheduled).map((t) => ownCalls(t, task, config)))
  return own
}

/**
 * About how many calls lie on the longest chain that runs through a case: its own, and then the
 * chains of the cases that wait for its record. single's record gates every pairwise judgement,
 * and through star's the whole of self_refine. The case with the longest chain left goes first,
 * so that a long chain never starts last and finishes alone (see Ledger.priority).
 */
export function expectedChain(topology: string, task: Task, config: Config, scheduled: (topology: string) => boolean = () => false): number {
  const own = ownChain(topology, task, config)
  const after = (t: string) => {
    const follower = followerOf(t)
    return follower !== null && scheduled(follower) ? ownChain(follower, task, config) : 0
  }
  const judged = topology === 'single' && config.judge === 'on' ? JUDGED_AGAINST_SINGLE.filter(scheduled) : []
  if (judged.length > 0) return own + Math.max(...judged.map((t) => 1 + after(t)))
  return own + after(topology)
}

/** What a case makes itself, for tests of these estimates. */
export { ownCalls, ownChain }
