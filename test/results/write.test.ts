import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { brotliDecompressSync, gunzipSync } from 'node:zlib'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { UserError } from '../../lib/errors.js'
import { rewriteRunFile, runFileText, stableJson, writeAtomic, writeNew, writeProblem, writeRecordsFile, writeRunFile } from '../../lib/results/write.js'
import { JournalWriter, recordLine } from '../../lib/results/journal.js'
import { makeRecord, makeRun } from './fixtures.js'
import { tempDir } from '../support/temp.js'

/**
 * A disk filling up, injected: with `room` set, each writeSync takes at most half of what it is
 * given and returns how much it took, and once `room` bytes are taken it fails as a full disk
 * does, with ENOSPC and no path. `room` 0 from the start with `silent` set: it takes nothing and returns 0.
 */
const disk = vi.hoisted(() => ({ room: null as number | null, silent: false }))
vi.mock('node:fs', async (importOriginal) => {
  const fs = await importOriginal<typeof import('node:fs')>()
  const writeSync = (fd: number, data: string | NodeJS.ArrayBufferView, offset?: number, length?: number) => {
    if (disk.room === null) return (fs.writeSync as (...a: unknown[]) => number)(fd, data, offset, length)
    const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data.buffer, data.byteOffset, data.byteLength)
    const from = typeof data === 'string' ? 0 : (offset ?? 0)
    const wanted = typeof data === 'string' ? bytes.length : (length ?? bytes.length - from)
    if (disk.room === 0) {
      if (disk.silent) return 0
      throw Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', errno: -28, syscall: 'write' })
    }
    const n = Math.min(disk.room, Math.max(1, Math.ceil(wanted / 2)))
    disk.room -= n
    return fs.writeSync(fd, bytes, from, n)
  }
  return { ...fs, writeSync, default: { ...fs, writeSync } }
})
afterEach(() => {
  disk.room = null
  disk.silent = false
})

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

  test('a full disk met by a write, whose error names no path, names the target', () => {
    const full = Object.assign(new Error('ENOSPC: no space left on device, write'), { code: 'ENOSPC', syscall: 'write' })
    expect(writeProblem('/out/run.json', full)).toEqual(new UserError('/out/run.json: cannot write: no space left on the device (ENOSPC)'))
  })

  test('another file-system error without a path gets the target as its path; one with a path and a bug stay as they are', () => {
    const pathless = Object.assign(new Error('EBADF: bad file descriptor, fsync'), { code: 'EBADF', syscall: 'fsync' })
    expect(writeProblem('/out/x', pathless)).toMatchObject({ code: 'EBADF', path: '/out/x' })
    const named = fsError('EBADF', '/out/y')
    const bug = new TypeError('x is undefined')
    expect(writeProblem('/out/x', named)).toBe(named)
    expect(writeProblem('/out/x', bug)).toBe(bug)
  })
})

describe('a disk that fills up', () => {
  const bigRun = () => {
    const record = makeRecord()
    return makeRun(Array.from({ length: 200 }, (_, i) => ({ ...record, trial: i + 1 })))
  }

  test('writes that take only part of what they are given are continued: the run file is whole', () => {
    const dir = tempDir()
    const run = bigRun()
    const file = join(dir, 'run.json')
    disk.room = Number.POSITIVE_INFINITY
    writeRunFile(file, run)
    disk.room = null
    expect(readFileSync(file, 'utf8')).toBe(runFileText(run))
  })

  test('when the disk is full half-way, the run file keeps its old content, no temporary file is left, and the error names the file and the cause', () => {
    const dir = tempDir()
    const file = join(dir, 'run.json')
    writeFileSync(file, 'old')
    disk.room = 1000
    expect(() => writeRunFile(file, bigRun())).toThrow(new UserError(`${file}: cannot write: no space left on the device (ENOSPC)`))
    disk.room = null
    expect(readFileSync(file, 'utf8')).toBe('old')
    expect(readdirSync(dir)).toEqual(['run.json'])
  })

  test('writeAtomic and writeNew fail the same way and leave nothing behind', () => {
    const dir = tempDir()
    disk.room = 10
    expect(() => writeAtomic(join(dir, 'report.md'), 'x'.repeat(100))).toThrow(new UserError(`${join(dir, 'report.md')}: cannot write: no space left on the device (ENOSPC)`))
    expect(() => writeNew(join(dir, 'v1.json'), 'x'.repeat(100))).toThrow(`${join(dir, 'v1.json')}: cannot write: no space left on the device (ENOSPC)`)
    disk.room = null
    expect(readdirSync(dir)).toEqual([])
  })

  test('a write that takes nothing and reports no error is refused rather than retried for ever', () => {
    const dir = tempDir()
    disk.room = 0
    disk.silent = true
    expect(() => writeAtomic(join(dir, 'gate.json'), '{}')).toThrow(`${join(dir, 'gate.json')}: cannot write: the file system took none of the last 2 bytes (is the disk full?)`)
  })

  test('the run journal too: a line the disk took only part of is cut from the file, and the case fails naming the file, the cause and the case', async () => {
    const dir = tempDir()
    const writer = new JournalWriter(dir, 1)
    await writer.append(makeRecord({ trial: 1 }))
    const [name] = readdirSync(dir)
    const whole = readFileSync(join(dir, name!), 'utf8')
    disk.room = 10
    disk.silent = true
    const record = makeRecord({ trial: 2 })
    await expect(writer.append(record)).rejects.toThrow(
      new UserError(`${join(dir, name!)}: cannot write: the file system took none of the last ${Buffer.byteLength(recordLine(record)) - 10} bytes (is the disk full?); the record of ${record.task} × ${record.topology} #2 could not be written to the run journal; the case has no result, and a resume runs it again`),
    )
    expect(readFileSync(join(dir, name!), 'utf8')).toBe(whole)
  })
})

describe('folders that cannot be made', () => {
  test('a target under /proc is refused at once, naming the kernel file system', () => {
    expect(() => writeAtomic('/proc/orgbench-test/report/index.html', 'x')).toThrow("/proc/orgbench-test/report: cannot make this folder: /proc is the kernel's proc file system, which holds no files; expected a folder on a disk")
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

  test.each([
    ['run.json', (b: Buffer) => b],
    ['run.json.br', brotliDecompressSync],
    ['run.json.gz', gunzipSync],
  ])('rewriteRunFile keeps the form the name %s asks for', (name, decode) => {
    const dir = tempDir()
    const run = makeRun([makeRecord()])
    rewriteRunFile(join(dir, name), run)
    expect(decode(readFileSync(join(dir, name))).toString('utf8')).toBe(runFileText(run))
    expect(readdirSync(dir)).toEqual([name])
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
