import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { expect, test } from 'vitest'
import { sourceLocations } from '../../lib/run/bundle-stacks.js'
import { entryOf, runBundle } from '../../lib/run/run-bundle.js'
import { bundledProject } from '../support/bundled-project.js'

test("a stack's locations in the run's bundle become their source files, lines and columns; other locations stay", async () => {
  const root = bundledProject()
  writeFileSync(join(root, 'lib', 'where.ts'), "export const where = 'here'\n\nexport function fail(): never {\n  throw new Error('from where.ts, line 4')\n}\n")
  writeFileSync(join(root, 'lib', 'run', 'bench-task.ts'), "import { fail } from '../where.js'\n\nexport function run(): void {\n  fail()\n}\n")
  const entry = entryOf((await runBundle(root))!, 'bench-task')
  const { run } = (await import(/* @vite-ignore */ entry)) as { run: () => void }
  const stack = (() => {
    try {
      run()
    } catch (e) {
      return (e as Error).stack ?? ''
    }
    return ''
  })()
  expect(stack).toContain('/node_modules/.orgbench/bundle/')
  const mapped = sourceLocations(stack)
  expect(mapped).toContain(`at fail (${join(root, 'lib', 'where.ts')}:4:`)
  expect(mapped).toContain(`at run (${join(root, 'lib', 'run', 'bench-task.ts')}:4:`)
  expect(mapped).not.toContain('/node_modules/.orgbench/bundle/')
  expect(sourceLocations('Error: x\n    at f (/p/lib/a.ts:1:2)')).toBe('Error: x\n    at f (/p/lib/a.ts:1:2)')
})
