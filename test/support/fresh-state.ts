/*
 * Runs before each file of the unit project, whose workers run file after file in one module graph
 * (vitest.config.ts): the environment variables and working directory a file may have changed are
 * put back as the worker found them, so that no file's result depends on the files before it.
 * Vitest's own variables (VITEST_WORKER_ID and the like) are Vitest's to set for each file.
 */

const FIRST = Symbol.for('orgbench.test.firstState')
type First = { env: Record<string, string | undefined>; cwd: string }
const store = globalThis as Record<symbol, First | undefined>
const first = (store[FIRST] ??= { env: { ...process.env }, cwd: process.cwd() })
const ours = (key: string) => !key.startsWith('VITEST')

for (const key of Object.keys(process.env)) if (ours(key) && !(key in first.env)) delete process.env[key]
for (const [key, value] of Object.entries(first.env)) if (ours(key)) process.env[key] = value
if (process.cwd() !== first.cwd) process.chdir(first.cwd)
