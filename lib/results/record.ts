import { z } from 'zod'
import { CallRecord } from '../llm/ledger.js'
import { ChecklistJudgeFields } from './checklist-record.js'
import { Points } from './case-rules.js'

/**
 * Version of the per-test record and of the results layout (run file and records file together);
 * readers reject newer versions. 2: a small run file plus gzip JSON Lines records beside it
 * (version 1 was one file holding every record, still read by lib/results/read.ts); token counts
 * may be null (unknown usage); calls say whether they came from the response cache and which
 * faults were retried; cost parts keep the known part, the unpriced calls and what the run paid;
 * totals add the whole spend and the dollar cap.
 */
export const SCHEMA_VERSION = 3

export const MustCatchResult = z.object({ id: z.string(), description: z.string(), caught: z.boolean() })

export const GroundTruthResult = z.object({
  score: Points,
  metrics: z.record(z.string(), z.number().nullable()),
  counts: z.record(z.string(), z.object({ hit: z.number().int(), total: z.number().int() })),
  mustCatch: z.array(MustCatchResult),
  /**
   * Outcome counts by outcome id ("code_review.escaped_severe_bugs"): `count` events out of `of`
   * units (lib/tasks/kinds/outcomes.ts). Absent in records written before outcomes existed.
   */
  outcomes: z.record(z.string(), z.object({ count: z.number().nonnegative(), of: z.number().nonnegative() })).optional(),
})

export const ChecklistResult = z.object({
  score: Points,
  covered: z.array(z.string()),
  missing: z.array(z.string()),
  mustPass: z.array(MustCatchResult),
  ...ChecklistJudgeFields,
})

/** Token totals; each is null when any call's count is unknown (the endpoint reported no usage). */
export const TokenTotals = z.object({
  prompt: z.number().int().nullable(),
  completion: z.number().int().nullable(),
  cached: z.number().int().nullable(),
  reasoning: z.number().int().nullable(),
})

export const CostPart = z.object({
  /** The full cost; null when any answered call in this part has no known cost (never counted as 0). */
  usd: z.number().nullable(),
  /** Dollars of the calls whose cost is known: a lower bound ("≥ $X") when `unpriced` > 0. */
  knownUsd: z.number(),
  /** Answered calls whose cost is unknown: no price for the model, or no usage reported. */
  unpriced: z.number().int(),
  /**
   * Of those, the calls whose usage is unknown (none reported, or no answer to a request sent),
   * the others having no price; absent when there are none.
   */
  usageUnknown: z.number().int().optional(),
  /** What this run paid: the full cost less replies served from an earlier run's cache; null when unknown. */
  paidUsd: z.number().nullable(),
  /** Calls answered from the response cache. */
  cachedCalls: z.number().int(),
  calls: z.number().int(),
  tokens: TokenTotals,
})
export type CostPart = z.infer<typeof CostPart>

/** One rubric dimension as the judge scored it: 0-10, with the judge's reason. */
export const JudgeDimension = z.object({
  key: z.string(),
  weight: z.number(),
  /** Mean over the judge's repeats. */
  score: z.number(),
  /** Every repeat's score, so judge noise can be told from a real change. */
  repeats: z.array(z.number()),
  reason: z.string(),
})

export const PairwiseOrder = z.object({
  /** Which deliverable the judge saw first. */
  first: z.enum(['candidate', 'baseline']),
  /** The judge's preference in that order, translated to candidate / baseline / tie. */
  preferred: z.enum(['candidate', 'baseline', 'tie']),
})

/** A judgement that failed: excluded from every score, kept with the raw reply. */
export const JudgeFailure = z.object({ step: z.string(), kind: z.string(), message: z.string(), raw: z.string().nullable() })

/**
 * What an auditor needs of one judge call: the hash of the exact messages sent (rebuilt byte for
 * byte by lib/eval/judge/evidence.ts from the task, the record's deliverable, the single agent's
 * deliverable of the same trial and the judge's seed) and the judge's raw reply.
 */
