import { readdirSync, rmSync } from 'node:fs'
import nodeModule from 'node:module'
import { join } from 'node:path'

/*
 * Node 22 can keep V8's compiled code of the modules it loads on disk and use it on the next run
 * (module.enableCompileCache). Most of a one-case run's startup is compiling: Vitest, Vite, openai,
 * zod and the run bundle, in the main process and again in every worker. Node 20 has no such cache;
 * there this does nothing.
 */

/** Where the compiled code is kept: beside the run bundle, out of the results and of git. */
export const COMPILE_CACHE_DIR = join('node_modules', '.orgbench', 'compile-cache')

/**
 * Node never removes an entry, and every new run bundle (lib/run/run-bundle.ts) is a new file to
 * it: past this many entries the cache starts again (about 50 MB; a first run fills some 220).
 */
const MAX_ENTRIES = 4000

interface CompileCacheApi {
  enableCompileCache?: (dir: string) => { directory?: string }
}

/**
 * Turns the cache on for this thread and, through NODE_COMPILE_CACHE, for the worker threads and
 * child processes started after it (a worker does not inherit the call, only the variable). A
 * cache the user chose (NODE_COMPILE_CACHE) is kept; NODE_DISABLE_COMPILE_CACHE turns it off, as
 * in Node. Returns the directory in use, or null when there is none.
 */
export function useCompileCache(root: string, env: NodeJS.ProcessEnv = process.env, api: CompileCacheApi = nodeModule as CompileCacheApi): string | null {
  if (typeof api.enableCompileCache !== 'function' || env.NODE_DISABLE_COMPILE_CACHE) return null
  if (env.NODE_COMPILE_CACHE === undefined) {
    env.NODE_COMPILE_CACHE = join(root, COMPILE_CACHE_DIR)
    startAgainWhenFull(env.NODE_COMPILE_CACHE)
  }
  return api.enableCompileCache(env.NODE_COMPILE_CACHE).directory ?? null
}

/** Empties our cache once it holds more than `max` entries (one folder per Node version, a file per module). */
export function startAgainWhenFull(dir: string, max = MAX_ENTRIES): boolean {
  let entries = 0
  try {
    for (const version of readdirSync(dir)) entries += readdirSync(join(dir, version)).length
  } catch {
    // Not made yet, or a version's folder being written: nothing to count.
  }
  if (entries <= max) return false
  rmSync(dir, { recursive: true, force: true })
  return true
}
