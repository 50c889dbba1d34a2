// orgbench perf (npm run perf) — speed and memory targets, each measured as a ratio of two quantities taken in the
// same run on the same machine, so the verdicts do not depend on how fast this machine is.
// Exit status 1 when a target is missed. Tests never assert wall-clock times; this script does,
// as ratios only.
import { loadConfig } from '../lib/config.js'
import { median } from '../lib/eval/stats.js'
import { Ledger } from '../lib/llm/ledger.js'
import type { TestRecord } from '../lib/results/record.js'
import { runCase } from '../lib/run/runner.js'
import { startSimulator } from '../lib/sim/server.js'
import { loadRegistry } from '../lib/tasks/registry.js'
import { memoryChecks } from './memory.js'

interface Check {
  name: string
  ratio: number
  target: string
  ok: boolean
  detail: string
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const t0 = performance.now()
  const value = await fn()
  return [value, performance.now() - t0]
}

function registryDir(): string {
  // A distinct options key forces a fresh, fully validated load of the same definitions.
  return new URL('../lib/tasks/definitions', import.meta.url).pathname
}

/** Measures every target and prints one line each; returns the exit status (1 when a target is missed). */
export async function main(log: (text: string) => void = console.log): Promise<number> {
  const checks: Check[] = []
  const registry = await loadRegistry()
  const task = registry.get('code_review_execution')
  const LATENCY_MS = 100
  const sim = await startSimulator({ latency: { fixedMs: LATENCY_MS, jitterMs: 0 } })

  try {
    // 1. The org's specialists really run in parallel: wall time against the critical-path bound.
    const parallel = loadConfig({ env: { ORGBENCH_MAX_CONCURRENCY: '8', ORGBENCH_JUDGE: 'off' } })
    const runs: TestRecord[] = []
    for (let trial = 1; trial <= 3; trial++) runs.push(await runCase({ config: parallel, task, topology: 'star', trial, baseURL: sim.url }, new Ledger()))
    const wallOverBound = median(runs.map((r) => r.timing.wallMs / r.timing.criticalPathMs))!
    checks.push({
      name: 'star wall time / critical path (parallel specialists)',
      ratio: wallOverBound,
      target: '<= 1.5',
      ok: wallOverBound <= 1.5,
      detail: `median of 3 trials at ${LATENCY_MS} ms simulated latency per call`,
    })

    // 2. The concurrency limit is what bounds throughput: 1 slot against 8 slots.
    const serial = loadConfig({ env: { ORGBENCH_MAX_CONCURRENCY: '1', ORGBENCH_JUDGE: 'off', ORGBENCH_TIMEOUT_MS: '60000' } })
    const [, serialMs] = await timed(() => runCase({ config: serial, task, topology: 'star', trial: 1, baseURL: sim.url }, new Ledger()))
    const [, parallelMs] = await timed(() => runCase({ config: parallel, task, topology: 'star', trial: 1, baseURL: sim.url }, new Ledger()))
    const speedup = serialMs / parallelMs
    // Six calls of which five can overlap: the ideal speed-up is 3.
    checks.push({ name: 'star speed-up, concurrency 8 over 1', ratio: speedup, target: '>= 2.4 (ideal 3)', ok: speedup >= 2.4, detail: `${serialMs.toFixed(0)} ms vs ${parallelMs.toFixed(0)} ms` })

    // 4. The registry is validated once per process, then served from memory.
    const [, cached] = await timed(() => loadRegistry())
    const [, fresh] = await timed(() => loadRegistry({ root: undefined, definitionsDir: registryDir() }))
    const cacheRatio = cached / fresh
    checks.push({ name: 'cached registry load / fresh load', ratio: cacheRatio, target: '<= 0.05', ok: cacheRatio <= 0.05, detail: `${cached.toFixed(2)} ms vs ${fresh.toFixed(1)} ms` })
  } finally {
    await sim.close()
  }

  // 3. Memory and scale: the real path (journal, reporter, writer) at 1,000 and 10,000 cases.
  checks.push(...(await memoryChecks(log)))

  log('orgbench perf (ratios measured within this run)\n')
  for (const c of checks) log(`${c.ok ? 'ok  ' : 'MISS'} ${c.name}: ${c.ratio.toFixed(3)} (target ${c.target}) — ${c.detail}`)
  const missed = checks.filter((c) => !c.ok).length
  log(`\n${checks.length - missed} met, ${missed} missed`)
  return missed === 0 ? 0 : 1
}
