import { HrmOptions } from '../topologies/options.js'

/**
 * Protocol fixes a retrospective may make: only knobs a topology actually reads (its options
 * schema). Everything else is rejected and recorded (the original recorded its "protocol fixes"
 * and never applied them). self_refine's token budget is not learnable: it is what keeps the
 * single-agent arm budget-matched to star.
 */
export const LEARNABLE_KNOBS: Readonly<Record<string, readonly string[]>> = {
  hrm: ['cycles', 'passes', 'minSegments', 'maxSegments', 'halting', 'haltThreshold', 'convergence'],
}

export type FixOutcome = { ok: true; options: Record<string, unknown> } | { ok: false; reason: string }

/**
 * Applies one proposed knob change to a topology's learned options: accepted only when the
 * topology reads the knob and the resulting options are valid for it.
 */
export function applyFix(topology: string, current: Readonly<Record<string, unknown>>, knob: string, rawValue: string): FixOutcome {
  const knobs = LEARNABLE_KNOBS[topology] ?? []
  if (!knobs.includes(knob)) return { ok: false, reason: `${topology} reads no knob "${knob}" (learnable: ${knobs.join(', ') || 'none'})` }
  let value: unknown
  try {
    value = JSON.parse(rawValue)
  } catch {
    value = rawValue
  }
  const options = { ...current, [knob]: value }
  const parsed = HrmOptions.safeParse(options)
  if (!parsed.success) return { ok: false, reason: `${topology}.${knob}=${rawValue} is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}` }
  return { ok: true, options }
}
