import { describe, expect, test } from 'vitest'
import { CODE_CATEGORIES, codeReviewDeliverable, DiffLocation, issueCategories, issueLocations, type PlantedIssue, PlantedIssue as PlantedIssueSchema } from '../../../lib/tasks/kinds/code-review.js'

const issue: PlantedIssue = { id: 'd03-1', category: 'data_integrity', severity: 'HIGH', file: 'src/a.ts', lines: { start: 10, end: 12 }, summary: 'writes twice on retry' }

describe('issueLocations and issueCategories', () => {
  test('an issue is caught at its own place first, then at the further places it lists', () => {
    expect(issueLocations(issue)).toEqual([{ file: 'src/a.ts', lines: { start: 10, end: 12 } }])
    expect(issueLocations({ ...issue, locations: [{ file: 'src/b.ts', lines: { start: 3, end: 3 } }] })).toEqual([
      { file: 'src/a.ts', lines: { start: 10, end: 12 } },
      { file: 'src/b.ts', lines: { start: 3, end: 3 } },
    ])
  })

  test('under its own category first, then the further ones it may honestly belong to', () => {
    expect(issueCategories(issue)).toEqual(['data_integrity'])
    expect(issueCategories({ ...issue, alsoCategories: ['idempotency', 'race_condition'] })).toEqual(['data_integrity', 'idempotency', 'race_condition'])
  })
})

describe('the truth schema', () => {
  test('a line range ends at or after its start; an issue id is lowercase', () => {
    expect(DiffLocation.safeParse({ file: 'a', lines: { start: 5, end: 4 } }).error?.issues[0]?.message).toBe('expected end >= start')
    expect(PlantedIssueSchema.safeParse({ ...issue, id: 'D03-1' }).error?.issues[0]?.message).toBe('expected a lowercase id like "d03-1"')
  })
})

describe('codeReviewDeliverable', () => {
  const finding = { file: 'src/a.ts', line: 11, category: 'injection', severity: 'HIGH', explanation: 'e', fix: 'f' }
  const review = (f: object) => ({ reviews: [{ diff: 'd03', verdict: 'REQUEST_CHANGES', summary: 's', findings: [f] }] })

  test('a finding uses one of the task\'s categories or "other", a known severity and a whole line number', () => {
    const schema = codeReviewDeliverable(['injection', 'timing_attack'])
    expect(schema.safeParse(review(finding)).success).toBe(true)
    expect(schema.safeParse(review({ ...finding, category: 'other' })).success).toBe(true)
    for (const wrong of [{ category: 'race_condition' }, { severity: 'BLOCKER' }, { line: 11.5 }]) expect(schema.safeParse(review({ ...finding, ...wrong })).success, JSON.stringify(wrong)).toBe(false)
  })

  test('a verdict is APPROVE, REQUEST_CHANGES or BLOCK', () => {
    const schema = codeReviewDeliverable(['injection'])
    expect(schema.safeParse({ reviews: [{ diff: 'd01', verdict: 'APPROVE', summary: 's', findings: [] }] }).success).toBe(true)
    expect(schema.safeParse({ reviews: [{ diff: 'd01', verdict: 'LGTM', summary: 's', findings: [] }] }).success).toBe(false)
  })

  test('the kind\'s default categories are snake_case ids with a description', () => {
    expect(CODE_CATEGORIES.length).toBeGreaterThan(5)
    for (const c of CODE_CATEGORIES) expect(c.id).toMatch(/^[a-z][a-z0-9_]*$/)
    expect(CODE_CATEGORIES.map((c) => c.id)).toContain('injection')
  })
})
