import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { issueText, valueAt } from '../lib/zod-issues.js'

describe('schema issues in words', () => {
  test('the value at a path, or undefined when it or anything on the way is missing', () => {
    const input = { inputs: [{ path: 'a.md' }], n: 0 }
    expect(valueAt(input, ['inputs', 0, 'path'])).toBe('a.md')
    expect(valueAt(input, ['n'])).toBe(0)
    expect(valueAt(input, ['inputs', 1, 'path'])).toBeUndefined()
    expect(valueAt(input, ['n', 'x'])).toBeUndefined()
    expect(valueAt(null, ['x'])).toBeUndefined()
  })

  test('an absent field is said to be missing before what zod expected; a wrong one is zod\'s words alone', () => {
    const schema = z.object({ deliverable: z.enum(['markdown', 'json']), weight: z.number() })
    const absent = { weight: 1 }
    const [missing] = schema.safeParse(absent).error!.issues
    expect(issueText(absent, missing!)).toBe(`missing; ${missing!.message}`)
    const wrong = { deliverable: 'pdf', weight: 1 }
    const [invalid] = schema.safeParse(wrong).error!.issues
    expect(issueText(wrong, invalid!)).toBe(invalid!.message)
    expect(issueText(undefined, { path: [], message: 'expected object' })).toBe('expected object')
  })
})
