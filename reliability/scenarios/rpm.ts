import { runBench, type Scenario, seconds, simulator } from '../support.js'

const RPM = 120
const WINDOW_MS = 60_000

/** The largest number of requests in any 60-second window of a request log. */
export function busiestWindow(times: readonly number[]): number {
  let best = 0
  let start = 0
  for (let end = 0; end < times.length; end++) {
    while (times[end]! - times[start]! >= WINDOW_MS) start++
    best = Math.max(best, end - start + 1)
  }
  return best
}

/** The run-wide request rate: the simulator's own request log never shows more than the limit in a minute. */
export const rpm: Scenario = {
  id: 'rpm',
  name: `ORGBENCH_RPM=${RPM}`,
  expected: `no 60-second window with more than ${RPM} requests (the simulator's request log), with more than ${RPM} requests in the run`,
  async run({ dir, log }) {
    const sim = await simulator()
    try {
      log(`two enterprise tasks (4 topologies, 3 trials) with ORGBENCH_RPM=${RPM}; this takes a little over a minute…`)
      const r = await runBench(dir, sim, { ORGBENCH_RPM: String(RPM), ORGBENCH_TASKS: 'code_review_execution,support_triage_execution', ORGBENCH_TOPOLOGIES: 'single,self_refine,star,pipeline' })
      const times = [...sim.requestTimes()].sort((a, b) => a - b)
      const busiest = busiestWindow(times)
      const span = times.length > 1 ? times.at(-1)! - times[0]! : 0
      return {
        observed: `at most ${busiest} requests in any 60 s window; ${times.length} requests over ${seconds(span)}; exit ${r.code}`,
        pass: busiest <= RPM && times.length > RPM && r.code === 0,
      }
    } finally {
      await sim.close()
    }
  },
}
