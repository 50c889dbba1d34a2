import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { readPointer } from '../lib/results/pointer.js'
import { openRun, readAllRecords } from '../lib/results/read.js'
import type { TestRecord } from '../lib/results/record.js'
import type { RunFile } from '../lib/results/schema.js'
import { childEnv } from '../lib/run/vitest-process.js'
import { PROJECT_ROOT } from '../lib/tasks/registry.js'
import { statCpuMs, statFields, TICKS_PER_SECOND } from './proc-stat.js'
import { ThreadSampler, type ThreadSplit } from './threads.js'

/** One line of the perf table: a figure measured in this run against its target. */
export interface PerfRow {
  figure: string
  measured: string
  target: string
  /** null: measured for information, no target. */
  met: boolean | null
  /** How it was measured (suite, latency, repeats). */
  how: string
}

/** A check module of `npm run perf`: measures some figures and returns their rows. */
export interface PerfCheck {
  id: string
  /** Checks whose figures this one uses: they run before it even when --only leaves them out. */
  needs?: readonly string[]
  run(ctx: PerfContext): Promise<PerfRow[]>
}

/** What checks share: a work folder, a log, and figures earlier checks measured (e.g. startup). */
export interface PerfContext {
  dir: string
  log(text: string): void
  measures: Map<string, number>
}

/** What this process's finished children used: CPU (ms), the kernel's part of it, and minor page faults (first touches of memory). */
export interface ChildrenUsage {
  cpuMs: number
  kernelMs: number
  minorFaults: number
}

/**
 * CPU time (user + system, ms), kernel time and minor page faults of this process's finished
 * children and their reaped descendants, from /proc (Linux); null elsewhere. A Vitest run's
 * workers are threads or reaped children of its main process, so the difference before and after
 * a run is the run's.
 */
export function childrenUsage(): ChildrenUsage | null {
  try {
    const fields = statFields(readFileSync('/proc/self/stat', 'utf8'))
    if (!fields) return null
    // cminflt is field 11, cutime and cstime are fields 16 and 17.
    const kernelMs = (Number(fields[14]) * 1000) / TICKS_PER_SECOND
    return { cpuMs: (Number(fields[13]) * 1000) / TICKS_PER_SECOND + kernelMs, kernelMs, minorFaults: Number(fields[8]) }
  } catch {
    return null
  }
}

/** CPU time (ms) a running process has used so far, from /proc; null elsewhere. */
export function processCpuMs(pid: number): number | null {
  try {
    return statCpuMs(readFileSync(`/proc/${pid}/stat`, 'utf8'))
  } catch {
    return null
  }
}

/** The simulator in its own process, as an endpoint would be. */
export interface SimProcess {
  url: string
  pid: number
  stop(): Promise<void>
}

/** Starts `orgbench sim` in a child process at a fixed latency and waits for its URL. */
export function startSimProcess(latencyMs: number): Promise<SimProcess> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [join(PROJECT_ROOT, 'bin', 'orgbench.js'), 'sim', '--latency', String(latencyMs)], { cwd: PROJECT_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } })
    let out = ''
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString()
      const m = /listening on (http:\/\/\S+\/v1)/.exec(out)
      if (m) {
        child.stdout!.removeAllListeners('data')
        child.stdout!.resume()
        resolve({
          url: m[1]!,
          pid: child.pid!,
          stop: () =>
            new Promise<void>((done) => {
              child.once('exit', () => done())
              child.kill('SIGTERM')
            }),
        })
      }
    })
    child.stderr!.resume()
    child.once('exit', (code) => reject(new Error(`the simulator exited (${code}) before listening: ${out}`)))
  })
}

/** What a child Vitest run used; each figure null where it cannot be measured (no /proc). */
export interface RunUsage {
  wallMs: number
  /** CPU of the Vitest process and its workers. */
  cpuMs: number | null
  /** The kernel's part of cpuMs. */
  kernelMs: number | null
  /** Minor page faults: first touches of memory. */
  faults: number | null
  /** CPU by thread of the Vitest process, when asked for (see timedVitest) and /proc is there. */
  threads: ThreadSplit | null
}

/** A child benchmark run with its wall and CPU time. */
export interface TimedRun extends RunUsage {
  code: number
  run: RunFile | null
  /** The run's full records (empty without a run). */
  records: TestRecord[]
  output: string
}

/**
 * `vitest run <files>` in `cwd` with exactly `env`: its exit code, output, wall time and CPU time
 * (ms). With `threads`, its CPU by thread too, read from /proc while it runs (perf/threads.ts);
 * off by default, so that the figures with targets are measured with nothing else reading.
 */
