import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { UserError } from '../../lib/errors.js'
import { runFileText, stableJson, writeAtomic, writeNew, writeProblem, writeRecordsFile, writeRunFile } from '../../lib/results/write.js'
import { makeRecord, makeRun } from './fixtures.js'
import { tempDir } from '../support/temp.js'

describe('stableJson', () => {
  test('sorts keys at every depth, indents by two spaces and ends with a newline', () => {
    expect(stableJson({ b: 1, a: { d: [3, { z: 1, y: 2 }], c: null } })).toBe(
      '{\n  "a": {\n    "c": null,\n    "d": [\n      3,\n      {\n        "y": 2,\n        "z": 1\n      }\n    ]\n  },\n  "b": 1\n}\n',
    )
  })

  test('the same data in another key order gives the same text', () => {
    expect(stableJson({ x: 1, y: [1, 2] })).toBe(stableJson({ y: [1, 2], x: 1 }))
  })

  test('drops undefined fields and refuses undefined itself', () => {
    expect(stableJson({ a: undefined, b: 2 })).toBe('{\n  "b": 2\n}\n')
    expect(() => stableJson(undefined)).toThrow('cannot serialise undefined')
  })
})

describe('writeAtomic', () => {
  test('creates missing folders, writes the content and leaves no temporary file', () => {
    const dir = tempDir()
    const file = join(dir, 'results', 'runs', 'run.json')
    writeAtomic(file, '{"a":1}\n')
    expect(readFileSync(file, 'utf8')).toBe('{"a":1}\n')
    expect(readdirSync(join(dir, 'results', 'runs'))).toEqual(['run.json'])
  })

  test('replaces an existing file whole', () => {
    const dir = tempDir()
    const file = join(dir, 'run.json')
    writeFileSync(file, 'old content that is longer than the new one')
    writeAtomic(file, 'new')
    expect(readFileSync(file, 'utf8')).toBe('new')
    expect(readdirSync(dir)).toEqual(['run.json'])
  })

  test('a folder given as the file is refused in one line naming it, and left as it was', () => {
    const dir = tempDir()
    const target = join(dir, 'taken')
    mkdirSync(target)
    writeFileSync(join(target, 'inside.txt'), 'kept')
    expect(() => writeAtomic(target, 'x')).toThrow(new UserError(`${target}: is a folder, expected a file path`))
    expect(readdirSync(dir)).toEqual(['taken'])
    expect(readFileSync(join(target, 'inside.txt'), 'utf8')).toBe('kept')
  })

  test.each([
    ['the file itself', (file: string) => join(file, 'out.json')],
    ['a folder above it', (file: string) => join(file, 'report', 'cases', 'index.html')],
  ])('a file where a folder must be (%s) is refused naming the target and that file', (_, under) => {
    const dir = tempDir()
    const file = join(dir, 'notes.txt')
    writeFileSync(file, 'kept')
    expect(() => writeAtomic(under(file), 'x')).toThrow(new UserError(`${under(file)}: cannot write: ${file} is a file, expected a folder`))
    expect(readFileSync(file, 'utf8')).toBe('kept')
    expect(readdirSync(dir)).toEqual(['notes.txt'])
  })
})

describe('writeNew: a name only one writer can take', () => {
  test('writes a new file whole, creating its folder; a second write of the name leaves the first as it was', () => {
    const dir = tempDir()
    const file = join(dir, 'memory', 't', 'v0001.json')
    expect(writeNew(file, 'first')).toBe(true)
    expect(writeNew(file, 'second')).toBe(false)
    expect(readFileSync(file, 'utf8')).toBe('first')
    expect(readdirSync(join(dir, 'memory', 't'))).toEqual(['v0001.json'])
  })

  test('a folder in the way is refused naming it, as for writeAtomic, and leaves no temporary file', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'v0001.json'))
    expect(() => writeNew(join(dir, 'v0001.json'), 'x')).toThrow(`${join(dir, 'v0001.json')}: is a folder, expected a file path`)
    expect(readdirSync(dir)).toEqual(['v0001.json'])
  })
})

