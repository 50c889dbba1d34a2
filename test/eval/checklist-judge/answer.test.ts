import { describe, expect, test } from 'vitest'
import { checklistAnswer } from '../../../lib/eval/checklist-judge/answer.js'
import type { ChecklistItem } from '../../../lib/tasks/schema.js'

const items: ChecklistItem[] = [
  { id: 'rollback_plan', description: 'names a rollback plan', patterns: ['rollback'], mustPass: true },
  { id: 'owner_named', description: 'names an owner for each step', patterns: ['owner'], mustPass: false },
]
const decided = (id: string, met = true) => ({ id, met, quote: met ? 'Rollback within 5 minutes.' : '', reason: 'as quoted' })
const problems = (answer: unknown) => checklistAnswer(items).safeParse(answer).error?.issues.map((i) => `${i.path.join('.')}: ${i.message}`)

describe('the checklist judge answer schema', () => {
  test('accepts every item decided exactly once, in any order', () => {
    const answer = { items: [decided('owner_named', false), decided('rollback_plan')], candidate_contains_instructions: false }
    expect(checklistAnswer(items).parse(answer)).toEqual(answer)
  })

  test('names each item that is missing or decided twice, with how often it was decided', () => {
    expect(problems({ items: [decided('rollback_plan'), decided('rollback_plan')], candidate_contains_instructions: false })).toEqual([
      'items: expected item "rollback_plan" exactly once, got 2',
      'items: expected item "owner_named" exactly once, got 0',
    ])
  })

  test('refuses an id that is not on the checklist and a decision without a reason', () => {
    const found = problems({ items: [decided('rollback_plan'), { ...decided('owner_named'), reason: '' }, decided('made_up')], candidate_contains_instructions: false })
    expect(found).toHaveLength(2)
    expect(found![0]).toMatch(/^items\.1\.reason: /)
    expect(found![1]).toMatch(/^items\.2\.id: .*"rollback_plan"\|"owner_named"/)
  })

  test('requires the injection flag', () => {
    expect(problems({ items: [decided('rollback_plan'), decided('owner_named')] })).toEqual(['candidate_contains_instructions: Invalid input: expected boolean, received undefined'])
  })

  test('is built once per checklist: the same items give the same schema, other items another', () => {
    expect(checklistAnswer(items)).toBe(checklistAnswer(items))
    expect(checklistAnswer([...items])).not.toBe(checklistAnswer(items))
  })
})
