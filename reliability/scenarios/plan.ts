import { join } from 'node:path'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { runBench, runChild, type Scenario, simulator } from '../support.js'

/** The plan's estimate against the spend of the run that follows it. */
export const plan: Scenario = {
  id: 'plan',
  name: 'npm run plan against the simulator',
  expected: 'estimated dollars within ±25 % of the spend of the run that follows; no request reaches the endpoint while planning',
  async run({ dir, log }) {
    const sim = await simulator()
    try {
      log('orgbench plan for the enterprise suite…')
      const env = { ORGBENCH_BASE_URL: sim.url, ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge', ORGBENCH_RESULTS_DIR: join(dir, 'results'), ORGBENCH_TASKS: ENTERPRISE_TASKS }
      const planned = await runChild([join(PROJECT_ROOT, 'bin', 'orgbench.js'), 'plan'], env)
      const requestsWhilePlanning = sim.stats.requests
      const m = /estimated dollars: \$([\d.]+)–\$([\d.]+) \(about \$([\d.]+)\)/.exec(planned.output)
      if (!m) return { observed: `no estimate in the plan (exit ${planned.code}): ${planned.output.slice(0, 200)}`, pass: false }
      const [low, high, mid] = [Number(m[1]), Number(m[2]), Number(m[3])]
      log('the run that follows…')
      const r = await runBench(dir, sim, {})
      const spent = r.run?.totals.spend.usd ?? null
      if (spent === null) return { observed: `no known spend (exit ${r.code})`, pass: false }
      const off = (mid - spent) / spent
      return {
        observed: `estimated $${mid.toFixed(2)} ($${low.toFixed(2)}–$${high.toFixed(2)}), spent $${spent.toFixed(2)} (${off >= 0 ? '+' : ''}${(off * 100).toFixed(1)} %); ${requestsWhilePlanning} requests while planning`,
        pass: Math.abs(off) <= 0.25 && requestsWhilePlanning === 0 && planned.code === 0,
      }
    } finally {
      await sim.close()
    }
  },
}

const ENTERPRISE_TASKS = [
  'code_review_execution',
  'contract_review_execution',
  'support_triage_execution',
  'incident_response_execution',
  'code_review_protocol',
  'ai_incident_response',
  'support_triage_system',
  'contract_review',
].join(',')
