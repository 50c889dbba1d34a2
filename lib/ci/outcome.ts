import { z } from 'zod'
import type { RunFile } from '../results/schema.js'
import { missFailsTest } from '../run/task-errors.js'
import { compareTopologies } from '../topologies/types.js'

/*
 * What one model's merged run means for the weekly job: is it committed, does it fail the job,
 * does it notify. The policy (README "The weekly benchmark"):
 *
 * - committed: a complete run of a real model (never simulated, partial or failed), whatever the
 *   gate says: a regression is a measurement too;
 * - the job fails on a gate FAIL, on a run that is not complete, and on a missed must-catch item
 *   of a tier where ORGBENCH_MUST_CATCH makes a miss a failure (`auto`: the standard tier; on the
 *   hard tier, built to be beyond a strong single agent, a miss is reported, not failed);
 * - a notification goes out on a gate FAIL or on a missed must-catch item that fails the job, for
 *   real runs only (a simulated run tests the machinery; it lists what it would have sent).
 */

export type Tier = 'standard' | 'hard'
export type MustCatchPolicy = 'auto' | 'fail' | 'report'

/** One must-catch item of one task, and every case that missed it. */
export const MissedItem = z.object({
  task: z.string(),
  tier: z.enum(['standard', 'hard']),
  id: z.string(),
  description: z.string(),
  /** "topology #trial" of each case that missed it, in the records' order. */
  missedBy: z.array(z.string()),
  /** Cases of the task that were scored for must-catch items (status ok). */
  scored: z.number().int(),
  fails: z.boolean(),
})
export type MissedItem = z.infer<typeof MissedItem>

/** The gate as the weekly job saw it: its verdict, or why it did not run. */
export const GateResult = z.object({
  verdict: z.enum(['PASS', 'WARN', 'FAIL', 'SKIP']),
  /** Why the gate was skipped, or which baseline it compared with. */
  note: z.string(),
})
export type GateResult = z.infer<typeof GateResult>

/** One model's outcome, written by the merge job as outcome.json and read by the jobs after it. */
export const Outcome = z.object({
  model: z.string(),
  slug: z.string(),
  runId: z.string().nullable(),
  status: z.enum(['complete', 'partial', 'failed', 'missing']),
  statusReasons: z.array(z.string()),
  simulated: z.boolean(),
  gate: GateResult,
  missed: z.array(MissedItem),
  committable: z.boolean(),
  notify: z.boolean(),
  fail: z.boolean(),
  /** Why the job fails (empty when it does not). */
  failReasons: z.array(z.string()),
})
export type Outcome = z.infer<typeof Outcome>

/** Every missed must-catch item of a run, grouped by task and item, with whether the policy fails it. */
export function missedItems(run: Pick<RunFile, 'cases'>, tierOf: (task: string) => Tier, policy: MustCatchPolicy): MissedItem[] {
  const items = new Map<string, MissedItem>()
  const scored = new Map<string, number>()
  for (const c of run.cases) if (c.status === 'ok') scored.set(c.task, (scored.get(c.task) ?? 0) + 1)
  const cases = [...run.cases].sort((a, b) => a.task.localeCompare(b.task) || compareTopologies(a.topology, b.topology) || a.trial - b.trial)
  for (const c of cases) {
    for (const m of c.mustCatch.missed) {
      const key = `${c.task}\u0000${m.id}`
      const tier = tierOf(c.task)
      const item = items.get(key) ?? { task: c.task, tier, id: m.id, description: m.description, missedBy: [], scored: scored.get(c.task) ?? 0, fails: missFailsTest(policy, tier) }
      item.missedBy.push(`${c.topology} #${c.trial}`)
      items.set(key, item)
    }
  }
  return [...items.values()].sort((a, b) => a.task.localeCompare(b.task) || a.id.localeCompare(b.id))
}

export interface OutcomeInput {
  model: string
  slug: string
  /** The merged run; null when the merge wrote none. */
  run: RunFile | null
  gate: GateResult
  tierOf: (task: string) => Tier
  policy: MustCatchPolicy
  /**
   * Whether the plan ran the simulator (no endpoint): what a missing run is labelled. Unknown counts
   * as a real endpoint, so that a real run that left nothing is never passed off as the simulator's.
   */
  simulated?: boolean
}

/** Decides what the job does with one model's run (see the policy above). */
export function decideOutcome(o: OutcomeInput): Outcome {
  const { run } = o
  if (run === null) {
    return {
      model: o.model,
      slug: o.slug,
      runId: null,
      status: 'missing',
      statusReasons: ['the merge wrote no results file: the shards left no blob report with a test in it, or Vitest could not merge them (see the shard jobs and the merge step)'],
      simulated: o.simulated ?? false,
      gate: o.gate,
      missed: [],
      committable: false,
      notify: false,
      fail: true,
      failReasons: ['no results file'],
    }
  }
  const missed = missedItems(run, o.tierOf, o.policy)
  const failing = missed.filter((m) => m.fails)
  const failReasons = [
    ...(o.gate.verdict === 'FAIL' ? ['the regression gate FAILed'] : []),
    ...(run.status !== 'complete' ? [`the run is ${run.status}: ${run.statusReasons.join('; ')}`] : []),
    ...(failing.length > 0 ? [`${failing.length} must-catch item(s) missed where ORGBENCH_MUST_CATCH=${o.policy} fails them`] : []),
  ]
  return {
    model: o.model,
    slug: o.slug,
    runId: run.runId,
    status: run.status,
    statusReasons: run.statusReasons,
    simulated: run.simulated,
    gate: o.gate,
    missed,
    committable: run.status === 'complete' && !run.simulated,
    notify: !run.simulated && (o.gate.verdict === 'FAIL' || failing.length > 0),
    fail: failReasons.length > 0,
    failReasons,
  }
}
