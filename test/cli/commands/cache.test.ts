import { mkdirSync, readdirSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'

afterEach(() => {
  vi.unstubAllEnvs()
})

const DAY = 86_400_000

/** A cache folder holding one run per age in days, each with one reply stored that long ago. */
function cacheWithRuns(ages: Record<string, number>): string {
  const dir = tempDir()
  for (const [run, days] of Object.entries(ages)) {
    mkdirSync(join(dir, run))
    const log = join(dir, run, '1-0-abcdef.jsonl')
    writeFileSync(log, `{"key":"${'a'.repeat(64)}","v":1}\n`)
    const when = new Date(Date.now() - days * DAY)
    utimesSync(log, when, when)
  }
  vi.stubEnv('ORGBENCH_CACHE_DIR', dir)
  return dir
}

describe('orgbench cache prune', () => {
  test('--help shows the default age as it is typed (30d), not in milliseconds', async () => {
    const r = await cli('cache', 'prune', '--help')
    expect(r.out).toMatch(/--older-than <age>\s+age such as 30d, 12h or 90m \(default: 30d\)/)
    expect(r.out).not.toContain('2592000000')
  })

  test('without --older-than it removes the runs whose last reply is older than 30 days, and only those', async () => {
    const dir = cacheWithRuns({ old: 31, recent: 29 })
    const r = await cli('cache', 'prune')
    expect(r).toEqual({ code: 0, out: `removed 1 replies of 1 run(s) (0.0 MB) from ${dir}`, err: '' })
    expect(readdirSync(dir)).toEqual(['recent'])
  })

  test('the default as shown is accepted as a value', async () => {
    const dir = cacheWithRuns({ old: 31, recent: 29 })
    expect((await cli('cache', 'prune', '--older-than', '30d')).code).toBe(0)
    expect(readdirSync(dir)).toEqual(['recent'])
  })
})