export async function timedVitest(
  cwd: string,
  files: readonly string[],
  env: NodeJS.ProcessEnv,
  options: { threads?: boolean } = {},
): Promise<RunUsage & { code: number; output: string }> {
  const before = childrenUsage()
  const started = performance.now()
  const child = spawn(process.execPath, [join(PROJECT_ROOT, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...files], { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const sampler = options.threads && child.pid !== undefined ? new ThreadSampler(child.pid) : null
  const exited = new Promise<{ code: number; output: string }>((resolve, reject) => {
    let text = ''
    child.stdout.on('data', (d: Buffer) => (text += d.toString()))
    child.stderr.on('data', (d: Buffer) => (text += d.toString()))
    child.on('error', reject)
    child.on('exit', (c) => resolve({ code: c ?? 1, output: text }))
  })
  const { code, output } = await exited.catch((e: unknown) => {
    sampler?.stop()
    throw e
  })
  const wallMs = performance.now() - started
  const threads = sampler?.stop() ?? null
  const after = childrenUsage()
  const used = before && after ? { cpuMs: after.cpuMs - before.cpuMs, kernelMs: after.kernelMs - before.kernelMs, faults: after.minorFaults - before.minorFaults } : null
  return { wallMs, cpuMs: used?.cpuMs ?? null, kernelMs: used?.kernelMs ?? null, faults: used?.faults ?? null, threads, code, output }
}

/**
 * A seed no earlier run of this process used. The simulator keeps the replies it sent, and one body
 * always gets one reply (lib/sim/reply-memo.ts): a run with an earlier run's seed would be answered
 * from memory, every reply of it, and measure a simulator that hardly works.
 */
export const nextSeed = (() => {
  let seed = 1000
  return () => String(++seed)
})()

/**
 * Runs the benchmark in a child Vitest against `url` with `env`; measures wall and CPU time. Each
 * run has a seed of its own (nextSeed) unless `env` sets ORGBENCH_SEED.
 */
export async function timedBench(url: string, env: Record<string, string>, files: string[] = ['benchmarks/enterprise/'], options: { threads?: boolean } = {}): Promise<TimedRun> {
  const dir = mkdtempSync(join(tmpdir(), 'orgbench-perf-'))
  try {
    const benchEnv = childEnv({
      ORGBENCH_SEED: nextSeed(),
      ORGBENCH_BASE_URL: url,
      ORGBENCH_MODEL: 'sim-strong',
      ORGBENCH_JUDGE_MODEL: 'sim-judge',
      ORGBENCH_RESULTS_DIR: join(dir, 'results'),
      ORGBENCH_CACHE_DIR: join(dir, 'cache'),
      // Learned memory on this machine would change the prompts measured: the runs start from the defaults.
      ORGBENCH_MEMORY_DIR: join(dir, 'memory'),
      ...env,
    })
    const { code, output, ...usage } = await timedVitest(PROJECT_ROOT, files, benchEnv, options)
    const results = join(dir, 'results')
    let run: RunFile | null = null
    let records: TestRecord[] = []
    try {
      const handle = openRun(readPointer(results).path)
      run = handle.run
      records = await readAllRecords(handle)
    } catch {
      run = null
    }
    return { ...usage, code, run, records, output }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/**
 * What a first touch of fresh memory costs here, in µs per 4 KiB page: filling a new 64 MiB buffer,
 * less filling it again. A virtual machine that hands freed memory back to its host pays it on
 * every page a process takes anew, which is why the kernel's share of a run differs between machines.
 */
export function firstTouchMicros(bytes = 64 * 1024 * 1024, now: () => number = () => performance.now()): number {
  const buffer = Buffer.allocUnsafeSlow(bytes)
  const fill = (value: number) => {
    const started = now()
    buffer.fill(value)
    return now() - started
  }
  const first = fill(1)
  return perPageMicros(first, fill(2), bytes)
}

/** µs per 4 KiB page that filling `bytes` took the first time (`firstMs`) beyond filling them again (`againMs`); never below 0. */
export function perPageMicros(firstMs: number, againMs: number, bytes: number): number {
  return (Math.max(0, firstMs - againMs) * 1000) / (bytes / 4096)
}

/** The median of a non-empty list. */
export const median = (xs: readonly number[]) => {
  const s = [...xs].sort((a, b) => a - b)
  return s.length % 2 === 1 ? s[(s.length - 1) / 2]! : (s[s.length / 2 - 1]! + s[s.length / 2]!) / 2
}

/**
 * The least wall time per call that `cpuMs` of harness CPU and `simCpuMs` of simulator CPU per
 * call allow on `cores` cores: every core busy all the time. A wall target below it cannot be met
 * without less CPU, however the work is spread.
 */
export function wallFloorMs(cpuMs: number, simCpuMs: number, cores: number): number {
  return (cpuMs + simCpuMs) / cores
}

/** A timed run's total (wall or CPU, ms) and the model calls it made. */
export interface CallTotal {
  totalMs: number
  calls: number
}

/**
 * What each call beyond a smaller run costs: the larger run's total less the smaller's, over the
 * calls it adds. Made from runs of one suite that differ only in trials, so that whatever does not
 * grow with the calls (startup, warm-up, the run's end) drops out.
 */
export function furtherCallMs(smaller: CallTotal, larger: CallTotal): number {
  if (larger.calls <= smaller.calls) throw new Error(`the larger run made ${larger.calls} calls, the smaller ${smaller.calls}: a further call needs more calls in the larger run`)
  return (larger.totalMs - smaller.totalMs) / (larger.calls - smaller.calls)
}

/** The cost of a further call from each pair of runs (smaller, larger); null when a run of any pair has no total (no /proc for CPU). */
export function furtherCallsMs(pairs: ReadonlyArray<readonly [CallTotal | null, CallTotal | null]>): number[] | null {
  const whole = pairs.filter((pair): pair is readonly [CallTotal, CallTotal] => pair[0] !== null && pair[1] !== null)
  return whole.length === pairs.length ? whole.map(([smaller, larger]) => furtherCallMs(smaller, larger)) : null
}
