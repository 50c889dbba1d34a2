import { mkdirSync, statfsSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { UserError } from './errors.js'
import { hasErrnoCode, statIfThere, withPath } from './fs-errors.js'

/** The kernel's pseudo file systems by statfs magic number: they hold no files of ours, and Node's recursive mkdir loops forever on /proc. */
const PSEUDO_FILE_SYSTEMS: ReadonlyMap<number, string> = new Map([
  [0x9fa0, 'proc'],
  [0x62656572, 'sysfs'],
])

/** The pseudo file system `dir` is on ("proc", "sysfs"), or undefined for any other (or when statfs cannot tell). */
export function pseudoFileSystemOf(dir: string): string | undefined {
  try {
    return PSEUDO_FILE_SYSTEMS.get(Number(statfsSync(dir).type))
  } catch {
    return undefined
  }
}

/**
 * Makes the folder `dir` with its missing parents, one mkdir per missing folder from the nearest
 * existing one down: Node's recursive mkdir reports a read-only file system or a denied permission
 * as ENOENT and never returns on /proc, while each plain mkdir fails with its real cause, on the
 * folder it names. A folder on /proc or /sys is refused before any mkdir.
 */
export function makeFolder(dir: string): void {
  const missing: string[] = []
  let existing = resolve(dir)
  let stat = statIfThere(existing)
  while (stat === undefined && dirname(existing) !== existing) {
    missing.push(existing)
    existing = dirname(existing)
    stat = statIfThere(existing)
  }
  if (missing.length === 0) {
    if (stat?.isDirectory()) return
    // As mkdir would say of a file in the way.
    throw Object.assign(new Error(`ENOTDIR: not a directory, mkdir '${dir}'`), { code: 'ENOTDIR', syscall: 'mkdir', path: dir })
  }
  const pseudo = pseudoFileSystemOf(existing)
  if (pseudo !== undefined) throw new UserError(`${dir}: cannot make this folder: ${existing} is the kernel's ${pseudo} file system, which holds no files; expected a folder on a disk`)
  for (const folder of missing.reverse()) {
    try {
      mkdirSync(folder)
    } catch (e) {
      // Made meanwhile by another writer: as good as made here.
      if (hasErrnoCode(e) && e.code === 'EEXIST' && statIfThere(folder)?.isDirectory()) continue
      throw withPath(e, folder)
    }
  }
}
