import startupModules from './startup-modules.json' with { type: 'json' }

/**
 * The modules each side of a benchmark run loads before its first test when it has no bundle of
 * them (lib/run/run-bundle.ts): the main process (the reporters and the global setup) and a
 * benchmark worker (lib/run/bench-task.ts), by their static imports, as specifiers from this folder. test/run/preload.test.ts derives them from the sources
 * and keeps this list in step (`npx vitest run test/run/preload.test.ts -u` rewrites it).
 */
export const STARTUP_MODULES: { main: readonly string[]; worker: readonly string[] } = startupModules

/**
 * How many modules load at once: enough to keep Vitest's module server busy. Vitest's summary adds
 * up every module's fetch time, waits included: all 150 at once made it "transform 12s" in a 1 s
 * run, for a run hardly faster (2 %, within the noise of 12 alternating pairs).
 */
const IN_FLIGHT = 32

/**
 * Loads every module of `specifiers`, many at a time, and waits until each has loaded or failed.
 *
 * Vitest loads a test's modules one at a time: a module's imports are fetched in turn as its code
 * reaches them, each fetch a round trip to the main process's module cache (from a worker, one
 * between threads). Loaded like that, a benchmark worker loading its 150 or so modules sat idle
 * for a quarter of that time, and the main process for a fifth of its own. Loaded together, the
 * fetches overlap, and so does Node's own loading of the packages among them.
 *
 * Each module still runs only once its own imports have: only the order of unrelated modules
 * changes, and lib/ has no import cycle that would make that order matter (test/run/preload.test.ts).
 * A module that fails is left for the import that needs it, which fails with the same error: its
 * message and code frame as before, its stack that of the first attempt (from this preload, not
 * from the module that imports the failing one).
 * Specifiers spell files as Vitest's rewritten imports do ('../config.ts', not '.js'): a module
 * fetched under two spellings is fetched twice, and Vitest's module cache keeps the first one.
 */
export async function preloadAll(specifiers: readonly string[], load: (specifier: string) => Promise<unknown> = (s) => import(/* @vite-ignore */ s), inFlight = IN_FLIGHT): Promise<void> {
  let next = 0
  const loadInTurn = async () => {
    while (next < specifiers.length) await load(specifiers[next++]!).catch(() => {})
  }
  await Promise.all(Array.from({ length: Math.min(inFlight, specifiers.length) }, loadInTurn))
}
