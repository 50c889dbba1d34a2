import { preloadAll, STARTUP_MODULES } from './preload.js'

// Imported by lib/run/bench.ts before lib/run/bench-task.ts when the run has no bundle: what a benchmark worker loads arrives at once (lib/run/preload.ts).
await preloadAll(STARTUP_MODULES.worker)
