import { UserError } from '../../errors.js'
import { join } from 'node:path'
import { benchFiles, matchesFileFilter } from '../../run/bench-files.js'
import { shardsCheck } from '../../run/shards-check.js'
import { PROJECT_ROOT } from '../../tasks/registry.js'
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
      const trials = Number(values.trials)
      if (!/^\d+$/.test(values.trials) || trials < 1 || trials > 100) throw new UserError(`--trials: expected an integer from 1 to 100, got ${JSON.stringify(values.trials)}`)
      const files = benchFiles(PROJECT_ROOT).filter((f) => matchesFileFilter(join(PROJECT_ROOT, f.file), values.filter, PROJECT_ROOT)).length
      if (files === 0) throw new UserError(`--filter: ${JSON.stringify(values.filter)} matches no benchmark file (benchmarks/<project>/<task>.test.ts)`)
      // Vitest refuses a shard count above the file count, and a blob shard says nothing of why.
      if (files < n) throw new UserError(`--filter: ${JSON.stringify(values.filter)} matches ${files} benchmark file(s), fewer than the ${n} shards (--shards)`)
      const ok = await shardsCheck({ filter: values.filter, shards: n, env: { ORGBENCH_TRIALS: values.trials }, log: (l) => ctx.io.out(l) })
      ctx.io.out(ok ? 'shards check: the merged run has the same records as the one run' : 'shards check: FAILED, the merged run differs from the one run')
      ctx.exitCode = ok ? 0 : 1
    })
}
