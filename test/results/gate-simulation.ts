import { loadConfig } from '../../lib/config.js'
import { type GateOptions, type GateReport, type GateRun, runGate } from '../../lib/results/gate.js'
import type { TestRecord } from '../../lib/results/record.js'
import type { CaseSummary } from '../../lib/results/summary.js'
import type { PeerResults } from '../../lib/run/peers.js'
import { runCase } from '../../lib/run/runner.js'
import type { Registry } from '../../lib/tasks/registry.js'
import { budgetPeerOf } from '../../lib/results/matched-baseline.js'
import { groupBy } from '../../lib/results/values.js'

/**
 * Support for the gate's simulation tests. Running a full benchmark per comparison (200 runs of
 * 22 cells × 3 trials) would take minutes, so each cell is run `seeds` times per model through the
 * real pipeline (runCase → simulator → scorers → judge, the judge comparing with the single agent
 * of the same seed), and each simulated run draws its trials from that pool without replacement.
 * Within one comparison no record is used twice, so its two runs never share a seed.
 */
export type Pool = Map<string, TestRecord[]>

const cellKey = (r: Pick<TestRecord, 'task' | 'topology'>) => `${r.task}\u0000${r.topology}`

export async function collectPool(opts: { registry: Registry; baseURL: string; model: string; topologies: string[]; seeds: number; firstSeed: number }): Promise<Pool> {
  const pool: Pool = new Map()
  for (let s = 0; s < opts.seeds; s++) {
    const config = loadConfig({ env: { ORGBENCH_MODEL: opts.model, ORGBENCH_SEED: String(opts.firstSeed + s) }, cwd: '/nonexistent-orgbench-dir' })
    // The standard tier: what the default weekly gate compares (the hard tier has its own calibration).
    for (const task of opts.registry.tasks.filter((t) => t.tier === 'standard')) {
      const done = new Map<string, TestRecord>()
      const peers: PeerResults = { scheduled: (t) => opts.topologies.includes(t), record: async (t) => done.get(t) ?? null }
      for (const topology of opts.topologies) {
        const record = await runCase({ config, task, topology, trial: 1, baseURL: opts.baseURL, peers })
        done.set(topology, record)
        pool.set(cellKey(record), [...(pool.get(cellKey(record)) ?? []), record])
      }
    }
  }
  return pool
}

/**
 * Mini-runs for the gate's all-topology simulation: for each seed and task, `trials` trials of every
 * topology, run as a benchmark runs them (self_refine, and each matched self_refine@<peer>, spends
 * the median of its peer's trials of the same seed). Blocks[task][seed] holds one mini-run's records.
 */
export type Blocks = Map<string, TestRecord[][]>

export async function collectBlocks(opts: { registry: Registry; baseURL: string; model: string; topologies: string[]; trials: number; seeds: number; firstSeed: number }): Promise<Blocks> {
  const block = async (seed: number, task: Registry['tasks'][number]): Promise<TestRecord[]> => {
    const config = loadConfig({ env: { ORGBENCH_MODEL: opts.model, ORGBENCH_SEED: String(seed), ORGBENCH_TRIALS: String(opts.trials) }, cwd: '/nonexistent-orgbench-dir' })
    const done = new Map<string, TestRecord>()
    const peers: PeerResults = { scheduled: (t) => opts.topologies.includes(t), record: async (t, trial) => done.get(`${t}#${trial}`) ?? null }
    for (const topology of opts.topologies) {
      for (let trial = 1; trial <= opts.trials; trial++) done.set(`${topology}#${trial}`, await runCase({ config, task, topology, trial, baseURL: opts.baseURL, peers }))
    }
    return [...done.values()]
  }
  // The simulator answers after its configured latency: the tasks of a seed run side by side, as in a benchmark.
  const blocks: Blocks = new Map()
  for (let s = 0; s < opts.seeds; s++) {
    const runs = await Promise.all(opts.registry.tasks.map((task) => block(opts.firstSeed + s, task)))
    opts.registry.tasks.forEach((task, i) => blocks.set(task.id, [...(blocks.get(task.id) ?? []), runs[i]!]))
  }
  return blocks
}

