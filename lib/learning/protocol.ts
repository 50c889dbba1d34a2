import { findTopology, TOPOLOGIES } from '../topologies/index.js'
import type { Topology } from '../topologies/types.js'

/**
 * Protocol fixes a retrospective may make: only knobs a topology declares learnable
 * (Topology.learnableKnobs), checked against its own options schema. Everything else is rejected and recorded (the original recorded its "protocol fixes"
 * and never applied them). self_refine's token budget is not learnable: it is what keeps the
 * single-agent arm budget-matched to star.
 */
export const LEARNABLE_KNOBS: Readonly<Record<string, readonly string[]>> = Object.fromEntries(
  Object.values(TOPOLOGIES as Record<string, Topology>).flatMap((t) => (t.learnableKnobs && t.learnableKnobs.length > 0 ? [[t.id, t.learnableKnobs]] : [])),
)

export type FixOutcome = { ok: true; options: Record<string, unknown> } | { ok: false; reason: string }

/**
 * Applies one proposed knob change to a topology's learned options: accepted only when the
 * topology reads the knob and the resulting options are valid for it.
 */
export function applyFix(topology: string, current: Readonly<Record<string, unknown>>, knob: string, rawValue: string): FixOutcome {
  const entry = findTopology(topology) ?? { id: topology }
  return applyFixTo(entry, current, knob, rawValue)
}

/** applyFix for a topology given by its registry entry: the knob must be learnable and the options valid for its own schema. */
export function applyFixTo(entry: Pick<Topology, 'options' | 'learnableKnobs'> & { id: string }, current: Readonly<Record<string, unknown>>, knob: string, rawValue: string): FixOutcome {
  const knobs = entry.learnableKnobs ?? []
  if (!knobs.includes(knob)) return { ok: false, reason: `${entry.id} reads no knob "${knob}" (learnable: ${knobs.join(', ') || 'none'})` }
  if (!entry.options) return { ok: false, reason: `${entry.id} declares learnable knobs but no options schema to check ${knob}=${rawValue} against` }
  let value: unknown
  try {
    value = JSON.parse(rawValue)
  } catch {
    value = rawValue
  }
  const options = { ...current, [knob]: value }
  const parsed = entry.options.safeParse(options)
  if (!parsed.success) return { ok: false, reason: `${entry.id}.${knob}=${rawValue} is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}` }
  return { ok: true, options }
}
