import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { runFileJsonSchema } from '../../results/schema.js'
import { stableJson, writeAtomic } from '../../results/write.js'
import { PROJECT_ROOT } from '../../tasks/registry.js'
import type { CommandModule } from '../program.js'

/** `orgbench schema`: writes (or checks) results/schema.json, the JSON Schema of the results file. */
export const schemaCommand: CommandModule = (parent, ctx) => {
  parent
    .command('schema')
    .description('write results/schema.json, the JSON Schema of the results file, from its zod schema')
    .option('--check', 'only report whether the committed file is up to date (exit 1 if not)')
    .action((values: { check?: boolean }) => {
      const file = join(PROJECT_ROOT, 'results', 'schema.json')
      const content = stableJson(runFileJsonSchema())
      if (!values.check) {
        writeAtomic(file, content)
        ctx.io.out(`wrote ${file}`)
        return
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
    })
}
