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

/** Knobs a topology reads that are never learned, and why. */
const NEVER_LEARNED: Readonly<Record<string, string>> = {
  'self_refine.budgetTokens': "self_refine's budget is never learnable: it keeps the single-agent arm budget-matched to star",
  'self_refine.budgetSource': "self_refine's budget is never learnable: it keeps the single-agent arm budget-matched to star",
}

/** Why `knob` of the topology may not be learned, or null when it may. */
function notLearnable(entry: Pick<Topology, 'learnableKnobs'> & { id: string }, knob: string): string | null {
  const knobs = entry.learnableKnobs ?? []
  if (knobs.includes(knob)) return null
  return NEVER_LEARNED[`${entry.id}.${knob}`] ?? `${entry.id} reads no knob "${knob}" (learnable: ${knobs.join(', ') || 'none'})`
}

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
  const refused = notLearnable(entry, knob)
  if (refused) return { ok: false, reason: refused }
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

/**
 * What is wrong with a topology's learned options as a memory version stores them (its `protocol`
 * entry), checked as a retrospective's fixes are: every knob learnable, the options valid for the
 * topology's own schema. The field at fault ("hrm.cycles") and what was expected, or null when
 * the options can take effect.
 */
export function learnedOptionsProblem(topology: string, options: Readonly<Record<string, unknown>>): { field: string; message: string } | null {
  const entry = findTopology(topology)
  if (!entry) return { field: topology, message: `expected a topology (${Object.keys(TOPOLOGIES).join(', ')})` }
  for (const knob of Object.keys(options)) {
    const refused = notLearnable(entry, knob)
    if (refused) return { field: `${topology}.${knob}`, message: refused }
  }
  const parsed = entry.options?.safeParse(options)
  if (!parsed || parsed.success) return null
  const issue = parsed.error.issues[0]!
  return { field: [topology, ...issue.path.map(String)].join('.'), message: issue.message }
}
