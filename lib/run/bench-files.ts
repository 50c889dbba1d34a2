import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseEnv } from 'node:util'

/*
 * Which benchmark files a run loads. Read by vitest.config.ts before anything else, so it imports
 * nothing heavy: with ORGBENCH_TASKS set, only the files of those tasks are included and the others
 * are never loaded or declared. Task "code_review_execution" lives in
 * benchmarks/<track>/code-review-execution.test.ts (test/benchmarks.test.ts holds every file to that).
 */

/** ORGBENCH_TASKS from the environment, or else from `<root>/.env`; null when unset. */
function taskFilter(root: string, env: NodeJS.ProcessEnv): string[] | null {
  let raw = env.ORGBENCH_TASKS
  if (raw === undefined) {
    const file = join(root, '.env')
    if (existsSync(file)) raw = (parseEnv(readFileSync(file, 'utf8')) as Record<string, string>).ORGBENCH_TASKS
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
  const files = ids.map((id) => [track, ...tracks].map((t) => `benchmarks/${t}/${id.replaceAll('_', '-')}.test.ts`).find((f) => existsSync(join(root, f))))
  if (files.some((f) => f === undefined)) return all
  return files.filter((f): f is string => f!.startsWith(`benchmarks/${track}/`))
}
