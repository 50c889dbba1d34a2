import { mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { UserError } from '../../errors.js'
import { statIfThere } from '../../fs-errors.js'

/** The working folder of `orgbench ci local`, and whether the command created it (only then may it remove it). */
export interface WorkFolder {
  path: string
  created: boolean
}

const EXPECTED = 'expected a new or empty folder (ci local fills it with clones, artifacts and logs, and removes only a folder it created)'

/**
 * The folder `ci local` works in: a new temporary folder when none is given, else the given path,
 * which must not exist yet (it is created) or be an empty folder. Anything else is refused before
 * anything is written, so that nothing the user had there can be removed afterwards.
 */
export function claimWorkFolder(given: string | undefined): WorkFolder {
  if (given === undefined) return { path: mkdtempSync(join(tmpdir(), 'orgbench-ci-local-')), created: true }
  const stat = statIfThere(given)
  if (stat === undefined) {
    mkdirSync(given, { recursive: true })
    return { path: given, created: true }
  }
  if (!stat.isDirectory()) throw new UserError(`--work ${given}: is a file; ${EXPECTED}`)
  if (readdirSync(given).length > 0) throw new UserError(`--work ${given}: folder not empty; ${EXPECTED}`)
  return { path: given, created: false }
}

/**
 * After the run: removes the working folder when the command created it and `keep` is not set,
 * and returns what became of it (null when it was removed). A folder that existed before is kept.
 */
export function releaseWorkFolder(work: WorkFolder, keep: boolean): string | null {
  if (keep) return `working folder kept: ${work.path}`
  if (!work.created) return `working folder kept: ${work.path} (it existed before the run)`
  rmSync(work.path, { recursive: true, force: true })
  return null
}
