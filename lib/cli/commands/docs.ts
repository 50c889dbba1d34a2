import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeAtomic } from '../../results/write.js'
import { renderGuide, renderSchemas } from '../../tasks/guide.js'
import { PROJECT_ROOT } from '../../tasks/registry.js'
import type { CommandModule } from '../program.js'

/** The generated documentation: the task-writing guide and the JSON Schemas, by path from the project root. */
export function generatedDocs(): Map<string, string> {
  const files = new Map<string, string>([['docs/writing-a-task.md', renderGuide(join(PROJECT_ROOT, 'docs', 'examples'), PROJECT_ROOT)]])
  for (const [name, content] of renderSchemas()) files.set(`docs/schemas/${name}`, content)
  return files
}

/** `orgbench docs`: writes (or checks) the task-writing guide and the JSON Schemas generated from the code. */
export const docsCommand: CommandModule = (parent, ctx) => {
  parent
    .command('docs')
    .description('write docs/writing-a-task.md and docs/schemas/*.json from the zod schemas and the validated examples')
    .option('--check', 'only report whether the committed files are up to date (exit 1 if not)')
    .action((values: { check?: boolean }) => {
      const stale: string[] = []
      for (const [path, content] of generatedDocs()) {
        const file = join(PROJECT_ROOT, path)
        if (!values.check) {
          writeAtomic(file, content)
          continue
        }
        let current = ''
        try {
          current = readFileSync(file, 'utf8')
        } catch {
          // missing: stale
        }
        if (current !== content) stale.push(path)
      }
      if (!values.check) ctx.io.out(`wrote docs/writing-a-task.md and ${generatedDocs().size - 1} schema file(s) under docs/schemas/`)
      else if (stale.length === 0) ctx.io.out('the generated docs are up to date')
      else {
        ctx.io.err(`out of date (run npx orgbench docs): ${stale.join(', ')}`)
        ctx.exitCode = 1
      }
    })
}
