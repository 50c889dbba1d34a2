import { parseCLI } from 'vitest/node'
import type { VitestCommandLine } from './bench-files.js'

/**
 * Command lines already read, by their arguments. Vitest's parser builds its whole table of options
 * on every call (about 10 ms), and a run reads its command line in the config, the global setup and
 * the reporter, all before its first test. Kept on globalThis: the config is bundled apart from the
 * modules the setup and reporter load, so each has its own copy of this module.
 */
const READ = Symbol.for('orgbench.vitestCommandLines')
const read = ((globalThis as { [READ]?: Map<string, VitestCommandLine> })[READ] ??= new Map())

/** A Vitest process's file filters, --project patterns, --shard and --maxWorkers, from its arguments; none when Vitest cannot read them (it says why itself). */
export function vitestCommandLine(argv: readonly string[] = process.argv): VitestCommandLine {
  const key = JSON.stringify(argv.slice(2))
  let cli = read.get(key)
  if (!cli) {
    cli = Object.freeze(parse(argv))
    read.set(key, cli)
  }
  return cli
}

function parse(argv: readonly string[]): VitestCommandLine {
  try {
    const { filter, options } = parseCLI(['vitest', ...argv.slice(2)])
    const { maxWorkers } = options
    return {
      filter,
      project: options.project === undefined ? [] : [options.project].flat(),
      ...(typeof options.shard === 'string' ? { shard: options.shard } : {}),
      ...(typeof maxWorkers === 'number' || typeof maxWorkers === 'string' ? { maxWorkers } : {}),
    }
  } catch {
    return { filter: [], project: [] }
  }
}
