/*
 * Runs before each file of the unit project, whose workers run file after file in one module graph
 * (vitest.config.ts): the environment variables and working directory a file may have changed are
 * put back as the worker found them, so that no file's result depends on the files before it.
 */

const FIRST = Symbol.for('orgbench.test.firstState')
type First = { env: Record<string, string | undefined>; cwd: string }
const store = globalThis as Record<symbol, First | undefined>
const first = (store[FIRST] ??= { env: { ...process.env }, cwd: process.cwd() })

for (const key of Object.keys(process.env)) if (!(key in first.env)) delete process.env[key]
Object.assign(process.env, first.env)
if (process.cwd() !== first.cwd) process.chdir(first.cwd)
