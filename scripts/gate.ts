/** npm run gate — the regression gate (see lib/results/gate.ts); `npm run gate -- --help` for the options. */
import { gateCommand } from '../lib/results/gate-command.js'

process.exitCode = gateCommand(process.argv.slice(2), { log: (t) => console.log(t), error: (t) => console.error(t) })
