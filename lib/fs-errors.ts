import { type Stats, statSync } from 'node:fs'
import { dirname } from 'node:path'

/** A Node file-system error that names the path it failed on. */
export type FsError = NodeJS.ErrnoException & { code: string; path: string }

/** What the file-system error codes a user can act on mean, in words. */
const MEANING: Readonly<Record<string, string>> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EROFS: 'read-only file system',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'file name too long',
  EISDIR: 'is a folder, expected a file',
  ENOTDIR: 'a file where a folder was expected',
  ENOENT: 'no such file or folder',
  EEXIST: 'already exists',
  ENOTEMPTY: 'folder not empty',
  EMFILE: 'too many open files',
  EBUSY: 'busy',
  EIO: 'input/output error',
  EFBIG: 'file too large',
}

/** True for an error the file system raised on a path (it has a string `code` and `path`). */
export function isFsError(e: unknown): e is FsError {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string' && typeof (e as NodeJS.ErrnoException).path === 'string'
}

/** True for an error with a string errno `code` (ENOSPC, EROFS…), whether or not it names a path: a failed write or fsync names only its syscall. */
export function hasErrnoCode(e: unknown): e is NodeJS.ErrnoException & { code: string } {
  return e instanceof Error && typeof (e as NodeJS.ErrnoException).code === 'string'
}

/**
 * `e` with `path` set when it is an errno error that names none (a write, fsync or close fails
 * naming only its syscall), so that it reads as a file-system error on the path it was made on.
 */
export function withPath(e: unknown, path: string): unknown {
  if (hasErrnoCode(e) && typeof e.path !== 'string') e.path = path
  return e
}

/** True for an errno error of the file system that names no path (a write or fsync names only its syscall): a code with words here and a syscall. */
export function isPathlessFsError(e: unknown): e is NodeJS.ErrnoException & { code: string; syscall: string } {
  return hasErrnoCode(e) && typeof e.path !== 'string' && typeof e.syscall === 'string' && MEANING[e.code] !== undefined
}

/** The words for a file-system error code ("permission denied (EACCES)"), or the code alone when it has none. */
export function fsCodeText(code: string): string {
  const meaning = MEANING[code]
  return meaning === undefined ? code : `${meaning} (${code})`
}

/** One line for a file-system error: "<path>: <what went wrong> (<CODE>)". */
export function fsErrorLine(e: FsError): string {
  return `${e.path}: ${fsCodeText(e.code)}`
}

/** What is at `path`, or undefined when nothing is (missing, or under a file, where stat fails with ENOTDIR). */
export function statIfThere(path: string): Stats | undefined {
  try {
    return statSync(path)
  } catch {
    return undefined
  }
}

/** "<setting>: <path> is a file, expected a folder" when a file stands where the folder `dir` a setting names must be (or one of its parents); null otherwise. */
export function folderSettingProblem(dir: string, setting: string): string | null {
  const file = fileInTheWay(dir)
  return file === undefined ? null : `${setting}: ${file} is a file, expected a folder`
}

/** The nearest existing one of `dir` and its parents, when it is a file: why no folder can be made there. */
export function fileInTheWay(dir: string): string | undefined {
  for (let d = dir; ; d = dirname(d)) {
    const stat = statIfThere(d)
    if (stat) return stat.isDirectory() ? undefined : d
    if (dirname(d) === d) return undefined
  }
}
