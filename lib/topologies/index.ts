import { single } from './single.js'
import { star } from './star.js'
import type { Topology, TopologyId } from './types.js'

/** Every implemented topology, by id. */
export const TOPOLOGIES: Partial<Record<TopologyId, Topology>> = { single, star }

export function topology(id: string): Topology {
  const t = TOPOLOGIES[id as TopologyId]
  if (!t) throw new Error(`unknown topology "${id}"; available: ${Object.keys(TOPOLOGIES).join(', ')}`)
  return t
}
