import { existsSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

/*
 * Looking after the response cache on disk (`orgbench cache stats|prune|clear`): a folder per run,
 * holding the logs its processes appended to. A run's age is that of its newest log.
 */

/** One run's replies in the cache. */
export interface CacheRun {
  run: string
  replies: number
  bytes: number
  /** When its newest reply was stored. */
  lastWrite: Date
}

/** The whole cache: its runs and totals. */
export interface CacheStats {
  dir: string
  runs: CacheRun[]
  replies: number
  bytes: number
}

function runsIn(dir: string): CacheRun[] {
  if (!existsSync(dir)) return []
  const runs: CacheRun[] = []
  for (const d of readdirSync(dir, { withFileTypes: true })) {
    if (!d.isDirectory()) continue
    const folder = join(dir, d.name)
    const logs = readdirSync(folder).filter((f) => f.endsWith('.jsonl')).map((f) => join(folder, f))
    if (logs.length === 0) continue
    let replies = 0
    let bytes = 0
    let last = 0
    for (const log of logs) {
      const text = readFileSync(log)
      for (let i = text.indexOf(10); i !== -1; i = text.indexOf(10, i + 1)) replies++
      bytes += text.length
      last = Math.max(last, statSync(log).mtimeMs)
    }
    runs.push({ run: d.name, replies, bytes, lastWrite: new Date(last) })
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
  for (const r of gone) rmSync(join(dir, r.run), { recursive: true, force: true })
  return { runs: gone.length, replies: gone.reduce((s, r) => s + r.replies, 0), bytes: gone.reduce((s, r) => s + r.bytes, 0) }
}
