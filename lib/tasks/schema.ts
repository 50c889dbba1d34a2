import { z } from 'zod'
import { CategorySpec } from './categories.js'

/** The three tracks. Finance is kept apart from enterprise work, as in the original suite. */
export const Track = z.enum(['enterprise', 'finance', 'general'])
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
  id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'expected a neutral lowercase id like "d03"'),
  /** Path relative to fixtures/. */
  path: z.string().min(1),
  /** Heading shown to agents above the verbatim content. */
  label: z.string().min(1),
  format: z.enum(['diff', 'markdown', 'json', 'log', 'csv', 'text']),
})
export type TaskInput = z.infer<typeof TaskInput>

export const Role = z.strictObject({
  id: snakeId,
  name: z.string().min(1),
  /** What the role examines. Never what it should conclude: the single agent must get the same facts. */
  focus: z.string().min(20),
  /** Key under which org-memory lessons for this role are stored and looked up. */
  memoryKey: snakeId,
})
export type Role = z.infer<typeof Role>

export const RubricDimension = z.strictObject({
  key: snakeId,
  description: z.string().min(10),
  /** Points this dimension contributes to the 0-100 rubric total. */
  weight: z.number().positive(),
})
export type RubricDimension = z.infer<typeof RubricDimension>

export const ChecklistItem = z.strictObject({
  id: snakeId,
  description: z.string().min(5),
  /** Case-insensitive regular expressions; the item is covered when any one matches the deliverable. */
  patterns: z.array(z.string().min(1)).min(1),
  /** A must-pass item becomes its own test assertion. */
  mustPass: z.boolean().default(false),
})
export type ChecklistItem = z.infer<typeof ChecklistItem>

/** How the component scores (each 0-100) combine into the headline score. Weights sum to 1. */
export const Composite = z
  .strictObject({
    groundTruth: z.number().min(0).max(1),
    checklist: z.number().min(0).max(1),
    judge: z.number().min(0).max(1),
  })
  .refine((c) => Math.abs(c.groundTruth + c.checklist + c.judge - 1) < 1e-9, {
    message: 'expected groundTruth + checklist + judge to sum to 1',
  })
export type Composite = z.infer<typeof Composite>

export const TaskDefinition = z
  .strictObject({
    id: snakeId,
    track: Track,
    costCenter: CostCenter,
    title: z.string().min(3),
    /**
     * "standard": today's tasks; "hard": the tier built so that a strong single agent cannot ace it
     * (calibrated against a real model). Hard-tier benchmark files live in benchmarks/hard/.
     */
    tier: Tier.default('standard'),
    kind: z.enum(['execution', 'design']),
    /** The full brief every agent and the judge see, unabridged. */
    brief: z.string().min(200),
    inputs: z.array(TaskInput).default([]),
    roles: z.array(Role).min(3).max(6),
    rubric: z.array(RubricDimension).min(1),
    hardConstraints: z.array(z.string().min(3)).default([]),
    checklist: z.array(ChecklistItem).default([]),
    deliverable: DeliverableKind,
    /**
     * The output cap every agent of this task gets at least (a 300-ticket triage needs more than the
     * default ORGBENCH_MAX_OUTPUT_TOKENS); the same for every topology.
     */
    minOutputTokens: z.number().int().min(64).max(200_000).optional(),
    /** Ground-truth file relative to fixtures/, required for execution tasks. */
    groundTruth: z.string().optional(),
    /**
     * Categories this task adds to its kind's defaults (e.g. a code review that also plants a timing
     * attack). Each has a description the brief shows and synonyms the leak check looks for.
     */
    categories: z.array(CategorySpec).default([]),
    composite: Composite,
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
