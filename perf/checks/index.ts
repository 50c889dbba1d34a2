import type { PerfCheck } from '../support.js'
import { floor } from './floor.js'
import { memory } from './memory.js'
import { overhead } from './overhead.js'
import { startup } from './startup.js'
import { throughput } from './throughput.js'

/**
 * The checks of `npm run perf`, in order (overhead uses the startup check's figures). A new check
 * is one module in this folder exporting a PerfCheck, added here.
 */
export const CHECKS: readonly PerfCheck[] = [startup, overhead, floor, throughput, memory]

/** The checks `--only` asks for, with the checks they need, in CHECKS order (all when none is asked for). */
export function checksToRun(only: readonly string[], checks: readonly PerfCheck[] = CHECKS): PerfCheck[] {
  if (only.length === 0) return [...checks]
  const wanted = new Set(only)
  for (const c of checks) if (wanted.has(c.id)) for (const n of c.needs ?? []) wanted.add(n)
  return checks.filter((c) => wanted.has(c.id))
}
