import { afterAll, beforeAll, expect, test } from 'vitest'
import { ONE_CASE } from '../../perf/checks/startup.js'
import { timedBench } from '../../perf/support.js'
import { type Simulator, startSimulator } from '../../lib/sim/server.js'

let sim: Simulator
beforeAll(async () => {
  sim = await startSimulator({ port: 0 })
})
afterAll(() => sim.close())

// A run with an earlier run's seed would get every reply from the simulator's memory: the perf
// checks would time a simulator that hardly works.
test('every benchmark run of the perf checks is answered anew by a simulator that answered the one before', async () => {
  const first = await timedBench(sim.url, ONE_CASE)
  expect(first.code).toBe(0)
  const remembered = sim.stats.remembered
  const second = await timedBench(sim.url, ONE_CASE)
  expect(second.code).toBe(0)
  expect(second.run!.totals.calls).toBeGreaterThan(0)
  expect(sim.stats.remembered).toBe(remembered)
  expect(second.run!.config.seed).not.toBe(first.run!.config.seed)
  // The first run's seed again is answered from memory, every call: what the runs above rule out.
  const again = await timedBench(sim.url, { ...ONE_CASE, ORGBENCH_SEED: String(first.run!.config.seed) })
  expect(sim.stats.remembered - remembered).toBe(again.run!.totals.calls)
}, 60_000)
