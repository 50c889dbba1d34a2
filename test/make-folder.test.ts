import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { UserError } from '../lib/errors.js'
import { makeFolder, pseudoFileSystemOf } from '../lib/make-folder.js'
import { statIfThere } from '../lib/fs-errors.js'
import { tempDir } from './support/temp.js'

/** mkdir failing on one folder with a code of our choosing, as a read-only disk would; every other call is the real one. */
const refusal = vi.hoisted(() => ({ folder: null as string | null, code: 'EROFS' }))
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const mkdirSync = ((path: string, options?: unknown) => {
    if (path === refusal.folder) throw Object.assign(new Error(`${refusal.code}: refused, mkdir '${path}'`), { code: refusal.code, syscall: 'mkdir', path })
    return fs.mkdirSync(path, options as never)
  }) as typeof fs.mkdirSync
  return { ...fs, mkdirSync, default: { ...fs, mkdirSync } }
})

describe('makeFolder', () => {
  test('makes a folder and its missing parents; an existing folder is left as it is', () => {
    const root = tempDir()
    makeFolder(join(root, 'a', 'b', 'c'))
    expect(statIfThere(join(root, 'a', 'b', 'c'))?.isDirectory()).toBe(true)
    expect(() => makeFolder(join(root, 'a'))).not.toThrow()
  })

  test('a folder the file system refuses fails with the real cause on the folder refused, not ENOENT on the one asked for', () => {
    const root = tempDir()
    refusal.folder = join(root, 'ro')
    try {
      expect(() => makeFolder(join(root, 'ro', 'report'))).toThrow(expect.objectContaining({ code: 'EROFS', path: join(root, 'ro') }))
    } finally {
      refusal.folder = null
    }
  })

  test('a file where a folder is wanted fails with ENOTDIR, also when the file is the folder asked for', () => {
    const root = tempDir()
    writeFileSync(join(root, 'notes.txt'), '')
    expect(() => makeFolder(join(root, 'notes.txt'))).toThrow(expect.objectContaining({ code: 'ENOTDIR', path: join(root, 'notes.txt') }))
    expect(() => makeFolder(join(root, 'notes.txt', 'cache'))).toThrow(expect.objectContaining({ code: 'ENOTDIR' }))
  })

  test('a folder under /proc or /sys is refused before any mkdir, naming the kernel file system', () => {
    expect(pseudoFileSystemOf('/proc')).toBe('proc')
    expect(pseudoFileSystemOf('/sys')).toBe('sysfs')
    expect(pseudoFileSystemOf(tempDir())).toBeUndefined()
    expect(() => makeFolder('/proc/orgbench/runs')).toThrow(new UserError("/proc/orgbench/runs: cannot make this folder: /proc is the kernel's proc file system, which holds no files; expected a folder on a disk"))
  })
})
