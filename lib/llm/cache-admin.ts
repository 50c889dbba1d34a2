import { existsSync, readdirSync, readFileSync, rmdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { CACHE_LOG_NAME } from './cache.js'

/*
 * Looking after the response cache on disk (`orgbench cache stats|prune|clear`): a folder per run,
 * holding the logs its processes appended to. A run's age is that of its newest log.
 *
 * ORGBENCH_CACHE_DIR may name a folder shared with other things (~/.cache, a CI cache path, a
 * results folder with its journals), so only what the cache provably wrote counts and goes: a log
 * named as the cache names it whose first line opens as a stored reply does. A run's folder is
 * removed only when nothing else is left in it.
 */

/** One run's replies in the cache. */
export interface CacheRun {
  run: string
  replies: number
  bytes: number
  /** When its newest reply was stored. */
  lastWrite: Date
  /** Its logs (paths). */
  logs: string[]
}

/** The whole cache: its runs and totals. */
export interface CacheStats {
  dir: string
  runs: CacheRun[]
  replies: number
  bytes: number
}

/** How a stored reply's line opens (CacheEntry, key first); a log opened just before a crash may be empty. */
const ENTRY_START = /^\{"key":"[0-9a-f]{64}","v":1[,}]/

function runsIn(dir: string): CacheRun[] {
  if (!existsSync(dir)) return []
  const runs: CacheRun[] = []
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue
    const folder = join(dir, d.name)
    const logs: string[] = []
    let replies = 0
    let bytes = 0
    let last = 0
    for (const name of readdirSync(folder)) {
      const log = join(folder, name)
      if (!CACHE_LOG_NAME.test(name) || !statSync(log).isFile()) continue
      const text = readFileSync(log)
      if (text.length > 0 && !ENTRY_START.test(text.toString('latin1', 0, 100))) continue
      logs.push(log)
      for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) replies++
      bytes += text.length
      last = Math.max(last, statSync(log).mtimeMs)
    }
    if (logs.length > 0) runs.push({ run: d.name, replies, bytes, lastWrite: new Date(last), logs })
  }
  return runs.sort((a, b) => a.lastWrite.getTime() - b.lastWrite.getTime())
}

/** How many replies the cache holds, per run, and how much space they take. */
export function cacheStats(dir: string): CacheStats {
  const runs = runsIn(dir)
  return { dir, runs, replies: runs.reduce((s, r) => s + r.replies, 0), bytes: runs.reduce((s, r) => s + r.bytes, 0) }
}

/** Removes the runs whose newest reply was stored before `before`; returns what went. */
export function pruneCache(dir: string, before: Date): { runs: number; replies: number; bytes: number } {
  const gone = runsIn(dir).filter((r) => r.lastWrite.getTime() < before.getTime())
  for (const r of gone) {
    for (const log of r.logs) rmSync(log, { force: true })
    if (readdirSync(join(dir, r.run)).length === 0) rmdirSync(join(dir, r.run))
  }
  return { runs: gone.length, replies: gone.reduce((s, r) => s + r.replies, 0), bytes: gone.reduce((s, r) => s + r.bytes, 0) }
}
