import { existsSync, readdirSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import type { Config } from '../config.js'
import { parseDotEnv } from '../dot-env.js'
import { benchFileName, taskOfBenchFile } from '../tasks/bench-file-name.js'
import { escapeRegExp } from '../text.js'

/*
 * Which benchmark files a run loads, and which tasks of them it runs. Read by vitest.config.ts
 * before anything else, so it imports nothing heavy: with ORGBENCH_TASKS set, only the files of
 * those tasks are included and the others are never loaded or declared. Task
 * "code_review_execution" lives in benchmarks/<track>/code-review-execution.test.ts
 * (test/benchmarks.test.ts holds every file to that). The plan chooses its files with the same rules.
 */

/** ORGBENCH_TASKS from the environment, or else from `<root>/.env`; null when unset. */
function taskFilter(root: string, env: NodeJS.ProcessEnv): string[] | null {
  let raw = env.ORGBENCH_TASKS
  if (raw === undefined) {
    try {
      raw = parseDotEnv(join(root, '.env')).ORGBENCH_TASKS
    } catch {
      // An unreadable .env: the run's configuration check names it in one line, before any call.
    }
  }
  const ids = (raw ?? '').split(',').map((s) => s.trim()).filter(Boolean)
  return ids.length > 0 ? ids : null
}

/**
 * The include globs of a benchmark track: every file, or only the files of the filtered tasks. An
 * id without a file keeps the whole track, so that the run's own validation names the bad id.
 */
export function benchInclude(root: string, track: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const all = [`benchmarks/${track}/**/*.test.ts`]
  const ids = taskFilter(root, env)
  if (!ids) return all
  const dir = join(root, 'benchmarks')
  const tracks = existsSync(dir) ? readdirSync(dir) : []
  // A task may have a file in several tracks (a benchmark and a learning file): this track's comes first.
  const files = ids.map((id) => [track, ...tracks].map((t) => `benchmarks/${t}/${benchFileName(id)}`).find((f) => existsSync(join(root, f))))
  if (files.some((f) => f === undefined)) return all
  return files.filter((f): f is string => f!.startsWith(`benchmarks/${track}/`))
}

/** A Vitest command line's file filters, --project patterns and --shard (as Vitest's parseCLI reads them). */
export interface VitestCommandLine {
  filter: readonly string[]
  project: readonly string[]
  /** --shard=<index>/<count>, when given. */
  shard?: string
  /** --maxWorkers (a count or a percentage of the cores), when given: it replaces every project's own worker count. */
  maxWorkers?: number | string
}

/**
 * Why a sharded run cannot start: ORGBENCH_TASKS leaves fewer benchmark files in the projects run
 * than there are shards, and Vitest shards the files left, so a shard would get none (Vitest then
 * stops with an error that a blob-only shard does not print, or runs no case). Null when it can
 * start, or when an id has no file (the run's validation names it).
 */
export function tooFewFilesForShards(root: string, cli: VitestCommandLine, env: NodeJS.ProcessEnv = process.env): string | null {
  const count = Number(/^\d+\/(\d+)$/.exec(cli.shard ?? '')?.[1] ?? 0)
  const ids = taskFilter(root, env)
  if (count < 2 || !ids) return null
  const files = benchFiles(root).filter((f) => ids.includes(f.task))
  if (ids.some((id) => !files.some((f) => f.task === id))) return null
  const asked = (project: string) => (cli.project.length === 0 ? project !== 'learning' : cli.project.some((p) => !p.startsWith('!') && matchesProject(p, project)))
  const run = files.filter((f) => asked(f.project)).length
  if (run >= count) return null
  return `[orgbench] ORGBENCH_TASKS=${ids.join(',')} selects ${run} benchmark file(s) in the projects run, fewer than the ${count} shards of --shard=${cli.shard}: Vitest shards the files the filter leaves, so a shard would get none. Run it without --shard, or with at most ${Math.max(run, 1)} shard(s).`
}

/**
 * Whether a Vitest command line asks for project `name` itself: a --project pattern that matches
 * it (Vitest's `*` wildcard, case-insensitive; not a `!` exclusion), or a file filter inside
 * `<root>/benchmarks/<name>/` (relative to `cwd`, or absolute). The learning loop runs only when
 * asked for: a bare `vitest run`, or `vitest run benchmarks`, leaves it out.
 */
export function asksForProject(cli: VitestCommandLine, name: string, root: string, cwd: string): boolean {
  const folder = join(root, 'benchmarks', name)
  const inside = (filter: string) => {
    const path = relative(folder, resolve(cwd, withoutLine(filter)))
    return !path.startsWith('..') && !isAbsolute(path)
  }
  return cli.project.some((pattern) => !pattern.startsWith('!') && matchesProject(pattern, name)) || cli.filter.some(inside)
}

/** Whether a --project pattern (not a `!` exclusion) names project `name` as Vitest reads it: `*` matches anything, the rest literally, the whole name, any case. */
export function matchesProject(pattern: string, name: string): boolean {
  return new RegExp(`^${pattern.split('*').map((part) => escapeRegExp(part)).join('.*')}$`, 'i').test(name)
}

/** The unit tests' projects: most files share their workers' modules; files that mock modules each get their own. */
export const UNIT_PROJECTS = ['unit', 'unit-isolated'] as const

/** The projects of the Vitest configuration: the unit tests', and one per folder under `<root>/benchmarks/`. */
export function vitestProjects(root: string): string[] {
  return [...UNIT_PROJECTS, ...new Set(benchFiles(root).map((f) => f.project))]
}

/** A file filter without its `:line` suffix. */
const withoutLine = (filter: string) => (/:\d+$/.test(filter) ? filter.slice(0, filter.lastIndexOf(':')) : filter)

/** Whether a run's task filters keep a task: ORGBENCH_TASKS names it (or is unset) and ORGBENCH_TIER is its tier (or "all"). */
export function selectsTask(config: Pick<Config, 'tasks' | 'tier'>, task: { id: string; tier: string }): boolean {
  return (config.tasks === null || config.tasks.includes(task.id)) && (config.tier === 'all' || config.tier === task.tier)
}

/** A benchmark file: its project (the folder under benchmarks/), the task it runs and its path from the root. */
export interface BenchFile {
  project: string
  task: string
  file: string
}

/** Every benchmark file under `<root>/benchmarks/<project>/`, sorted by path. */
export function benchFiles(root: string): BenchFile[] {
  const dir = join(root, 'benchmarks')
  if (!existsSync(dir)) return []
  return readdirSync(dir, { withFileTypes: true })
    .filter((d) => d.isDirectory())
    .flatMap((d) =>
      readdirSync(join(dir, d.name))
        .filter((name) => name.endsWith('.test.ts'))
        .map((name) => ({ project: d.name, task: taskOfBenchFile(name), file: `benchmarks/${d.name}/${name}` })),
    )
    // By code unit: the same order in every locale, and no localeCompare, whose first call loads ICU's collation (8 to 14 ms) before Vitest starts.
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
}

/**
 * Whether a Vitest file filter (`npx vitest run <filter>`) keeps `file` (absolute): as Vitest
 * matches them, the path from `cwd` contains the filter, or the filter names the file or a folder
 * above it (relative to `cwd`, or absolute). A `:line` suffix is ignored.
 */
export function matchesFileFilter(file: string, filter: string, cwd: string): boolean {
  return fileFilter(filter, cwd)(file)
}

/** matchesFileFilter for one filter, its own parts worked out once: for a run's hundreds of candidate files. */
export function fileFilter(filter: string, cwd: string): (file: string) => boolean {
  const name = withoutLine(filter)
  const absolute = isAbsolute(name)
  const lowerName = name.toLowerCase()
  const fromCwd = relative(cwd, resolve(cwd, name)).toLowerCase()
  return (file) => {
    if (absolute && file.startsWith(name)) return true
    const path = relative(cwd, file).toLowerCase()
    return path.includes(lowerName) || path.includes(fromCwd)
  }
}

/**
 * One line per ORGBENCH_TASKS id whose every file lies outside what a run or plan loads (`loaded`),
 * naming its file(s) and project(s): otherwise Vitest says only "No test files found", or the task is
 * left out without a word. `where` says what was loaded, e.g. "the projects run (finance)". Ids
 * without any file are left to the run's validation of ids.
 */
export function tasksElsewhere(ids: readonly string[] | null, files: readonly BenchFile[], loaded: (f: BenchFile) => boolean, where: string): string[] {
  return (ids ?? []).flatMap((id) => {
    const own = files.filter((f) => f.task === id)
    if (own.length === 0 || own.some(loaded)) return []
    const list = own.map((f) => `${f.file}, in project ${f.project} (--project ${f.project})`).join('; ')
    return [`ORGBENCH_TASKS: task "${id}" is not in ${where}: its file is ${list}`]
  })
}

/**
 * tasksElsewhere for a Vitest run of these projects and file filters (relative to `cwd`), read from
 * the files under `<root>/benchmarks/`; none when no benchmark project (a folder there) is among
 * them: a run of the unit tests says nothing of ORGBENCH_TASKS.
 */
export function tasksOutsideRun(root: string, ids: readonly string[] | null, run: { projects: readonly string[]; filters: readonly string[]; cwd: string }): string[] {
  const dir = join(root, 'benchmarks')
  const { projects, filters, cwd } = run
  if (ids === null || !existsSync(dir) || !readdirSync(dir).some((folder) => projects.includes(folder))) return []
  const kept = (f: BenchFile) => projects.includes(f.project) && (filters.length === 0 || filters.some((x) => matchesFileFilter(join(root, f.file), x, cwd)))
  const where =
    filters.length === 0
      ? `the projects run (${projects.join(', ')})`
      : `the files run (projects ${projects.join(', ')}, matching ${filters.map((x) => `"${x}"`).join(', ')})`
  return tasksElsewhere(ids, benchFiles(root), kept, where)
}

/** The track of every task defined under `<root>/lib/tasks/definitions/<track>/<id>.ts` (the registry refuses a definition outside its track's folder). */
export function tracksOfTasks(root: string): Map<string, string> {
  const dir = join(root, 'lib', 'tasks', 'definitions')
  if (!existsSync(dir)) return new Map()
  return new Map(
    readdirSync(dir, { withFileTypes: true })
      .filter((d) => d.isDirectory())
      .flatMap((d) => readdirSync(join(dir, d.name)).filter((name) => name.endsWith('.ts')).map((name) => [name.slice(0, -'.ts'.length), d.name] as const)),
  )
}

/**
 * One note per track whose project is run while tasks of that track are filed in projects that
 * are not (the finance track's hard-tier tasks are in benchmarks/hard/): otherwise a run of
 * `--project finance` passes for a run of the finance track. Only tasks the run's filters keep
 * (`keeps`) are named, and neither a task that also has a file in a project run nor the learning
 * loop's files (benchmarks/learning/ is never a benchmark project).
 */
export function trackTasksLeftOut(files: readonly BenchFile[], trackOf: ReadonlyMap<string, string>, projects: readonly string[], keeps: (file: BenchFile) => boolean): string[] {
  // A task also filed in a project that runs is in the run; the learning loop is no place a benchmark task is left out to.
  const running = new Set(files.filter((f) => projects.includes(f.project)).map((f) => f.task))
  return [...new Set(trackOf.values())]
    .sort()
    .filter((track) => projects.includes(track))
    .flatMap((track) => {
      const left = files.filter((f) => trackOf.get(f.task) === track && !projects.includes(f.project) && f.project !== 'learning' && !running.has(f.task) && keeps(f))
      if (left.length === 0) return []
      const byProject = [...new Set(left.map((f) => f.project))].map((p) => `${left.filter((f) => f.project === p).map((f) => f.task).join(', ')} (--project ${p})`)
      return [`note: project ${track} runs the ${track} track's tasks in benchmarks/${track}/ only; the track's other tasks are not in this run: ${byProject.join('; ')}`]
    })
}
