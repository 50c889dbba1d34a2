import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { runFileText, stableJson, writeAtomic, writeRunFile } from '../../lib/results/write.js'
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

  test('a failed write throws, keeps the target as it was and cleans up its temporary file', () => {
    const dir = tempDir()
    const target = join(dir, 'taken')
    mkdirSync(target)
    writeFileSync(join(target, 'inside.txt'), 'kept')
    expect(() => writeAtomic(target, 'x')).toThrow()
    expect(readdirSync(dir)).toEqual(['taken'])
    expect(readFileSync(join(target, 'inside.txt'), 'utf8')).toBe('kept')
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

  test('a failed write keeps the target as it was and leaves no temporary file', () => {
    const dir = tempDir()
    const target = join(dir, 'taken')
    mkdirSync(target)
    expect(() => writeRunFile(target, makeRun([makeRecord()]))).toThrow()
    expect(readdirSync(dir)).toEqual(['taken'])
  })
})
