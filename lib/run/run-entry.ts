import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import type * as DefinitionImport from '../tasks/definition-import.js'
import { DEFINITIONS_MAP, type EntryName, entryOf, runBundleOfProcess } from './run-bundle.js'

/** Bundles whose definition-import module was given the runner's import already. */
const given = new Set<string>()

/**
 * An entry of the run's bundle (lib/run/run-bundle.ts) when there is one, else `fromModules`, which
 * loads the same module through Vitest's runner. Loaded by the runner itself and never bundled: its
 * import() is the runner's, which the bundle is given for task definitions it does not hold
 * (TypeScript, which Node cannot import): a folder of definitions of a test's making, or a
 * definition imported afresh after an edit (a watch session).
 */
export async function loadEntry<T>(bundle: string | null, name: EntryName, fromModules: () => Promise<T>): Promise<T> {
  if (bundle === null) return fromModules()
  const [entry] = await Promise.all([import(/* @vite-ignore */ entryOf(bundle, name)) as Promise<T>, giveDefinitionImport(bundle)])
  return entry
}

/**
 * A main-process entry (a reporter, the global setup): from the bundle vitest.config.ts set, else
 * its modules, preloaded many at a time first (lib/run/preload.ts).
 */
export const mainEntry = <T>(name: EntryName, fromModules: () => Promise<T>): Promise<T> =>
  loadEntry(runBundleOfProcess() ?? null, name, async () => {
    await import('./preload-main.js')
    return fromModules()
  })

async function giveDefinitionImport(bundle: string): Promise<void> {
  if (given.has(bundle)) return
  given.add(bundle)
  const definitions = (await import(/* @vite-ignore */ entryOf(bundle, 'definition-import'))) as typeof DefinitionImport
  const bundled = JSON.parse(readFileSync(new URL(DEFINITIONS_MAP, bundle), 'utf8')) as Record<string, string>
  definitions.useDefinitionImport((url) => {
    const parsed = new URL(url)
    const inBundle = parsed.search === '' ? bundled[fileURLToPath(parsed)] : undefined
    if (inBundle === undefined) return import(/* @vite-ignore */ url)
    // One that fails to load (a package it imports is missing) fails again through the runner,
    // whose message names the definition's own file rather than the bundle's.
    return import(/* @vite-ignore */ new URL(inBundle, bundle).href).catch(() => import(/* @vite-ignore */ url))
  })
}
