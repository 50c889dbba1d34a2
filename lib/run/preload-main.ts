import { preloadAll, STARTUP_MODULES } from './preload.js'

// Imported by the reporters and the global setup before their implementations when the run has no bundle: what they load arrives at once (lib/run/preload.ts).
await preloadAll(STARTUP_MODULES.main)
