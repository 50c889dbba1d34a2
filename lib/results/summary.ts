import { z } from 'zod'
import { compareTopologies, deliverableText } from '../topologies/types.js'
import { callsCost, round8 } from './cost.js'
import { ChecklistResult, GroundTruthResult, JudgeFailure, JudgeResult, RunError, TestRecord } from './record.js'
import { Points } from './case-rules.js'

/**
 * The compact summary of one test's record: every number that aggregates, the gate, the printed
 * summary and the report read, and none of the bulk (deliverable, calls, events, judge reasons,
 * raw replies, memory lessons), except the deliverable's length, which the judge audit needs. Apart
 * from that optional length it is a structural subset of TestRecord, so code written for summaries
 * also accepts full records. Kept in the run file (`cases`).
 */
export const CaseSummary = TestRecord.pick({
  task: true,
  track: true,
  costCenter: true,
  topology: true,
  trial: true,
  seed: true,
  status: true,
  simulated: true,
  provider: true,
  model: true,
  judgeModel: true,
  taskDigest: true,
  mustCatch: true,
  cost: true,
  timing: true,
  warnings: true,
}).extend({
  scores: z.object({
    headline: Points.nullable(),
    groundTruth: GroundTruthResult.pick({ score: true, metrics: true, outcomes: true }).nullable(),
    checklist: ChecklistResult.pick({ score: true, method: true, patternScore: true, disagreements: true }).nullable(),
    judge: JudgeResult.pick({ model: true, score: true, sameModelAsAgents: true, repeatSpread: true, injectionFlagged: true, roleNamesLeft: true })
      .extend({
        pairwise: z.object({ against: z.string(), outcome: z.enum(['win', 'tie', 'loss']), consistent: z.boolean() }).nullable(),
        failures: z.array(JudgeFailure.pick({ step: true, kind: true, message: true })),
      })
      .nullable(),
  }),
  errors: z.array(RunError),
  /**
   * Characters of the deliverable as the judge reads it (markdown, or structured data as pretty
   * JSON); absent when there is none, and in run files written before it was kept.
   */
  deliverableChars: z.number().int().nonnegative().optional(),
  /** The org memory version the case's agents read (the record's memory.version); absent in older run files. */
  memoryVersion: z.string().optional(),
  /**
   * Where a self_refine case's token budget came from (its self_refine_budget event): "star-median",
   * "<peer>-median", "override", or "estimate" when there was no spend to match; absent for other
   * topologies and in older run files.
   */
  budgetSource: z.string().optional(),
})
export type CaseSummary = z.infer<typeof CaseSummary>

/**
 * What a test puts in Vitest meta: the run it belongs to (the merge reporter finds the journal by
 * it) and the few numbers a person wants in Vitest UI's meta panel. Kept tiny: Vitest holds every
 * test's meta in the main process for the whole run.
 */
export const CaseMeta = z.object({
  runId: z.string(),
  status: z.enum(['ok', 'error']),
  headline: z.number().nullable(),
  judge: z.number().nullable(),
  /** "caught/total" must-catch items; null when the case errored (never scored, as headline and judge). */
  mustCatch: z.string().nullable(),
  orgUsd: z.number().nullable(),
  /** The judge's dollars for this case (null: unpriced); absent in metas written before it was kept. */
  judgeUsd: z.number().nullable().optional(),
  /** Dollars of the case's calls whose cost is known, organisation and judge: "≥" this when orgUsd or judgeUsd is null. Absent in older metas. */
  knownUsd: z.number().optional(),
  /**
   * What this run paid for the case (replies served from an earlier run's response cache are not
   * paid again): its known dollars, and whether that is all of it. Absent in older metas.
   */
  paid: z.object({ knownUsd: z.number(), complete: z.boolean() }).optional(),
  /** The first error, "stage: kind: message"; null when the case succeeded. */
  error: z.string().nullable(),
  /** Judge calls whose judgement failed and was left out of the case's scores (scores.judge.failures). Absent in older metas. */
  judgeFailures: z.number().int().optional(),
  /** Whether the case ran on the orgbench simulator (its numbers test the machinery). Absent in older metas. */
  simulated: z.boolean().optional(),
})
export type CaseMeta = z.infer<typeof CaseMeta>

