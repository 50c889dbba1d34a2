import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { RunFile, runFileJsonSchema, SCHEMA_VERSION } from '../../lib/results/schema.js'
import { stableJson } from '../../lib/results/write.js'
import { makeRun, trials } from './fixtures.js'

describe('results file schema', () => {
  test('results/schema.json is up to date with the zod schema (run `npm run schema` after changing it)', () => {
    const committed = readFileSync(join(import.meta.dirname, '..', '..', 'results', 'schema.json'), 'utf8')
    expect(committed).toBe(stableJson(runFileJsonSchema()))
  })
  test('the JSON Schema pins the version and requires records, aggregates and summaries', () => {
    const schema = runFileJsonSchema() as { properties: Record<string, { const?: unknown }>; required: string[] }
    expect(schema.properties.schemaVersion?.const).toBe(SCHEMA_VERSION)
    expect(schema.required).toEqual(expect.arrayContaining(['schemaVersion', 'records', 'aggregates', 'summaries']))
  })
  test('a results file with a different version does not validate', () => {
    const run = makeRun(trials([80]))
    expect(RunFile.safeParse({ ...run, schemaVersion: SCHEMA_VERSION + 1 }).success).toBe(false)
  })
})
