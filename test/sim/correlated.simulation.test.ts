import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { estimateMean } from '../../lib/eval/stats.js'
import type { TestRecord } from '../../lib/results/record.js'
import type { PeerResults } from '../../lib/run/peers.js'
import { runCase } from '../../lib/run/runner.js'
import { startSimulator, type Simulator } from '../../lib/sim/server.js'
import { loadRegistry } from '../../lib/tasks/registry.js'

/*
 * sim-correlated is the simulator's null model: one shared view per item and trial, per-call noise,
 * and a call accepts from earlier work only what it can see itself. Under it an organisation can
 * be neither better nor worse than the single agent's distribution, so star and the budget-matched
 * single agent (self_refine at star's spend) must be equal in expectation. This runs every task
 * through the real pipeline (runner → simulator → scorers → judge) for many seeds and checks that
 * the paired difference is centred on zero: the machinery adds no advantage of its own.
 */

const SEEDS = 6
const TOPOLOGIES = ['star', 'self_refine']
let simulator: Simulator
let tasks = 0
const records: TestRecord[] = []

beforeAll(async () => {
  simulator = await startSimulator()
  const registry = await loadRegistry()
  tasks = registry.tasks.length
  for (let s = 0; s < SEEDS; s++) {
    const config = loadConfig({ env: { ORGBENCH_MODEL: 'sim-correlated', ORGBENCH_SEED: String(300 + s) }, cwd: '/nonexistent-orgbench-dir' })
    for (const task of registry.tasks) {
      const done = new Map<string, TestRecord>()
      const peers: PeerResults = { scheduled: (t) => TOPOLOGIES.includes(t), record: async (t) => done.get(t) ?? null }
      for (const topology of TOPOLOGIES) {
        const record = await runCase({ config, task, topology, trial: 1, baseURL: simulator.url, peers })
        done.set(topology, record)
        records.push(record)
      }
    }
  }
}, 300_000)

afterAll(async () => {
  await simulator?.close()
})

/** Headline differences a − b, paired by task and seed. */
function paired(a: string, b: string): number[] {
  const of = (t: string) => new Map(records.filter((r) => r.topology === t && r.scores.headline !== null).map((r) => [`${r.task}|${r.seed}`, r.scores.headline!]))
  const x = of(a)
  const y = of(b)
  return [...x].filter(([k]) => y.has(k)).map(([k, v]) => v - y.get(k)!)
}

describe(`sim-correlated, ${SEEDS} seeds × every task`, () => {
  test('runs without errors, and self_refine spends what star spends', () => {
    expect(records.filter((r) => r.status === 'error')).toEqual([])
    const spend = (t: string) => records.filter((r) => r.topology === t).reduce((s, r) => s + r.cost.org.tokens.prompt + r.cost.org.tokens.completion, 0)
    expect(spend('self_refine') / spend('star')).toBeGreaterThan(0.8)
    expect(spend('self_refine') / spend('star')).toBeLessThan(1.25)
  })

  test('star equals the budget-matched single agent in expectation: the paired difference is centred on zero', () => {
    const d = estimateMean(paired('star', 'self_refine'))
    console.log(`sim-correlated: star − self_refine ${d.mean!.toFixed(2)} [${d.ci!.lo.toFixed(2)}, ${d.ci!.hi.toFixed(2)}] points over ${d.n} pairs (SD ${d.sd!.toFixed(2)})`)
    // Every task of both tiers: the hard tier's shapes (several incidents, documents, merges, reconciliation) included.
    expect(tasks).toBeGreaterThanOrEqual(16)
    expect(d.n).toBe(SEEDS * tasks)
    // Not identical deliverables: per-call noise makes the pairs differ...
    expect(d.sd!).toBeGreaterThan(1)
    // ...but not on average.
    expect(d.ci!.lo).toBeLessThan(0)
    expect(d.ci!.hi).toBeGreaterThan(0)
    expect(Math.abs(d.mean!)).toBeLessThan(1.5)
  })
})
