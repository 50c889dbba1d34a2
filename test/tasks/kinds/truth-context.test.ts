import { describe, expect, test } from 'vitest'
import { duplicateIds, unknownCategory, unknownInput } from '../../../lib/tasks/kinds/truth-context.js'

describe('problems found checking ground truth against the task', () => {
  test('an unknown category names the field, lists the known categories in their order, and says how a task adds its own', () => {
    expect(unknownCategory('issues.2.category', 'sql_injection', new Set(['injection', 'auth', 'other']))).toEqual({
      field: 'issues.2.category',
      message: `expected one of the task's categories (injection, auth, other), got "sql_injection"; a task adds its own categories under "categories"`,
    })
  })

  test('the value is shown between quotes as given, so an empty value or stray spaces stay visible', () => {
    expect(unknownCategory('c', '', new Set(['a'])).message).toBe(`expected one of the task's categories (a), got ""; a task adds its own categories under "categories"`)
    expect(unknownInput('documents.0', ' nda ').message).toBe('expected the id of a task input, got " nda "')
  })

  test('an unknown input id names the field and the id', () => {
    expect(unknownInput('inputs.runbook', 'runbook')).toEqual({ field: 'inputs.runbook', message: 'expected the id of a task input, got "runbook"' })
  })

  test('a duplicate id is named at each later place, with the place it was first used', () => {
    const items = [
      { id: 'a', field: 'x.0.id' },
      { id: 'b', field: 'x.1.id' },
      { id: 'a', field: 'y.0.id' },
      { id: 'a', field: 'y.1.id' },
    ]
    expect(duplicateIds(items, 'item id')).toEqual([
      { field: 'y.0.id', message: 'duplicate item id "a" (also x.0.id)' },
      { field: 'y.1.id', message: 'duplicate item id "a" (also x.0.id)' },
    ])
    expect(duplicateIds(items.slice(0, 2), 'item id')).toEqual([])
  })
})
