import type { HrmOptions } from './options.js'

/** Why the outer loop stopped or went on after a segment. */
export type HaltReason = 'below_min_segments' | 'fixed_segments' | 'max_segments' | 'converged' | 'confident' | 'not_confident'

export interface HaltState {
  /** 1-based number of the segment just finished. */
  segment: number
  /** Item distance between this segment's deliverable and the previous one; null after the first. */
  distance: number | null
  /** The halting head's pass probability; null when it was not asked. */
  passProbability: number | null
}

export interface HaltDecision {
  halt: boolean
  reason: HaltReason
}

type Rule = Pick<HrmOptions, 'minSegments' | 'maxSegments' | 'halting' | 'haltThreshold' | 'convergence'>

/** Convergence, the fixed-point analog: the deliverable changed by less than ε since the last segment. */
export function converged(distance: number | null, epsilon: number): boolean {
  return distance !== null && distance < epsilon
}

/**
 * Whether the halting head must be asked after this segment: only in ACT mode, when the rule could
 * still go either way (at least minSegments done, below maxSegments, not converged).
 */
export function needsAssessment(rule: Rule, segment: number, distance: number | null): boolean {
  return rule.halting === 'act' && segment >= rule.minSegments && segment < rule.maxSegments && !converged(distance, rule.convergence)
}

/**
 * The halting rule. Fixed mode runs maxSegments. ACT mode never stops before minSegments, always
 * stops at maxSegments, and in between stops on convergence or a pass probability at the threshold.
 * Nothing else (no keyword in free text, no judge) can stop the loop.
 */
export function haltDecision(rule: Rule, state: HaltState): HaltDecision {
  if (state.segment >= rule.maxSegments) return { halt: true, reason: 'max_segments' }
  if (rule.halting === 'fixed') return { halt: false, reason: 'fixed_segments' }
  if (state.segment < rule.minSegments) return { halt: false, reason: 'below_min_segments' }
  if (converged(state.distance, rule.convergence)) return { halt: true, reason: 'converged' }
  if (state.passProbability !== null && state.passProbability >= rule.haltThreshold) return { halt: true, reason: 'confident' }
  return { halt: false, reason: 'not_confident' }
}
