import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { SCHEMA_FILES } from '../../lib/cli/commands/schema.js'
import { recordJsonSchema, RunFile, runFileJsonSchema, SCHEMA_VERSION } from '../../lib/results/schema.js'
import { stableJson } from '../../lib/results/write.js'
import { makeRun, trials } from './fixtures.js'

describe('results schemas', () => {
  test.each(SCHEMA_FILES)('results/%s is up to date with the zod schema (run `npm run schema` after changing it)', (name, schema) => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', 'results', name), 'utf8')
    expect(committed).toBe(stableJson(schema()))
  })
  test('the run file schema pins the version and requires status, cases, the records reference, aggregates and summaries', () => {
    const schema = runFileJsonSchema() as { properties: Record<string, { const?: unknown }>; required: string[] }
    expect(SCHEMA_VERSION).toBe(3)
    expect(schema.properties.schemaVersion?.const).toBe(SCHEMA_VERSION)
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'status', 'cases', 'records', 'aggregates', 'summaries']))
  })
  test('the record schema pins the same version', () => {
    const schema = recordJsonSchema() as { properties: Record<string, { const?: unknown }>; required: string[] }
    expect(schema.properties.schemaVersion?.const).toBe(SCHEMA_VERSION)
    expect(schema.required).toEqual(expect.arrayContaining(['task', 'topology', 'trial', 'calls', 'deliverable']))
  })
  test('a run file with a different version does not validate', () => {
    const run = makeRun(trials([80]))
    expect(RunFile.safeParse({ ...run, schemaVersion: SCHEMA_VERSION + 1 }).success).toBe(false)
  })
})
