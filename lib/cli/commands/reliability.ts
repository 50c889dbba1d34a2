import type { CommandModule } from '../program.js'

/** `orgbench reliability`: the real-run safety scenarios on the simulator, as one table. */
export const reliabilityCommand: CommandModule = (parent, ctx) => {
  parent
    .command('reliability')
    .description('run the reliability scenarios on the simulator (replay, crash: kill -9 and resume, dollar cap, RPM, faults, canary key, plan accuracy) and print one table; takes several minutes; exit 1 when one fails')
    .option('--only <names>', 'comma-separated scenario ids: replay, crash, budget, rpm, faults, canary, plan')
    .option('--keep', 'keep the work folders (results, caches, reports) for inspection')
    .action(async (values: { only?: string; keep?: boolean }) => {
      const { main } = (await import('../../../reliability/run.js')) as typeof import('../../../reliability/run.js')
      const only = (values.only ?? '').split(',').map((s) => s.trim()).filter(Boolean)
      ctx.exitCode = await main({ only, keep: values.keep ?? false }, (t) => ctx.io.out(t))
    })
}
