import { loadConfig } from '../../lib/config.js'
import { workloadOf } from '../../lib/run/run-shape.js'
import { throughputBound } from '../../lib/run/throughput.js'
import { type PerfCheck, type PerfRow, startSimProcess, timedBench } from '../support.js'

interface Setting {
  latencyMs: number
  target: number
  env: Record<string, string>
  files: string[]
  suite: string
}

const SETTINGS: Setting[] = [
  { latencyMs: 200, target: 1.1, env: {}, files: ['benchmarks/enterprise/'], suite: 'enterprise suite' },
  // At 2 s a full suite would take about 9 minutes; one task with every topology and trial keeps it near a minute.
  { latencyMs: 2000, target: 1.05, env: { ORGBENCH_TASKS: 'code_review_execution' }, files: ['benchmarks/enterprise/'], suite: 'code_review_execution, every topology × 3 trials' },
]

/**
 * The suite's wall time over its throughput bound at a fixed simulated latency. The bound comes
 * from the configured concurrency model (ORGBENCH_MAX_CONCURRENCY run-wide, RPM/TPM) and the
 * run's counts of calls and dependency chains, never from recorded latencies.
 */
export const throughput: PerfCheck = {
  id: 'throughput',
  async run(ctx) {
    const rows: PerfRow[] = []
    for (const s of SETTINGS) {
      const sim = await startSimProcess(s.latencyMs)
      try {
        ctx.log(`${s.suite} at ${s.latencyMs} ms latency…`)
        const r = await timedBench(sim.url, s.env, s.files)
        if (!r.run || r.code !== 0) throw new Error(`the suite failed (exit ${r.code}): ${r.output.slice(-500)}`)
        const config = loadConfig({ env: {} })
        const work = workloadOf(r.records)
        const bound = throughputBound(work, { concurrency: config.maxConcurrency, rpm: config.rpm, tpm: config.tpm }, s.latencyMs)
        const ratio = r.wallMs / bound.ms
        rows.push({
          figure: `suite wall / throughput bound, ${s.latencyMs} ms latency`,
          measured: `${ratio.toFixed(3)}×`,
          target: `≤ ${s.target.toFixed(2)}×`,
          met: ratio <= s.target,
          how: `${s.suite}: ${work.calls} calls, ${config.maxConcurrency} in flight (run-wide), longest chain ${work.chain} calls; wall ${(r.wallMs / 1000).toFixed(1)} s, bound ${(bound.ms / 1000).toFixed(1)} s (set by ${bound.limitedBy})`,
        })
      } finally {
        await sim.stop()
      }
    }
    return rows
  },
}
