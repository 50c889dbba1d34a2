import type { CommandModule } from '../program.js'
import { runSimCli, simOptions } from '../../sim/cli.js'
import { tuneTiering } from '../../run/v8-tiering.js'

/** `orgbench sim`: the OpenAI-compatible simulator on its own, until Ctrl-C. */
export const simCommand: CommandModule = (parent, ctx) => {
  parent
    .command('sim')
    .description('start the embedded OpenAI-compatible simulator on its own and print its URL (stop with Ctrl-C)')
    .option('--port <n>', 'TCP port to listen on (default: a free port)')
    .option('--host <address>', 'address to bind', '127.0.0.1')
    .option('--latency <fixed[,jitter]>', 'simulated response time in milliseconds, e.g. 200,100', '0,0')
    .action(async (values: { port?: string; host?: string; latency?: string }) => {
      // The simulator's process optimises later, as benchmark workers do (lib/run/v8-tiering.ts):
      // replaying a suite's 2,124 requests three times against a fresh simulator, that saved about
      // 15 % of its CPU on the first pass and cost up to 7 % on the third, about 6 % less over the three.
      tuneTiering()
      const { stopped } = await runSimCli(simOptions(values), { log: (t) => ctx.io.out(t), signals: process })
      ctx.io.out(`simulator stopped (${await stopped})`)
    })
}
