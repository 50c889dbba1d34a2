import { statSync } from 'node:fs'
import { UserError } from '../../errors.js'
import { listRunFiles, runIdOfFile } from '../compact.js'

/**
 * The run files that the paths given to `orgbench report history` name: a file as it is, a folder
 * as the run files directly in it, one file per run: a run's plain and compacted files (or the
 * same run in two folders, as the weekly workflow passes them) are one run, read from its compacted
 * (committed) file. A path that does not exist is refused by name (a typo must not read as "0 run
 * files").
 */
export function historyRunFiles(paths: readonly string[]): string[] {
  const files = paths.flatMap((path) => {
    const stat = statSync(path, { throwIfNoEntry: false })
    if (stat === undefined) throw new UserError(`${path}: no such run file or folder (expected a run file, or a folder of run files such as results/runs)`)
    return stat.isDirectory() ? listRunFiles(path) : [path]
  })
  const byRun = new Map<string, string>()
  for (const file of files) {
    const kept = byRun.get(runIdOfFile(file))
    if (kept === undefined || (!kept.endsWith('.br') && file.endsWith('.br'))) byRun.set(runIdOfFile(file), file)
  }
  return [...new Set(byRun.values())]
}
