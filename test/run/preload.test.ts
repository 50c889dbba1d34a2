import { readFileSync } from 'node:fs'
import { isBuiltin } from 'node:module'
import { join, relative } from 'node:path'
import { describe, expect, test } from 'vitest'
import { preloadAll } from '../../lib/run/preload.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { type ImportGraph, importCycles, importGraph } from '../support/import-graph.js'

/** Without the run's bundle, the reporters and the global setup (the wrappers that Vitest loads) preload, then import these. */
const MAIN_ENTRIES = ['reporters/results-reporter.ts', 'reporters/progress-reporter.ts', 'lib/run/setup-run.ts']
/** The wrappers that Vitest loads; the main process's load their modules through mainEntry (lib/run/run-entry.ts). */
const MAIN_WRAPPERS = [
  { file: 'reporters/results.ts', then: "import('./results-reporter.js')" },
  { file: 'reporters/progress.ts', then: "import('./progress-reporter.js')" },
  { file: 'lib/run/global-setup.ts', then: "import('./setup-run.js')" },
]
/** Where each side preloads, and what it imports once the preload is done. */
const PRELOADS = [
  { file: 'lib/run/run-entry.ts', preload: "await import('./preload-main.js')", then: 'return fromModules()' },
  { file: 'lib/run/bench.ts', preload: "await import('./preload-worker.js')", then: "import('./bench-task.js')" },
]
/** Without the run's bundle (lib/run/run-bundle.ts), lib/run/bench.ts preloads, then imports this. */
const WORKER_ENTRIES = ['lib/run/bench-task.ts']
const PRELOADERS = ['lib/run/preload.ts', 'lib/run/preload-main.ts', 'lib/run/preload-worker.ts']

/** What `entries` load besides themselves and the preloading, as specifiers from lib/run/ (Vitest's own packages are loaded already). */
function startupList(graph: ImportGraph, entries: readonly string[]): string[] {
  const files = [...graph.files]
    .filter((f) => !entries.includes(f) && !PRELOADERS.includes(f))
    .map((f) => relative(join('lib', 'run'), f))
    .map((s) => (s.startsWith('.') ? s : `./${s}`))
  const packages = [...graph.packages].filter((p) => p !== 'vitest' && !p.startsWith('vitest/'))
  return [...packages.sort(), ...files.sort()]
}

describe('the startup module lists', () => {
  const main = importGraph(...MAIN_ENTRIES)
  const worker = importGraph(...WORKER_ENTRIES)

  test('are what the reporters and the global setup, and a benchmark worker, load by their static imports', async () => {
    const lists = { main: startupList(main, MAIN_ENTRIES), worker: startupList(worker, WORKER_ENTRIES) }
    expect(lists.worker).toContain('openai')
    expect(lists.worker).toContain('./runner.ts')
    expect(lists.main).toContain('../config.ts')
    expect(lists.main).not.toContain('./runner.ts')
    // Out of step after an import changes: `npx vitest run test/run/preload.test.ts -u` writes it again.
    await expect(`${JSON.stringify(lists, null, 2)}\n`).toMatchFileSnapshot('../../lib/run/startup-modules.json')
  })

  test('are loaded, without the bundle, before what the wrappers that start each side import', () => {
    for (const w of MAIN_WRAPPERS) expect(readFileSync(join(PROJECT_ROOT, w.file), 'utf8'), w.file).toContain(`await mainEntry<`)
    for (const w of MAIN_WRAPPERS) expect(readFileSync(join(PROJECT_ROOT, w.file), 'utf8'), w.file).toContain(w.then)
    for (const w of PRELOADS) {
      const source = readFileSync(join(PROJECT_ROOT, w.file), 'utf8')
      const preload = source.indexOf(w.preload)
      expect(preload, w.file).toBeGreaterThan(-1)
      // The import the preload comes before: the first one after it (runEntry's fromModules() also runs without preloading, for the workers' modules).
      expect(source.indexOf(w.then, preload), w.file).toBeGreaterThan(preload)
    }
  })

  test('hold no import cycle, which loading them at once could run in another order', () => {
    expect(importCycles(main)).toEqual([])
    expect(importCycles(worker)).toEqual([])
  })
})

describe('preloadAll', () => {
  /** Loads that finish when the test says so. */
  function heldLoads() {
    const started: string[] = []
    const finished: string[] = []
    const release = new Map<string, () => void>()
    const load = (s: string) => {
      started.push(s)
      return new Promise<void>((resolve) => release.set(s, () => (finished.push(s), resolve())))
    }
    const finish = async (s: string) => {
      release.get(s)!()
      for (let i = 0; i < 5; i++) await Promise.resolve()
    }
    return { started, finished, load, finish }
  }

  test('keeps up to its limit of loads going, the next one starting as one finishes, and waits for all of them', async () => {
    const held = heldLoads()
    let done = false
    const all = preloadAll(['a', 'b', 'c', 'd'], held.load, 2).then(() => (done = true))
    expect(held.started).toEqual(['a', 'b'])
    await held.finish('b')
    expect(held.started).toEqual(['a', 'b', 'c'])
    await held.finish('a')
    await held.finish('c')
    expect(held.started).toEqual(['a', 'b', 'c', 'd'])
    expect(done).toBe(false)
    await held.finish('d')
    await all
    expect(held.finished).toEqual(['b', 'a', 'c', 'd'])
  })

  test('starts them all at once when they are fewer than its limit', () => {
    const held = heldLoads()
    void preloadAll(['a', 'b', 'c'], held.load)
    expect(held.started).toEqual(['a', 'b', 'c'])
  })

  test('leaves a module that fails to the import that needs it, and goes on with the others', async () => {
    const loaded: string[] = []
    const load = async (s: string) => (s.startsWith('./missing') ? Promise.reject(new Error(`cannot load ${s}`)) : void loaded.push(s))
    await expect(preloadAll(['./missing-module.ts', 'x', './missing-too.ts', 'y'], load, 1)).resolves.toBeUndefined()
    expect(loaded).toEqual(['x', 'y'])
  })

  test('loads modules by specifiers from lib/run/, each once', async () => {
    const marker = '../../test/fixtures/preload/marker.ts'
    await preloadAll([marker, marker, 'zod'])
    expect((globalThis as { preloadMarker?: number }).preloadMarker).toBe(1)
  })
})
