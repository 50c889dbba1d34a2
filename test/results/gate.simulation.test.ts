import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { seededUniform } from '../../lib/eval/seeded-uniform.js'
import type { GateReport } from '../../lib/results/gate.js'
import { startSimulator, type Simulator } from '../../lib/sim/server.js'
import { loadRegistry } from '../../lib/tasks/registry.js'
import { collectPool, compareMany, headlineDrop, type Pool, poolMean } from './gate-simulation.js'

/*
 * The gate's error rates, measured on the simulator. Every task × {single, star} is run through
 * the real pipeline for a pool of seeds per model; each comparison draws two runs of the default
 * trial count from the pools (see gate-simulation.ts for why pools, not 200 full runs).
 * sim-medium is the documented weaker model: lower detection on every difficulty (lib/sim/profiles.ts).
 */

const COMPARISONS = 200
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
  // sim-weak is only ever the current side (3 records per cell per comparison) and is caught every time: a small pool does.
  pools.weak = await pool('sim-weak', 6, 9000)
}, 300_000)

afterAll(async () => {
  await simulator?.close()
})

const share = (reports: GateReport[], pick: (r: GateReport) => boolean) => reports.filter(pick).length / reports.length
const statisticalFail = (r: GateReport) => r.rows.some((x) => x.verdict === 'FAIL')
const floorFail = (r: GateReport) => r.floors.some((f) => f.breached)
const percent = (x: number) => `${(100 * x).toFixed(0)} %`
/** Floors that can never breach: what the statistics alone decide. */
const NO_FLOORS = { mustCatchRecall: 0, errorRate: 100, judgeErrorRate: 100, costRatio: 1e9, costPerCaseUsd: null }
const mdes = (reports: GateReport[]) =>
  (['suite', 'track', 'cell'] as const)
    .map((level) => {
      const xs = reports.map((r) => r.levels.find((l) => l.level === level)?.mdeHeadline).filter((x): x is number => typeof x === 'number').sort((a, b) => a - b)
      return `${level} ${xs.length === 0 ? '–' : xs[Math.floor(xs.length / 2)]!.toFixed(1)}`
    })
    .join(', ')

function drop(weaker: Pool): string {
  return TOPOLOGIES.map((t) => `${t} ${(poolMean(weaker, t) - poolMean(pools.strong, t)).toFixed(1)}`).join(', ')
}

describe(`the gate on simulated runs (${TRIALS} trials per cell, every task × ${TOPOLOGIES.join(' + ')})`, () => {
  test(`${COMPARISONS} noise-only comparisons (sim-strong against itself, different seeds) FAIL at most 5 % and WARN at most 10 % of the time`, () => {
    const reports = compareMany(COMPARISONS, pools.strong, pools.strong, ['sim-strong', 'sim-strong'], TRIALS, seededUniform(11))
    const falseAlarms = share(reports, (r) => r.verdict === 'FAIL')
    const warned = share(reports, (r) => r.verdict === 'WARN')
    console.log(`gate noise-only: FAIL ${percent(falseAlarms)} of ${COMPARISONS} (statistics ${percent(share(reports, statisticalFail))}, floors ${percent(share(reports, floorFail))}); WARN ${percent(warned)}; median MDE ${mdes(reports)} pts`)
    expect(falseAlarms).toBeLessThanOrEqual(0.05)
    expect(warned).toBeLessThanOrEqual(0.1)
  })

  test('non-inferiority mode: noise shows non-inferiority at a 10-point margin at least 90 % of the time; sim-medium never does', () => {
    const ni = (margin: number) => ({ mode: 'non-inferiority' as const, floors: NO_FLOORS, margins: { headline: margin, mustCatchRecall: margin, errorRate: margin, costPerCase: 25 } })
    const noise = (margin: number, seed: number) => compareMany(COMPARISONS, pools.strong, pools.strong, ['sim-strong', 'sim-strong'], TRIALS, seededUniform(seed), { gate: ni(margin) })
    const wide = noise(10, 14)
    const passed = share(wide, (r) => r.verdict !== 'FAIL')
    // At the default 5-point margin, 3 trials cannot rule out a 5-point drop (the suite MDE is about 6): printed, not asserted.
    const atDefault = share(noise(5, 16), (r) => r.verdict !== 'FAIL')
    const medium = compareMany(COMPARISONS / 2, pools.strong, pools.medium, ['sim-strong', 'sim-medium'], TRIALS, seededUniform(17), { gate: ni(5) })
    console.log(`gate non-inferiority, noise-only: shown in ${percent(passed)} at a 10-pt margin, ${percent(atDefault)} at 5 pts; sim-medium shown in ${percent(share(medium, (r) => r.verdict !== 'FAIL'))}`)
    expect(wide.every((r) => r.mode === 'non-inferiority')).toBe(true)
    expect(passed).toBeGreaterThanOrEqual(0.9)
    expect(share(medium, (r) => r.verdict === 'FAIL')).toBe(1)
  })

  test('a weaker model (sim-medium) FAILs on the statistics alone (floors off) at least 80 % of the time', () => {
    const reports = compareMany(COMPARISONS, pools.strong, pools.medium, ['sim-strong', 'sim-medium'], TRIALS, seededUniform(12), { gate: { floors: NO_FLOORS } })
    const caught = share(reports, statisticalFail)
    console.log(`gate sim-medium (headline drop per topology: ${drop(pools.medium)} pts), floors off: statistics caught ${percent(caught)} of ${COMPARISONS}`)
    expect(caught).toBeGreaterThanOrEqual(0.8)
  })

  test('a uniform drop of 5 points on every case FAILs at least 80 % of the time at the default trials', () => {
    const reports = compareMany(COMPARISONS, pools.strong, pools.strong, ['sim-strong', 'sim-strong'], TRIALS, seededUniform(15), { shift: headlineDrop(5) })
    const caught = share(reports, (r) => r.verdict === 'FAIL')
    console.log(`gate uniform -5 pts: FAIL ${percent(caught)} of ${COMPARISONS} (statistics alone ${percent(share(reports, statisticalFail))})`)
    expect(caught).toBeGreaterThanOrEqual(0.8)
  })

  test('a much weaker model (sim-weak) is caught by the statistics alone at least 80 % of the time', () => {
    const reports = compareMany(COMPARISONS / 2, pools.strong, pools.weak, ['sim-strong', 'sim-weak'], TRIALS, seededUniform(13))
    const caught = share(reports, statisticalFail)
    console.log(`gate sim-weak (headline drop per topology: ${drop(pools.weak)} pts): statistics alone caught ${percent(caught)} of ${COMPARISONS / 2}`)
    expect(caught).toBeGreaterThanOrEqual(0.8)
  })
})
