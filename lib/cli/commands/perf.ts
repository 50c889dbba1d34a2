import { UserError } from '../../errors.js'
import type { CommandModule } from '../program.js'

/** `orgbench perf`: the speed and memory targets, measured end to end in this run and printed against their targets. */
export const perfCommand: CommandModule = (parent, ctx) => {
  parent
    .command('perf')
    .description('measure harness overhead per call, startup, throughput and memory at 1,000 and 10,000 cases against their targets (several minutes; exit 1 when a target is missed)')
    .option('--only <ids>', 'comma-separated checks: startup, overhead, floor, throughput, memory (overhead runs startup too: it subtracts the startup it measures)')
    .action(async (values: { only?: string }) => {
      const { main } = (await import('../../../perf/run.js')) as typeof import('../../../perf/run.js')
      const { CHECKS } = (await import('../../../perf/checks/index.js')) as typeof import('../../../perf/checks/index.js')
      const only = (values.only ?? '').split(',').map((s) => s.trim()).filter(Boolean)
      const unknown = only.filter((o) => !CHECKS.some((c) => c.id === o))
      if (unknown.length > 0) throw new UserError(`--only: unknown check ${unknown.map((u) => `"${u}"`).join(', ')}; expected some of ${CHECKS.map((c) => c.id).join(', ')}`)
      ctx.exitCode = await main((t) => ctx.io.out(t), only)
    })
}
