import { mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { afterEach, describe, expect, test } from 'vitest'
import { filesUnder } from '../lib/files-under.js'

const dirs: string[] = []
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

function tree(files: string[]): string {
  const dir = mkdtempSync(join(tmpdir(), 'orgbench-files-under-'))
  dirs.push(dir)
  for (const f of files) {
    mkdirSync(join(dir, f, '..'), { recursive: true })
    writeFileSync(join(dir, f), f)
  }
  return dir
}

describe('filesUnder', () => {
  test('every file at any depth, relative and joined with "/", without the folders', () => {
    const dir = tree(['a.ts', 'run/b.ts', 'run/deep/c.test.ts', 'x/y/z/d.json'])
    mkdirSync(join(dir, 'empty'))
    expect(filesUnder(dir).sort()).toEqual(['a.ts', 'run/b.ts', 'run/deep/c.test.ts', 'x/y/z/d.json'])
  })

  test("lists what Node's recursive readdir lists, less its folders", () => {
    const dir = tree(['lib/one.ts', 'lib/two/three.ts', 'lib/two/four/five.json', 'six.md'])
    const recursive = readdirSync(dir, { recursive: true, encoding: 'utf8' }).map((f) => f.split(sep).join('/'))
    const folders = ['lib', 'lib/two', 'lib/two/four']
    expect(filesUnder(dir).sort()).toEqual(recursive.filter((f) => !folders.includes(f)).sort())
  })

  test('a link to a folder is listed as an entry, not followed', () => {
    const dir = tree(['real/a.ts'])
    symlinkSync(join(dir, 'real'), join(dir, 'linked'))
    expect(filesUnder(dir).sort()).toEqual(['linked', 'real/a.ts'])
  })

  test('an empty folder has none', () => {
    expect(filesUnder(tree([]))).toEqual([])
  })
})
