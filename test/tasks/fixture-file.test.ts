import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test, vi } from 'vitest'
import { readFixture } from '../../lib/tasks/fixture-file.js'
import { tempDir } from '../support/temp.js'

// A file the process may not read, whoever runs the tests (root reads any file whatever its mode).
vi.mock('node:fs', async (original) => {
  const fs = await original<typeof import('node:fs')>()
  const readFileSync = ((path: string, ...rest: unknown[]) => {
    if (String(path).endsWith('locked.json')) throw Object.assign(new Error(`EACCES: permission denied, open '${path}'`), { code: 'EACCES', path: String(path) })
    return (fs.readFileSync as (...args: unknown[]) => unknown)(path, ...rest)
  }) as typeof fs.readFileSync
  return { ...fs, readFileSync }
})

describe('readFixture', () => {
  test('reads the text, without a UTF-8 byte-order mark at its start', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'gl.csv'), '\uFEFFline,date\r\nG1,2026-03-01\r\n')
    expect(readFixture(join(dir, 'gl.csv'))).toEqual({ text: 'line,date\r\nG1,2026-03-01\r\n' })
    writeFileSync(join(dir, 'notes.md'), 'a \uFEFF inside stays')
    expect(readFixture(join(dir, 'notes.md'))).toEqual({ text: 'a \uFEFF inside stays' })
  })

  test('a missing path, a folder and an unreadable file each say so', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'gl.csv'), 'line\n')
    mkdirSync(join(dir, 'p2.diff'))
    writeFileSync(join(dir, 'locked.json'), '{}')
    expect(readFixture(join(dir, 'p9.diff'))).toEqual({ problem: 'does not exist' })
    expect(readFixture(join(dir, 'gl.csv', 'below'))).toEqual({ problem: 'does not exist' })
    expect(readFixture(join(dir, 'p2.diff'))).toEqual({ problem: 'is a folder; expected a file' })
    expect(readFixture(join(dir, 'locked.json'))).toEqual({ problem: 'cannot be read: permission denied (EACCES)' })
  })
})
