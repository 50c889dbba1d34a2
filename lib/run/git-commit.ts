import { execFileSync } from 'node:child_process'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, resolve } from 'node:path'

/*
 * A run records the commit it ran on. Asking git costs a process (about 20 ms of a one-case run's
 * startup, before any test can start); the common layouts are read from .git directly, and
 * anything else (reftable, GIT_DIR set, a ref that is not where we look) is asked of git as before.
 */

const OBJECT_ID = /^[0-9a-f]{40}(?:[0-9a-f]{24})?$/

/** The git commit of the working tree at or above `cwd`, or null outside git. */
export function gitCommit(cwd: string): string | null {
  return readHead(cwd) ?? askGit(cwd)
}

/** HEAD's commit as the files of .git say, or null when they do not say it plainly. */
export function readHead(cwd: string): string | null {
  if (process.env.GIT_DIR !== undefined || process.env.GIT_WORK_TREE !== undefined) return null
  try {
    const gitDir = findGitDir(resolve(cwd))
    if (!gitDir) return null
    const head = readFileSync(join(gitDir, 'HEAD'), 'utf8').trim()
    if (OBJECT_ID.test(head)) return head
    const ref = /^ref: (refs\/\S+)$/.exec(head)?.[1]
    if (!ref) return null
    // A linked worktree keeps its HEAD apart and its branches in the main repository's folder.
    const common = existsSync(join(gitDir, 'commondir')) ? resolve(gitDir, readFileSync(join(gitDir, 'commondir'), 'utf8').trim()) : gitDir
    for (const dir of new Set([gitDir, common])) {
      const loose = join(dir, ref)
      if (existsSync(loose)) {
        const id = readFileSync(loose, 'utf8').trim()
        return OBJECT_ID.test(id) ? id : null
      }
    }
    return packedRef(common, ref)
  } catch {
    return null
  }
}

/** The .git folder of the repository holding `dir` (a .git file points to it), or null. */
function findGitDir(dir: string): string | null {
  for (let d = dir; ; d = dirname(d)) {
    const dotGit = join(d, '.git')
    if (existsSync(dotGit)) {
      if (statSync(dotGit).isDirectory()) return dotGit
      const pointer = /^gitdir: (.+)$/m.exec(readFileSync(dotGit, 'utf8'))?.[1]?.trim()
      if (!pointer) return null
      return isAbsolute(pointer) ? pointer : resolve(d, pointer)
    }
    if (dirname(d) === d) return null
  }
}

function packedRef(gitDir: string, ref: string): string | null {
  const file = join(gitDir, 'packed-refs')
  if (!existsSync(file)) return null
  for (const line of readFileSync(file, 'utf8').split('\n')) {
    const [id, name] = line.split(' ')
    if (name === ref && id && OBJECT_ID.test(id)) return id
  }
  return null
}

function askGit(cwd: string): string | null {
  try {
    return execFileSync('git', ['rev-parse', 'HEAD'], { cwd, stdio: ['ignore', 'pipe', 'ignore'] }).toString().trim() || null
  } catch {
    return null
  }
}
