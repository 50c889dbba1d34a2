import { estimateMean, type Interval, type MeanEstimate, tInterval } from '../eval/stats.js'
import { type Bounds, clippedInterval, SCORE_BOUNDS, SCORE_DIFFERENCE } from '../results/interval.js'

/**
 * Learning curves and the stopping rule, from held-out scores only. Held-out trials use the same
 * seeds in every iteration, so differences between iterations (and between arms) are paired by seed.
 */

/** A gain is a difference of two scores (SCORE_DIFFERENCE); a difference of two arms' gains, of two such differences. */
const GAIN_DIFFERENCE_BOUNDS: Bounds = [-200, 200]
const unrounded = (x: number) => x

/** A held-out mean with its interval clipped to the scores' 0-100 (a t interval near 100 would pass it). */
export function heldOutEstimate(scores: readonly number[]): MeanEstimate {
  const estimate = estimateMean(scores)
  return { ...estimate, ci: clippedInterval(estimate.ci, unrounded, SCORE_BOUNDS) }
}

/** Held-out headline scores of one iteration, by the trial whose seed they used (null: an error, left out). */
export type HeldOutScores = ReadonlyMap<number, number | null>

export interface CurvePoint {
  iteration: number
  /** Mean held-out headline with its 95 % interval (errors are left out and counted, never scored). */
  heldOut: MeanEstimate
  errors: number
}

/** One point of the curve per iteration. */
export function curvePoints(iterations: readonly HeldOutScores[]): CurvePoint[] {
  return iterations.map((scores, i) => {
    const values = [...scores.values()]
    const ok = values.filter((v): v is number => v !== null)
    return { iteration: i + 1, heldOut: heldOutEstimate(ok), errors: values.length - ok.length }
  })
}

/** Per-seed differences b − a over the seeds scored in both. */
export function pairedGains(a: HeldOutScores, b: HeldOutScores): number[] {
  const out: number[] = []
  for (const [seed, x] of a) {
    const y = b.get(seed)
    if (x !== null && y !== null && y !== undefined) out.push(y - x)
  }
  return out
}

export interface Improvement {
  /** Mean paired gain, last iteration minus first, in headline points. */
  mean: number | null
  ci: Interval | null
  n: number
}

const improvementOf = (gains: number[], bounds: Bounds): Improvement => ({ mean: gains.length ? gains.reduce((s, g) => s + g, 0) / gains.length : null, ci: clippedInterval(tInterval(gains), unrounded, bounds), n: gains.length })

/** How much an arm improved on held-out seeds from its first to its last iteration, with a 95 % t interval. */
export function improvement(iterations: readonly HeldOutScores[]): Improvement {
  if (iterations.length < 2) return { mean: null, ci: null, n: 0 }
  return improvementOf(pairedGains(iterations[0]!, iterations.at(-1)!), SCORE_DIFFERENCE)
}

/**
 * The difference between two arms' improvements (org minus single), paired by held-out seed: per
 * seed, (org_last − org_first) − (single_last − single_first). A positive interval means the
 * organisation learned more than the single agent on the same held-out cases.
 */
export function differenceOfImprovements(org: readonly HeldOutScores[], single: readonly HeldOutScores[]): Improvement {
  if (org.length < 2 || single.length < 2) return { mean: null, ci: null, n: 0 }
  const seeds = [...org[0]!.keys()].filter((s) => org[0]!.get(s) != null && org.at(-1)!.get(s) != null)
  const orgGain = new Map(seeds.map((s) => [s, org.at(-1)!.get(s)! - org[0]!.get(s)!]))
  const diffs: number[] = []
  for (const [s, g] of orgGain) {
    const first = single[0]!.get(s)
    const last = single.at(-1)!.get(s)
    if (first != null && last != null) diffs.push(g - (last - first))
  }
  return improvementOf(diffs, GAIN_DIFFERENCE_BOUNDS)
}

/** The stopping rule's settings: stop after `patience` iterations in a row without a significant held-out gain. */
export const STOPPING = { patience: 2, level: 0.95 } as const

export interface StopDecision {
  stop: boolean
  reason: string
}

/**
 * Whether the loop stops after the iterations so far (never on one noisy difference): it stops at
 * the iteration limit, or when each of the last `patience` iterations failed to improve on the one
 * before it significantly, that is when the 95 % interval of the paired held-out gain included or
 * fell below 0 every time (a plateau). A gain with no interval (fewer than two seeds scored in both
 * iterations: the others errored) was not measured, so it is no evidence of a plateau.
 */
export function shouldStop(iterations: readonly HeldOutScores[], limit: number, rule = STOPPING): StopDecision {
  const n = iterations.length
  if (n >= limit) return { stop: true, reason: `iteration limit ${limit} reached` }
  if (n <= rule.patience) return { stop: false, reason: `fewer than ${rule.patience + 1} iterations: too early to judge a plateau` }
  const gains = Array.from({ length: rule.patience }, (_, k) => ({ iteration: n - k, ci: tInterval(pairedGains(iterations[n - 2 - k]!, iterations[n - 1 - k]!), rule.level) }))
  const unmeasured = gains.filter((g) => g.ci === null).map((g) => g.iteration)
  if (unmeasured.length > 0) {
    const which = unmeasured.sort((a, b) => a - b).join(' and ')
    return { stop: false, reason: `the held-out gain of iteration ${which} could not be measured (fewer than 2 seeds scored in both iterations; errored cases are left out, never scored): no plateau is judged` }
  }
  return gains.every((g) => g.ci!.lo <= 0)
    ? { stop: true, reason: `no significant held-out gain (95 % paired interval above 0) in the last ${rule.patience} iterations` }
    : { stop: false, reason: 'a recent iteration improved the held-out score significantly' }
}
