import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { PROJECT_ROOT } from '../tasks/registry.js'

/** The project's Vitest executable. */
export const VITEST_BIN = join(PROJECT_ROOT, 'node_modules', '.bin', 'vitest')

/**
 * The environment of a child Vitest: this process's, without a parent Vitest's worker state or the
 * caller's orgbench settings, plus `env`.
 */
export function childEnv(env: Record<string, string>): NodeJS.ProcessEnv {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('ORGBENCH_') && k !== 'NODE_OPTIONS' && k !== 'TEST'))
  return { ...inherited, NO_COLOR: '1', ...env }
}

/** Runs Vitest in `cwd` to its end: exit code and the whole output. */
export function runVitest(cwd: string, args: string[], env: NodeJS.ProcessEnv, timeoutMs = 30 * 60_000): Promise<{ code: number; output: string }> {
  return new Promise((resolve, reject) => {
    execFile(VITEST_BIN, args, { cwd, env, timeout: timeoutMs, maxBuffer: 64 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error)
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}\n${stderr}` })
    })
  })
}
