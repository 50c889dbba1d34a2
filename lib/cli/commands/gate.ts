import { GATE_EXIT_CODES, GATE_FLAGS, gateCommand } from '../../results/gate-command.js'
import type { CommandModule } from '../program.js'

const camel = (flag: string) => flag.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase())

/** `orgbench gate`: the regression gate, current run against a baseline. */
export const gateCommandModule: CommandModule = (parent, ctx) => {
  const cmd = parent
    .command('gate')
    .description('compare a run with a baseline: statistical rows per metric, then hard floors')
    .addHelpText('after', `\n${GATE_EXIT_CODES}`)
  for (const f of GATE_FLAGS) cmd.option(f.value ? `--${f.name} ${f.value}` : `--${f.name}`, f.help)
  cmd.action(async (opts: Record<string, string | boolean | undefined>) => {
    const values = Object.fromEntries(GATE_FLAGS.map((f) => [f.name, opts[camel(f.name)]]))
    ctx.exitCode = await gateCommand(values, { log: (t) => ctx.io.out(t), error: (t) => ctx.io.err(t) })
  })
}
