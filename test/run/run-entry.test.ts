import { copyFileSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { describe, expect, test } from 'vitest'
import { entryOf, runBundle } from '../../lib/run/run-bundle.js'
import { loadEntry } from '../../lib/run/run-entry.js'
import type * as DefinitionImport from '../../lib/tasks/definition-import.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { bundledProject } from '../support/bundled-project.js'

/** A bundled project with the real definition-import module and one task definition, alpha.ts holding `definition`. */
async function withDefinition(definition = "export default { id: 'alpha' as string }\n") {
  const root = bundledProject()
  copyFileSync(join(PROJECT_ROOT, 'lib', 'tasks', 'definition-import.ts'), join(root, 'lib', 'tasks', 'definition-import.ts'))
  const file = join(root, 'lib', 'tasks', 'definitions', 'enterprise', 'alpha.ts')
  mkdirSync(join(file, '..'), { recursive: true })
  writeFileSync(file, definition)
  const bundle = (await runBundle(root))!
  await loadEntry(bundle, 'bench-task', () => Promise.reject(new Error('not these')))
  const definitions = (await import(/* @vite-ignore */ entryOf(bundle, 'definition-import'))) as typeof DefinitionImport
  return { root, bundle, definition: pathToFileURL(file).href, definitions }
}

describe('loadEntry', () => {
  test('without a bundle: the modules, through the given import', async () => {
    const modules = { name: 'from the runner' }
    expect(await loadEntry(null, 'bench-task', async () => modules)).toBe(modules)
  })

  test("with one: the bundle's entry, not the modules", async () => {
    const { bundle } = await withDefinition()
    const entry = await loadEntry<{ file: string }>(bundle, 'bench-task', () => Promise.reject(new Error('not these')))
    expect(entry.file).toBe('where.ts')
    expect(entry).toBe(await import(/* @vite-ignore */ entryOf(bundle, 'bench-task')))
  })

  test("gives the bundle an import for task definitions: a bundled one comes from the bundle; one afresh (a query) or outside it through Vitest's runner", async () => {
    const { root, bundle, definition, definitions } = await withDefinition()
    const bundled = await import(/* @vite-ignore */ new URL('definitions/enterprise/alpha.mjs', bundle).href)
    expect(await definitions.importDefinition(definition)).toBe(bundled)

    const afresh = (await definitions.importDefinition(`${definition}?content=0123`)) as { default: { id: string } }
    expect(afresh).not.toBe(bundled)
    expect(afresh.default.id).toBe('alpha')

    const elsewhere = join(root, 'elsewhere.ts')
    writeFileSync(elsewhere, "export default { id: 'beta' as string }\n")
    expect(((await definitions.importDefinition(pathToFileURL(elsewhere).href)) as { default: { id: string } }).default.id).toBe('beta')
  })

  test("a bundled definition that fails to load fails through the runner, whose message names the definition's own file", async () => {
    const { definition, definitions } = await withDefinition("import pad from 'no-such-package-here'\nexport default { id: String(pad) }\n")
    const failure = await definitions.importDefinition(definition).then(() => null, (e: Error) => e.message)
    expect(failure).toMatch(/no-such-package-here/)
    expect(failure).toContain('alpha.ts')
    expect(failure).not.toContain('.orgbench')
  })
})
