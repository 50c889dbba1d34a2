import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../tasks/registry.js'
import type { CommandModule } from '../program.js'
import { projectArgs, TRACKS } from '../../ci/plan.js'

/** `orgbench run [filters...]`: the benchmark itself, i.e. `vitest run` with the given filters and flags. */
export const runCommand: CommandModule = (parent, ctx) => {
  parent
    .command('run')
    .description('run the benchmark: the same as "npx vitest run <filters>" (default: every benchmark project; the learning loop runs apart, with --project learning); settings come from ORGBENCH_* variables')
    .argument('[args...]', 'Vitest filters and flags, e.g. benchmarks/enterprise or --project finance')
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(async (args: string[]) => {
      // Not "benchmarks/": that would take benchmarks/learning in too, mixing learning records into the benchmark's.
      const benchmarks = args.length > 0 ? args : projectArgs(TRACKS.join(','))
      const vitest = join(PROJECT_ROOT, 'node_modules', 'vitest', 'vitest.mjs')
      ctx.exitCode = await new Promise<number>((resolve) => {
        const child = spawn(process.execPath, [vitest, 'run', ...benchmarks], { stdio: 'inherit', cwd: process.cwd() })
        child.on('exit', (code, signal) => resolve(code ?? (signal ? 130 : 1)))
      })
    })
}
