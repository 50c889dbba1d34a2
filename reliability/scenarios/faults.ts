import type { FaultKind } from '../../lib/sim/server.js'
import { errorCountedAsScore, runBench, type Scenario, simulator } from '../support.js'

const RATE = 0.2
const KINDS: FaultKind[] = ['rate_limit', 'server_error', 'empty', 'malformed_json', 'malformed_body', 'body_cut', 'truncate']

/** A fifth of all requests faulted in mixed ways: retries keep nearly every case, and no error becomes a score. */
export const faults: Scenario = {
  id: 'faults',
  name: `${RATE * 100} % mixed faults`,
  expected: `≥ 95 % of cases scored; 0 errors counted as scores (faults: ${KINDS.join(', ')})`,
  async run({ dir, log }) {
    const sim = await simulator({ faults: [{ kind: KINDS, rate: RATE, retryAfterMs: 200, retryAfterSeconds: 1 }] })
    try {
      log(`enterprise suite with ${RATE * 100} % of requests faulted…`)
      const r = await runBench(dir, sim, {})
      if (!r.run) return { observed: `no results file (exit ${r.code})`, pass: false }
      const records = r.records
      const scored = records.filter((x) => x.status === 'ok' && x.scores.headline !== null).length
      const wrong = records.filter(errorCountedAsScore).length
      const retried = records.flatMap((x) => x.calls).reduce((n, c) => n + c.faults.length, 0)
      const share = scored / records.length
      return {
        observed: `${scored}/${records.length} scored (${(share * 100).toFixed(1)} %); ${wrong} errors counted as scores; ${sim.stats.faults} of ${sim.stats.requests} requests faulted, ${retried} retried`,
        pass: share >= 0.95 && wrong === 0 && records.length > 0,
      }
    } finally {
      await sim.close()
    }
  },
}
