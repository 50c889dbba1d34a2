import { isSingleAgent } from '../results/matched-baseline.js'
import { hrm } from './hrm.js'
import { peerReview } from './peer_review.js'
import { pipeline } from './pipeline.js'
import { selfDecompose } from './self_decompose.js'
import { selfRefine } from './self_refine.js'
import { single } from './single.js'
import { star } from './star.js'
import type { Topology, TopologyId } from './types.js'

/**
 * Every topology, by id. Benchmarks declare their tests in this key order and a test may only wait
 * for tests declared before it: single first (the judge's pairwise baseline), star before
 * self_refine (whose token budget is star's spend). A new organisation goes anywhere after them
 * (CONTRIBUTING.md, "Adding an organisation").
 */
export const TOPOLOGIES: Record<TopologyId, Topology> = {
  single,
  star,
  self_refine: selfRefine,
  pipeline,
  peer_review: peerReview,
  hrm,
  self_decompose: selfDecompose,
}

/**
 * The organisations that get a self_refine matched to their own spend with ORGBENCH_COMPUTE_MATCHED=on:
 * every one that is not a single agent, except star, whose matched single agent is self_refine
 * itself. In TOPOLOGIES order, so each matched case is declared after its peer.
 */
export const MATCHED_PEERS: readonly TopologyId[] = (Object.keys(TOPOLOGIES) as TopologyId[]).filter((t) => !isSingleAgent(t) && t !== 'star')

/** The topology registered under `id`, or null for an id no topology has. */
export function findTopology(id: string): Topology | null {
  return (TOPOLOGIES as Partial<Record<string, Topology>>)[id] ?? null
}

/** The topology registered under `id`; an error listing the available ones otherwise. */
export function topology(id: string): Topology {
  const t = findTopology(id)
  if (!t) throw new Error(`unknown topology "${id}"; available: ${Object.keys(TOPOLOGIES).join(', ')}`)
  return t
}
