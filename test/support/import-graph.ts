import { existsSync, readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { dirname, join, relative, resolve } from 'node:path'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'

/** What importing a module loads with it, by its static imports and re-exports. */
export interface ImportGraph {
  /** The project's files, by path from the project root (the entries among them). */
  files: Set<string>
  /** The packages imported by name (not Node's own modules). */
  packages: Set<string>
  /** Each file's imports among the project's files. */
  imports: Map<string, string[]>
}

/**
 * What importing `entries` loads: their static imports and re-exports, followed through the
 * project's own files (not `import type`, not `import()`).
 */
export function importGraph(...entries: string[]): ImportGraph {
  return graphOf(entries, false)
}

/**
 * What a bundle of `entries` holds: their static imports and re-exports and their `import()`s of a
 * literal specifier, followed through the project's own files. Vite bundles vitest.config.ts this
 * way, and the bundle imports every package any of those files imports, at its top.
 */
export function bundledGraph(...entries: string[]): ImportGraph {
  return graphOf(entries, true)
}

function graphOf(entries: readonly string[], dynamic: boolean): ImportGraph {
  const graph: ImportGraph = { files: new Set(), packages: new Set(), imports: new Map() }
  const visit = (file: string) => {
    const shown = relative(PROJECT_ROOT, file)
    if (graph.files.has(shown)) return
    graph.files.add(shown)
    const imports: string[] = []
    graph.imports.set(shown, imports)
    const source = readFileSync(file, 'utf8')
    // A statement's names may span lines, but never into the next statement ("export default X" and then "export type { Y } from …").
    const specifiers = [...source.matchAll(/^(?:import|export)\s+(?!type\b)(?:(?:(?!\n(?:import|export)\b)[^'";])*?\sfrom\s+)?(?:'([^']+)'|"([^"]+)")/gm)].map((m) => (m[1] ?? m[2])!)
    if (dynamic) specifiers.push(...[...source.matchAll(/\bimport\(\s*(?:'([^']+)'|"([^"]+)")\s*\)/g)].map((m) => (m[1] ?? m[2])!))
    for (const specifier of specifiers) {
      if (!specifier.startsWith('.')) {
        if (!isBuiltin(specifier)) graph.packages.add(specifier)
        continue
      }
      const target = resolve(dirname(file), specifier.replace(/\.js$/, '.ts'))
      if (!existsSync(target)) continue
      imports.push(relative(PROJECT_ROOT, target))
      visit(target)
    }
  }
  for (const entry of entries) visit(join(PROJECT_ROOT, entry))
  return graph
}

/** The import cycles of `graph`, each as the files around it (empty when it has none). */
export function importCycles(graph: ImportGraph): string[][] {
  const cycles: string[][] = []
  const state = new Map<string, 'open' | 'done'>()
  const path: string[] = []
  const visit = (file: string) => {
    state.set(file, 'open')
    path.push(file)
    for (const next of graph.imports.get(file) ?? []) {
      if (state.get(next) === 'open') cycles.push([...path.slice(path.indexOf(next)), next])
      else if (!state.has(next)) visit(next)
    }
    path.pop()
    state.set(file, 'done')
  }
  for (const file of graph.files) if (!state.has(file)) visit(file)
  return cycles
}
