import { mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { blobReportPath, clearAttachments } from '../../lib/run/attachments.js'
import { tempDir } from '../support/temp.js'

/** An attachments folder with the given files, and a blob folder with blob reports naming some of them. */
function setUp(attachments: string[], blobs: Record<string, string[]>) {
  const root = tempDir()
  const dir = join(root, '.vitest', 'attachments')
  mkdirSync(dir, { recursive: true })
  for (const name of attachments) writeFileSync(join(dir, name), '{}')
  mkdirSync(join(root, '.vitest-reports'))
  for (const [blob, named] of Object.entries(blobs)) writeFileSync(join(root, '.vitest-reports', blob), JSON.stringify([['4.1.12'], named.map((n) => join(dir, n))]))
  return { root, dir }
}

describe('clearAttachments', () => {
  test('a run without a blob report starts from an empty folder', () => {
    const { dir } = setUp(['judge-json-aa.json'], { 'blob-1-3.json': ['judge-json-aa.json'] })
    clearAttachments(dir, null)
    expect(() => readdirSync(dir)).toThrow()
  })

  test("a blob shard keeps the files the other shards' blob reports name, and drops those of its own earlier blob and of none", () => {
    const { root, dir } = setUp(['judge-json-aa.json', 'deliverable-md-bb.md', 'judge-json-cc.json', 'judge-json-old.json'], {
      'blob-1-3.json': ['judge-json-aa.json', 'deliverable-md-bb.md'],
      'blob-2-3.json': ['judge-json-cc.json'],
    })
    clearAttachments(dir, join(root, '.vitest-reports', 'blob-2-3.json'))
    expect(readdirSync(dir).sort()).toEqual(['deliverable-md-bb.md', 'judge-json-aa.json'])
  })

  test('a blob shard with no blob folder yet, or no attachments yet, removes what is there and fails on nothing', () => {
    const root = tempDir()
    const dir = join(root, 'attachments')
    expect(() => clearAttachments(dir, join(root, '.vitest-reports', 'blob-1-3.json'))).not.toThrow()
    mkdirSync(dir)
    writeFileSync(join(dir, 'judge-json-aa.json'), '{}')
    clearAttachments(dir, join(root, '.vitest-reports', 'blob-1-3.json'))
    expect(readdirSync(dir)).toEqual([])
  })
})

describe('blobReportPath', () => {
  test("is Vitest's choice: the reporter's option, then outputFile, then .vitest-reports/blob-<i>-<N>.json or blob.json", () => {
    expect(blobReportPath({ root: '/r', shard: { index: 2, count: 3 } })).toBe('/r/.vitest-reports/blob-2-3.json')
    expect(blobReportPath({ root: '/r' })).toBe('/r/.vitest-reports/blob.json')
    expect(blobReportPath({ root: '/r', outputFile: { blob: 'out/b.json' } })).toBe('/r/out/b.json')
    expect(blobReportPath({ root: '/r', outputFile: 'out/all.json', options: { outputFile: 'mine.json' } })).toBe('/r/mine.json')
  })
})