/** The meta of a finished case. */
export function caseMeta(runId: string, c: TestRecord): CaseMeta {
  const e = c.errors[0]
  const paid = callsCost(c.calls.filter((call) => call.cached !== 'earlier-run'))
  return {
    runId,
    status: c.status,
    headline: c.scores.headline,
    judge: c.scores.judge?.score ?? null,
    mustCatch: c.status === 'error' ? null : `${c.mustCatch.caught}/${c.mustCatch.total}`,
    orgUsd: c.cost.org.usd,
    judgeUsd: c.cost.judge.usd,
    knownUsd: round8(c.cost.org.knownUsd + c.cost.judge.knownUsd),
    paid: { knownUsd: paid.knownUsd, complete: paid.usd !== null },
    error: e ? `${e.stage}: ${e.kind}: ${e.message}` : null,
    judgeFailures: c.scores.judge?.failures.length ?? 0,
    simulated: c.simulated,
  }
}

/** The compact summary of a full record (zod drops every field the summary does not keep). */
export function summarizeRecord(record: TestRecord): CaseSummary {
  const memoryVersion = record.memory.version === undefined ? {} : { memoryVersion: record.memory.version }
  const chars = record.deliverable === null ? {} : { deliverableChars: deliverableText(record.deliverable).length }
  return CaseSummary.parse({ ...record, ...memoryVersion, ...chars, ...budgetSourceOf(record) })
}

/** The budget source a self_refine record's budget event names, as the summary's optional field. */
function budgetSourceOf(record: Pick<TestRecord, 'events'>): { budgetSource?: string } {
  const source = record.events.find((e) => e.type === 'self_refine_budget')?.detail.source
  return typeof source === 'string' ? { budgetSource: source } : {}
}

/**
 * summarizeRecord for a record that TestRecord has just validated (a journal line): the same
 * summary, fields and key order (an optional key is kept when present, as zod keeps it), picked
 * out without validating it a second time. It shares the
 * kept objects (cost, timing, errors...) with the record, which the caller then drops.
 */
export function summarizeValidRecord(record: TestRecord): CaseSummary {
  const { groundTruth: truth, checklist, judge } = record.scores
  return {
    task: record.task,
    track: record.track,
    costCenter: record.costCenter,
    topology: record.topology,
    trial: record.trial,
    seed: record.seed,
    status: record.status,
    simulated: record.simulated,
    provider: record.provider,
    model: record.model,
    judgeModel: record.judgeModel,
    ...('taskDigest' in record ? { taskDigest: record.taskDigest } : {}),
    mustCatch: record.mustCatch,
    cost: record.cost,
    timing: record.timing,
    warnings: record.warnings,
    scores: {
      headline: record.scores.headline,
      groundTruth: truth && { score: truth.score, metrics: truth.metrics, ...('outcomes' in truth ? { outcomes: truth.outcomes } : {}) },
      checklist: checklist && {
        score: checklist.score,
        ...('method' in checklist ? { method: checklist.method } : {}),
        ...('patternScore' in checklist ? { patternScore: checklist.patternScore } : {}),
        ...('disagreements' in checklist ? { disagreements: checklist.disagreements } : {}),
      },
      judge: judge && {
        model: judge.model,
        score: judge.score,
        sameModelAsAgents: judge.sameModelAsAgents,
        repeatSpread: judge.repeatSpread,
        injectionFlagged: judge.injectionFlagged,
        ...(judge.roleNamesLeft !== undefined ? { roleNamesLeft: judge.roleNamesLeft } : {}),
        pairwise: judge.pairwise && { against: judge.pairwise.against, outcome: judge.pairwise.outcome, consistent: judge.pairwise.consistent },
        failures: judge.failures.map((f) => ({ step: f.step, kind: f.kind, message: f.message })),
      },
    },
    errors: record.errors,
    ...(record.deliverable !== null ? { deliverableChars: deliverableText(record.deliverable).length } : {}),
    ...(record.memory.version !== undefined ? { memoryVersion: record.memory.version } : {}),
    ...budgetSourceOf(record),
  }
}

/** Identifies a case within a run: task, topology and trial. */
export type CaseId = Pick<CaseSummary, 'task' | 'topology' | 'trial'>

/** The key of a case: one record per key in a run (a resumed or re-run case replaces the older one). */
export function caseKey(c: CaseId): string {
  return `${c.task}\u0000${c.topology}\u0000${c.trial}`
}

/** The order of records everywhere: by task, then topology (canonical order), then trial. */
export function compareCases(a: CaseId, b: CaseId): number {
  return a.task.localeCompare(b.task) || compareTopologies(a.topology, b.topology) || a.trial - b.trial
}

/** "task × topology #trial", the name of the Vitest test of a case. */
export function caseName(c: CaseId): string {
  return `${c.task} × ${c.topology} #${c.trial}`
}
