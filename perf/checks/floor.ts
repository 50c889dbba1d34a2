import { withLedger, Ledger } from '../../lib/llm/ledger.js'
import { LlmClient } from '../../lib/llm/client.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import { Secret } from '../../lib/secret.js'
import { loadTask, isBroken } from '../../lib/tasks/registry.js'
import { type PerfCheck, startSimProcess } from '../support.js'

const CALLS = 2_000
const WARMUP = 200
const IN_FLIGHT = 8
const TASK = 'code_review_execution'

/**
 * The floor under the harness overhead: what one call costs through orgbench's client alone (the
 * openai SDK, the transport, the permits, the ledger), in this process, without Vitest, judging,
 * scoring or recording, against the simulator in its own process at 0 ms latency. The prompt is
 * the task's brief and inputs, as an agent reads them. For information: no target.
 */
export const floor: PerfCheck = {
  id: 'floor',
  async run(ctx) {
    const task = await loadTask(TASK)
    if (isBroken(task)) throw new Error(`${TASK} cannot run: ${task.problems.join('; ')}`)
    const prompt = [task.brief, ...task.resolvedInputs.map((i) => `## ${i.label}\n\n${i.rendered}`)].join('\n\n')
    const sim = await startSimProcess(0)
    try {
      const client = new LlmClient({ baseURL: sim.url, apiKey: new Secret('sk-perf-floor-000000'), timeoutMs: 60_000, retries: 0, prices: loadPrices(null), maxConcurrency: IN_FLIGHT })
      const call = (i: number) =>
        withLedger(new Ledger(), () => client.chat({ role: 'single', phase: 'deliver', model: 'sim-strong', messages: [{ role: 'system', content: 'You are a careful reviewer.' }, { role: 'user', content: `${prompt}\n\n(${i})` }], maxTokens: 2_000, seed: i }))
      ctx.log(`${WARMUP} calls to warm up, then ${CALLS} measured…`)
      for (let i = 0; i < WARMUP; i++) await call(i)
      const cpu = process.cpuUsage()
      const started = performance.now()
      let next = 0
      await Promise.all(Array.from({ length: IN_FLIGHT }, async () => {
        while (next < CALLS) await call(WARMUP + next++)
      }))
      const wallMs = (performance.now() - started) / CALLS
      const used = process.cpuUsage(cpu)
      const cpuMs = (used.user + used.system) / 1000 / CALLS
      return [
        {
          figure: 'client call alone, per call',
          measured: `${cpuMs.toFixed(2)} ms CPU (${wallMs.toFixed(2)} ms wall)`,
          target: '–',
          met: null,
          how: `${CALLS} LlmClient.chat calls, ${IN_FLIGHT} in flight, each with ${TASK}'s brief and inputs (${(prompt.length / 1000).toFixed(0)} K characters), in this process without Vitest, judging or recording; the floor under the harness overhead`,
        },
      ]
    } finally {
      await sim.stop()
    }
  },
}
