import { existsSync, readdirSync } from 'node:fs'
import { latestVersion, listVersions, readVersion, versionName } from './store.js'

/*
 * A run against a real model never reads a version learned against the simulator (OrgMemory.load):
 * what `memory show` and a run's warning say about the versions that rule passes over.
 */

/** The versions of `task` newer than the one a real-model run reads, all learned against the simulator ("task@v2"), oldest first. */
export function simulatorVersionsSkipped(dir: string, task: string): string[] {
  const read = latestVersion(dir, task, { real: true })?.version ?? 0
  return listVersions(dir, task)
    .filter((v) => v > read && readVersion(dir, task, v).evidence?.simulated === true)
    .map((v) => versionName(task, v))
}

/** The one warning of a real-model run with persisted memory whose folder holds versions it passes over (of `tasks`, null: every task); null when there are none. */
export function skippedVersionsWarning(dir: string, tasks: readonly string[] | null, model: string): string | null {
  const folders = existsSync(dir) ? readdirSync(dir).filter((t) => tasks === null || tasks.includes(t)).sort() : []
  const skipped = folders.flatMap((t) => simulatorVersionsSkipped(dir, t))
  if (skipped.length === 0) return null
  return `ORGBENCH_MEMORY=persisted: ${skipped.join(', ')} in ${dir} ${skipped.length === 1 ? 'was' : 'were'} learned against the simulator, which a run against ${model} never reads: its tasks read the latest version learned against a real model, or the default lessons`
}
