import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { SCHEMA_FILES } from '../../../lib/cli/commands/schema.js'
import { recordJsonSchema, runFileJsonSchema } from '../../../lib/results/schema.js'
import { PROJECT_ROOT } from '../../../lib/tasks/registry.js'
import { cli } from '../../support/cli.js'

describe('orgbench schema', () => {
  test('its files are the run file schema and the schema of one line of a records file', () => {
    expect(SCHEMA_FILES).toEqual([
      ['schema.json', runFileJsonSchema],
      ['record.schema.json', recordJsonSchema],
    ])
  })

  test('--check reports each committed file up to date, exit 0, and writes nothing', async () => {
    expect(await cli('schema', '--check')).toEqual({ code: 0, out: SCHEMA_FILES.map(([name]) => `${join(PROJECT_ROOT, 'results', name)} is up to date`).join('\n'), err: '' })
  })

  test('--help says what --check does and its exit status', async () => {
    expect((await cli('schema', '--help')).out).toMatch(/--check\s+only report whether the committed files are up to date \(exit 1 if not\)/)
  })
})
