import { UserError } from '../../errors.js'
import { shardsCheck } from '../../run/shards-check.js'
import type { CommandModule } from '../program.js'

/** `orgbench shards check`: sharded runs merge into the same records as one run. */
export const shardsCommand: CommandModule = (parent, ctx) => {
  const shards = parent.command('shards').description('sharded runs (vitest --shard + --merge-reports with the results reporter)')
  shards
    .command('check')
    .description('run a suite (default: the simulated enterprise suite) once and as N blob shards merged by the results reporter, and check that both give the same records (several minutes)')
    .option('--filter <path>', 'Vitest file filter', 'benchmarks/enterprise/')
    .option('--shards <n>', 'number of shards', '3')
    .option('--trials <n>', 'ORGBENCH_TRIALS for the runs', '3')
    .action(async (values: { filter: string; shards: string; trials: string }) => {
      const n = Number(values.shards)
      if (!Number.isInteger(n) || n < 2 || n > 16) throw new UserError(`--shards: expected an integer from 2 to 16, got ${JSON.stringify(values.shards)}`)
      if (!/^\d+$/.test(values.trials)) throw new UserError(`--trials: expected an integer, got ${JSON.stringify(values.trials)}`)
      const ok = await shardsCheck({ filter: values.filter, shards: n, env: { ORGBENCH_TRIALS: values.trials }, log: (l) => ctx.io.out(l) })
      ctx.io.out(ok ? 'shards check: the merged run has the same records as the one run' : 'shards check: FAILED, the merged run differs from the one run')
      ctx.exitCode = ok ? 0 : 1
    })
}
