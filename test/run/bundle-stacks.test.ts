import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { expect, test } from 'vitest'
import { sourceLocations } from '../../lib/run/bundle-stacks.js'
import { entryOf, runBundle } from '../../lib/run/run-bundle.js'
import { bundledProject } from '../support/bundled-project.js'

test("a stack's locations in the run's bundle become their source files, lines and columns; other locations stay", async () => {
  const root = bundledProject()
  writeFileSync(join(root, 'lib', 'where.ts'), "export const where = 'here'\n\nexport function fail(): never {\n  throw new Error('from where.ts, line 4')\n}\n")
  writeFileSync(join(root, 'lib', 'run', 'bench-task.ts'), "import { fail } from '../where.js'\n\nexport function run(): void {\n  fail()\n}\n")
  const entry = entryOf((await runBundle(root))!, 'bench-task')
  // A stack as V8 writes it for the bundle's lines (what a formatter that leaves them alone shows): this worker's own formatter may map them already.
  const lines = readFileSync(fileURLToPath(entry), 'utf8').split('\n')
  const at = (text: string) => {
    const line = lines.findIndex((l) => l.includes(text))
    return `${entry}:${line + 1}:${lines[line]!.indexOf(text) + 1}`
  }
  const stack = ['Error: from where.ts, line 4', `    at fail (${at('throw new Error')})`, `    at run (${at('fail();')})`, '    at test (/elsewhere/x.test.ts:3:7)'].join('\n')
  const mapped = sourceLocations(stack)
  expect(mapped).toContain(`at fail (${join(root, 'lib', 'where.ts')}:4:`)
  expect(mapped).toContain(`at run (${join(root, 'lib', 'run', 'bench-task.ts')}:4:`)
  expect(mapped).not.toContain('/node_modules/.orgbench/bundle/')
  expect(mapped).toContain('at test (/elsewhere/x.test.ts:3:7)')
  expect(sourceLocations('Error: x\n    at f (/p/lib/a.ts:1:2)')).toBe('Error: x\n    at f (/p/lib/a.ts:1:2)')
})
