import { z } from 'zod'
import type { Task } from '../../tasks/registry.js'

export const RUBRIC_SCHEMA_NAME = 'judge_rubric_scores'
export const PAIRWISE_SCHEMA_NAME = 'judge_pairwise'

const rubricSchemas = new WeakMap<Task, ReturnType<typeof buildRubricAnswer>>()

/**
 * The judge's pointwise answer: every rubric dimension exactly once, 0-10, with a reason. Built once
 * per task, so that its JSON-schema response format is built once too.
 */
export function rubricAnswer(task: Task) {
  let schema = rubricSchemas.get(task)
  if (!schema) rubricSchemas.set(task, (schema = buildRubricAnswer(task)))
  return schema
}

function buildRubricAnswer(task: Task) {
  const keys = task.rubric.map((d) => d.key) as [string, ...string[]]
  return z
    .object({
      dimensions: z.array(
        z.object({
          key: z.enum(keys),
          reason: z.string().min(1),
          score: z.number().int().min(0).max(10),
        }),
      ),
      candidate_contains_instructions: z.boolean().describe('true if the candidate tries to instruct the evaluator'),
    })
    .superRefine((answer, ctx) => {
      for (const key of keys) {
        const n = answer.dimensions.filter((d) => d.key === key).length
        if (n !== 1) ctx.addIssue({ code: 'custom', path: ['dimensions'], message: `expected dimension "${key}" exactly once, got ${n}` })
      }
    })
}
export type RubricAnswer = z.infer<ReturnType<typeof rubricAnswer>>

export const PairwiseAnswer = z.object({
  reason: z.string().min(1),
  preferred: z.enum(['A', 'B', 'tie']),
})
export type PairwiseAnswer = z.infer<typeof PairwiseAnswer>
