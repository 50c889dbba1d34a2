import { execFile, spawn } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'

/** The folder of a fixture suite (test/fixtures/reporter/<scenario>/). */
export const fixtureSuite = (scenario: string) => join(PROJECT_ROOT, 'test', 'fixtures', 'reporter', scenario)

const VITEST = join(PROJECT_ROOT, 'node_modules', '.bin', 'vitest')

/**
 * The environment of a child Vitest: this process's, without this Vitest's worker state or the
 * caller's orgbench settings, plus `env`. `cacheDir` keeps the child's Vite cache out of the project.
 */
export function childEnv(cacheDir: string, env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('ORGBENCH_') && k !== 'NODE_OPTIONS' && k !== 'TEST'))
  return { ...inherited, NO_COLOR: '1', REPORTER_FIXTURE_CACHE_DIR: cacheDir, ...env }
}

/** Runs Vitest on a fixture suite to its end: exit code and the whole output. */
export function runVitest(cwd: string, args: string[], env: NodeJS.ProcessEnv): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(VITEST, args, { cwd, env, timeout: 180_000, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error)
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}\n${stderr}` })
    })
  })
}

/**
 * Starts Vitest on a fixture suite in a process group of its own and kills the whole group with
 * SIGKILL (as kill -9 or a CI runner would) once `until` says so; resolves when it is dead.
 * Resolves `killed: false` when the run ended before `until` held.
 */
export function runVitestUntilKilled(cwd: string, args: string[], env: NodeJS.ProcessEnv, until: () => boolean): Promise<{ killed: boolean; output: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(VITEST, args, { cwd, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] })
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
