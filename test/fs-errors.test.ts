import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { UserError } from '../lib/errors.js'
import { tempDir } from './support/temp.js'
import { fileInTheWay, fsCodeText, fsErrorLine, isFsError, statIfThere } from '../lib/fs-errors.js'

const fsError = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code, path, syscall: 'open' })

describe('file-system errors in words', () => {
  test('an error with a code and a path is one; one without a path (a socket, a bug) or without a code is not', () => {
    expect(isFsError(fsError('ENOENT', '/x'))).toBe(true)
    expect(isFsError(Object.assign(new Error('refused'), { code: 'ECONNREFUSED' }))).toBe(false)
    expect(isFsError(new UserError('/x: bad'))).toBe(false)
    expect(isFsError({ code: 'ENOENT', path: '/x' })).toBe(false)
  })

  test('a known code gets its meaning and keeps the code; an unknown one is the code alone', () => {
    expect(fsCodeText('EACCES')).toBe('permission denied (EACCES)')
    expect(fsCodeText('EXDEV')).toBe('EXDEV')
  })

  test('the line names the path, then what went wrong', () => {
    expect(fsErrorLine(fsError('ENOTDIR', '/tmp/notes.txt/cache'))).toBe('/tmp/notes.txt/cache: a file where a folder was expected (ENOTDIR)')
  })
})

describe('what stands where a folder is wanted', () => {
  test('a file at the folder or above it is named; a folder, a missing path or one under folders is not', () => {
    const root = tempDir()
    writeFileSync(join(root, 'notes.txt'), '')
    mkdirSync(join(root, 'out'))
    expect(fileInTheWay(join(root, 'notes.txt'))).toBe(join(root, 'notes.txt'))
    expect(fileInTheWay(join(root, 'notes.txt', 'cache', 'replies'))).toBe(join(root, 'notes.txt'))
    expect(fileInTheWay(join(root, 'out'))).toBeUndefined()
    expect(fileInTheWay(join(root, 'out', 'new', 'deeper'))).toBeUndefined()
  })
  test('stat of a missing path, or of one under a file, is undefined rather than a throw', () => {
    const root = tempDir()
    writeFileSync(join(root, 'notes.txt'), 'x')
    expect(statIfThere(join(root, 'notes.txt'))?.size).toBe(1)
    expect(statIfThere(join(root, 'missing'))).toBeUndefined()
    expect(statIfThere(join(root, 'notes.txt', 'x'))).toBeUndefined()
  })
})
