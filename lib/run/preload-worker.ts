import { preloadAll, STARTUP_MODULES } from './preload.js'

// Imported first by lib/run/bench.ts: what a benchmark worker loads arrives at once (lib/run/preload.ts).
await preloadAll(STARTUP_MODULES.worker)
