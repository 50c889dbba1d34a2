import { describe, expect, test } from 'vitest'
import { unknownAudience } from '../../lib/memory/audience.js'
import { DEFAULT_LESSONS } from '../../lib/memory/lessons.js'

const task = { id: 'code_review_execution', roles: [{ id: 'security_reviewer' }, { id: 'concurrency_reviewer' }] }
const lessons = (...audiences: string[][]) => audiences.map((audience) => ({ audience }))

describe('unknownAudience', () => {
  test('a lesson may address a role of the task, a structural role, a role self_decompose proposed, "specialists" or "all"', () => {
    expect(unknownAudience(lessons(['security_reviewer'], ['single', 'synthesizer', 'coordinator', 'decomposer'], ['proposed_risk_analyst'], ['specialists'], ['all']), task)).toBeNull()
  })

  test('the default lessons address only agents every task has', () => {
    expect(unknownAudience(DEFAULT_LESSONS, { id: 'any_task', roles: [] })).toBeNull()
  })

  test('a lesson addressed to no agent of the task names its field, what it addressed and what was expected, with a did-you-mean when one is close', () => {
    expect(unknownAudience(lessons(['all'], ['synthesiser']), task)).toEqual({
      field: 'lessons.1.audience',
      message: '"synthesiser" is not a role of code_review_execution; did you mean "synthesizer"? (expected one of security_reviewer, concurrency_reviewer, single, synthesizer, coordinator, decomposer, specialists, or "all")',
    })
  })

  test('one unknown addressee among known ones is refused too: that part of the lesson would reach no prompt', () => {
    expect(unknownAudience(lessons(['single'], ['security_reviewer', 'legal_reviewer']), task)?.field).toBe('lessons.1.audience')
    expect(unknownAudience(lessons(['single'], ['security_reviewer', 'legal_reviewer']), task)?.message).toMatch(/^"legal_reviewer" is not a role of code_review_execution/)
  })

  test('a role of another task is not a role of this one', () => {
    expect(unknownAudience(lessons(['security_reviewer']), { id: 'contract_review', roles: [{ id: 'liability_counsel' }] })?.message).toMatch(/^"security_reviewer" is not a role of contract_review \(expected one of liability_counsel, single, /)
  })
})
