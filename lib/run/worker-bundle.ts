import { createHash, randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'

/*
 * The benchmark workers' bundle: lib/run/bench-task.ts and the lib/ modules it imports, as one
 * ES module file that a worker imports natively. Vitest's module runner fetches a worker's
 * modules one at a time from the main process and compiles each apart; a one-case run's worker
 * spent about 230 ms on lib/'s 140 modules that way, against about 100 ms for the bundle.
 *
 * Packages stay outside (a worker shares openai, zod and vitest with everything else it loads), and
 * each module's import.meta.url is kept as its own source file's, so paths read next to a module
 * (prices.json, the project root) are the same as unbundled.
 */

/** Bumped when the bundle's shape changes, so that bundles built by older code are not reused. */
const FORMAT = 1
const ENTRY = 'bench-task.mjs'
/** The root a bundle was built for: a bundle of a root that is gone (a test's copy of the project) is removed. */
const ROOT_FILE = 'root'
/** Where bundles live: inside node_modules, which Vitest leaves to Node instead of transforming. */
const BUNDLES_DIR = join('node_modules', '.orgbench', 'worker')
/** A bundle no run has used for this long is removed (a checkout's older states). */
const UNUSED_MS = 7 * 24 * 3600_000
/** A half-built bundle left this long (its build was killed) is removed. */
const ABANDONED_MS = 3600_000

/** The marker of bundle files in a stack trace: lib/run/task-errors.ts skips them as it skips lib/run/. */
export const BUNDLE_PATH_MARK = '/node_modules/.orgbench/worker/'

/**
 * The bundle's key: what it is built from, as the file system describes it (path, size and
 * modification time of every file under lib/), plus the root (bundled modules name their source
 * files by absolute URL) and the bundler. An edit anywhere under lib/ makes a new bundle.
 */
export function bundleKey(root: string, bundlerVersion: string): string {
  const hash = createHash('sha256').update(JSON.stringify([FORMAT, bundlerVersion, root]))
  const lib = join(root, 'lib')
  for (const file of readdirSync(lib, { recursive: true, encoding: 'utf8' }).sort()) {
    const s = statSync(join(lib, file))
    if (s.isFile()) hash.update(`\n${file}\t${s.size}\t${s.mtimeMs}`)
  }
  return hash.digest('hex').slice(0, 20)
}

/**
 * The file URL of the bundle for `root`'s lib/ as it is now, built if no run built it yet; null
 * when it cannot be had (no node_modules, or the bundler failed, e.g. on a syntax error that the
 * module runner then reports as it always does). A bundle is built in a folder of its own and
 * renamed into place whole, so concurrent runs never see half of one.
 */
export async function workerBundle(root: string): Promise<string | null> {
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
      const now = new Date()
      utimesSync(final, now, now)
    }
    return pathToFileURL(join(final, ENTRY)).href
  } catch {
    return null
  }
}

type Rolldown = (typeof import('rolldown'))['rolldown']

async function build(rolldown: Rolldown, root: string, outDir: string): Promise<void> {
  const bundle = await rolldown({
    input: { 'bench-task': join(root, 'lib', 'run', 'bench-task.ts') },
    platform: 'node',
    // Packages and Node's modules are imported at run time, as the unbundled modules import them.
    external: (id) => !id.startsWith('.') && !id.startsWith('/') && !id.startsWith('\0'),
    logLevel: 'silent',
    plugins: [
      {
        name: 'orgbench-own-import-meta',
        transform: {
          filter: { id: /\.ts$/ },
          handler(code, id) {
            if (!code.includes('import.meta')) return null
            const url = pathToFileURL(id).href
            return code
              .replaceAll('import.meta.url', JSON.stringify(url))
              .replaceAll('import.meta.dirname', JSON.stringify(join(id, '..')))
              .replaceAll('import.meta.filename', JSON.stringify(id))
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
}

/**
 * Removes bundles unused for a week or built for a root that no longer exists (node_modules may be
 * a link shared by copies of the project), and builds abandoned for an hour; keeps `current`.
 */
function removeStale(dir: string, current: string): void {
  const now = Date.now()
  for (const name of readdirSync(dir)) {
    if (name === current) continue
    const path = join(dir, name)
    try {
      const age = now - statSync(path).mtimeMs
      const building = name.endsWith('.tmp')
      if (age > (building ? ABANDONED_MS : UNUSED_MS) || (!building && !existsSync(readFileSync(join(path, ROOT_FILE), 'utf8')))) rmSync(path, { recursive: true, force: true })
    } catch {
      // Removed by another run meanwhile, or not a bundle of this code's making.
    }
  }
}
