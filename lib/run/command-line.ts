import { parseCLI } from 'vitest/node'
import type { VitestCommandLine } from './bench-files.js'

/** A Vitest process's file filters, --project patterns and --shard, from its arguments; none when Vitest cannot read them (it says why itself). */
export function vitestCommandLine(argv: readonly string[] = process.argv): VitestCommandLine {
  try {
    const { filter, options } = parseCLI(['vitest', ...argv.slice(2)])
    return { filter, project: options.project === undefined ? [] : [options.project].flat(), ...(typeof options.shard === 'string' ? { shard: options.shard } : {}) }
  } catch {
    return { filter: [], project: [] }
  }
}
