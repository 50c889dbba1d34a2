import { preloadAll, STARTUP_MODULES } from './preload.js'

// Imported first by the reporters and the global setup: what they load arrives at once (lib/run/preload.ts).
await preloadAll(STARTUP_MODULES.main)
