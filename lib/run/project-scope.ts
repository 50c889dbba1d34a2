import { existsSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { filesUnder } from '../files-under.js'
import { fileFilter, matchesProject, type VitestCommandLine } from './bench-files.js'

/*
 * Vitest sets up every configured project (a Vite server, its resolved configuration, a glob of its
 * test files) before it applies the command line's file filters, so `vitest run
 * benchmarks/enterprise` set up all seven projects to run the files of one. A plain `vitest run
 * <filters>` now configures only the projects with a file the filters keep.
 */

/** What decides which projects a run configures: its file filters (null: keep every project), its --project patterns, and where it runs. */
export interface ProjectScope {
  filters: readonly string[] | null
  cli: VitestCommandLine
  root: string
  cwd: string
}

/**
 * Whether project `name` stays in the configuration: no filters, a --project pattern naming it, or
 * a file among `candidates` (paths relative to the root; any superset of the project's test files)
 * that a filter keeps, matched as Vitest matches them. Filters are matched from the root, so a run
 * started elsewhere keeps every project.
 */
export function keepsProject(name: string, candidates: () => readonly string[], scope: ProjectScope): boolean {
  const { filters, cli, root, cwd } = scope
  if (filters === null || resolve(cwd) !== resolve(root)) return true
  if (cli.project.some((pattern) => !pattern.startsWith('!') && matchesProject(pattern, name))) return true
  const kept = filters.map((filter) => fileFilter(filter, cwd))
  return candidates().some((file) => kept.some((keeps) => keeps(join(root, file))))
}

/**
 * The projects a run configures, by their names: those keepsProject keeps, or all of them when it
 * would keep none (Vitest, given no project, would run the root configuration as one; with them all
 * it says that no test file matched, as before).
 */
export function projectsInScope<P extends { test: { name: string } }>(projects: readonly P[], candidatesOf: (name: string) => readonly string[], scope: ProjectScope): P[] {
  const kept = projects.filter((p) => keepsProject(p.test.name, () => candidatesOf(p.test.name), scope))
  return kept.length > 0 ? kept : [...projects]
}

/** Every `*.test.ts` file under `<root>/<dir>`, relative to the root. */
export function testFilesUnder(root: string, dir: string): string[] {
  const base = join(root, dir)
  if (!existsSync(base)) return []
  return filesUnder(base)
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => `${dir}/${f}`)
}
