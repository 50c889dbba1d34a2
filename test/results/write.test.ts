import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { stableJson, writeAtomic } from '../../lib/results/write.js'
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
