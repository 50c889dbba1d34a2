import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cacheStats, pruneCache } from '../../lib/llm/cache-admin.js'
import { tempDir } from '../support/temp.js'

const DAY = 86_400_000

/** A cache folder with one run per age (days ago), each with two replies, plus a file that is not a run. */
function cacheWith(ages: number[], now: number): string {
  const dir = tempDir()
  ages.forEach((age, i) => {
    mkdirSync(join(dir, `run-${i}`))
    const log = join(dir, `run-${i}`, '1-0-abcdef.jsonl')
    writeFileSync(log, '{"key":"a"}\n{"key":"b"}\n')
    utimesSync(log, new Date(now - age * DAY), new Date(now - age * DAY))
  })
  writeFileSync(join(dir, 'README'), 'not a run')
  return dir
}

describe('the response cache on disk', () => {
  const now = Date.now()

  test('stats count replies and bytes per run, oldest run first', () => {
    const s = cacheStats(cacheWith([1, 40, 10], now))
    expect(s.runs.map((r) => [r.run, r.replies, r.bytes])).toEqual([
      ['run-1', 2, 24],
      ['run-2', 2, 24],
      ['run-0', 2, 24],
    ])
    expect(s).toMatchObject({ replies: 6, bytes: 72 })
    expect(cacheStats(join(tempDir(), 'missing'))).toMatchObject({ runs: [], replies: 0 })
  })

  test('prune removes the runs last written before the cut-off, and nothing that is not a run', () => {
    const dir = cacheWith([1, 10, 40, 50], now)
    expect(pruneCache(dir, new Date(now - 30 * DAY))).toEqual({ runs: 2, replies: 4, bytes: 48 })
    expect(readdirSync(dir).sort()).toEqual(['README', 'run-0', 'run-1'])
  })
})
