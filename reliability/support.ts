import { spawn } from 'node:child_process'
import { existsSync, mkdirSync } from 'node:fs'
import { join } from 'node:path'
import type { TestRecord } from '../lib/results/record.js'
import { POINTER_FILE, readPointer } from '../lib/results/pointer.js'
import { openRun, readAllRecords } from '../lib/results/read.js'
import type { RunFile } from '../lib/results/schema.js'
import { type Simulator, type SimulatorOptions, startSimulator } from '../lib/sim/server.js'
import { PROJECT_ROOT } from '../lib/tasks/registry.js'

/** What a scenario reports: one row of the reliability table. */
export interface Outcome {
  observed: string
  pass: boolean
}

/** One reliability scenario: a module in reliability/scenarios/, listed in scenarios/index.ts. */
export interface Scenario {
  /** Short name for --only. */
  id: string
  name: string
  /** The claim, in words, as the table's "expected" column shows it. */
  expected: string
  run(ctx: ScenarioContext): Promise<Outcome>
}

/** What a scenario gets to work with. */
export interface ScenarioContext {
  /** A fresh folder for this scenario's results, cache and reports. */
  dir: string
  log(text: string): void
}

/** The enterprise suite, the main job, as the scenarios run it. */
export const ENTERPRISE = ['benchmarks/enterprise/']

/** How a child benchmark run ended. */
export interface BenchRun {
  code: number
  output: string
  wallMs: number
  /** The run file, or null when none was written. */
  run: RunFile | null
  /** Its full records (empty without a run file). */
  records: TestRecord[]
}

/** A simulator in this process, so that its request counts and request log can be read. */
export async function simulator(options: SimulatorOptions = {}): Promise<Simulator> {
  return startSimulator(options)
}

/** The environment of a child run: this process's, without any orgbench or Vitest settings. */
function cleanEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter((e): e is [string, string] => e[1] !== undefined && !e[0].startsWith('ORGBENCH_') && !e[0].startsWith('VITEST') && e[0] !== 'NODE_OPTIONS' && e[0] !== 'TEST'),
  )
}

/** Runs a command of this project in a child process and waits for it. */
export function runChild(args: string[], env: Record<string, string>, killWhen?: () => boolean): Promise<{ code: number; output: string; wallMs: number }> {
  const started = performance.now()
  return new Promise((resolve, reject) => {
    // Its own process group, so that a kill takes the Vitest workers with it, as a crash of the machine would.
    const child = spawn(process.execPath, args, { cwd: PROJECT_ROOT, env: { ...cleanEnv(), NO_COLOR: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'], detached: killWhen !== undefined })
    let output = ''
    child.stdout.on('data', (d: Buffer) => (output += d.toString()))
    child.stderr.on('data', (d: Buffer) => (output += d.toString()))
    const poll = killWhen && setInterval(() => {
      if (!killWhen()) return
      clearInterval(poll)
      process.kill(-child.pid!, 'SIGKILL')
    }, 20)
    child.on('error', reject)
    child.on('exit', (code, signal) => {
      if (poll) clearInterval(poll)
      resolve({ code: code ?? (signal ? 128 : 1), output, wallMs: performance.now() - started })
    })
  })
}

/**
 * Runs the benchmark (Vitest) against `sim` with settings `env`; results and the response cache go
 * to `dir`. Returns the exit code, the output, the wall time and the results file.
 */
export async function runBench(dir: string, sim: Simulator, env: Record<string, string>, files = ENTERPRISE, extraArgs: string[] = [], killWhen?: () => boolean): Promise<BenchRun> {
  const resultsDir = join(dir, 'results')
  mkdirSync(resultsDir, { recursive: true })
  const vitest = join(PROJECT_ROOT, 'node_modules', 'vitest', 'vitest.mjs')
  const child = await runChild([vitest, 'run', ...files, ...extraArgs], {
    ORGBENCH_BASE_URL: sim.url,
    ORGBENCH_MODEL: 'sim-strong',
    ORGBENCH_JUDGE_MODEL: 'sim-judge',
    ORGBENCH_RESULTS_DIR: resultsDir,
    ORGBENCH_CACHE_DIR: join(dir, 'cache'),
    // A scenario that runs the learning project (--project learning) keeps its memory with the scenario.
    ORGBENCH_MEMORY_DIR: join(dir, 'memory'),
    ...env,
  }, killWhen)
  return { ...child, ...(await readRun(resultsDir)) }
}

/** The run the results directory's LATEST pointer names, with its records; nulls when there is none. */
export async function readRun(resultsDir: string): Promise<{ run: RunFile | null; records: TestRecord[] }> {
  if (!existsSync(join(resultsDir, POINTER_FILE))) return { run: null, records: [] }
  const handle = openRun(readPointer(resultsDir).path)
  return { run: handle.run, records: await readAllRecords(handle) }
}

/** "task/topology/trial" of a record. */
export const caseOf = (r: TestRecord) => `${r.task}/${r.topology}/${r.trial}`

/** A record that failed yet carries a score: what must never happen. */
export const errorCountedAsScore = (r: TestRecord) => (r.status === 'error' || r.errors.length > 0) && r.scores.headline !== null

/** Milliseconds as "12.3 s". */
export const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`
