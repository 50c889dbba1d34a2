import { median, type PerfCheck, startSimProcess, timedBench } from '../support.js'

/** Five runs: one-case wall times on a 2-core machine spread by a fifth from run to run, and the median of three moved with them. */
const REPEATS = 5
/** One case: the single agent on one task, one trial, judged (2 calls). */
export const ONE_CASE = { ORGBENCH_TASKS: 'code_review_execution', ORGBENCH_TOPOLOGIES: 'single', ORGBENCH_TRIALS: '1' }

/** Startup: the wall time of a one-case run, from the command to its exit (the median of REPEATS runs). */
export const startup: PerfCheck = {
  id: 'startup',
  async run(ctx) {
    const sim = await startSimProcess(0)
    try {
      const runs = []
      for (let i = 0; i < REPEATS; i++) {
        ctx.log(`one-case run ${i + 1}/${REPEATS}…`)
        runs.push(await timedBench(sim.url, ONE_CASE))
      }
      const wall = median(runs.map((r) => r.wallMs))
      const cpu = runs.every((r) => r.cpuMs !== null) ? median(runs.map((r) => r.cpuMs!)) : null
      const calls = runs[0]!.run?.totals.calls ?? 0
      ctx.measures.set('startup.wallMs', wall)
      if (cpu !== null) ctx.measures.set('startup.cpuMs', cpu)
      ctx.measures.set('startup.calls', calls)
      return [
        {
          figure: 'startup, one-case run',
          measured: `${(wall / 1000).toFixed(2)} s (CPU ${cpu === null ? 'n/a' : `${(cpu / 1000).toFixed(2)} s`})`,
          target: '≤ 1.5 s',
          met: wall <= 1500,
          how: `median of ${REPEATS} runs of ${ONE_CASE.ORGBENCH_TASKS} × ${ONE_CASE.ORGBENCH_TOPOLOGIES} × 1 trial (${calls} calls), simulator in its own process`,
        },
      ]
    } finally {
      await sim.stop()
    }
  },
}
