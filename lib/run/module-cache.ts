import { existsSync, rmSync, statSync } from 'node:fs'
import { join } from 'node:path'

/*
 * Vitest keeps transformed modules on disk between runs (experimental.fsModuleCache, set in
 * vitest.config.ts). When npm has changed node_modules since the cache was made, Vitest 4.1 clears
 * the cache's folder as it starts but goes on writing into the folder it removed: the first run
 * after such an `npm install` fails with ENOENT on a temporary file and "0 passed, 0 failed". A
 * cache older than npm's record of node_modules is removed here, before Vitest starts, and Vitest
 * then begins a new one as it does on a fresh clone.
 */

/** Where Vitest keeps the cache of a project at `root` (its default, which orgbench does not change). */
export function moduleCacheDir(root: string): string {
  return join(root, 'node_modules', '.experimental-vitest-cache')
}

/**
 * Removes the module cache when npm wrote node_modules/.package-lock.json (every install does) after
 * the cache's metadata, which Vitest writes once, when it begins a cache. Returns whether it did.
 * Anything unreadable leaves the cache to Vitest.
 */
export function dropStaleModuleCache(root: string): boolean {
  const cache = moduleCacheDir(root)
  const metadata = join(cache, '_metadata.json')
  const installed = join(root, 'node_modules', '.package-lock.json')
  try {
    if (!existsSync(metadata) || !existsSync(installed)) return false
    if (statSync(installed).mtimeMs <= statSync(metadata).mtimeMs) return false
    rmSync(cache, { recursive: true, force: true })
    return true
  } catch {
    return false
  }
}
