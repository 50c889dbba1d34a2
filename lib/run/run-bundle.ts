import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join, relative, sep, win32 } from 'node:path'
import { pathToFileURL } from 'node:url'
import { filesUnder } from '../files-under.js'

/*
 * The run's bundle: what a `vitest run` loads before its first test, as ES module files that Node
 * imports natively. Vitest's module runner loads a module at a time and compiles each apart: a
 * one-case run spent about 300 ms on the main process's 95 modules (the reporters and the global
 * setup) and about 230 ms on a worker's 140, against about 100 ms for a worker's bundle.
 *
 * One build, with an entry for each side: the reporters and the global setup share the chunks of
 * the modules they both use, and so one instance of each, as they do unbundled. Each bundled
 * module keeps its own import.meta.url, so paths read next to a module (prices.json, the project
 * root) are the same as unbundled. Task definitions are bundled too; one the bundle does not hold
 * is imported through Vitest's runner (useDefinitionImport in lib/tasks/registry.ts).
 *
 * Packages stay outside, except the two that every worker loads before its first call, openai and
 * zod (VENDORED): some 560 files, which Node resolves, reads and compiles one at a time, about
 * 150 ms of each thread's start against one file of theirs. Nothing else a bundled run loads
 * imports them: Vitest's runner loads only the thin entries (lib/run/run-entry.ts) and a
 * definition the bundle does not hold, whose zod schemas the bundled zod reads as its own (zod's
 * instanceof reads a schema's traits, not its class, and its registry is on globalThis).
 */

/** The entries, by name, and their sources; `<name>.mjs` in the bundle's folder. */
export const ENTRIES = {
  'bench-task': 'lib/run/bench-task.ts',
  'setup-run': 'lib/run/setup-run.ts',
  'results-reporter': 'reporters/results-reporter.ts',
  'progress-reporter': 'reporters/progress-reporter.ts',
  // Shared by the others: lib/run/run-entry.ts gives it the runner's import for task definitions.
  'definition-import': 'lib/tasks/definition-import.ts',
} as const
export type EntryName = keyof typeof ENTRIES

/** The folders a bundle is built from: an edit in them makes a new one. */
const SOURCES = ['lib', 'reporters']
/** The packages bundled with the project's modules (see above): their installed versions are part of the key. */
export const VENDORED = ['openai', 'zod'] as const
/** Bumped when the bundle's shape changes, so that bundles built by older code are not reused. */
const FORMAT = 3
/** A file of every bundle: a bundle's folder is renamed into place whole. */
const ENTRY = 'bench-task.mjs'
/** The root a bundle was built for: a bundle of a root that is gone (a test's copy of the project) is removed. */
const ROOT_FILE = 'root'
/** Where bundles live: inside node_modules, which Vitest leaves to Node instead of transforming. */
const BUNDLES_DIR = join('node_modules', '.orgbench', 'bundle')
/**
 * A bundle no run has started with for this long is removed: each edit under lib/ makes a new one
 * (about 8 MB with its source maps). A run that started with it, and imports a lazy chunk of it
 * later, is long over.
 */
const UNUSED_MS = 24 * 3600_000
/** A half-built bundle left this long (its build was killed) is removed. */
const ABANDONED_MS = 3600_000
/**
 * Bundles kept besides the current one, the most recently used first, once unused for an hour: a
 * day of edits under lib/ made over a hundred. A process that uses a bundle marks it as used every
 * TOUCH_MS (keepInUse), so that a run of hours keeps its bundle while newer ones are built.
 */
const KEPT = 8
const IN_USE_MS = 3600_000
export const TOUCH_MS = 10 * 60_000

/** The marker of bundle files in a stack trace: lib/run/task-errors.ts skips them as it skips lib/run/. */
export const BUNDLE_PATH_MARK = '/node_modules/.orgbench/bundle/'

/**
 * The bundle's key: what it is built from, as the file system describes it (path, size and
 * modification time of every TypeScript and JSON file under lib/ and reporters/; an editor's
 * swap files make no new bundle), plus the root (bundled modules name their source files by
 * absolute URL), the bundler and the vendored packages' versions.
 */
