import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { seededUniform } from '../../lib/eval/stats.js'
import type { GateReport } from '../../lib/results/gate.js'
import { startSimulator, type Simulator } from '../../lib/sim/server.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { collectPool, compareMany, type Pool, poolMean } from './gate-simulation.js'

/*
 * The gate's error rates, measured on the simulator. Every task × {single, star} is run through
 * the real pipeline for a pool of seeds per model; each comparison draws two runs of the default
 * trial count from the pools (see gate-simulation.ts for why pools, not 200 full runs).
 * sim-medium is the documented weaker model: lower detection on every difficulty (lib/sim/profiles.ts).
 */

const COMPARISONS = 100
const TOPOLOGIES = ['single', 'star']
const TRIALS = loadConfig({ env: {}, cwd: '/nonexistent-orgbench-dir' }).trials

let simulator: Simulator
const pools: Record<'strong' | 'medium' | 'weak', Pool> = { strong: new Map(), medium: new Map(), weak: new Map() }

beforeAll(async () => {
  simulator = await startSimulator()
  // The standard tier: hard-tier tasks are built so that a strong model misses must-catch items,
  // which the gate's absolute must-catch floor would report as a failure in every comparison.
  const all = await loadRegistry()
  const registry = { ...all, tasks: all.tasks.filter((t) => t.tier === 'standard') }
  const pool = (model: string, seeds: number, firstSeed: number) => collectPool({ registry, baseURL: simulator.url, model, topologies: TOPOLOGIES, seeds, firstSeed })
  pools.strong = await pool('sim-strong', 20, 1000)
  pools.medium = await pool('sim-medium', 12, 5000)
  pools.weak = await pool('sim-weak', 12, 9000)
}, 300_000)

afterAll(async () => {
  await simulator?.close()
})

const share = (reports: GateReport[], pick: (r: GateReport) => boolean) => reports.filter(pick).length / reports.length
const statisticalFail = (r: GateReport) => r.rows.some((x) => x.verdict === 'FAIL')
const floorFail = (r: GateReport) => r.floors.some((f) => f.breached)
const percent = (x: number) => `${(100 * x).toFixed(0)} %`

function drop(weaker: Pool): string {
  return TOPOLOGIES.map((t) => `${t} ${(poolMean(weaker, t) - poolMean(pools.strong, t)).toFixed(1)}`).join(', ')
}

describe(`the gate on simulated runs (${TRIALS} trials per cell, every task × ${TOPOLOGIES.join(' + ')})`, () => {
  test(`${COMPARISONS} noise-only comparisons (sim-strong against itself, different seeds) FAIL at most 5 % of the time`, () => {
    const reports = compareMany(COMPARISONS, pools.strong, pools.strong, ['sim-strong', 'sim-strong'], TRIALS, seededUniform(11))
    const falseAlarms = share(reports, (r) => r.verdict === 'FAIL')
    console.log(`gate noise-only: FAIL ${percent(falseAlarms)} of ${COMPARISONS} (statistics ${percent(share(reports, statisticalFail))}, floors ${percent(share(reports, floorFail))}); WARN ${percent(share(reports, (r) => r.verdict === 'WARN'))}`)
    expect(falseAlarms).toBeLessThanOrEqual(0.05)
  })

  test('a weaker model (sim-medium) is caught at least 80 % of the time', () => {
    const reports = compareMany(COMPARISONS, pools.strong, pools.medium, ['sim-strong', 'sim-medium'], TRIALS, seededUniform(12))
    const caught = share(reports, (r) => r.verdict === 'FAIL')
    console.log(
      `gate sim-medium (headline drop per topology: ${drop(pools.medium)} pts): caught ${percent(caught)} of ${COMPARISONS} (statistics alone ${percent(share(reports, statisticalFail))}, must-catch and other floors ${percent(share(reports, floorFail))})`,
    )
    expect(caught).toBeGreaterThanOrEqual(0.8)
  })

  test('a much weaker model (sim-weak) is caught by the statistics alone at least 80 % of the time', () => {
    const reports = compareMany(COMPARISONS, pools.strong, pools.weak, ['sim-strong', 'sim-weak'], TRIALS, seededUniform(13))
    const caught = share(reports, statisticalFail)
    console.log(`gate sim-weak (headline drop per topology: ${drop(pools.weak)} pts): statistics alone caught ${percent(caught)} of ${COMPARISONS}`)
    expect(caught).toBeGreaterThanOrEqual(0.8)
  })
})
