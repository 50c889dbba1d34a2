import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { childEnv } from '../../lib/run/vitest-process.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { timedVitest } from '../support.js'

/**
 * The yardstick for a one-case run's startup: a bare Vitest project in `dir` with the project's
 * own packages (Vitest, openai, zod), whose one test makes one chat call to `url` through the
 * openai SDK. It runs in one worker thread with its modules cached on disk, as the benchmarks do.
 * What it takes is what any Vitest suite calling a model pays on this machine at this moment; a
 * one-case run's startup over it is the harness's own part.
 */
export function writeFloorProject(dir: string): string {
  mkdirSync(dir, { recursive: true })
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(dir, 'node_modules'))
  writeFileSync(join(dir, 'package.json'), '{ "type": "module", "private": true }\n')
  // Its caches stay in `dir`: through the symlink they would pile up in the project's node_modules.
  writeFileSync(
    join(dir, 'vitest.config.mjs'),
    "export default { cacheDir: '.vite', test: { include: ['one-call.test.mjs'], pool: 'threads', isolate: false, maxWorkers: 1, experimental: { fsModuleCache: true, fsModuleCachePath: '.module-cache' } } }\n",
  )
  writeFileSync(
    join(dir, 'one-call.test.mjs'),
    [
      "import OpenAI from 'openai'",
      "import { z } from 'zod'",
      "import { expect, test } from 'vitest'",
      '',
      "const Reply = z.object({ choices: z.array(z.unknown()).min(1) })",
      '',
      "test('one call', async () => {",
      "  const client = new OpenAI({ baseURL: process.env.FLOOR_BASE_URL, apiKey: 'sk-perf-floor-000000', maxRetries: 0 })",
      "  const reply = await client.chat.completions.create({ model: 'sim-strong', messages: [{ role: 'user', content: 'Say hello.' }] })",
      '  expect(Reply.parse(reply).choices.length).toBe(1)',
      '})',
      '',
    ].join('\n'),
  )
  return dir
}

/** One run of the floor project against `url`: its wall and CPU time (ms); fails unless its test passed. */
export async function timedFloor(dir: string, url: string): Promise<{ wallMs: number; cpuMs: number | null }> {
  const { wallMs, cpuMs, code, output } = await timedVitest(dir, [], childEnv({ FLOOR_BASE_URL: url }))
  if (code !== 0) throw new Error(`the bare Vitest project failed (exit ${code}):\n${output.slice(-2000)}`)
  return { wallMs, cpuMs }
}