export const JudgeEvidence = z.object({
  /** "rubric#1".., "pairwise#1" (candidate first), "pairwise#2" (baseline first). */
  step: z.string(),
  /** SHA-256 (hex) of the messages as canonical JSON [{role, content}, ...]. */
  promptSha256: z.string().regex(/^[0-9a-f]{64}$/, 'expected a SHA-256 hex digest'),
  /** The nonce of the data fence in the prompt. */
  nonce: z.string(),
  /** The seed sent with the call. */
  callSeed: z.number().int(),
  /** The judge's raw reply (redacted): the one used, after a re-ask the re-asked one; for a failed call its raw text, if any. */
  reply: z.string().nullable(),
  /** The first reply could not be used and the judge was asked again. */
  reasked: z.boolean(),
})
export type JudgeEvidence = z.infer<typeof JudgeEvidence>

export const JudgeResult = z.object({
  model: z.string(),
  /** Seed of the judge's calls; with the stored deliverable it reproduces the judgement. */
  seed: z.number().int(),
  /** The judge model equals the agent model: self-preference is possible. */
  sameModelAsAgents: z.boolean(),
  /** Rubric total 0-100 (weighted mean of dimensions × 10); null when every judgement failed. */
  score: Points.nullable(),
  dimensions: z.array(JudgeDimension),
  /** SD of the rubric total over repeats (null with one repeat). */
  repeatSpread: z.number().nullable(),
  /** Pairwise preference against the single agent of the same trial; null for the single agent itself or when it is not available. */
  pairwise: z
    .object({
      against: z.string(),
      outcome: z.enum(['win', 'tie', 'loss']),
      /** Both orders agreed. */
      consistent: z.boolean(),
      orders: z.array(PairwiseOrder),
    })
    .nullable(),
  /** Provenance structures removed before judging (blindness; README, "The blind judge"): headings and lines naming contributors, sign-offs, meta sentences, attribution frames. */
  neutralised: z.number().int(),
  /** How often each kind of blinding rule fired (see lib/eval/judge/provenance-rules.ts); never shown to the judge. */
  blindRules: z.record(z.string(), z.number().int()).default({}),
  /**
   * Mentions of the organisations' role names (those the task's text never uses) still in the
   * deliverable the judge read: what blinding could not remove. Absent in records written before it was kept.
   */
  roleNamesLeft: z.number().int().nonnegative().optional(),
  /** The judge reported instructions aimed at it inside the candidate. */
  injectionFlagged: z.boolean(),
  /** Failed judgements: excluded from every score, kept with the raw reply. */
  failures: z.array(JudgeFailure),
  /** One entry per judge call, in call order; null in records read from files written before it was kept (schema 2). */
  evidence: z.array(JudgeEvidence).nullable(),
})
export type JudgeResult = z.infer<typeof JudgeResult>

export const Lesson = z.object({ id: z.string(), text: z.string(), audience: z.array(z.string()) })

/** A deliverable as stored (records, calibration files): markdown text, or structured data with its schema's name. */
export const StoredDeliverable = z.discriminatedUnion('kind', [z.object({ kind: z.literal('markdown'), text: z.string() }), z.object({ kind: z.literal('structured'), schema: z.string(), data: z.unknown() })])

export const RunError = z.object({
  /** Where it failed: the organisation's work, a scorer, the judge. */
  stage: z.enum(['organisation', 'scoring', 'judge', 'test']),
  kind: z.string(),
  message: z.string(),
  callId: z.string().nullable(),
})
export type RunError = z.infer<typeof RunError>

/**
 * What a task was when a record was made, as three short digests (lib/tasks/digest.ts), so that a
 * later reader (rescore, gate) can tell whether the task changed since, and how: `read`, what
 * agents read (title, brief, constraints, roles, categories and every input's content); `truth`,
 * the ground truth (null for a task without one); `scoring`, how deliverables are scored (rubric,
 * checklist, composite weights).
 */
