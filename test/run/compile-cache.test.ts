import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import nodeModule from 'node:module'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { afterEach, describe, expect, it } from 'vitest'
import { COMPILE_CACHE_DIR, startAgainWhenFull, useCompileCache } from '../../lib/run/compile-cache.js'

const hasCache = typeof (nodeModule as { enableCompileCache?: unknown }).enableCompileCache === 'function'

function fakeApi() {
  const enabled: string[] = []
  return { enabled, api: { enableCompileCache: (dir: string) => (enabled.push(dir), { status: 1, directory: dir }) } }
}

describe('useCompileCache', () => {
  const dirs: string[] = []
  afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })))

  it('keeps compiled code beside the run bundle, and names the place to the workers started later', () => {
    const env: NodeJS.ProcessEnv = {}
    const { enabled, api } = fakeApi()
    expect(useCompileCache('/project', env, api)).toBe(join('/project', COMPILE_CACHE_DIR))
    expect(env.NODE_COMPILE_CACHE).toBe(join('/project', 'node_modules', '.orgbench', 'compile-cache'))
    expect(enabled).toEqual([env.NODE_COMPILE_CACHE])
  })

  it("keeps the user's own cache, and none when they turned it off", () => {
    const mine: NodeJS.ProcessEnv = { NODE_COMPILE_CACHE: '/elsewhere' }
    const { enabled, api } = fakeApi()
    useCompileCache('/project', mine, api)
    expect(mine.NODE_COMPILE_CACHE).toBe('/elsewhere')
    const off: NodeJS.ProcessEnv = { NODE_DISABLE_COMPILE_CACHE: '1' }
    expect(useCompileCache('/project', off, api)).toBeNull()
    expect(off.NODE_COMPILE_CACHE).toBeUndefined()
    expect(enabled).toEqual(['/elsewhere'])
  })

  it('starts the cache again once it holds too many entries, counted over every Node version', () => {
    const dir = mkdtempSync(join(tmpdir(), 'orgbench-compile-cache-'))
    dirs.push(dir)
    expect(startAgainWhenFull(join(dir, 'missing'), 3)).toBe(false)
    for (const [version, files] of [['v22.1-a', 2], ['v24.0-b', 1]] as const) {
      mkdirSync(join(dir, version))
      for (let i = 0; i < files; i++) writeFileSync(join(dir, version, `entry${i}`), 'x')
    }
    expect(startAgainWhenFull(dir, 3)).toBe(false)
    expect(existsSync(dir)).toBe(true)
    writeFileSync(join(dir, 'v24.0-b', 'entry1'), 'x')
    expect(startAgainWhenFull(dir, 3)).toBe(true)
    expect(existsSync(dir)).toBe(false)
  })

  it('does nothing on a Node without the cache (Node 20)', () => {
    const env: NodeJS.ProcessEnv = {}
    expect(useCompileCache('/project', env, {})).toBeNull()
    expect(env).toEqual({})
  })

  it.runIf(hasCache)('fills the cache from the main thread and from a worker thread started after it', () => {
    const root = mkdtempSync(join(tmpdir(), 'orgbench-compile-cache-'))
    dirs.push(root)
    const moduleUrl = pathToFileURL(join(import.meta.dirname, '../../lib/run/compile-cache.ts')).href
    // The worker loads a module of its own; only the variable can have told it where the cache is.
    const script = `
      const { useCompileCache } = await import(${JSON.stringify(moduleUrl)})
      useCompileCache(${JSON.stringify(root)})
      const { Worker } = await import('node:worker_threads')
      await new Promise((resolve, reject) => new Worker("import m from 'node:module'; process.stdout.write(String(m.getCompileCacheDir?.()))", { eval: true }).on('exit', resolve).on('error', reject))
    `
    const env = { ...process.env }
    delete env.NODE_COMPILE_CACHE
    delete env.NODE_DISABLE_COMPILE_CACHE
    const child = spawnSync(process.execPath, ['--experimental-strip-types', '--input-type=module', '-e', script], { encoding: 'utf8', env })
    expect(child.stderr.replace(/.*ExperimentalWarning.*\n?|.*--trace-warnings.*\n?/g, '')).toBe('')
    expect(child.stdout).toContain(join(root, COMPILE_CACHE_DIR))
    expect(readdirSync(join(root, COMPILE_CACHE_DIR)).length).toBeGreaterThan(0)
  })
})
