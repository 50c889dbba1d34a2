import { spawn } from 'node:child_process'
import { join } from 'node:path'
import { childEnv as baseEnv, runVitest as run, VITEST_BIN } from '../../lib/run/vitest-process.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'

/** The folder of a fixture suite (test/fixtures/reporter/<scenario>/). */
export const fixtureSuite = (scenario: string) => join(PROJECT_ROOT, 'test', 'fixtures', 'reporter', scenario)

/**
 * A child Vitest's environment for a fixture suite. `cacheDir` keeps its Vite cache, attachments,
 * response cache and memory out of the project (unless `env` names their own): otherwise each run
 * left its replies under the fixture's folder.
 */
export const childEnv = (cacheDir: string, env: Record<string, string>) =>
  baseEnv({ REPORTER_FIXTURE_CACHE_DIR: cacheDir, ORGBENCH_CACHE_DIR: join(cacheDir, 'response-cache'), ORGBENCH_MEMORY_DIR: join(cacheDir, 'memory'), ...env })

/** Runs Vitest on a fixture suite to its end (at most 3 minutes): exit code and the whole output. */
export const runVitest = (cwd: string, args: string[], env: NodeJS.ProcessEnv) => run(cwd, args, env, 180_000)

/**
 * Starts Vitest on a fixture suite in a process group of its own and kills the whole group with
 * SIGKILL (as kill -9 or a CI runner would) once `until` says so; resolves when it is dead.
 * Resolves `killed: false` when the run ended before `until` held.
 */
export function runVitestUntilKilled(cwd: string, args: string[], env: NodeJS.ProcessEnv, until: () => boolean): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(VITEST_BIN, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
    let output = ''
    child.stdout.on('data', (d) => (output += d))
    child.stderr.on('data', (d) => (output += d))
    let killed = false
    const poll = setInterval(() => {
      if (killed || !until()) return
      killed = true
      process.kill(-child.pid!, 'SIGKILL')
    }, 20)
    child.on('error', reject)
    child.on('exit', () => {
      clearInterval(poll)
      resolve({ killed, output })
    })
  })
}
