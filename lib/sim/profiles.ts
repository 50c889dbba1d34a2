/** How hard an item is to get right; execution items map their own labels onto this scale. */
export type Difficulty = 'CRITICAL' | 'HIGH' | 'MEDIUM' | 'LOW'
type PerDifficulty = Record<Difficulty, number>

/**
 * A simulated model's competence and failure modes. Every parameter is documented, with the
 * values of each profile, in lib/sim/README.md; keep the two in step.
 *
 * Whether a model can see an item is drawn once per model, item and trial (its blind spots), not
 * per prompt: asking again, or asking five roles of the same model, mostly gets the same answer.
 */
export interface SimProfile {
  id: string
  description: string
  /** Per call, the share of typical items of each difficulty the model reports on its own. */
  detect: PerDifficulty
  /** Of items it reports, the share it mislabels (wrong category: a miss for ground-truth matching). */
  confuse: PerDifficulty
  /** Chance of mislabelling an item's severity by one step. */
  severitySlip: number
  /** Chance, per input, of reporting something that is not there. */
  falseAlarm: number
  /** Share of (item, role) pairs where a role's view is its own instead of the model's shared one. */
  roleVariation: number
  /** Share of (item, call) pairs where one call's view is a fresh draw (attention slips and lucky finds). */
  callVariation: number
  /** Multiplier on detection of MEDIUM/LOW items inside / outside the role's focus. */
  inFocus: number
  outOfFocus: number
  /** Chance of accepting an item that earlier work (quoted in the prompt) reports but this call cannot see itself. */
  retain: PerDifficulty
  /** Chance of keeping a spurious item seen in earlier work. */
  keepFalseAlarm: number
  /** Chance of losing an item carried over from earlier work, per 1,000 tokens of quoted work ... */
  handoffLoss: number
  /** ... up to this chance. */
  handoffLossMax: number
  /** Own recall lost per 1,000 tokens of earlier work the call must also read (at most half). */
  attentionDilution: number
  /** Effective context in tokens; beyond it every recall is scaled by window ÷ prompt tokens. */
  contextWindow: number
  /** Markdown: chance that a merge keeps two differing versions of one passage (an inconsistency). */
  mergeConflict: number
  /** Judge: SD of per-dimension noise on the 0-10 scale. */
  judgeNoise: number
  /** Judge: bias toward the candidate it reads first in a pairwise comparison. */
  positionBias: number
  /** Judge: points (0-10 scale) added per doubling of the candidate's length, whatever it says. */
  lengthBias: number
  /** Judge: a gullible judge obeys instructions embedded in the candidate. */
  gullible: boolean
}

const judgeDefaults = { judgeNoise: 0.6, positionBias: 0.15, lengthBias: 0.5, gullible: false }

/**
 * Failure modes shared by the agent profiles: blind spots mostly shared, merges lossy, long contexts hurt.
 *
 * Every look at the task varies alike, whoever takes it: a role's call has the same share of fresh
 * views as a budget-matched single agent's critique or revision, no view of its own that persists
 * across the role's calls (roleVariation 0), and a role sees what a generalist sees (focus 1). Either
 * would give organisations an advantage by construction: a single agent's calls are all one
 * generalist, so a role's own view was an independent draw only organisations got, and a merge keeps
 * the in-focus role's better chance while the out-of-focus penalty never binds. callVariation is the
 * share of fresh views a role's call had with both (1 − 0.9 × 0.9). See lib/sim/README.md.
 */
const failureModes = {
  roleVariation: 0,
  callVariation: 0.19,
  inFocus: 1,
  outOfFocus: 1,
  handoffLoss: 0.02,
  handoffLossMax: 0.5,
  attentionDilution: 0.03,
  mergeConflict: 0.25,
}

const strong: Omit<SimProfile, 'id' | 'description'> = {
  ...judgeDefaults,
  ...failureModes,
  detect: { CRITICAL: 1, HIGH: 1, MEDIUM: 0.65, LOW: 0.45 },
  confuse: { CRITICAL: 0, HIGH: 0, MEDIUM: 0.08, LOW: 0.12 },
  severitySlip: 0.12,
  falseAlarm: 0.12,
  retain: { CRITICAL: 1, HIGH: 1, MEDIUM: 0.95, LOW: 0.9 },
  keepFalseAlarm: 0.55,
  contextWindow: 100_000,
}

