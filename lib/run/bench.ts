import { inject } from 'vitest'
import type * as BenchTask from './bench-task.js'
import { loadEntry } from './run-entry.js'

/*
 * What benchmark files import. In a `vitest run`, the global setup gives the benchmark projects the
 * run's bundle (lib/run/run-bundle.ts), whose lib/run/bench-task.ts the worker imports natively:
 * Vitest's module runner would load its 140 modules one by one. A watch session, Vitest UI and unit
 * tests load the modules through the runner, which keeps Vitest's re-runs on file changes and
 * vi.mock working; so does a run whose bundle could not be built.
 */
const { benchTask, NO_RETRY } = await loadEntry<typeof BenchTask>(inject('orgbenchRunBundle') ?? null, 'bench-task', async () => {
  await import('./preload-worker.js')
  return import('./bench-task.js')
})

export { benchTask, NO_RETRY }
export type { BenchOptions } from './bench-task.js'