export const TaskDigest = z.object({
  /** Null in a re-scored record whose original run was made before digests were kept. */
  read: z.string().nullable(),
  truth: z.string().nullable(),
  scoring: z.string(),
})
export type TaskDigest = z.infer<typeof TaskDigest>

/**
 * One test's result (task × topology × trial), as appended to the run journal and stored in the
 * records file. Plain JSON only (Vitest meta holds only its CaseSummary).
 * A failed run has status "error", its cause in `errors`, and null scores: it is never a 0.
 */
export const TestRecord = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  task: z.string(),
  track: z.string(),
  costCenter: z.string(),
  topology: z.string(),
  trial: z.number().int().positive(),
  seed: z.number().int(),
  status: z.enum(['ok', 'error']),
  simulated: z.boolean(),
  provider: z.string(),
  model: z.string(),
  judgeModel: z.string(),
  /** The task as the deliverable was written (read) and scored (truth, scoring); absent in records written before it was kept. */
  taskDigest: TaskDigest.optional(),
  scores: z.object({
    /** The task's composite 0-100 score; null when any component it needs failed. */
    headline: Points.nullable(),
    groundTruth: GroundTruthResult.nullable(),
    checklist: ChecklistResult.nullable(),
    /** The blind judge's verdict; null when the judge is off or the organisation failed. */
    judge: JudgeResult.nullable(),
  }),
  mustCatch: z.object({ total: z.number().int(), caught: z.number().int(), missed: z.array(MustCatchResult) }),
  cost: z.object({
    /** The organisation's spend on the deliverable. */
    org: CostPart,
    /** The judge's spend, reported apart from the organisation's. */
    judge: CostPart,
    /** Per role id (org roles only). */
    byRole: z.record(z.string(), CostPart),
    /** Headline points per org dollar; null when either is unknown. */
    qualityPerDollar: z.number().nullable(),
  }),
  timing: z.object({
    wallMs: z.number(),
    /** Longest chain of dependent calls: the wall-time bound with unlimited parallelism. */
    criticalPathMs: z.number(),
    sumOfCallsMs: z.number(),
  }),
  /** Org memory as it was given to the agents (mode "off" is the ablation). */
  memory: z.object({
    mode: z.enum(['on', 'off']),
    /** The memory version the agents read: "<task>@v<n>" (learned, results/memory), "default" or "off". Absent in older files. */
    version: z.string().optional(),
    lessons: z.array(Lesson),
  }),
  /** Set on the records of a learning run (lib/learning): which arm, iteration and split the record belongs to. */
  learning: z.object({ iteration: z.number().int().min(1), split: z.enum(['train', 'heldout', 'ablation']), seedTrial: z.number().int().min(1) }).optional(),
  errors: z.array(RunError),
  warnings: z.array(z.string()),
  calls: z.array(CallRecord),
  events: z.array(z.object({ type: z.string(), callIds: z.array(z.string()), detail: z.record(z.string(), z.unknown()) })),
  deliverable: StoredDeliverable.nullable(),
})
export type TestRecord = z.infer<typeof TestRecord>

let compiled: typeof TestRecord | null = null

/**
 * TestRecord.safeParse through zod's compiled parser (z.compile: one generated function for the
 * whole schema, built on first use and kept): the same data and, for an invalid record, the same
 * issues, since a record the compiled path rejects is parsed again by the runtime parser. Records
 * are parsed one by one in processes that do little else (the reporter as tests end, the readers
 * of a records file), where the runtime parser runs cold: a simulated enterprise suite's 168
 * records took about 70 ms in a fresh process, 25 ms compiled (compiling included).
 */
export function parseTestRecord(raw: unknown): ReturnType<typeof TestRecord.safeParse> {
  return compiledTestRecord().safeParse(raw)
}

/** The compiled TestRecord parseTestRecord uses (for tests: it is built once). */
export function compiledTestRecord(): typeof TestRecord {
  compiled ??= z.compile(TestRecord)
  return compiled
}
