import { parseCLI } from 'vitest/node'
import type { VitestCommandLine } from './bench-files.js'

/** A Vitest process's file filters and --project patterns, from its arguments; none when Vitest cannot read them (it says why itself). */
export function vitestCommandLine(argv: readonly string[] = process.argv): VitestCommandLine {
  try {
    const { filter, options } = parseCLI(['vitest', ...argv.slice(2)])
    return { filter, project: options.project === undefined ? [] : [options.project].flat() }
  } catch {
    return { filter: [], project: [] }
  }
}
