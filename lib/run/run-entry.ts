import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type * as DefinitionImport from '../tasks/definition-import.js'
import { DEFINITIONS_MAP, type EntryName, entryOf } from './run-bundle.js'

/**
 * An entry of the run's bundle (lib/run/run-bundle.ts) when there is one, else `fromModules`, which
 * loads the same module through Vitest's runner. Loaded by the runner itself and never bundled: its
 * import() is the runner's, which the bundle is given for task definitions it does not hold
 * (TypeScript, which Node cannot import): a folder of definitions of a test's making, or a
 * definition imported afresh after an edit (a watch session).
 */
export async function loadEntry<T>(bundle: string | null, name: EntryName, fromModules: () => Promise<T>): Promise<T> {
  if (bundle === null) return fromModules()
  const [entry, definitions] = await Promise.all([import(/* @vite-ignore */ entryOf(bundle, name)) as Promise<T>, import(/* @vite-ignore */ entryOf(bundle, 'definition-import')) as Promise<typeof DefinitionImport>])
  const bundled = JSON.parse(readFileSync(new URL(DEFINITIONS_MAP, bundle), 'utf8')) as Record<string, string>
  definitions.useDefinitionImport((url) => {
    const parsed = new URL(url)
    const inBundle = parsed.search === '' ? bundled[fileURLToPath(parsed)] : undefined
    if (inBundle === undefined) return import(/* @vite-ignore */ url)
    // One that fails to load (a package it imports is missing) fails again through the runner,
    // whose message names the definition's own file rather than the bundle's.
    return import(/* @vite-ignore */ new URL(inBundle, bundle).href).catch(() => import(/* @vite-ignore */ url))
  })
  return entry
}
