import { z } from 'zod'
import { Adjusted, Interval } from '../interval.js'

/** An outcome estimate over cases clustered by task (lib/results/outcomes/estimate.ts). */
export const OutcomeStat = z.object({
  /** Cases with a value. */
  n: z.number().int(),
  tasks: z.number().int(),
  mean: z.number().nullable(),
  se: z.number().nullable(),
  /** 95 % interval; null below three units (trials of one task, or tasks). */
  ci: Interval.nullable(),
  /** Why there is no interval: too few units (tasks, or trials of one task); absent with an interval, without spread (se 0), and in files written before. */
  note: z.string().optional(),
})

/** The difference against a baseline topology, paired by task and trial (positive: larger than the baseline's). */
export const OutcomeDiff = OutcomeStat.extend({
  against: z.string(),
  pairs: z.number().int(),
  /**
   * Adjusted with the other differences of its outcome's table in its cost center (every topology's
   * Δ vs single and Δ vs matched; lib/results/outcomes/estimate.ts): `ci` stays the plain
   * 95 % interval, this one is shown. Null without an interval; absent in files written before it existed.
   */
  adjusted: Adjusted.nullable().optional(),
})

/** An estimate with its differences against the single agent and the compute-matched baseline. */
export const OutcomeComparison = z.object({
  value: OutcomeStat,
  vsSingle: OutcomeDiff.nullable(),
  /** Against computeMatchedBaseline(topology) (lib/results/matched-baseline.ts); null when it has none or did not run. */
  vsMatched: OutcomeDiff.nullable(),
})
export type OutcomeComparison = z.infer<typeof OutcomeComparison>

/** One outcome of a cost center for one topology (see lib/tasks/kinds/outcomes.ts for the kinds). */
export const OutcomeFigure = OutcomeComparison.extend({
  outcome: z.string(),
  kind: z.enum(['rate', 'share', 'spend']),
  label: z.string(),
  per: z.number(),
  unit: z.string(),
  /** Rate outcomes: events per case, the quantity a cost model prices; null for the others. */
  perCase: OutcomeComparison.nullable(),
})
export type OutcomeFigure = z.infer<typeof OutcomeFigure>

/** A topology's outcomes in one cost center, over the cost center's tasks that have ground truth. */
export const OutcomeGroup = z.object({
  costCenter: z.string(),
  topology: z.string(),
  tasks: z.array(z.string()),
  trials: z.number().int(),
  /** Errored trials: left out of every figure, never counted as an outcome. */
  errors: z.number().int(),
  /** The organisation's model dollars per case. */
  spendPerCase: OutcomeComparison,
  outcomes: z.array(OutcomeFigure),
})
export type OutcomeGroup = z.infer<typeof OutcomeGroup>

/** Outcomes per cost center and topology, and the tasks that have no ground truth to measure them on. */
export const OutcomeReport = z.object({
  groups: z.array(OutcomeGroup),
  withoutTruth: z.array(z.object({ costCenter: z.string(), tasks: z.array(z.string()) })),
})
export type OutcomeReport = z.infer<typeof OutcomeReport>
