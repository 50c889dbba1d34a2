import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { cacheStats, pruneCache } from '../../lib/llm/cache-admin.js'
import { tempDir } from '../support/temp.js'

const DAY = 86_400_000

/** A cache folder with entries of the given ages (days), plus a file that is not the cache's. */
function cacheWith(ages: number[], now: number): string {
  const dir = tempDir()
  ages.forEach((age, i) => {
    const key = `${String(i).padStart(2, '0')}${'a'.repeat(62)}`
    mkdirSync(join(dir, key.slice(0, 2)), { recursive: true })
    const file = join(dir, key.slice(0, 2), `${key}.json`)
    writeFileSync(file, '{"v":1}')
    utimesSync(file, new Date(now - age * DAY), new Date(now - age * DAY))
  })
  writeFileSync(join(dir, 'README'), 'not an entry')
  return dir
}

describe('the response cache on disk', () => {
  const now = Date.parse('2026-11-27T10:00:00Z')

  test('stats count entries, their size and their age', () => {
    const dir = cacheWith([1, 10, 40], now)
    const s = cacheStats(dir)
    expect(s).toMatchObject({ entries: 3, bytes: 3 * 7 })
    expect(s.oldest!.getTime()).toBe(now - 40 * DAY)
    expect(s.newest!.getTime()).toBe(now - 1 * DAY)
    expect(cacheStats(join(dir, 'missing'))).toMatchObject({ entries: 0, bytes: 0, oldest: null })
  })

  test('prune removes entries older than the cut-off, and nothing that is not the cache\'s', () => {
    const dir = cacheWith([1, 10, 40, 50], now)
    expect(pruneCache(dir, new Date(now - 30 * DAY), now)).toEqual({ removed: 2, bytes: 14 })
    expect(cacheStats(dir).entries).toBe(2)
    expect(readdirSync(dir)).toContain('README')
  })

  test('temporary files left by a crashed writer go once they are an hour old', () => {
    const dir = cacheWith([], now)
    mkdirSync(join(dir, 'ab'))
    const old = join(dir, 'ab', 'x.json.1.ff.tmp')
    const fresh = join(dir, 'ab', 'y.json.1.ff.tmp')
    writeFileSync(old, '{')
    writeFileSync(fresh, '{')
    utimesSync(old, new Date(now - 2 * 3_600_000), new Date(now - 2 * 3_600_000))
    utimesSync(fresh, new Date(now - 60_000), new Date(now - 60_000))
    expect(pruneCache(dir, new Date(0), now)).toEqual({ removed: 0, bytes: 0 })
    expect(readdirSync(join(dir, 'ab'))).toEqual(['y.json.1.ff.tmp'])
  })
})
