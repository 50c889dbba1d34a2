import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, expect, test } from 'vitest'
import { importDefinition, useDefinitionImport } from '../../lib/tasks/definition-import.js'
import { tempDir } from '../support/temp.js'

afterEach(() => useDefinitionImport((url) => import(/* @vite-ignore */ url)))

test('imports a TypeScript definition file by its URL, through the import given last', async () => {
  const file = join(tempDir(), 'alpha.ts')
  writeFileSync(file, "export default { id: 'alpha' as string }\n")
  const url = pathToFileURL(file).href
  expect(((await importDefinition(url)) as { default: { id: string } }).default.id).toBe('alpha')

  const asked: string[] = []
  useDefinitionImport(async (u) => (asked.push(u), { default: { id: 'given' } }))
  expect(await importDefinition(url)).toEqual({ default: { id: 'given' } })
  expect(asked).toEqual([url])
})
