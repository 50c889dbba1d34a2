import { mkdirSync, readdirSync, readFileSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { SourceMap, type SourceMapPayload } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'
import { describe, expect, test, vi } from 'vitest'
import { BUNDLE_PATH_MARK, bundleKey, ENTRIES, entryOf, isPackageImport, leftToRunTime, runBundle, TOUCH_MS, VENDORED } from '../../lib/run/run-bundle.js'
import { importGraph } from '../support/import-graph.js'
import { bundledProject as project } from '../support/bundled-project.js'
import { tempDir } from '../support/temp.js'

/** The bench-task entry of the bundle built for `root`, or null. */
const benchEntry = async (root: string) => {
  const bundle = await runBundle(root)
  return bundle === null ? null : entryOf(bundle, 'bench-task')
}

const bundleDirs = (root: string) => readdirSync(join(root, 'node_modules', '.orgbench', 'bundle'))

/** Makes folder `name` among `root`'s bundles, last used `hours` ago, built for `builtFor` when given. */
function agedBundle(root: string, name: string, hours: number, builtFor?: string): void {
  const dir = join(root, 'node_modules', '.orgbench', 'bundle', name)
  mkdirSync(dir, { recursive: true })
  if (builtFor !== undefined) writeFileSync(join(dir, 'root'), builtFor)
  const then = new Date(Date.now() - hours * 3600_000)
  utimesSync(dir, then, then)
}

describe('runBundle', () => {
  test("bundles lib/run/bench-task.ts's modules into one importable file, each keeping its own import.meta.url", async () => {
    const root = project()
    const url = await benchEntry(root)
    expect(url).not.toBeNull()
    expect(url).toContain(BUNDLE_PATH_MARK)
    const loaded = (await import(/* @vite-ignore */ url!)) as { file: string; here: string; later: () => Promise<{ ok: (n: number) => number }> }
    expect(loaded.here).toBe(pathToFileURL(join(root, 'lib', 'where.ts')).href)
    expect(loaded.file).toBe('where.ts')
    expect((await loaded.later()).ok(1)).toBe(2)
  })

  test("its source maps name each bundled line's own file and line, also in modules whose import.meta it rewrote", async () => {
    const root = project()
    writeFileSync(join(root, 'lib', 'where.ts'), "export const where: string = import.meta.url\n\nexport function fail(): never {\n  throw new Error('from where.ts, line 4')\n}\n")
    writeFileSync(join(root, 'lib', 'run', 'bench-task.ts'), "export { fail, where } from '../where.js'\n")
    const entry = fileURLToPath((await benchEntry(root))!)
    const lines = readFileSync(entry, 'utf8').split('\n')
    const line = lines.findIndex((l) => l.includes('from where.ts, line 4'))
    const map = new SourceMap(JSON.parse(readFileSync(`${entry}.map`, 'utf8')) as SourceMapPayload)
    const found = map.findEntry(line, lines[line]!.indexOf('throw'))
    expect(found).toMatchObject({ originalLine: 3 })
    expect('originalSource' in found && found.originalSource.endsWith('lib/where.ts')).toBe(true)
  })

  test('rewrites import.meta where it is an expression, not the same text in a string', async () => {
    const root = project()
    writeFileSync(join(root, 'lib', 'run', 'bench-task.ts'), "export const text = 'import.meta.url'\nexport const url: string = import.meta.url\nexport const dir: string = import.meta.dirname\n")
    const loaded = (await import(/* @vite-ignore */ (await benchEntry(root))!)) as { text: string; url: string; dir: string }
    expect({ ...loaded }).toEqual({ text: 'import.meta.url', url: pathToFileURL(join(root, 'lib', 'run', 'bench-task.ts')).href, dir: join(root, 'lib', 'run') })
  })

  test('is built once for lib/ as it is, and again after a file under lib/ changes', async () => {
    const root = project()
    const first = (await benchEntry(root))!
    const builtAt = statSync(fileURLToPath(first)).mtimeMs
    expect(await benchEntry(root)).toBe(first)
    expect(statSync(fileURLToPath(first)).mtimeMs).toBe(builtAt)

    writeFileSync(join(root, 'lib', 'run', 'later.ts'), 'export const ok = (n: number): number => n + 2\n')
    const second = (await benchEntry(root))!
    expect(second).not.toBe(first)
    await expect(((await import(/* @vite-ignore */ second)) as { later: () => Promise<{ ok: (n: number) => number }> }).later().then((m) => m.ok(1))).resolves.toBe(3)
    // The earlier bundle was used a moment ago: it stays (another run may still be importing it).
    expect(bundleDirs(root)).toHaveLength(2)
  })

  test('runs building the same bundle at once all get it whole', async () => {
    const root = project()
    const urls = await Promise.all([benchEntry(root), benchEntry(root), benchEntry(root)])
    expect(new Set(urls).size).toBe(1)
    expect(urls[0]).not.toBeNull()
    expect(bundleDirs(root)).toHaveLength(1)
  })

  test('removes bundles unused for a day or of a root that is gone, and builds abandoned for an hour, keeping the rest', async () => {
    const root = project()
    agedBundle(root, 'unused-2-days', 2 * 24)
    agedBundle(root, 'used-20-hours-ago', 20)
    agedBundle(root, 'abandoned.1-ab.tmp', 2)
    agedBundle(root, 'building.2-cd.tmp', 0.1)
    agedBundle(root, 'of-a-removed-copy', 0.1, join(root, 'gone'))
    agedBundle(root, 'of-a-copy', 0.1, root)
    const url = (await benchEntry(root))!
    expect(bundleDirs(root).sort()).toEqual([fileURLToPath(url).split('/').at(-2)!, 'building.2-cd.tmp', 'of-a-copy', 'used-20-hours-ago'].sort())
  })

  test('keeps at most eight other bundles once unused for an hour, the most recently used', async () => {
    const root = project()
    // Ten used two hours ago or more, two within the hour: those two and the six most recent of the ten stay.
    for (let i = 0; i < 10; i++) agedBundle(root, `used-${i + 2}-hours-ago`, i + 2, root)
    agedBundle(root, 'in-use-a', 0.5, root)
    agedBundle(root, 'in-use-b', 0.2, root)
    agedBundle(root, 'building.3-ef.tmp', 0.1)
    const url = (await benchEntry(root))!
    const expected = [fileURLToPath(url).split('/').at(-2)!, 'building.3-ef.tmp', 'in-use-a', 'in-use-b', ...Array.from({ length: 6 }, (_, i) => `used-${i + 2}-hours-ago`)]
    expect(bundleDirs(root).sort()).toEqual(expected.sort())
  })

  test('marks its bundle as used while the process lives, so that a long run keeps it', async () => {
    const root = project()
    vi.useFakeTimers({ toFake: ['setInterval'] })
    try {
      const folder = fileURLToPath((await runBundle(root))!)
      const then = new Date(Date.now() - 2 * 3600_000)
      utimesSync(folder, then, then)
      vi.advanceTimersByTime(TOUCH_MS)
      expect(Date.now() - statSync(folder).mtimeMs).toBeLessThan(60_000)
    } finally {
      vi.useRealTimers()
    }
  })

  test('is null without node_modules, or when the modules cannot be bundled (the module runner then reports why)', async () => {
    const bare = project()
    const noModules = tempDir()
    mkdirSync(join(noModules, 'lib', 'run'), { recursive: true })
    writeFileSync(join(noModules, 'lib', 'run', 'bench-task.ts'), 'export const a = 1\n')
    expect(await benchEntry(noModules)).toBeNull()
    writeFileSync(join(bare, 'lib', 'where.ts'), 'export const where: string = (\n')
    expect(await benchEntry(bare)).toBeNull()
  })
})

describe('bundleKey', () => {
  test('follows every file under lib/ and reporters/, the root and the bundler', () => {
    const root = project()
    const key = bundleKey(root, '1.0.0')
    expect(bundleKey(root, '1.0.0')).toBe(key)
    expect(bundleKey(root, '1.0.1')).not.toBe(key)
    writeFileSync(join(root, 'lib', 'new.json'), '{}')
    const withFile = bundleKey(root, '1.0.0')
    expect(withFile).not.toBe(key)
    const later = new Date(Date.now() + 60_000)
    utimesSync(join(root, 'lib', 'new.json'), later, later)
    expect(bundleKey(root, '1.0.0')).not.toBe(withFile)
    const withReporterFile = bundleKey(root, '1.0.0')
    writeFileSync(join(root, 'reporters', 'new.ts'), 'export {}\n')
    expect(bundleKey(root, '1.0.0')).not.toBe(withReporterFile)
    const withSwap = bundleKey(root, '1.0.0')
    writeFileSync(join(root, 'lib', '.where.ts.swp'), 'an editor was here')
    expect(bundleKey(root, '1.0.0')).toBe(withSwap)
    const other = project()
    expect(bundleKey(other, '1.0.0')).not.toBe(bundleKey(root, '1.0.0'))
  })
})

test("leaves packages and Node modules to run time, and bundles the project's modules (POSIX or Windows paths) and the vendored packages", () => {
  for (const id of ['zod', 'openai/helpers/zod', 'node:fs', 'vitest']) expect(isPackageImport(id), id).toBe(true)
  for (const id of ['./where.js', '../tasks/registry.js', '/work/p/lib/where.ts', 'C:\\work\\p\\lib\\where.ts', '\0rolldown/runtime']) expect(isPackageImport(id), id).toBe(false)
  for (const id of ['node:fs', 'vitest', 'zodiac', 'openai-compatible']) expect(leftToRunTime(id), id).toBe(true)
  for (const id of ['zod', 'zod/v4/core', 'openai', 'openai/helpers/zod', './where.js', '/work/p/lib/where.ts']) expect(leftToRunTime(id), id).toBe(false)
})

test('holds the vendored packages (openai, zod) and imports the others at run time; a new version of a vendored package makes a new bundle', async () => {
  const root = project()
  const fakePackage = (name: string, version: string, code: string) => {
    mkdirSync(join(root, 'node_modules', name), { recursive: true })
    writeFileSync(join(root, 'node_modules', name, 'package.json'), JSON.stringify({ name, version, type: 'module', exports: { '.': './index.js' } }))
    writeFileSync(join(root, 'node_modules', name, 'index.js'), code)
  }
  fakePackage('zod', '4.0.0', "export const z = 'zod as bundled'\n")
  fakePackage('zodiac', '1.0.0', "export const sign = 'zodiac at run time'\n")
  writeFileSync(join(root, 'lib', 'run', 'bench-task.ts'), "export { z } from 'zod'\nexport { sign } from 'zodiac'\n")
  /** Every module of the bundle whose entry is `entry`, one after another. */
  const bundleCode = (entry: string) => {
    const dir = fileURLToPath(new URL('.', entry))
    return readdirSync(dir)
      .filter((f) => f.endsWith('.mjs'))
      .map((f) => readFileSync(join(dir, f), 'utf8'))
      .join('\n')
  }
  const first = (await benchEntry(root))!
  const code = bundleCode(first)
  expect(code).toContain('zod as bundled')
  expect(code).not.toMatch(/from ["']zod["']/)
  expect(code).toMatch(/from ["']zodiac["']/)
  expect(code).not.toContain('zodiac at run time')

  const before = bundleKey(root, '1.0.0')
  fakePackage('zod', '4.0.1', "export const z = 'zod as bundled, a newer one'\n")
  expect(bundleKey(root, '1.0.0')).not.toBe(before)
  const second = (await benchEntry(root))!
  expect(second).not.toBe(first)
  expect(bundleCode(second)).toContain('a newer one')
})

test("what Vitest's runner loads in a bundled run (the thin entries and what they import) imports no vendored package: a thread would hold two copies", () => {
  const { packages } = importGraph('reporters/results.ts', 'reporters/progress.ts', 'lib/run/global-setup.ts', 'lib/run/bench.ts')
  expect(packages.size).toBeGreaterThan(0)
  expect([...packages].filter((p) => VENDORED.some((name) => p === name || p.startsWith(`${name}/`)))).toEqual([])
})