/** The reference profile for item detectability: an item's calibrated detectability is sim-strong's. */
export const REFERENCE_PROFILE = 'sim-strong'

export const SIM_PROFILES: Record<string, SimProfile> = {
  'sim-strong': {
    ...strong,
    id: 'sim-strong',
    description: 'the calibrated real model: on a task with a calibration it follows what that model got right item by item; elsewhere it never misses CRITICAL/HIGH items and varies on MEDIUM/LOW items, labels and false alarms; shares most blind spots across its roles',
  },
  'sim-medium': {
    ...judgeDefaults,
    ...failureModes,
    id: 'sim-medium',
    description: 'usually finds severe items, often misses minor ones; degrades beyond 32k tokens of context',
    detect: { CRITICAL: 0.92, HIGH: 0.85, MEDIUM: 0.5, LOW: 0.3 },
    confuse: { CRITICAL: 0.03, HIGH: 0.05, MEDIUM: 0.12, LOW: 0.15 },
    severitySlip: 0.2,
    falseAlarm: 0.2,
    retain: { CRITICAL: 0.97, HIGH: 0.95, MEDIUM: 0.9, LOW: 0.85 },
    keepFalseAlarm: 0.6,
    contextWindow: 32_000,
  },
  'sim-weak': {
    ...judgeDefaults,
    ...failureModes,
    id: 'sim-weak',
    description: 'misses most items, including severe ones; many false alarms; degrades beyond 20k tokens of context',
    detect: { CRITICAL: 0.45, HIGH: 0.35, MEDIUM: 0.2, LOW: 0.1 },
    confuse: { CRITICAL: 0.25, HIGH: 0.25, MEDIUM: 0.3, LOW: 0.3 },
    severitySlip: 0.35,
    falseAlarm: 0.4,
    retain: { CRITICAL: 0.85, HIGH: 0.8, MEDIUM: 0.75, LOW: 0.7 },
    keepFalseAlarm: 0.75,
    handoffLoss: 0.03,
    contextWindow: 20_000,
  },
  'sim-correlated': {
    ...strong,
    id: 'sim-correlated',
    description:
      'the null model: one shared view per item and trial plus per-call noise; a call accepts from earlier work only what it can see itself, so every organisation equals the single agent in expectation',
    roleVariation: 0,
    callVariation: 0.15,
    inFocus: 1,
    outOfFocus: 1,
    retain: { CRITICAL: 0, HIGH: 0, MEDIUM: 0, LOW: 0 },
    keepFalseAlarm: 0,
    handoffLoss: 0,
    attentionDilution: 0,
    mergeConflict: 0,
    contextWindow: Number.POSITIVE_INFINITY,
  },
  'sim-judge': {
    ...strong,
    id: 'sim-judge',
    description: 'the default simulated judge: reads coverage (through its own blind spots), specificity, structure and consistency, with a length bias and seeded noise',
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

/**
 * The profile of a simulated model, or undefined for a name the simulator does not serve. Only the
 * table's own entries count: "toString" or "constructor" names no model.
 */
export function profileFor(model: string): SimProfile | undefined {
  return Object.hasOwn(SIM_PROFILES, model) ? SIM_PROFILES[model] : undefined
}

/**
 * An item's detectability while nothing calibrates it: sim-strong's typical chance at its
 * difficulty, so every profile sees it with its own typical chance (see `detectability`). Each
 * simulated kind sets its items' detectability in one function; a calibration file can take its
 * place there.
 */
export function typicalDetectability(difficulty: Difficulty): number {
  return SIM_PROFILES[REFERENCE_PROFILE]!.detect[difficulty]
}

/**
 * The chance that one call of `profile` sees an item, before focus and context. An item without a
 * calibrated detectability is typical of its difficulty; a calibrated one (sim-strong's chance, from
 * a calibration file) is scaled by the profile's competence at that difficulty: its typical
 * detection relative to sim-strong's.
 */
export function detectability(profile: SimProfile, difficulty: Difficulty, calibrated?: number): number {
  const typical = profile.detect[difficulty]
  if (calibrated === undefined) return typical
  const reference = SIM_PROFILES[REFERENCE_PROFILE]!.detect[difficulty]
  return reference === 0 ? 0 : Math.min(1, (calibrated * typical) / reference)
}
