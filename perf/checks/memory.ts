import { memoryChecks } from '../memory.js'
import type { PerfCheck } from '../support.js'

/** Memory and scale: the synthetic suite at 1,000 and 10,000 cases through the real path (perf/memory.ts). */
export const memory: PerfCheck = {
  id: 'memory',
  async run(ctx) {
    const checks = await memoryChecks((t) => ctx.log(t))
    return checks.map((c) => ({ figure: c.name, measured: c.ratio.toFixed(3), target: c.target, met: c.ok, how: c.detail }))
  },
}
