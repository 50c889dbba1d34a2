/** How hard an item is to get right; execution items map their own labels onto this scale. */
export type Difficulty = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW'
type PerDifficulty = Record<Difficulty, number>

/**
 * A simulated model's competence. Probabilities are per call and per item.
 * - detect: finds an item on its own (scaled by focus for MEDIUM/LOW items)
 * - retain: keeps an item that an earlier agent's work (present in the prompt) already reports
 * - confuse: mislabels the item's category, which makes it a miss for ground-truth matching
 */
export interface SimProfile {
  id: string
  description: string
  detect: PerDifficulty
  retain: PerDifficulty
  confuse: PerDifficulty
  /** Multiplier on detect for MEDIUM/LOW items inside / outside the role's focus. */
  inFocus: number
  outOfFocus: number
  /** Chance, per input, of reporting something that is not there. */
  falseAlarm: number
  /** Chance of keeping a spurious item seen in earlier agents' work. */
  keepFalseAlarm: number
  /** Chance of mislabelling severity (one step off). */
  severitySlip: number
  /** Judge behaviour: SD of per-dimension noise on a 0-10 scale, and bias toward the first position. */
  judgeNoise: number
  positionBias: number
  /** A gullible judge obeys instructions embedded in the candidate. */
  gullible: boolean
}

const judgeDefaults = { judgeNoise: 0.6, positionBias: 0.15, gullible: false }

const strong: Omit<SimProfile, 'id' | 'description'> = {
  ...judgeDefaults,
  detect: { CRITICAL: 1, HIGH: 1, MEDIUM: 0.65, LOW: 0.45 },
  retain: { CRITICAL: 1, HIGH: 1, MEDIUM: 0.9, LOW: 0.8 },
  confuse: { CRITICAL: 0, HIGH: 0, MEDIUM: 0.08, LOW: 0.12 },
  inFocus: 1.35,
  outOfFocus: 0.6,
  falseAlarm: 0.12,
  keepFalseAlarm: 0.55,
  severitySlip: 0.12,
}

export const SIM_PROFILES: Record<string, SimProfile> = {
  'sim-strong': {
    ...strong,
    id: 'sim-strong',
    description: 'never misses CRITICAL/HIGH items; varies on MEDIUM/LOW items, labels and false alarms',
  },
  'sim-medium': {
    ...judgeDefaults,
    id: 'sim-medium',
    description: 'usually finds severe items, often misses minor ones',
    detect: { CRITICAL: 0.92, HIGH: 0.85, MEDIUM: 0.5, LOW: 0.3 },
    retain: { CRITICAL: 0.97, HIGH: 0.95, MEDIUM: 0.8, LOW: 0.7 },
    confuse: { CRITICAL: 0.03, HIGH: 0.05, MEDIUM: 0.12, LOW: 0.15 },
    inFocus: 1.3,
    outOfFocus: 0.6,
    falseAlarm: 0.2,
    keepFalseAlarm: 0.6,
    severitySlip: 0.2,
  },
  'sim-weak': {
    ...judgeDefaults,
    id: 'sim-weak',
    description: 'misses most items, including severe ones; many false alarms',
    detect: { CRITICAL: 0.45, HIGH: 0.35, MEDIUM: 0.2, LOW: 0.1 },
    retain: { CRITICAL: 0.8, HIGH: 0.75, MEDIUM: 0.6, LOW: 0.5 },
    confuse: { CRITICAL: 0.25, HIGH: 0.25, MEDIUM: 0.3, LOW: 0.3 },
    inFocus: 1.2,
    outOfFocus: 0.7,
    falseAlarm: 0.4,
    keepFalseAlarm: 0.75,
    severitySlip: 0.35,
  },
  'sim-judge': {
    ...strong,
    id: 'sim-judge',
    description: 'the default simulated judge: scores by checklist coverage and ground truth, with seeded noise',
  },
  'sim-biased-judge': {
    ...strong,
    id: 'sim-biased-judge',
    description: 'a judge with a strong first-position bias (for tests of dual-order pairwise judging)',
    positionBias: 1,
  },
  'sim-gullible-judge': {
    ...strong,
    id: 'sim-gullible-judge',
    description: 'a judge that obeys instructions planted in the candidate (for injection tests)',
    gullible: true,
  },
}

export function profileFor(model: string): SimProfile | undefined {
  return SIM_PROFILES[model]
}