export function bundleKey(root: string, bundlerVersion: string): string {
  const hash = createHash('sha256').update(JSON.stringify([FORMAT, bundlerVersion, root, VENDORED.map((name) => installedVersion(root, name))]))
  for (const source of SOURCES) {
    const dir = join(root, source)
    if (!existsSync(dir)) continue
    for (const file of filesUnder(dir).sort()) {
      if (!file.endsWith('.ts') && !file.endsWith('.json')) continue
      const s = statSync(join(dir, file))
      if (s.isFile()) hash.update(`\n${source}/${file}\t${s.size}\t${s.mtimeMs}`)
    }
  }
  return hash.digest('hex').slice(0, 20)
}

/** The version of a package as installed in `root`'s node_modules; null when it is not there. */
function installedVersion(root: string, name: string): string | null {
  try {
    return (JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')) as { version?: string }).version ?? null
  } catch {
    return null
  }
}

/**
 * The folder URL (ending in "/") of the bundle for `root`'s sources as they are now, built if no
 * run built it yet; null when it cannot be had (no node_modules, or the bundler failed, e.g. on a
 * syntax error that the module runner then reports as it always does). A bundle is built in a
 * folder of its own and renamed into place whole, so concurrent runs never see half of one.
 */
export async function runBundle(root: string): Promise<string | null> {
  if (!existsSync(join(root, 'node_modules'))) return null
  try {
    const { rolldown, VERSION } = await import('rolldown')
    const dir = join(root, BUNDLES_DIR)
    const key = bundleKey(root, VERSION)
    const final = join(dir, key)
    if (!existsSync(join(final, ENTRY))) {
      const building = join(dir, `${key}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`)
      try {
        await build(rolldown, root, building)
        writeFileSync(join(building, ROOT_FILE), root)
        renameSync(building, final)
      } catch (e) {
        rmSync(building, { recursive: true, force: true })
        // Another run finished the same bundle first: use theirs.
        if (!existsSync(join(final, ENTRY))) throw e
      }
      removeStale(dir, key)
    } else {
      touch(final)
    }
    keepInUse(final)
    return pathToFileURL(join(final, '/')).href
  } catch {
    return null
  }
}

/** The file URL of an entry of the bundle whose folder URL is `bundle`. */
export const entryOf = (bundle: string, name: EntryName): string => new URL(`${name}.mjs`, bundle).href

const THIS_RUN = Symbol.for('orgbench.runBundle')
const processGlobal = globalThis as { [THIS_RUN]?: string | null }

/** Sets the bundle this process's entries load (vitest.config.ts, before Vitest loads the reporters); null: none, it could not be built. */
export function useRunBundle(bundle: string | null): void {
  processGlobal[THIS_RUN] = bundle
}

/** The bundle set for this process: null when it could not be built, undefined where none was set (a worker thread, a watch session). */
export const runBundleOfProcess = (): string | null | undefined => processGlobal[THIS_RUN]

type Rolldown = (typeof import('rolldown'))['rolldown']

/**
 * Whether `id` names a package or one of Node's modules. A module of the project is a relative
 * import, then a resolved absolute path (win32's test holds for "/…" and "C:\…" alike).
 */
export const isPackageImport = (id: string): boolean => !id.startsWith('.') && !win32.isAbsolute(id) && !id.startsWith('\0')

/** Whether the bundle leaves `id` to be imported at run time: packages and Node's modules, except the vendored packages and their files. */
export const leftToRunTime = (id: string): boolean => isPackageImport(id) && !VENDORED.some((name) => id === name || id.startsWith(`${name}/`))

/** The names that stand for a bundled module's own import.meta properties (declared at its top). */
const OWN_IMPORT_META = { 'import.meta.url': '__orgbench_import_meta_url', 'import.meta.dirname': '__orgbench_import_meta_dirname', 'import.meta.filename': '__orgbench_import_meta_filename' } as const

/** Task definitions, bundled too: otherwise each would bring its own copies of the modules it imports, loaded one by one. */
const DEFINITIONS_DIR = join('lib', 'tasks', 'definitions')
/** The bundle's map from a definition file's path to its module in the bundle (lib/run/run-entry.ts reads it). */
export const DEFINITIONS_MAP = 'definitions.json'

async function build(rolldown: Rolldown, root: string, outDir: string): Promise<void> {
  const definitionsDir = join(root, DEFINITIONS_DIR)
  // Loaded here, not with this module: vitest.config.ts imports this one on every start, and the listing brings the task schema.
  const { listDefinitionFiles } = await import('../tasks/definition-files.js')
  const definitions = listDefinitionFiles(definitionsDir).map((source) => ({ source, name: `definitions/${relative(definitionsDir, source).slice(0, -'.ts'.length).split(sep).join('/')}` }))
  const bundle = await rolldown({
    input: Object.fromEntries([...Object.entries(ENTRIES).map(([name, source]) => [name, join(root, source)]), ...definitions.map((d) => [d.name, d.source])]),
    platform: 'node',
    external: leftToRunTime,
    // Each module's own import.meta: only the expressions, never the same text in a string or a comment.
    transform: { define: { ...OWN_IMPORT_META } },
    logLevel: 'silent',
    plugins: [
      {
        name: 'orgbench-own-import-meta',
        transform: {
          filter: { id: /\.ts$/ },
          handler(code, id) {
            if (!code.includes('import.meta')) return null
            const values = { url: pathToFileURL(id).href, dirname: join(id, '..'), filename: id }
            const declared = Object.entries(OWN_IMPORT_META).map(([expression, name]) => `${name} = ${JSON.stringify(values[expression.slice('import.meta.'.length) as keyof typeof values])}`)
            // On the first line, and no map: every line stays where it was, so the source map still names each line.
            return { code: `const ${declared.join(', ')};${code}`, map: null }
          },
        },
      },
    ],
  })
  try {
    await bundle.write({ dir: outDir, format: 'esm', sourcemap: true, entryFileNames: '[name].mjs', chunkFileNames: '[name]-[hash].mjs' })
  } finally {
    await bundle.close()
  }
  writeFileSync(join(outDir, DEFINITIONS_MAP), JSON.stringify(Object.fromEntries(definitions.map((d) => [d.source, `${d.name}.mjs`]))))
}

const touch = (folder: string) => {
  const now = new Date()
  utimesSync(folder, now, now)
}

const keptInUse = new Set<string>()
/** Marks the bundle as used every TOUCH_MS while this process lives (see KEPT). */
function keepInUse(folder: string): void {
  if (keptInUse.has(folder)) return
  keptInUse.add(folder)
  setInterval(() => {
    try {
      touch(folder)
    } catch {
      // Removed meanwhile (a day unused cannot happen while this process touches it, so by hand).
    }
  }, TOUCH_MS).unref()
}

/**
 * Removes bundles unused for a day or built for a root that no longer exists (node_modules may be
 * a link shared by copies of the project), builds abandoned for an hour, and bundles unused for an
 * hour beyond the KEPT most recently used; keeps `current`.
 */
function removeStale(dir: string, current: string): void {
  const now = Date.now()
  const kept: Array<{ path: string; age: number }> = []
  for (const name of readdirSync(dir)) {
    if (name === current) continue
    const path = join(dir, name)
    try {
      const age = now - statSync(path).mtimeMs
      const building = name.endsWith('.tmp')
      if (age > (building ? ABANDONED_MS : UNUSED_MS) || (!building && !existsSync(readFileSync(join(path, ROOT_FILE), 'utf8')))) rmSync(path, { recursive: true, force: true })
      else if (!building) kept.push({ path, age })
    } catch {
      // Removed by another run meanwhile, or not a bundle of this code's making.
    }
  }
  for (const { path, age } of kept.sort((a, b) => a.age - b.age).slice(KEPT)) if (age > IN_USE_MS) rmSync(path, { recursive: true, force: true })
}