describe('writeProblem: why a write failed, for the user', () => {
  const fsError = (code: string, path: string) => Object.assign(new Error(`${code}: ${path}`), { code, path })

  test.each([
    ['EACCES', 'permission denied (EACCES)'],
    ['EROFS', 'read-only file system (EROFS)'],
    ['ENOSPC', 'no space left on the device (ENOSPC)'],
  ])('%s names the target (not the temporary file) and the reason', (code, words) => {
    const problem = writeProblem('/out/report/index.html', fsError(code, '/out/report/.tmp-1-2-x'))
    expect(problem).toEqual(new UserError(`/out/report/index.html: cannot write: ${words}`))
    expect(problem).toBeInstanceOf(UserError)
  })

  test('a folder in which no file can be made (/proc) names the target and its folder, not the temporary file', () => {
    const problem = writeProblem('/proc/x.md', fsError('ENOENT', '/proc/.tmp-1-2-x'))
    expect(problem).toEqual(new UserError('/proc/x.md: cannot write: no file can be made in /proc (ENOENT)'))
  })

  test('an error that is not about the place written to stays as it is (a bug keeps its stack)', () => {
    const io = fsError('EIO', '/out/x')
    const bug = new TypeError('x is undefined')
    expect(writeProblem('/out/x', io)).toBe(io)
    expect(writeProblem('/out/x', bug)).toBe(bug)
  })
})

describe('the run file: stable JSON with one line per case, written in pieces', () => {
  test('the text is the run as stable JSON, each case summary on a line of its own', () => {
    const run = makeRun([makeRecord({ topology: 'single' }), makeRecord({ topology: 'star' })])
    const text = runFileText(run)
    expect(JSON.parse(text)).toEqual(JSON.parse(stableJson(run)))
    const caseLines = text.split('\n').filter((l) => l.startsWith('    {"'))
    expect(caseLines).toHaveLength(2)
    expect(text.endsWith('}\n')).toBe(true)
    expect(JSON.parse(runFileText({ ...run, cases: [] })).cases).toEqual([])
  })

  test.each([0, 1, 3000])('writeRunFile writes exactly that text (%i cases), atomically', (n) => {
    const dir = tempDir()
    const record = makeRecord()
    const run = makeRun(Array.from({ length: n }, (_, i) => ({ ...record, trial: i + 1 })))
    const file = join(dir, 'runs', 'run.json')
    writeRunFile(file, run)
    expect(readFileSync(file, 'utf8')).toBe(runFileText(run))
    expect(readdirSync(join(dir, 'runs'))).toEqual(['run.json'])
  })

  test('a write that fails half-way keeps the target as it was and leaves no temporary file', () => {
    const dir = tempDir()
    const target = join(dir, 'run.json')
    writeFileSync(target, 'old')
    // A BigInt cannot be written as JSON: the write fails after the temporary file was opened.
    const run = makeRun([makeRecord()])
    const broken = { ...run, cases: [{ ...run.cases[0]!, tokens: 1n } as never] }
    expect(() => writeRunFile(target, broken)).toThrow(/BigInt/)
    expect(readdirSync(dir)).toEqual(['run.json'])
    expect(readFileSync(target, 'utf8')).toBe('old')
  })
})

describe('writeRecordsFile', () => {
  test('a file where its folder must be is refused naming both, as for writeAtomic', async () => {
    const dir = tempDir()
    const file = join(dir, 'notes.txt')
    writeFileSync(file, 'kept')
    const records = join(file, 'run.records.jsonl.gz')
    await expect(writeRecordsFile(join(file, 'run.json'), ['{}'])).rejects.toThrow(new UserError(`${records}: cannot write: ${file} is a file, expected a folder`))
  })
})
