import { existsSync, readdirSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

/*
 * Looking after the response cache on disk (`orgbench cache stats|prune|clear`). Entries are
 * written once, so a file's modification time is when its reply was stored.
 */

export interface CacheStats {
  dir: string
  entries: number
  bytes: number
  /** Modification times of the oldest and newest entry; null when empty. */
  oldest: Date | null
  newest: Date | null
}

interface CacheFile {
  path: string
  bytes: number
  mtimeMs: number
  temporary: boolean
}

function cacheFiles(dir: string): CacheFile[] {
  if (!existsSync(dir)) return []
  const files: CacheFile[] = []
  for (const shard of readdirSync(dir, { withFileTypes: true })) {
    if (!shard.isDirectory() || !/^[0-9a-f]{2}$/.test(shard.name)) continue
    for (const name of readdirSync(join(dir, shard.name))) {
      const path = join(dir, shard.name, name)
      const s = statSync(path)
      files.push({ path, bytes: s.size, mtimeMs: s.mtimeMs, temporary: name.endsWith('.tmp') })
    }
  }
  return files
}

/** How many replies the cache holds, how much space they take, and how old they are. */
export function cacheStats(dir: string): CacheStats {
  const entries = cacheFiles(dir).filter((f) => !f.temporary)
  const times = entries.map((f) => f.mtimeMs)
  return {
    dir,
    entries: entries.length,
    bytes: entries.reduce((s, f) => s + f.bytes, 0),
    oldest: times.length > 0 ? new Date(Math.min(...times)) : null,
    newest: times.length > 0 ? new Date(Math.max(...times)) : null,
  }
}

/**
 * Removes entries stored before `before` (and temporary files a crashed writer left behind more
 * than an hour ago). Returns how many entries and bytes were removed. Only the cache's own
 * two-hex-digit shard folders are touched.
 */
export function pruneCache(dir: string, before: Date, now = Date.now()): { removed: number; bytes: number } {
  let removed = 0
  let bytes = 0
  for (const f of cacheFiles(dir)) {
    const stale = f.temporary ? f.mtimeMs < now - 3_600_000 : f.mtimeMs < before.getTime()
    if (!stale) continue
    rmSync(f.path, { force: true })
    if (!f.temporary) {
      removed++
      bytes += f.bytes
    }
  }
  return { removed, bytes }
}
