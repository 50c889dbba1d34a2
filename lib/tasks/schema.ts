import { z } from 'zod'
import { TRACK_NAMES } from './track-names.js'
import { CategorySpec } from './categories.js'

/** The three tracks. Finance is kept apart from enterprise work, as in the original suite. */
export const Track = z.enum(TRACK_NAMES)
export type Track = z.infer<typeof Track>

/** How hard a task is meant to be; see TaskDefinition.tier. */
export const Tier = z.enum(['standard', 'hard'])
export type Tier = z.infer<typeof Tier>

/** The enterprise cost center a task stands for; reports group results by it. */
export const CostCenter = z.enum(['engineering', 'security', 'legal', 'support', 'operations', 'finance', 'strategy'])
export type CostCenter = z.infer<typeof CostCenter>

/** The shape of the deliverable, which decides its zod schema and its ground-truth scorer. */
export const DeliverableKind = z.enum(['markdown', 'code_review', 'contract_review', 'support_triage', 'incident_response', 'reconciliation'])
export type DeliverableKind = z.infer<typeof DeliverableKind>

const snakeId = z.string().regex(/^[a-z][a-z0-9_]*$/, 'expected a snake_case id')

export const TaskInput = z.strictObject({
  /** Neutral id shown to agents, e.g. "d03". It must not hint at the ground truth. */
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a neutral lowercase id like "d03"').describe('neutral id shown to agents, e.g. "d03"; it must not hint at the ground truth'),
  /** Path relative to fixtures/. */
  path: z.string().min(1).describe('path relative to fixtures/; its file and folder names must not hint at the ground truth'),
  /** Heading shown to agents above the verbatim content. */
  label: z.string().min(1).describe('heading shown to agents above the verbatim content'),
  format: z.enum(['diff', 'markdown', 'json', 'log', 'csv', 'text']).describe('"diff" inputs get a gutter of new line numbers; the others are shown as they are'),
})
export type TaskInput = z.infer<typeof TaskInput>

export const Role = z.strictObject({
  id: snakeId.describe('stable id; org-memory lessons are addressed to it'),
  name: z.string().min(1).describe('the name agents are given, on a line of its own ("Your role: <name>"), so any noun phrase reads correctly'),
  /** What the role examines. Never what it should conclude: the single agent must get the same facts. */
  focus: z.string().min(20).describe('the area of the work the role covers (which part of the material, which subject), never what makes an item a finding nor what to conclude (the single agent must get the same facts)'),
  /** Key under which org-memory lessons for this role are stored and looked up. */
  memoryKey: snakeId.describe('key of the org-memory lessons for this role'),
})
export type Role = z.infer<typeof Role>

export const RubricDimension = z.strictObject({
  key: snakeId.describe('dimension key the judge scores 0-10'),
  description: z.string().min(10).describe('what the dimension rewards, as the judge reads it'),
  /** Points this dimension contributes to the 0-100 rubric total. */
  weight: z.number().positive().describe('points of the 0-100 rubric total'),
})
export type RubricDimension = z.infer<typeof RubricDimension>

export const ChecklistItem = z.strictObject({
  id: snakeId.describe('item id; a missed must-pass item is reported at this line of the definition'),
  description: z.string().min(5).describe('what the deliverable must contain'),
  /** Case-insensitive regular expressions; the item is covered when any one matches the deliverable. */
  patterns: z.array(z.string().min(1)).min(1).describe('case-insensitive regular expressions; the item is covered when any one matches'),
  /** A must-pass item becomes its own test assertion. */
  mustPass: z.boolean().default(false).describe('a must-pass item becomes a test assertion'),
  /** A match whose clause negates it ("we do not use a drawdown halt", "we never swap to USDC") does not count (lib/eval/negation.ts). */
  refuseNegated: z.boolean().optional().describe('a match negated in its own clause ("we do not use …", "we never …") does not count'),
})
export type ChecklistItem = z.infer<typeof ChecklistItem>

/** How the component scores (each 0-100) combine into the headline score. Weights sum to 1. */
export const Composite = z
  .strictObject({
    groundTruth: z.number().min(0).max(1),
    checklist: z.number().min(0).max(1),
    judge: z.number().min(0).max(1),
  })
  .superRefine((c, ctx) => {
    const sum = c.groundTruth + c.checklist + c.judge
    // Shown rounded, so that 0.7 + 0 + 0.4 reads 1.1 rather than 1.0999999999999999.
    if (Math.abs(sum - 1) >= 1e-9) ctx.addIssue({ code: 'custom', message: `expected groundTruth + checklist + judge to sum to 1, got ${Number(sum.toFixed(6))}` })
  })
export type Composite = z.infer<typeof Composite>

