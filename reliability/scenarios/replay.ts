import { caseOf, runBench, type Scenario, seconds, simulator } from '../support.js'

const LATENCY_MS = 200

/** An unchanged suite replayed from the response cache: nothing reaches the endpoint, same scores, a fraction of the time. */
export const replay: Scenario = {
  id: 'replay',
  name: 'replay of an unchanged suite',
  expected: `0 requests reach the simulator; identical scores; wall ≤ 10 % of the live run (${LATENCY_MS} ms latency)`,
  async run({ dir, log }) {
    const sim = await simulator({ latency: { fixedMs: LATENCY_MS, jitterMs: 0 } })
    try {
      log('live run of the enterprise suite…')
      const live = await runBench(dir, sim, {})
      const liveRequests = sim.stats.requests
      log('replay of the same suite…')
      const replayed = await runBench(dir, sim, { ORGBENCH_CACHE: 'replay' })
      const replayRequests = sim.stats.requests - liveRequests
      if (!live.run || !replayed.run) return { observed: `no results file (exit ${live.code}, ${replayed.code})`, pass: false }
      const scores = (rs: typeof live.records) => new Map(rs.map((r) => [caseOf(r), r.scores.headline]))
      const before = scores(live.records)
      const after = scores(replayed.records)
      const same = [...before].filter(([k, v]) => after.has(k) && after.get(k) === v).length
      const ratio = replayed.wallMs / live.wallMs
      const pass = replayRequests === 0 && same === before.size && after.size === before.size && ratio <= 0.1 && replayed.code === 0
      return {
        observed: `${replayRequests} requests; ${same}/${before.size} scores identical; wall ${seconds(replayed.wallMs)} vs ${seconds(live.wallMs)} (${(ratio * 100).toFixed(1)} %)`,
        pass,
      }
    } finally {
      await sim.close()
    }
  },
}
