import { existsSync, readdirSync } from 'node:fs'
import { join, relative, resolve } from 'node:path'
import type { Config } from '../config.js'
import { Ledger } from '../llm/ledger.js'
import type { TestRecord } from '../results/record.js'
import { openRun, readAllRecords } from '../results/read.js'
import type { RunFile } from '../results/schema.js'
import type { Registry, Task } from '../tasks/registry.js'
import { withMatched } from './topology-options.js'
import { TOPOLOGIES } from '../topologies/index.js'
import { selectsTask } from './bench-files.js'
import { Board } from './board.js'
import { observe, type PlannedCell } from './plan.js'
import { runCase } from './runner.js'

/**
 * The task × topology cells a run with this configuration declares for these tasks (those of the
 * benchmark files it loads), after ORGBENCH_TASKS, ORGBENCH_TIER and ORGBENCH_TOPOLOGIES; without
 * observations yet.
 */
export function plannedCells(config: Config, tasks: readonly Pick<Task, 'id' | 'tier'>[]): PlannedCell[] {
  const selected = tasks.filter((t) => selectsTask(config, t))
  const topologies = withMatched(config, Object.keys(TOPOLOGIES).filter((t) => !config.topologies || config.topologies.includes(t)))
  return selected.flatMap((t) => topologies.map((topology) => ({ task: t.id, topology, trials: config.trials, observations: [] })))
}

function withObservations(cells: PlannedCell[], records: readonly TestRecord[]): PlannedCell[] {
  return cells.map((c) => ({
    ...c,
    observations: records.filter((r) => r.task === c.task && r.topology === c.topology).flatMap((r) => observe(r) ?? []),
  }))
}

/** A results file made with the same models and the same settings that change what a case costs. */
function comparable(run: RunFile, config: Config): boolean {
  const c = run.config
  return (
    c.model === config.model &&
    c.judgeModel === config.judgeModel &&
    c.judge === config.judge &&
    c.judgeRepeats === config.judgeRepeats &&
    c.memory === config.memory &&
    c.maxOutputTokens === config.maxOutputTokens &&
    c.simulated === config.simulated
  )
}

/** Time order of results files: run ids start with their UTC time (after "sim-" for simulated runs). */
const stamp = (file: string) => file.replace(/^sim-/, '')

/** The 20 newest run files of a results directory, newest first; none when it does not exist. */
function newestRunFiles(dir: string): string[] {
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.json'))
    .sort((a, b) => stamp(b).localeCompare(stamp(a)))
    .slice(0, 20)
}

/**
 * The newest results file in the results directory that is comparable and has an observation for
 * every planned cell, with the cells filled from it; null when there is none. Unreadable files are
 * skipped: the plan never fails because of an old file.
 */
export async function fromNewestResults(config: Config, cells: PlannedCell[], root = process.cwd()): Promise<{ cells: PlannedCell[]; source: string } | null> {
  const dir = resolve(root, config.resultsDir)
  for (const file of newestRunFiles(dir)) {
    let filled: PlannedCell[]
    try {
      const handle = openRun(join(dir, file))
      if (!comparable(handle.run, config)) continue
      filled = withObservations(cells, await readAllRecords(handle))
    } catch {
      continue
    }
    if (filled.every((c) => c.observations.length > 0)) return { cells: filled, source: `${relative(root, join(dir, file))} (the newest comparable results file)` }
  }
  return null
}

/**
 * The comparable results file (same models and settings, at least two trials per cell) the gate's
 * power is sized from: the newest that has every planned cell, else the one with the most planned
 * cells (the newer on a tie), so that a run filtered to a few cells never hides a complete one.
 * `source` names the file and why it was chosen. Null when there is none.
 */
export function powerReferenceRun(config: Config, cells: readonly Pick<PlannedCell, 'task' | 'topology'>[], root = process.cwd()): { run: RunFile; source: string } | null {
  const dir = resolve(root, config.resultsDir)
  const planned = new Set(cells.map((c) => `${c.task}/${c.topology}`))
  let best: { run: RunFile; file: string; covered: number } | null = null
  for (const file of newestRunFiles(dir)) {
    let run: RunFile
    try {
      run = openRun(join(dir, file)).run
    } catch {
      continue
    }
    if (!comparable(run, config) || run.config.trials < 2 || run.cases.length === 0) continue
    const covered = new Set(run.cases.map((c) => `${c.task}/${c.topology}`).filter((k) => planned.has(k))).size
    if (best === null || covered > best.covered) best = { run, file, covered }
    if (covered === planned.size) break
  }
  if (best === null) return null
  const path = relative(root, join(dir, best.file))
  const why =
    best.covered === planned.size
      ? 'the newest comparable results file with every planned cell'
      : `no comparable results file has every planned cell; this one has the most, ${best.covered} of ${planned.size}`
  return { run: best.run, source: `${path} (${why})` }
}

/** Trials per cell of a dry pass: two seeds give a spread, in a few seconds. */
export const DRY_PASS_TRIALS = 2

/**
 * Observations from a dry pass: every planned cell, for DRY_PASS_TRIALS trials, run on an embedded
 * simulator on loopback at no latency (never the configured endpoint), with the same seeds and
 * settings as the planned run. A real model is stood in for by sim-strong (and sim-judge): their
 * token counts are the simulator's, not the model's.
 */
export async function fromDryPass(config: Config, registry: Registry, cells: PlannedCell[]): Promise<{ cells: PlannedCell[]; source: string }> {
  const { startSimulator } = await import('../sim/server.js')
  const stand = {
    model: config.model.startsWith('sim-') ? config.model : 'sim-strong',
    judgeModel: config.judgeModel.startsWith('sim-') ? config.judgeModel : 'sim-judge',
  }
  const dry: Config = { ...config, ...stand, trials: DRY_PASS_TRIALS, rpm: null, tpm: null, maxUsd: null, maxConcurrency: 64, cache: 'off', simulated: true }
  const sim = await startSimulator()
  try {
    const board = new Board<TestRecord>()
    const planned = new Set(cells.map((c) => `${c.task}/${c.topology}`))
    const cases = cells.flatMap((c) => Array.from({ length: DRY_PASS_TRIALS }, (_, i) => ({ task: c.task, topology: c.topology, trial: i + 1 })))
    const records = await Promise.all(
      cases.map(async ({ task, topology, trial }) => {
        // Peers as in a run: self_refine spends star's median, the judge compares with single.
        const peers = {
          scheduled: (t: string) => planned.has(`${task}/${t}`),
          record: (t: string, n: number) => board.wait(`${task}/${t}/${n}`),
        }
        const record = await runCase({ config: dry, task: registry.get(task), topology, trial, baseURL: sim.url, peers }, new Ledger())
        board.publish(`${task}/${topology}/${trial}`, record)
        return record
      }),
    )
    const who = stand.model === config.model && stand.judgeModel === config.judgeModel ? '' : `; standing in ${stand.model} for ${config.model} and ${stand.judgeModel} for ${config.judgeModel}`
    return { cells: withObservations(cells, records), source: `a dry pass on the embedded simulator (${DRY_PASS_TRIALS} trials per task × topology, no latency${who})` }
  } finally {
    await sim.close()
  }
}
