import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { z } from 'zod'
import { generatedDocs } from '../../lib/cli/commands/docs.js'
import { flattenSchema } from '../../lib/tasks/guide.js'
import { STRUCTURED_KINDS } from '../../lib/tasks/kinds/index.js'
import { loadRegistry, PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { cli } from '../support/cli.js'

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
      for (const note of kind.inputs?.notes ?? []) expect(guide).toContain(note)
      for (const c of kind.categories) expect(guide).toContain(`| \`${c.id}\` |`)
    }
    // The incident kind chooses its shape in code: both shapes get their table, and every deliverable shape too; a triage's ticket batch has its tables.
    for (const field of ['rootCause.component', 'incidents[].causalChain[].link', 'harmfulActions[].mustAvoid', 'incidents[].impact.figures.<measure>', 'tickets[].client.tier', 'tickets[].account']) expect(guide).toContain(`| \`${field}\` |`)
  })
})

describe('the ground-truth JSON Schemas', () => {
  const schemaOf = (kind: string) => z.fromJSONSchema(JSON.parse(readFileSync(join(PROJECT_ROOT, 'docs', 'schemas', `${kind}.ground-truth.schema.json`), 'utf8')))
  const exampleTruth = (kind: string) => {
    const dir = join(EXAMPLES, kind, 'fixtures')
    const folder = readdirSync(dir).find((f) => readdirSync(join(dir, f)).includes('truth.json'))!
    return JSON.parse(readFileSync(join(dir, folder, 'truth.json'), 'utf8')) as Record<string, unknown>
  }

  test.each(Object.keys(STRUCTURED_KINDS))('%s: accepts the example and refuses what the loader refuses (an unknown field, a missing one, an empty object)', (kind) => {
    const loader = STRUCTURED_KINDS[kind as keyof typeof STRUCTURED_KINDS].truth as z.ZodType
    const schema = schemaOf(kind)
    const truth = exampleTruth(kind)
    const required = { code_review: 'diffs', contract_review: 'risks', support_triage: 'tickets', incident_response: 'inputs', reconciliation: 'ledger' }[kind]!
    const { [required]: _, ...lacking } = truth
    for (const [what, value, valid] of [
      ['the example', truth, true],
      ['an unknown field', { ...truth, unexpected: 1 }, false],
      ['a missing field', lacking, false],
      ['an empty object', {}, false],
    ] as const) {
      expect(loader.safeParse(value).success, `${what}: the loader`).toBe(valid)
      expect(schema.safeParse(value).success, `${what}: the JSON Schema`).toBe(valid)
    }
  })

  test('incident_response: the several-incident shape is accepted too', async () => {
    const registry = await loadRegistry()
    const multi = registry.tasks.find((t) => t.truth?.kind === 'incident_response' && 'incidents' in t.truth.data)!
    const raw = JSON.parse(readFileSync(join(PROJECT_ROOT, 'fixtures', multi.groundTruth!), 'utf8'))
    expect(schemaOf('incident_response').safeParse(raw).success).toBe(true)
    expect(schemaOf('incident_response').safeParse({ ...raw, incidents: raw.incidents.slice(0, 1) }).success).toBe(false)
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

  test('the guide says how to calibrate a task, with commands and flags the CLI accepts', async () => {
    const guide = readFileSync(join(PROJECT_ROOT, 'docs', 'writing-a-task.md'), 'utf8')
    const section = guide.slice(guide.indexOf('## Calibrating a task'), guide.indexOf('## The execution kinds'))
    for (const step of ['npx orgbench tasks --prompt <task_id> --memory off', 'npx orgbench calibration record <task_id>', 'npx orgbench calibration check ', 'npx orgbench calibration check --sim']) expect(section).toContain(step)
    for (const [command, flags] of [
      ['tasks', ['--prompt', '--memory', '--out']],
      ['calibration record', ['--model', '--method', '--date', '--dry-run']],
      ['calibration check', ['--sim']],
    ] as const) {
      const help = await cli(...command.split(' '), '--help')
      for (const flag of flags) {
        expect(section, `${command} ${flag}`).toContain(flag)
        expect(help.out, `${command} ${flag}`).toContain(flag)
      }
    }
  })
})
