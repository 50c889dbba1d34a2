import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { generatedDocs } from '../../lib/cli/commands/docs.js'
import { flattenSchema } from '../../lib/tasks/guide.js'
import { STRUCTURED_KINDS } from '../../lib/tasks/kinds/index.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'

const EXAMPLES = join(PROJECT_ROOT, 'docs', 'examples')

describe('the task-writing guide and its examples', () => {
  test('every structured kind has an example, and every example is a valid task of its kind', async () => {
    expect(readdirSync(EXAMPLES).sort()).toEqual(Object.keys(STRUCTURED_KINDS).sort())
    for (const kind of Object.keys(STRUCTURED_KINDS)) {
      const registry = await loadRegistry({ root: PROJECT_ROOT, definitionsDir: join(EXAMPLES, kind, 'definitions'), fixturesDir: join(EXAMPLES, kind, 'fixtures') })
      expect(registry.broken, kind).toEqual([])
      expect(registry.tasks.map((t) => t.deliverable), kind).toEqual([kind])
      expect(registry.tasks[0]!.truth?.kind).toBe(kind)
    }
  })

  test('the committed guide and JSON Schemas are exactly what the code generates (run npx orgbench docs)', () => {
    for (const [path, content] of generatedDocs()) expect(readFileSync(join(PROJECT_ROOT, path), 'utf8'), path).toBe(content)
  })

  test('the guide documents every field of a task definition and the rules and categories of every kind', () => {
    const guide = readFileSync(join(PROJECT_ROOT, 'docs', 'writing-a-task.md'), 'utf8')
    for (const field of ['id', 'tier', 'brief', 'inputs[].path', 'roles[].focus', 'categories', 'synonyms', 'composite.judge']) expect(guide).toContain(`| \`${field}\` |`)
    for (const [name, kind] of Object.entries(STRUCTURED_KINDS)) {
      expect(guide).toContain(`### \`${name}\``)
      for (const rule of kind.rules) expect(guide).toContain(rule)
      for (const c of kind.categories) expect(guide).toContain(`| \`${c.id}\` |`)
    }
  })
})

describe('flattenSchema', () => {
  test('names nested fields by path, with type, requiredness, description and limits', () => {
    const rows = flattenSchema({
      type: 'object',
      required: ['a'],
      properties: {
        a: { type: 'array', description: 'things', items: { type: 'object', required: ['b'], properties: { b: { type: 'integer', minimum: 1 }, c: { type: 'string', default: 'x' } } } },
      },
    })
    expect(rows).toEqual([
      { path: 'a', type: 'array of object', required: true, note: 'things' },
      { path: 'a[].b', type: 'integer', required: true, note: '≥ 1' },
      { path: 'a[].c', type: 'string', required: false, note: 'default "x"' },
    ])
  })
})
