import { MATCHED_PEERS, matchedPeerOf, matchedSingleId } from '../results/matched-baseline.js'
import type { Config } from '../config.js'
import type { Task } from '../tasks/registry.js'

/** About how many calls a case of a topology makes itself, judge included. */
function ownCalls(topology: string, task: Task, config: Config, singleScheduled = true): number {
  const roles = task.roles.length
  // The rubric judgement (× repeats), the checklist judgement, and, when single runs too, the pairwise pair for every other topology.
  const pairwise = topology !== 'single' && singleScheduled ? 2 : 0
  const checklist = task.checklist.length > 0 ? 1 : 0
  const judge = config.judge === 'on' ? config.judgeRepeats + checklist + pairwise : 0
  const { maxSegments, cycles, passes } = config.hrm
  const org: Record<string, number> = {
    single: 1,
    star: roles + 1,
    self_refine: 6,
    pipeline: roles,
    peer_review: 2 * roles + 1,
    hrm: maxSegments * (cycles * (passes * roles + 1) + 2),
    self_decompose: 6,
  }
  // self_refine@<peer> spends what the peer spends: about as many calls, as a hint.
  const peer = matchedPeerOf(topology)
  return (org[peer ?? topology] ?? roles + 1) + judge
}

/**
 * About how many calls lie on a case's longest chain of calls that must run one after another,
 * judge included: what its wall time is made of when permits are plentiful. self_refine (and its
 * matched variants) is all one chain; pipeline's roles run in turn; star, peer_review and
 * self_decompose fan out between their steps; hrm's segments chain a plan, its cycles of parallel
 * passes with an update each, and a halting check. The judge's calls run side by side: one more.
 */
function ownChain(topology: string, task: Task, config: Config): number {
  const judge = config.judge === 'on' ? 1 : 0
  const { maxSegments, cycles, passes } = config.hrm
  const org: Record<string, number> = {
    single: 1,
    star: 2,
    self_refine: 6,
    pipeline: task.roles.length,
    peer_review: 3,
    hrm: maxSegments * (cycles * (passes + 1) + 2),
    self_decompose: 3,
  }
  const peer = matchedPeerOf(topology)
  // self_refine@<peer> refines in turn until it has spent what the peer spent: its calls are one chain.
  const own = peer === null ? (org[topology] ?? 2) : ownCalls(topology, task, config, false) - (config.judge === 'on' ? config.judgeRepeats : 0)
  return Math.max(1, own) + judge
}

/**
 * About how many calls lie on the longest chain that runs through a case: its own, and then the
 * chains of the cases that wait for its record. self_refine starts when star's record is in (it
 * spends what star spent), self_refine@<peer> when its peer's is; every other topology's pairwise
 * judgement reads single's deliverable, so single's record gates their judgements and what follows
 * them. A scheduling hint, like expectedCalls: the case with the longest chain left goes first, so
 * that a long chain never starts last and finishes alone (see Ledger.priority).
 */
export function expectedChain(topology: string, task: Task, config: Config, scheduled: (topology: string) => boolean = () => false): number {
  const own = ownChain(topology, task, config)
  const followerOf = (t: string) => (t === 'star' ? 'self_refine' : (MATCHED_PEERS as readonly string[]).includes(t) ? matchedSingleId(t) : null)
  const after = (t: string) => {
    const follower = followerOf(t)
    return follower !== null && scheduled(follower) ? ownChain(follower, task, config) : 0
  }
  if (topology === 'single' && config.judge === 'on') {
    const judged = ['star', 'self_refine', 'pipeline', 'peer_review', 'hrm', 'self_decompose', ...MATCHED_PEERS.map(matchedSingleId)].filter(scheduled)
    if (judged.length > 0) return own + Math.max(...judged.map((t) => 1 + after(t)))
  }
  return own + after(topology)
}

/**
 * About how many calls wait on a case: its own, plus the work of the cases that need its result
 * (self_refine needs star's spend, self_refine@<peer> its peer's; every judged topology compares
 * itself with single). A scheduling hint only: it orders permits, never changes what a case does
 * or scores. Permits go to the case with the most work left first, so that long chains of dependent
 * calls start early and the trials of one topology move in step, instead of one finishing alone at
 * the end of the run. test/run/schedule.test.ts keeps the estimates close to what the cases make.
 */
export function expectedCalls(topology: string, task: Task, config: Config, scheduled: (topology: string) => boolean = () => false): number {
  const own = ownCalls(topology, task, config, scheduled('single'))
  const follower = topology === 'star' ? 'self_refine' : (MATCHED_PEERS as readonly string[]).includes(topology) ? matchedSingleId(topology) : null
  if (follower !== null && scheduled(follower)) return own + ownCalls(follower, task, config, scheduled('single'))
  if (topology === 'single' && config.judge === 'on') {
    const others = ['star', 'self_refine', 'pipeline', 'peer_review', 'hrm', 'self_decompose', ...MATCHED_PEERS.map(matchedSingleId)].filter(scheduled)
    return own + Math.max(0, ...others.map((t) => ownCalls(t, task, config)))
  }
  return own
}

/** What a case makes itself, for tests of these estimates. */
export { ownCalls, ownChain }
