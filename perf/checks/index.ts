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
