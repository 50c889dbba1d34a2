import { existsSync, mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cacheStats, pruneCache } from '../../lib/llm/cache-admin.js'
import { ResponseCache } from '../../lib/llm/cache.js'
import { tempDir } from '../support/temp.js'

const DAY = 86_400_000

/** A stored reply's line as the cache writes it: the key first, then the version. */
const reply = (n: number) => `{"key":"${n.toString(16).padStart(64, '0')}","v":1}\n`
const LINE_BYTES = reply(0).length

/** A cache folder with one run per age (days ago), each with two replies, plus a file that is not a run. */
function cacheWith(ages: number[], now: number): string {
  const dir = tempDir()
  ages.forEach((age, i) => {
    mkdirSync(join(dir, `run-${i}`))
    const log = join(dir, `run-${i}`, '1-0-abcdef.jsonl')
    writeFileSync(log, reply(1) + reply(2))
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
      ['run-1', 2, 2 * LINE_BYTES],
      ['run-2', 2, 2 * LINE_BYTES],
      ['run-0', 2, 2 * LINE_BYTES],
    ])
    expect(s).toMatchObject({ replies: 6, bytes: 6 * LINE_BYTES })
    expect(cacheStats(join(tempDir(), 'missing'))).toMatchObject({ runs: [], replies: 0 })
  })

  test('prune removes the runs last written before the cut-off, and nothing that is not a run', () => {
    const dir = cacheWith([1, 10, 40, 50], now)
    expect(pruneCache(dir, new Date(now - 30 * DAY))).toEqual({ runs: 2, replies: 4, bytes: 4 * LINE_BYTES })
    expect(readdirSync(dir).sort()).toEqual(['README', 'run-0', 'run-1'])
  })

  test('a log the cache itself wrote is counted and cleared', () => {
    const dir = tempDir()
    const cache = new ResponseCache(dir, 'read-write', 'sim-20261201T000000Z-abcdef')
    cache.put({ key: 'a'.repeat(64), endpoint: 'e', model: 'm', scope: 's', content: 'c', finishReason: 'stop', usage: null, costUsd: null })
    cache.close()
    expect(cacheStats(dir)).toMatchObject({ replies: 1, runs: [{ run: 'sim-20261201T000000Z-abcdef' }] })
    expect(pruneCache(dir, new Date(8.64e15))).toMatchObject({ runs: 1, replies: 1 })
    expect(readdirSync(dir)).toEqual([])
  })

  test('a folder shared with other things: another tool\'s folder and a run journal are neither counted nor removed, and a run folder keeps what it did not store', () => {
    const dir = tempDir()
    mkdirSync(join(dir, 'othertool'))
    writeFileSync(join(dir, 'othertool', 'history.jsonl'), '{}\n')
    writeFileSync(join(dir, 'othertool', 'important.db'), 'x')
    // A resumable run's journal: its lines are records, its files named otherwise.
    mkdirSync(join(dir, 'sim-20261201T000000Z-c643ad'))
    writeFileSync(join(dir, 'sim-20261201T000000Z-c643ad', '001-1796148306865-18037-565fc38d.jsonl'), '{"kind":"record"}\n')
    // A log-shaped name whose lines are not stored replies.
    mkdirSync(join(dir, 'lookalike'))
    writeFileSync(join(dir, 'lookalike', '1-0-abcdef.jsonl'), '{"event":"x"}\n')
    // A cache run folder where something else was put beside the logs.
    mkdirSync(join(dir, 'run-0'))
    writeFileSync(join(dir, 'run-0', '1-0-abcdef.jsonl'), reply(1))
    writeFileSync(join(dir, 'run-0', 'notes.txt'), 'mine')

    expect(cacheStats(dir)).toMatchObject({ replies: 1, runs: [{ run: 'run-0', replies: 1 }] })
    expect(pruneCache(dir, new Date(8.64e15))).toEqual({ runs: 1, replies: 1, bytes: LINE_BYTES })
    expect(readdirSync(dir).sort()).toEqual(['lookalike', 'othertool', 'run-0', 'sim-20261201T000000Z-c643ad'])
    expect(readdirSync(join(dir, 'othertool')).sort()).toEqual(['history.jsonl', 'important.db'])
    expect(existsSync(join(dir, 'sim-20261201T000000Z-c643ad', '001-1796148306865-18037-565fc38d.jsonl'))).toBe(true)
    expect(existsSync(join(dir, 'lookalike', '1-0-abcdef.jsonl'))).toBe(true)
    expect(readdirSync(join(dir, 'run-0'))).toEqual(['notes.txt'])
  })
})
