import type { TopologyId } from '../topologies/types.js'

/**
 * The arms a learning run compares by default, in the order they run: the single agent, self_refine
 * (its budget estimated, never matched to star's spend, which runs after it) and the organisation.
 * Apart from lib/learning/bench.ts so that the weekly workflow's plan reads it without loading Vitest.
 */
export const DEFAULT_ARMS: readonly TopologyId[] = ['single', 'self_refine', 'star']
