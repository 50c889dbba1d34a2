import { mkdirSync, utimesSync, writeFileSync, existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { dropStaleModuleCache, moduleCacheDir } from '../../lib/run/module-cache.js'
import { tempDir } from '../support/temp.js'

/** A project with an npm install record and a module cache, each written at the given time (seconds). */
function project(times: { installed?: number; metadata?: number }): string {
  const root = tempDir('orgbench-module-cache-')
  mkdirSync(moduleCacheDir(root), { recursive: true })
  writeFileSync(join(moduleCacheDir(root), '0123abcd'), 'a cached module')
  if (times.installed !== undefined) {
    const file = join(root, 'node_modules', '.package-lock.json')
    writeFileSync(file, '{}')
    utimesSync(file, times.installed, times.installed)
  }
  if (times.metadata !== undefined) {
    const file = join(moduleCacheDir(root), '_metadata.json')
    writeFileSync(file, '{"lockfileHash":"0123abcd"}')
    utimesSync(file, times.metadata, times.metadata)
  }
  return root
}

describe('dropStaleModuleCache', () => {
  test('removes a cache begun before the last npm install, so that Vitest begins a new one', () => {
    const root = project({ installed: 2_000_000, metadata: 1_000_000 })
    expect(dropStaleModuleCache(root)).toBe(true)
    expect(existsSync(moduleCacheDir(root))).toBe(false)
  })

  test('keeps a cache begun after the last install', () => {
    const root = project({ installed: 1_000_000, metadata: 2_000_000 })
    expect(dropStaleModuleCache(root)).toBe(false)
    expect(existsSync(join(moduleCacheDir(root), '0123abcd'))).toBe(true)
  })

  test('leaves the cache to Vitest when either record is missing', () => {
    for (const times of [{ installed: 2_000_000 }, { metadata: 1_000_000 }]) {
      const root = project(times)
      expect(dropStaleModuleCache(root)).toBe(false)
      expect(existsSync(join(moduleCacheDir(root), '0123abcd'))).toBe(true)
    }
  })
})
