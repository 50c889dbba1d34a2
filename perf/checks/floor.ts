import { join } from 'node:path'
import { ResponseCache } from '../../lib/llm/cache.js'
import { withLedger, Ledger } from '../../lib/llm/ledger.js'
import { LlmClient } from '../../lib/llm/client.js'
import { partsMessage } from '../../lib/llm/parts-message.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import { Secret } from '../../lib/secret.js'
import { loadTask, isBroken } from '../../lib/tasks/registry.js'
import { taskBlock } from '../../lib/topologies/prompts.js'
import { firstTouchMicros, type PerfCheck, type PerfRow, startSimProcess } from '../support.js'

const CALLS = 2_000
const WARMUP = 200
const IN_FLIGHT = 8
const TASK = 'code_review_execution'
/** In the recording variant, the calls of one test: three roles, each asking twice with the same opening, as a suite's tests do (about two calls per role and test). */
const CALLS_PER_TEST = 6
const SYSTEM = ['You are a careful reviewer.', 'You are the security reviewer.', 'You are the synthesizer.']

/**
 * The floor under the harness overhead: what one call costs through orgbench's client alone (the
 * openai SDK, the transport, the permits, the ledger), in this process, without Vitest, judging or
 * scoring, against the simulator in its own process at 0 ms latency. Two rows: the task's brief
 * and inputs as a plain prompt with no cache; and the calls as a suite makes them, the task block
 * shared for encoding and every reply recorded in the response cache for resume. For information:
 * no target.
 */
export const floor: PerfCheck = {
  id: 'floor',
  async run(ctx) {
    const task = await loadTask(TASK)
    if (isBroken(task)) throw new Error(`${TASK} cannot run: ${task.problems.join('; ')}`)
    const prompt = [task.brief, ...task.resolvedInputs.map((i) => `## ${i.label}\n\n${i.rendered}`)].join('\n\n')
    const sim = await startSimProcess(0)
    try {
      const plain = new LlmClient({ baseURL: sim.url, apiKey: new Secret('sk-perf-floor-000000'), timeoutMs: 60_000, retries: 0, prices: loadPrices(null), maxConcurrency: IN_FLIGHT })
      const alone = (i: number) =>
        withLedger(new Ledger(), () => plain.chat({ role: 'single', phase: 'deliver', model: 'sim-strong', messages: [{ role: 'system', content: SYSTEM[0]! }, { role: 'user', content: `${prompt}\n\n(${i})` }], maxTokens: 2_000, seed: i }))
      const block = taskBlock(task)
      const cache = new ResponseCache(join(ctx.dir, 'floor-cache'), 'off', 'perf-floor', true)
      const recording = new LlmClient({ baseURL: sim.url, apiKey: new Secret('sk-perf-floor-000000'), timeoutMs: 60_000, retries: 0, prices: loadPrices(null), maxConcurrency: IN_FLIGHT, cache, endpoint: 'perf-floor-simulator' })
      const suiteLike = (i: number) => {
        const ledger = new Ledger()
        ledger.scope = `${TASK}/floor/${Math.floor(i / CALLS_PER_TEST)}`
        const system = SYSTEM[i % SYSTEM.length]!
        return withLedger(ledger, () => recording.chat({ role: 'single', phase: 'deliver', model: 'sim-strong', messages: [{ role: 'system', content: system }, partsMessage('user', block, `\n\n## Your assignment\nCall ${i}.`)], maxTokens: 2_000, seed: i }))
      }
      try {
        // Both warm up before either is measured, so that neither pays for compiling the shared path.
        ctx.log(`${WARMUP} calls of each kind to warm up, then ${CALLS} of each measured…`)
        for (let i = 0; i < WARMUP; i++) await alone(i)
        for (let i = 0; i < WARMUP; i++) await suiteLike(i)
        const aloneMeasured = await measure(alone)
        const recordingMeasured = await measure(suiteLike)
        return [
          row('client call alone, per call', aloneMeasured, `${CALLS} LlmClient.chat calls, ${IN_FLIGHT} in flight, each with ${TASK}'s brief and inputs (${(prompt.length / 1000).toFixed(0)} K characters), in this process without Vitest, judging or recording; the floor under the harness overhead`),
          row('client call recording replies, per call', recordingMeasured, `as above, but as a suite makes its calls: ${TASK}'s task block shared for encoding and kept apart from the rest of the prompt, ${CALLS_PER_TEST} calls per test from ${SYSTEM.length} roles, every reply recorded in a response cache (ORGBENCH_CACHE=off records for resume)`),
          row('first touch of fresh memory, per 4 KiB page', `${firstTouchMicros().toFixed(1)} µs`, 'a new 64 MiB buffer filled once, less the time to fill it again: what each page fault of a run costs on this machine (the overhead check counts them)'),
        ]
      } finally {
        cache.close()
      }
    } finally {
      await sim.stop()
    }
  },
}

const row = (figure: string, measured: string, how: string): PerfRow => ({ figure, measured, target: '–', met: null, how })

/** CPU and wall per call of CALLS calls, IN_FLIGHT at a time (after the warm-up). */
async function measure(call: (i: number) => Promise<unknown>): Promise<string> {
  const cpu = process.cpuUsage()
  const started = performance.now()
  let next = 0
  await Promise.all(
    Array.from({ length: IN_FLIGHT }, async () => {
      while (next < CALLS) await call(WARMUP + next++)
    }),
  )
  const wallMs = (performance.now() - started) / CALLS
  const used = process.cpuUsage(cpu)
  const cpuMs = (used.user + used.system) / 1000 / CALLS
  return `${cpuMs.toFixed(2)} ms CPU (${wallMs.toFixed(2)} ms wall)`
}
