import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { recordJsonSchema, runFileJsonSchema } from '../../results/schema.js'
import { stableJson, writeAtomic } from '../../results/write.js'
import { PROJECT_ROOT } from '../../tasks/registry.js'
import type { CommandModule } from '../program.js'

/** The committed JSON Schemas: the run file, and one line of a records file. */
export const SCHEMA_FILES: ReadonlyArray<[string, () => Record<string, unknown>]> = [
  ['schema.json', runFileJsonSchema],
  ['record.schema.json', recordJsonSchema],
]

/** `orgbench schema`: writes (or checks) results/schema.json and results/record.schema.json from the zod schemas. */
export const schemaCommand: CommandModule = (parent, ctx) => {
  parent
    .command('schema')
    .description('write results/schema.json (run file) and results/record.schema.json (a line of a records file) from their zod schemas')
    .option('--check', 'only report whether the committed files are up to date (exit 1 if not)')
    .action((values: { check?: boolean }) => {
      for (const [name, schema] of SCHEMA_FILES) {
        const file = join(PROJECT_ROOT, 'results', name)
        const content = stableJson(schema())
        if (!values.check) {
          writeAtomic(file, content)
          ctx.io.out(`wrote ${file}`)
          continue
        }
        let current = ''
        try {
          current = readFileSync(file, 'utf8')
        } catch {
          // a missing file is out of date
        }
        if (current === content) ctx.io.out(`${file} is up to date`)
        else {
          ctx.io.err(`${file} is out of date: run orgbench schema`)
          ctx.exitCode = 1
        }
      }
    })
}
