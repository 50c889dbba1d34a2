import { BASELINE_TOPOLOGIES } from './aggregate.js'

/**
 * The compute-matched baseline of topology `topology`: the single agent that may spend what the
 * organisation spends, so that "the organisation helps" is never "more compute helps". Today that
 * is self_refine for every organisation; null for the single agents themselves. Every outcome
 * comparison asks this one function, so the choice can change in one place.
 */
export function computeMatchedBaseline(topology: string): string | null {
  const single = BASELINE_TOPOLOGIES.vsSingle
  const matched = BASELINE_TOPOLOGIES.vsSelfRefine
  return topology === single || topology === matched ? null : matched
}