export const TaskDefinition = z
  .strictObject({
    id: snakeId.describe('snake_case id; the definition file is <track>/<id>.ts and the benchmark file <id with dashes>.test.ts'),
    track: Track.describe('the track, which must match the folder the definition lives in'),
    costCenter: CostCenter.describe('the enterprise cost center the task stands for; reports group results by it'),
    title: z.string().min(3).describe('a short title, shown to agents and in reports'),
    /**
     * "standard": today's tasks; "hard": tasks built to be beyond a strong single agent (far longer
     * inputs, items visible only across them). Whether one is, only its real-model calibration shows.
     * Hard-tier benchmark files live in benchmarks/hard/.
     */
    tier: Tier.default('standard').describe('"standard", or "hard" for a task built to be beyond a strong single agent; whether it is, only its calibration shows (see Calibrating a task). Benchmark file in benchmarks/hard/'),
    kind: z.enum(['execution', 'design']).describe('"execution": a structured deliverable scored against ground truth; "design": a markdown deliverable scored by checklist and judge'),
    /** The full brief every agent and the judge see, unabridged. */
    brief: z
      .string()
      .min(200)
      .describe('the complete brief every agent and the judge read, unabridged: everything needed, nothing that hints at the answer. The prompt opens with "# Task: <title>" and lists hardConstraints after the brief, so the brief neither opens with the title as a heading nor has a hard-constraints section of its own'),
    inputs: z.array(TaskInput).default([]).describe('fixtures shown verbatim to every agent and to the judge, after the brief'),
    roles: z.array(Role).min(3).max(6).describe('the specialists of the organisations (3-6); each focus names an area of the work, never what to find or conclude; together they cover the whole material'),
    rubric: z.array(RubricDimension).min(1).describe("the judge's rubric; weights sum to 100"),
    hardConstraints: z.array(z.string().min(3)).default([]).describe('constraints listed under "## Hard constraints" after the brief for every agent: their one source (the brief does not repeat them)'),
    checklist: z.array(ChecklistItem).default([]).describe('items scored by pattern (design tasks); a mustPass item becomes its own test assertion'),
    deliverable: DeliverableKind.describe('"markdown", or the structured kind the deliverable must follow (its schema is sent as the response format)'),
    /**
     * The output cap every agent of this task gets at least (a 300-ticket triage needs more than the
     * default ORGBENCH_MAX_OUTPUT_TOKENS); the same for every topology.
     */
    minOutputTokens: z.number().int().min(64).max(200_000).optional().describe('raise the output cap for every agent of this task alike, when the deliverable is large'),
    /** Ground-truth file relative to fixtures/, required for execution tasks. */
    groundTruth: z.string().optional().describe('ground-truth file, relative to fixtures/; required for execution tasks'),
    /**
     * Categories this task adds to its kind's defaults (e.g. a code review that also plants a timing
     * attack). Each has a description the brief shows and synonyms the leak check looks for.
     */
    categories: z.array(CategorySpec).default([]).describe("categories this task adds to its kind's defaults, each with a description the brief can show and synonyms the leak check looks for"),
    /**
     * More words per category (by id) that would give it away in a fixture name or a role's focus,
     * on top of the category's own synonyms: e.g. { injection: ["nosql"] }.
     */
    synonyms: z.record(z.string(), z.array(z.string().min(2))).default({}).describe("more words per category id that would give it away in a name or a role's focus"),
    composite: Composite.describe('weights (summing to 1) of the ground-truth, checklist and judge scores in the headline score'),
  })
  .superRefine((t, ctx) => {
    const total = t.rubric.reduce((s, d) => s + d.weight, 0)
    if (Math.abs(total - 100) > 1e-9) {
      ctx.addIssue({ code: 'custom', path: ['rubric'], message: `expected rubric weights to sum to 100, got ${total}` })
    }
    if (t.kind === 'execution' && !t.groundTruth) {
      ctx.addIssue({ code: 'custom', path: ['groundTruth'], message: 'expected a ground-truth file for an execution task' })
    }
    if (t.kind === 'execution' && t.deliverable === 'markdown') {
      ctx.addIssue({ code: 'custom', path: ['deliverable'], message: 'expected a structured deliverable for an execution task' })
    }
    if (t.kind === 'design' && t.deliverable !== 'markdown') {
      ctx.addIssue({ code: 'custom', path: ['deliverable'], message: `expected "markdown" for a design task, got "${t.deliverable}" (a structured deliverable scored against ground truth is kind "execution")` })
    }
    if (t.composite.groundTruth > 0 && !t.groundTruth) {
      ctx.addIssue({ code: 'custom', path: ['composite', 'groundTruth'], message: 'expected 0 when the task has no ground truth' })
    }
    if (t.categories.length > 0 && t.deliverable === 'markdown') {
      ctx.addIssue({ code: 'custom', path: ['categories'], message: 'expected no categories for a markdown deliverable (categories belong to structured findings)' })
    }
    if (t.composite.checklist > 0 && t.checklist.length === 0) {
      ctx.addIssue({ code: 'custom', path: ['composite', 'checklist'], message: 'expected 0 when the task has no checklist' })
    }
    for (const [key, list] of [
      ['roles', t.roles.map((r) => r.id)],
      ['inputs', t.inputs.map((i) => i.id)],
      ['rubric', t.rubric.map((d) => d.key)],
      ['checklist', t.checklist.map((c) => c.id)],
      ['categories', t.categories.map((c) => c.id)],
    ] as const) {
      const seen = new Set<string>()
      list.forEach((id, i) => {
        if (seen.has(id)) ctx.addIssue({ code: 'custom', path: [key, i], message: `duplicate id "${id}"` })
        seen.add(id)
      })
    }
    t.checklist.forEach((item, i) =>
      item.patterns.forEach((p, j) => {
        try {
          new RegExp(p, 'i')
        } catch (e) {
          ctx.addIssue({ code: 'custom', path: ['checklist', i, 'patterns', j], message: `expected a valid regular expression: ${(e as Error).message}` })
        }
      }),
    )
  })
export type TaskDefinitionInput = z.input<typeof TaskDefinition>
export type TaskDefinition = z.infer<typeof TaskDefinition>

/** Identity helper that gives task files type checking; validation happens in the registry. */
export function defineTask(task: TaskDefinitionInput): TaskDefinitionInput {
  return task
}
