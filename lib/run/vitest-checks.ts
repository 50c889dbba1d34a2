import { resolve } from 'node:path'
import { benchFiles } from './bench-files.js'

/*
 * Vitest settings that a benchmark run cannot honour, found by the global setup before the first
 * call: each would spend money and then lose or bias what was paid for.
 */

/** What the checks read of a Vitest run. */
export interface VitestRunView {
  root: string
  /** The absolute paths of the test files the run loads. */
  files: readonly string[]
  /** The run's projects with their retry setting (a count, or Vitest's object form). */
  projects: ReadonlyArray<{ name: string; retry: number | { count?: number } | undefined }>
  /** The run's reporters as Vitest resolved them: [name or path, options] pairs (or reporter objects). */
  reporters: readonly unknown[]
}

/** The file the orgbench results reporter lives in, as a --reporter path or the config names it. */
const RESULTS_REPORTER = /(^|[\\/])reporters[\\/]results(\.[cm]?[jt]s)?$/
const PROGRESS_REPORTER = /(^|[\\/])reporters[\\/]progress(\.[cm]?[jt]s)?$/

const reporterName = (r: unknown): string | null => (Array.isArray(r) && typeof r[0] === 'string' ? r[0] : null)

/** The benchmark projects (folders under benchmarks/) whose files the run loads. */
export function benchProjectsRun(view: Pick<VitestRunView, 'root' | 'files'>): string[] {
  const files = new Set(view.files.map((f) => resolve(f)))
  const projects = benchFiles(view.root)
    .filter((f) => files.has(resolve(view.root, f.file)))
    .map((f) => f.project)
  return [...new Set(projects)].sort()
}

const retryCount = (retry: VitestRunView['projects'][number]['retry']): number => (typeof retry === 'number' ? retry : (retry?.count ?? 0))

/** A retried benchmark case is paid again and only its last attempt is kept: a must-catch miss could be retried until it passes. */
function retryProblem(view: VitestRunView, benchmark: readonly string[]): string[] {
  const retried = view.projects.filter((p) => benchmark.includes(p.name) && retryCount(p.retry) > 0)
  if (retried.length === 0) return []
  const counts = [...new Set(retried.map((p) => retryCount(p.retry)))].join(', ')
  return [
    `retry ${counts} (--retry or the config; project(s) ${retried.map((p) => p.name).join(', ')}): a benchmark case is never retried, since each attempt is paid again and only the last one's score would be kept; run with --retry=0, and run the errored cases of a finished run again with ORGBENCH_RESUME=<run-id>`,
  ]
}

/** Without the results reporter the run pays for every case and writes no results file (a blob report is merged later by one that has it). */
function reporterProblem(view: VitestRunView): string[] {
  const names = view.reporters.map(reporterName)
  if (names.some((n) => n !== null && (RESULTS_REPORTER.test(n) || n === 'blob'))) return []
  const own = names.filter((n): n is string => n !== null && !PROGRESS_REPORTER.test(n))
  const keep = [...(own.length > 0 ? own : ['default']), './reporters/progress.ts', './reporters/results.ts'].map((n) => `--reporter=${n}`).join(' ')
  return [
    `--reporter: the orgbench reporters are not among the run's reporters (a --reporter replaces them all), so the run would pay for every case and write no results file; add them beside yours: ${keep}`,
  ]
}

/** The learning loop's cases would be pooled with the benchmark's in one results file. */
function learningProblem(benchmark: readonly string[]): string[] {
  const others = benchmark.filter((p) => p !== 'learning')
  if (!benchmark.includes('learning') || others.length === 0) return []
  return [
    `the run loads the learning loop (project learning) together with benchmark project(s) ${others.join(', ')}: their cases would be pooled in one results file; run the learning loop on its own (npx vitest run --project learning) and the benchmark without it`,
  ]
}

/**
 * The problems of a run that loads benchmark files: a retry, missing orgbench reporters, the
 * learning loop mixed with the benchmark. None for a run of unit tests alone.
 */
export function vitestProblems(view: VitestRunView): string[] {
  const benchmark = benchProjectsRun(view)
  if (benchmark.length === 0) return []
  return [...retryProblem(view, benchmark), ...reporterProblem(view), ...learningProblem(benchmark)]
}
