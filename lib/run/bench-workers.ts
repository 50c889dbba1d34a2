import { join } from 'node:path'
import { parseDotEnv } from '../dot-env.js'

/*
 * How many workers run the benchmark files. Read by vitest.config.ts before anything else, so it
 * imports nothing heavy and reads the few settings it needs itself; lib/config.ts validates the
 * same variables and names a bad value before any call.
 */

/** The most benchmark workers: the calls in flight are limited for the whole run anyway (ORGBENCH_MAX_CONCURRENCY). */
export const MAX_BENCH_WORKERS = 16

/** The settings the worker count depends on, from the environment or else from `<root>/.env`. */
const SETTINGS = ['ORGBENCH_WORKERS', 'ORGBENCH_BASE_URL', 'ORGBENCH_PROVIDER', 'ORGBENCH_SIM_LATENCY_MS'] as const

function settings(root: string, env: NodeJS.ProcessEnv): Partial<Record<(typeof SETTINGS)[number], string>> {
  let file: Record<string, string> = {}
  try {
    file = parseDotEnv(join(root, '.env'))
  } catch {
    // An unreadable .env: the run's configuration check names it in one line, before any call.
  }
  return Object.fromEntries(SETTINGS.map((k) => [k, env[k] ?? file[k]]).filter(([, v]) => v !== undefined && v !== ''))
}

/**
 * Whether the model answers over the network: any endpoint but the embedded simulator, or the
 * embedded simulator told to answer with a latency (ORGBENCH_SIM_LATENCY_MS, "<fixed>,<jitter>":
 * either part above 0).
 */
function waitsOnNetwork(s: ReturnType<typeof settings>): boolean {
  if (s.ORGBENCH_BASE_URL !== undefined) return true
  if (s.ORGBENCH_PROVIDER !== undefined && s.ORGBENCH_PROVIDER !== 'sim') return true
  return (s.ORGBENCH_SIM_LATENCY_MS ?? '0').split(',').some((ms) => Number(ms) > 0)
}

/**
 * Benchmark workers: ORGBENCH_WORKERS when set; otherwise one per two cores (the main process, with
 * Vitest, the reporters, the coordinator and the embedded simulator, keeps a core busy), from one
 * to four, and at least two when the calls wait on the network. A worker runs its files one after
 * another: with one, the run's calls thin out at the end of every file and in the gap before the
 * next; a second worker's file fills them. Against a simulator that answers at once the second
 * worker only loads and warms up the same code again.
 */
export function benchWorkers(root: string, cores: number, env: NodeJS.ProcessEnv = process.env): number {
  const s = settings(root, env)
  const asked = Number(s.ORGBENCH_WORKERS)
  if (Number.isInteger(asked) && asked >= 1 && asked <= MAX_BENCH_WORKERS) return asked
  const byCores = Math.max(1, Math.min(4, Math.floor(cores / 2)))
  return waitsOnNetwork(s) ? Math.max(2, byCores) : byCores
}
