import { parseCLI } from 'vitest/node'
import type { VitestCommandLine } from './bench-files.js'

/**
 * Command lines already read, by their arguments. Vitest's parser builds its whole table of options
 * on every call (about 10 ms), and a run reads its command line in the config, the global setup and
 * the reporter, all before its first test. Kept on globalThis: the config is bundled apart from the
 * modules the setup and reporter load, so each has its own copy of this module.
 */
const READ = Symbol.for('orgbench.vitestCommandLines')
const read = ((globalThis as { [READ]?: Map<string, Read> })[READ] ??= new Map())

interface Read {
  cli: VitestCommandLine
  once: boolean
  /** `vitest run <filters>`: files matched against the filters from the root, nothing else choosing them. */
  plainRun: boolean
}

function readOf(argv: readonly string[]): Read {
  const key = JSON.stringify(argv.slice(2))
  let r = read.get(key)
  if (!r) {
    r = parse(argv)
    read.set(key, r)
  }
  return r
}

/** A Vitest process's file filters, --project patterns, --shard and --maxWorkers, from its arguments; none when Vitest cannot read them (it says why itself). */
export function vitestCommandLine(argv: readonly string[] = process.argv): VitestCommandLine {
  return readOf(argv).cli
}

/**
 * Whether the Vitest process runs its tests once and exits (`vitest run`, `--run`,
 * `--merge-reports`), rather than a session that watches files (a watch session, Vitest UI) or
 * one whose mode Vitest picks from the terminal (`vitest` alone).
 */
export function runsOnce(argv: readonly string[] = process.argv): boolean {
  return readOf(argv).once
}

/**
 * The file filters of `vitest run <filters>` (the command itself, no --dir, --root, --changed,
 * --related or --merge-reports choosing files another way), or null: a run without filters, a
 * watch session (its filters change as it runs), or any other command.
 */
export function runFileFilters(argv: readonly string[] = process.argv): readonly string[] | null {
  const r = readOf(argv)
  return r.plainRun && r.cli.filter.length > 0 ? r.cli.filter : null
}

function parse(argv: readonly string[]): Read {
  try {
    const { filter, options } = parseCLI(['vitest', ...argv.slice(2)])
    const { maxWorkers } = options
    const cli = {
      filter,
      project: options.project === undefined ? [] : [options.project].flat(),
      ...(typeof options.shard === 'string' ? { shard: options.shard } : {}),
      ...(typeof maxWorkers === 'number' || typeof maxWorkers === 'string' ? { maxWorkers } : {}),
    }
    const once = (options.run === true || options.mergeReports !== undefined) && options.watch !== true && options.ui !== true
    const chosenOtherwise = [options.mergeReports, options.dir, options.root, options.changed, options.related, options.standalone].some((o) => o !== undefined && o !== false)
    return { cli: Object.freeze(cli), once, plainRun: once && argv[2] === 'run' && !chosenOtherwise }
  } catch {
    return { cli: Object.freeze({ filter: [], project: [] }), once: false, plainRun: false }
  }
}
