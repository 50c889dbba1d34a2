import { describe, expect, test } from 'vitest'
import { categories, categoryEnum, CategoryId, CategorySpec, mergeCategories, OTHER_CATEGORY, renderCategories } from '../../lib/tasks/categories.js'

const defaults = categories([
  ['injection', 'user input reaches a query or a shell'],
  ['race_condition', 'two requests interleave on shared state', ['race', 'TOCTOU']],
])

describe('categories', () => {
  test('turns [id, description, synonyms?] rows into specs, with no synonyms by default', () => {
    expect(defaults).toEqual([
      { id: 'injection', description: 'user input reaches a query or a shell', synonyms: [] },
      { id: 'race_condition', description: 'two requests interleave on shared state', synonyms: ['race', 'TOCTOU'] },
    ])
  })

  test('refuses an id that is not snake_case, or a description too short to brief agents with, saying what was expected', () => {
    expect(() => categories([['Timing-Attack', 'a comparison that leaks time']])).toThrow(/expected a snake_case category id like/)
    expect(() => categories([['timing', 'short']])).toThrow('expected a description of at least 10 characters that the brief can show')
    expect(CategoryId.safeParse('2fa_bypass').success).toBe(false)
    expect(CategoryId.safeParse('n_plus_1').success).toBe(true)
  })

  test('a spec is strict: an unknown field is refused', () => {
    expect(CategorySpec.safeParse({ id: 'x_y', description: 'a long enough description', weight: 2 }).success).toBe(false)
  })
})

describe('mergeCategories', () => {
  test("a task's own categories follow the kind's defaults; one that reuses a default id is dropped, the default kept", () => {
    const own = categories([
      ['injection', 'the task\'s own wording of injection'],
      ['stale_cache', 'a cache serves data after it changed'],
    ])
    expect(mergeCategories(defaults, own).map((c) => [c.id, c.description])).toEqual([
      ['injection', 'user input reaches a query or a shell'],
      ['race_condition', 'two requests interleave on shared state'],
      ['stale_cache', 'a cache serves data after it changed'],
    ])
  })
})

describe('renderCategories', () => {
  test('one "- `id`: description" line per category, synonyms left out', () => {
    expect(renderCategories(defaults)).toBe('- `injection`: user input reaches a query or a shell\n- `race_condition`: two requests interleave on shared state')
  })
})

describe('categoryEnum', () => {
  test('accepts the ids, and "other" only when findings may use it', () => {
    expect(OTHER_CATEGORY).toBe('other')
    expect(categoryEnum(['injection'], true).safeParse('other').success).toBe(true)
    expect(categoryEnum(['injection'], false).safeParse('other').success).toBe(false)
    expect(categoryEnum(['injection'], false).safeParse('injection').success).toBe(true)
    expect(categoryEnum([], true).safeParse('other').success).toBe(true)
  })

  test('an empty list without "other" is a definition error', () => {
    expect(() => categoryEnum([], false)).toThrow('a category list needs at least one category')
  })
})
