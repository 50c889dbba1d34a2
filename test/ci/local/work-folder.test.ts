import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { claimWorkFolder, releaseWorkFolder } from '../../../lib/ci/local/work-folder.js'
import { tempDir } from '../../support/temp.js'

const EXPECTED = 'expected a new or empty folder (ci local fills it with clones, artifacts and logs, and removes only a folder it created)'

describe('the working folder of ci local', () => {
  test('a folder holding a file is refused, and the folder and its file survive', () => {
    const dir = tempDir()
    writeFileSync(join(dir, 'notes.txt'), 'important')
    expect(() => claimWorkFolder(dir)).toThrow(`--work ${dir}: folder not empty; ${EXPECTED}`)
    expect(readFileSync(join(dir, 'notes.txt'), 'utf8')).toBe('important')
  })

  test('a file is refused and survives', () => {
    const file = join(tempDir(), 'notes.txt')
    writeFileSync(file, 'keep')
    expect(() => claimWorkFolder(file)).toThrow(`--work ${file}: is a file; ${EXPECTED}`)
    expect(readFileSync(file, 'utf8')).toBe('keep')
  })

  test('an empty folder that existed before is used and kept afterwards, with what the run left in it', () => {
    const dir = tempDir()
    const work = claimWorkFolder(dir)
    expect(work).toEqual({ path: dir, created: false })
    writeFileSync(join(dir, 'log.txt'), 'run output')
    expect(releaseWorkFolder(work, false)).toBe(`working folder kept: ${dir} (it existed before the run)`)
    expect(existsSync(join(dir, 'log.txt'))).toBe(true)
  })

  test('a new path is created, and removed afterwards unless kept', () => {
    const parent = tempDir()
    const removed = claimWorkFolder(join(parent, 'a'))
    expect(removed).toEqual({ path: join(parent, 'a'), created: true })
    mkdirSync(join(removed.path, 'scheduled'))
    expect(releaseWorkFolder(removed, false)).toBeNull()
    expect(existsSync(removed.path)).toBe(false)
    const kept = claimWorkFolder(join(parent, 'b'))
    expect(releaseWorkFolder(kept, true)).toBe(`working folder kept: ${kept.path}`)
    expect(existsSync(kept.path)).toBe(true)
  })

  test('without a path: a new temporary folder, removed afterwards', () => {
    const work = claimWorkFolder(undefined)
    expect(work.created).toBe(true)
    expect(existsSync(work.path)).toBe(true)
    expect(releaseWorkFolder(work, false)).toBeNull()
    expect(existsSync(work.path)).toBe(false)
  })
})
