import { join } from 'node:path'
import { median, type PerfCheck, startSimProcess, timedBench } from '../support.js'
import { timedFloor, writeFloorProject } from './startup-floor.js'

/** Five runs: one-case wall times on a 2-core machine spread by a fifth from run to run, and the median of three moved with them. */
const REPEATS = 5
/** One case: the single agent on one task, one trial, judged (2 calls). */
export const ONE_CASE = { ORGBENCH_TASKS: 'code_review_execution', ORGBENCH_TOPOLOGIES: 'single', ORGBENCH_TRIALS: '1' }

/**
 * Startup: the wall time of a one-case run, from the command to its exit (the median of REPEATS
 * runs). Each run is paired with a run of a bare Vitest project making one call (startup-floor.ts),
 * one after the other, so that the ratio between them holds when the machine's speed drifts: this
 * machine's speed moves by 10 to 35 % from hour to hour, the absolute figure with it.
 */
export const startup: PerfCheck = {
  id: 'startup',
  async run(ctx) {
    const sim = await startSimProcess(0)
    try {
      const floorDir = writeFloorProject(join(ctx.dir, 'startup-floor'))
      // Once each before measuring: Vitest's module cache is filled by a first run.
      await timedBench(sim.url, ONE_CASE)
      await timedFloor(floorDir, sim.url)
      const runs = []
      const floors: { wallMs: number }[] = []
      for (let i = 0; i < REPEATS; i++) {
        ctx.log(`one-case run and bare Vitest run ${i + 1}/${REPEATS}…`)
        runs.push(await timedBench(sim.url, ONE_CASE))
        floors.push(await timedFloor(floorDir, sim.url))
      }
      const wall = median(runs.map((r) => r.wallMs))
      const cpu = runs.every((r) => r.cpuMs !== null) ? median(runs.map((r) => r.cpuMs!)) : null
      const floorWall = median(floors.map((f) => f.wallMs))
      const ratio = median(runs.map((r, i) => r.wallMs / floors[i]!.wallMs))
      const calls = runs[0]!.run?.totals.calls ?? 0
      ctx.measures.set('startup.wallMs', wall)
      if (cpu !== null) ctx.measures.set('startup.cpuMs', cpu)
      if (runs.every((r) => r.faults !== null)) ctx.measures.set('startup.faults', median(runs.map((r) => r.faults!)))
      ctx.measures.set('startup.calls', calls)
      return [
        {
          figure: 'startup, one-case run',
          measured: `${(wall / 1000).toFixed(2)} s (CPU ${cpu === null ? 'n/a' : `${(cpu / 1000).toFixed(2)} s`})`,
          target: '≤ 1.5 s',
          met: wall <= 1500,
          how: `median of ${REPEATS} runs of ${ONE_CASE.ORGBENCH_TASKS} × ${ONE_CASE.ORGBENCH_TOPOLOGIES} × 1 trial (${calls} calls), simulator in its own process`,
        },
        {
          figure: 'startup over a bare Vitest run making one call',
          measured: `${ratio.toFixed(2)}× (bare run ${(floorWall / 1000).toFixed(2)} s)`,
          target: '–',
          met: null,
          how: `each one-case run paired with a run of a bare Vitest project (one worker thread, modules cached on disk) whose one test imports openai and zod and makes one chat call to the same simulator; the median of the ${REPEATS} pairs' ratios: what the harness adds to what any Vitest suite calling a model pays on this machine at this moment`,
        },
      ]
    } finally {
      await sim.stop()
    }
  },
}
