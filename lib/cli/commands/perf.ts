import type { CommandModule } from '../program.js'

/** `orgbench perf`: the speed and memory targets, measured as ratios within one run. */
export const perfCommand: CommandModule = (parent, ctx) => {
  parent
    .command('perf')
    .description('measure the speed and memory targets (ratios within one run; exit 1 when a target is missed)')
    .action(async () => {
      const { main } = (await import('../../../perf/run.js')) as { main: (log: (t: string) => void) => Promise<number> }
      ctx.exitCode = await main((t) => ctx.io.out(t))
    })
}
