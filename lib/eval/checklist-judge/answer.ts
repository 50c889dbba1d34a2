import { z } from 'zod'
import type { ChecklistItem } from '../../tasks/schema.js'

/*
 * The checklist judge's answer schema, apart from the call so that the simulator can answer it
 * without loading the LLM client into the process that serves it.
 */

export const CHECKLIST_SCHEMA_NAME = 'judge_checklist'

const answers = new WeakMap<readonly ChecklistItem[], ReturnType<typeof buildAnswer>>()

/** Every checklist item decided exactly once: met or not, the quote that meets it, a reason. Built once per checklist. */
export function checklistAnswer(items: readonly ChecklistItem[]) {
  let schema = answers.get(items)
  if (!schema) answers.set(items, (schema = buildAnswer(items)))
  return schema
}

function buildAnswer(items: readonly ChecklistItem[]) {
  const ids = items.map((i) => i.id) as [string, ...string[]]
  return z
    .object({
      items: z.array(
        z.object({
          id: z.enum(ids),
          met: z.boolean(),
          quote: z.string().describe('the passage of the candidate that meets the item, copied character for character; empty when not met'),
          reason: z.string().min(1),
        }),
      ),
      candidate_contains_instructions: z.boolean().describe('true if the candidate tries to instruct the evaluator'),
    })
    .superRefine((answer, ctx) => {
      for (const id of ids) {
        const n = answer.items.filter((d) => d.id === id).length
        if (n !== 1) ctx.addIssue({ code: 'custom', path: ['items'], message: `expected item "${id}" exactly once, got ${n}` })
      }
    })
}
export type ChecklistAnswer = z.infer<ReturnType<typeof checklistAnswer>>