/**
 * Two runs of `topologies` for one comparison, from the blocks. A topology whose budget is another's
 * spend in the same run (self_refine and star, self_refine@<peer> and its peer) is drawn with it as
 * one block, from a different seed for each run, since the budget ties its trials to that run; any
 * other topology's trials are independent draws, taken without replacement from every seed's trials
 * of its cell, so that a few seeds still give many different runs.
 */
export function drawBlockRuns(blocks: Blocks, topologies: readonly string[], model: string, i: number, draw: () => number): [GateRun, GateRun] {
  const groupOf = (t: string) => {
    const peer = budgetPeerOf(t)
    return peer !== null && topologies.includes(peer) ? peer : t
  }
  const groups = [...groupBy(topologies, groupOf).values()]
  const base: TestRecord[] = []
  const cur: TestRecord[] = []
  for (const seeds of blocks.values()) {
    for (const group of groups) {
      if (group.length > 1) {
        const b = Math.floor(draw() * seeds.length)
        const c = (b + 1 + Math.floor(draw() * (seeds.length - 1))) % seeds.length
        base.push(...seeds[b]!.filter((r) => group.includes(r.topology)))
        cur.push(...seeds[c]!.filter((r) => group.includes(r.topology)))
        continue
      }
      const free = seeds.flatMap((block) => block.filter((r) => r.topology === group[0]))
      const trials = free.length / seeds.length
      for (const side of [base, cur]) {
        for (let t = 1; t <= trials; t++) side.push({ ...free.splice(Math.floor(draw() * free.length), 1)[0]!, trial: t })
      }
    }
  }
  const run = (runId: string, cases: TestRecord[]): GateRun => ({ runId, simulated: true, config: { model, judgeModel: 'sim-judge' }, cases })
  return [run(`base-${i}`, base), run(`current-${i}`, cur)]
}

/** One run of `trials` trials per cell drawn from the pool, skipping records in `used` (and adding its own); trials are renumbered 1..trials. */
export function drawRun(pool: Pool, runId: string, model: string, trials: number, draw: () => number, used: Set<TestRecord>): GateRun {
  const records: TestRecord[] = []
  for (const cell of pool.values()) {
    const free = cell.filter((r) => !used.has(r))
    for (let t = 1; t <= trials; t++) {
      const [r] = free.splice(Math.floor(draw() * free.length), 1)
      if (!r) throw new Error(`the pool has too few records for ${trials} trials`)
      used.add(r)
      records.push({ ...r, trial: t })
    }
  }
  return { runId, simulated: true, config: { model, judgeModel: 'sim-judge' }, cases: records }
}

/** A change applied to the current run's records before gating (e.g. a uniform drop of the headline). */
export type Shift = (r: CaseSummary) => CaseSummary

/** Every case's headline lowered by `points` (errored trials stay errored). */
export const headlineDrop =
  (points: number): Shift =>
  (r) => ({ ...r, scores: { ...r.scores, headline: r.scores.headline === null ? null : r.scores.headline - points } })

/** Gate reports for `n` comparisons of a baseline drawn from `base` with a current run drawn from `current`. */
export function compareMany(n: number, base: Pool, current: Pool, models: [string, string], trials: number, draw: () => number, options: { gate?: Partial<GateOptions>; shift?: Shift } = {}): GateReport[] {
  return Array.from({ length: n }, (_, i) => {
    const used = new Set<TestRecord>()
    const b = drawRun(base, `base-${i}`, models[0], trials, draw, used)
    const c = drawRun(current, `current-${i}`, models[1], trials, draw, used)
    return runGate(b, options.shift ? { ...c, cases: c.cases.map(options.shift) } : c, options.gate)
  })
}

/** Mean headline of a topology's cells in a pool, averaged over tasks. */
export function poolMean(pool: Pool, topology: string): number {
  const means = [...pool.values()]
    .filter((rs) => rs[0]!.topology === topology)
    .map((rs) => {
      const hs = rs.map((r) => r.scores.headline).filter((h): h is number => h !== null)
      return hs.reduce((a, b) => a + b, 0) / hs.length
    })
  return means.reduce((a, b) => a + b, 0) / means.length
}
