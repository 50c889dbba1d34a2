import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { seededUniform } from '../../lib/eval/seeded-uniform.js'
import { ALPHA_SHARE, GATE_LEVELS, type GateReport, runGate } from '../../lib/results/gate.js'
import { matchedPeerOf } from '../../lib/results/matched-baseline.js'
import { withMatched } from '../../lib/run/topology-options.js'
import { startSimulator, type Simulator } from '../../lib/sim/server.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { TOPOLOGIES } from '../../lib/topologies/index.js'
import { type Blocks, collectBlocks, drawBlockRuns } from './gate-simulation.js'

/*
 * The gate's false-FAIL rate on every topology, measured on the simulator: sim-strong against
 * itself, other seeds, nothing changed. Each seed is a mini-run of every standard-tier task × every
 * topology and compute-matched arm (ORGBENCH_COMPUTE_MATCHED=on) at the default trial count; a
 * comparison draws two runs from them (gate-simulation.ts: a matched arm comes with its peer from
 * one seed, other cells' trials are drawn one by one).
 * hrm's cost per trial takes a few levels (one, two or three rounds of calls), and a matched arm's
 * cost is pinned by its peer's median in the same run: the rows a 3-against-3 Welch test once
 * read as certain changes.
 */

const COMPARISONS = 200
const SEEDS = 4
const TRIALS = loadConfig({ env: {}, cwd: '/nonexistent-orgbench-dir' }).trials
const ALL = withMatched({ computeMatched: true }, Object.keys(TOPOLOGIES))

let simulator: Simulator
let blocks: Blocks = new Map()

beforeAll(async () => {
  simulator = await startSimulator()
  const all = await loadRegistry()
  const registry = { ...all, tasks: all.tasks.filter((t) => t.tier === 'standard') }
  blocks = await collectBlocks({ registry, baseURL: simulator.url, model: 'sim-strong', topologies: ALL, trials: TRIALS, seeds: SEEDS, firstSeed: 3000 })
}, 900_000)

afterAll(async () => {
  await simulator?.close()
})

const percent = (x: number) => `${(100 * x).toFixed(1)} %`
const share = (reports: GateReport[], pick: (r: GateReport) => boolean) => reports.filter(pick).length / reports.length

function noiseOnly(matched: boolean, seed: number): GateReport[] {
  const draw = seededUniform(seed)
  const topologies = matched ? ALL : ALL.filter((t) => matchedPeerOf(t) === null)
  return Array.from({ length: COMPARISONS }, (_, i) => runGate(...drawBlockRuns(blocks, topologies, 'sim-strong', i, draw)))
}

function summary(reports: GateReport[]): string {
  const statistics = share(reports, (r) => r.rows.some((x) => x.verdict === 'FAIL'))
  const floors = share(reports, (r) => r.floors.some((f) => f.breached))
  const failing = new Map<string, number>()
  for (const r of reports) for (const x of r.rows.filter((x) => x.verdict === 'FAIL')) failing.set(`${x.level} ${x.metric} ${x.topology}`, (failing.get(`${x.level} ${x.metric} ${x.topology}`) ?? 0) + 1)
  const rows = failing.size === 0 ? 'none' : [...failing].map(([k, n]) => `${k} ×${n}`).join(', ')
  return `FAIL ${percent(share(reports, (r) => r.verdict === 'FAIL'))} of ${reports.length} (statistics ${percent(statistics)}, floors ${percent(floors)}); WARN ${percent(share(reports, (r) => r.verdict === 'WARN'))}; FAIL rows: ${rows}`
}

/** Each level's share of comparisons with a FAIL row of that level: none may exceed its share of α (0.05 split 0.025 / 0.0125 / 0.0125). */
function expectLevelsWithinAlpha(reports: GateReport[]): void {
  for (const level of GATE_LEVELS) {
    const rate = share(reports, (r) => r.rows.some((x) => x.level === level && x.verdict === 'FAIL'))
    expect(rate, `share of comparisons with a ${level} row FAILing`).toBeLessThanOrEqual(0.05 * ALPHA_SHARE[level])
  }
}

/** 200 comparisons take 1 to 4 s on a 2-core machine, busy or not: the limit only stops a hung test. */
const SIMULATION_TIMEOUT_MS = 600_000

describe(`the gate on every topology (${TRIALS} trials per cell, standard tier, ${SEEDS} seeds of sim-strong)`, () => {
  test(`${COMPARISONS} noise-only comparisons of the seven topologies FAIL at most 5 % (each level within its share of α) and WARN at most 10 % of the time`, () => {
    const reports = noiseOnly(false, 21)
    console.log(`gate noise-only, seven topologies: ${summary(reports)}`)
    expect(reports[0]!.rows.some((r) => r.topology === 'hrm')).toBe(true)
    expect(share(reports, (r) => r.verdict === 'FAIL')).toBeLessThanOrEqual(0.05)
    expect(share(reports, (r) => r.verdict === 'WARN')).toBeLessThanOrEqual(0.1)
    expectLevelsWithinAlpha(reports)
  }, SIMULATION_TIMEOUT_MS)

  test(`${COMPARISONS} noise-only comparisons with the compute-matched arms (ORGBENCH_COMPUTE_MATCHED=on) FAIL at most 5 % (each level within its share of α) and WARN at most 10 % of the time`, () => {
    const reports = noiseOnly(true, 22)
    console.log(`gate noise-only, seven topologies + compute-matched arms: ${summary(reports)}`)
    expect(reports[0]!.rows.some((r) => r.topology === 'self_refine@hrm')).toBe(true)
    expect(share(reports, (r) => r.verdict === 'FAIL')).toBeLessThanOrEqual(0.05)
    expect(share(reports, (r) => r.verdict === 'WARN')).toBeLessThanOrEqual(0.1)
    expectLevelsWithinAlpha(reports)
  }, SIMULATION_TIMEOUT_MS)
})
