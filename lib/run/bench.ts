import { inject } from 'vitest'
import type * as BenchTask from './bench-task.js'

/*
 * What benchmark files import. In a `vitest run`, the global setup bundles lib/run/bench-task.ts
 * and everything it imports into one file (lib/run/worker-bundle.ts), which the worker imports
 * natively: Vitest's module runner would load some 140 modules one by one. Otherwise (a watch
 * session, Vitest UI, unit tests, or a bundle that could not be built) the modules are loaded
 * through the runner, which keeps Vitest's re-runs on file changes and vi.mock working.
 */
const bundle = inject('orgbenchWorkerBundle') ?? null

const loaded: typeof BenchTask = bundle === null ? await fromModules() : await import(/* @vite-ignore */ bundle)

async function fromModules(): Promise<typeof BenchTask> {
  await import('./preload-worker.js')
  return import('./bench-task.js')
}

// Task definitions are TypeScript: the bundle imports them through Vitest's runner (this module's import).
loaded.useDefinitionImport((url) => import(/* @vite-ignore */ url))

export const { benchTask, NO_RETRY } = loaded
export type { BenchOptions } from './bench-task.js'
