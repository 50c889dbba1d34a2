/** Standalone simulator: `npm run sim -- [--port <n>] [--latency <fixed>,<jitter>]`. Stops on Ctrl-C or SIGTERM. */
import { runSimCli, SimCliError } from '../lib/sim/cli.js'

try {
  const { stopped } = await runSimCli(process.argv.slice(2), { log: (text) => console.log(text), signals: process })
  const signal = await stopped
  console.log(`simulator stopped (${signal})`)
} catch (e) {
  if (!(e instanceof SimCliError)) throw e
  console.error(e.message)
  process.exitCode = 2
}
