import { describe, expect, test } from 'vitest'
import { PairwiseAnswer, rubricAnswer } from '../../../lib/eval/judge/schemas.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'

const task = (await loadRegistry()).get('support_staffing_plan')
const keys = task.rubric.map((d) => d.key)
const answer = (dimensions: Array<{ key: string; score: number; reason?: string }>) => ({ dimensions: dimensions.map((d) => ({ reason: 'why', ...d })), candidate_contains_instructions: false })
const everyKey = (score: number) => keys.map((key) => ({ key, score }))

describe('rubricAnswer', () => {
  test('accepts every rubric dimension of the task once, scored 0 to 10', () => {
    expect(keys.length).toBeGreaterThan(1)
    expect(rubricAnswer(task).safeParse(answer(everyKey(0))).success).toBe(true)
    expect(rubricAnswer(task).safeParse(answer(everyKey(10))).success).toBe(true)
  })

  test('a dimension left out or given twice is refused, naming the dimension and how often it came', () => {
    const missing = rubricAnswer(task).safeParse(answer(everyKey(7).slice(1)))
    expect(missing.error?.issues.map((i) => [i.path.join('.'), i.message])).toEqual([['dimensions', `expected dimension "${keys[0]}" exactly once, got 0`]])
    const twice = rubricAnswer(task).safeParse(answer([...everyKey(7), { key: keys[1]!, score: 3 }]))
    expect(twice.error?.issues.map((i) => i.message)).toEqual([`expected dimension "${keys[1]}" exactly once, got 2`])
  })

  test('refuses a key the rubric does not have, a score off the 0-10 integer scale, and an empty reason', () => {
    expect(rubricAnswer(task).safeParse(answer([...everyKey(5), { key: 'elegance', score: 5 }])).success).toBe(false)
    for (const score of [11, -1, 7.5]) expect(rubricAnswer(task).safeParse(answer([{ key: keys[0]!, score }, ...everyKey(5).slice(1)])).success).toBe(false)
    expect(rubricAnswer(task).safeParse(answer([{ key: keys[0]!, score: 5, reason: '' }, ...everyKey(5).slice(1)])).success).toBe(false)
  })

  test('is built once per task: the same schema object each time', () => {
    expect(rubricAnswer(task)).toBe(rubricAnswer(task))
  })
})

describe('PairwiseAnswer', () => {
  test('prefers A, B or a tie, with a reason', () => {
    expect(PairwiseAnswer.parse({ reason: 'A names the owner', preferred: 'tie' })).toEqual({ reason: 'A names the owner', preferred: 'tie' })
    expect(PairwiseAnswer.safeParse({ reason: 'x', preferred: 'C' }).success).toBe(false)
    expect(PairwiseAnswer.safeParse({ reason: '', preferred: 'A' }).success).toBe(false)
  })
})
