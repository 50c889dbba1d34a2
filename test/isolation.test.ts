import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import type { TestRecord } from '../lib/results/record.js'
import { readPointer } from '../lib/results/pointer.js'
import { openRun, readAllRecords } from '../lib/results/read.js'
import type { RunFile } from '../lib/results/schema.js'
import { PROJECT_ROOT } from '../lib/tasks/registry.js'
import { tempDir } from './support/temp.js'

/**
 * The benchmark projects run without per-file isolation (vitest.config.ts: isolate false), so one
 * worker loads openai, zod and lib/ once and runs file after file. This is safe only if benchmark
 * files share no global state that changes a result. Proof: two benchmark files give the very same
 * records when they run one after the other in one worker as when each has a fresh worker.
 */
function runFixture(isolate: boolean): Promise<{ run: RunFile; records: TestRecord[] }> {
  const dir = tempDir('orgbench-isolation-')
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('ORGBENCH_') && k !== 'NODE_OPTIONS' && k !== 'TEST'))
  const env = {
    ...inherited,
    NO_COLOR: '1',
    ISOLATION_FIXTURE_ISOLATE: isolate ? '1' : '0',
    ISOLATION_FIXTURE_CACHE_DIR: join(dir, 'vite-cache'),
    ORGBENCH_RESULTS_DIR: join(dir, 'results'),
    ORGBENCH_CACHE_DIR: join(dir, 'response-cache'),
    ORGBENCH_TOPOLOGIES: 'single,star,self_refine',
    ORGBENCH_TRIALS: '1',
  }
  return new Promise((resolve, reject) => {
    execFile(
      join(PROJECT_ROOT, 'node_modules', '.bin', 'vitest'),
      ['run'],
      { cwd: join(PROJECT_ROOT, 'test', 'fixtures', 'isolation'), env, timeout: 180_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error)
        let handle
        try {
          handle = openRun(readPointer(join(dir, 'results')).path)
        } catch (e) {
          return reject(new Error(`no results written (${(e as Error).message})\n${stdout}\n${stderr}`))
        }
        readAllRecords(handle).then((records) => resolve({ run: handle.run, records }), reject)
      },
    )
  })
}

/** What a record says about the work, without timings (which differ from run to run). */
function substance(r: TestRecord) {
  return {
    case: `${r.task}/${r.topology}/${r.trial}`,
    status: r.status,
    scores: r.scores,
    mustCatch: r.mustCatch,
    cost: r.cost,
    deliverable: r.deliverable,
    events: r.events,
    // Parallel calls finish in any order; their ids are assigned in the order they were made.
    calls: r.calls.map((c) => [c.id, c.role, c.phase, c.dependsOn, c.promptTokens, c.completionTokens, c.costUsd]).sort((a, b) => String(a[0]).localeCompare(String(b[0]))),
    warnings: r.warnings,
  }
}

describe('benchmark files share no state that matters', () => {
  test('two files run one after the other in one worker give the same records as in fresh workers', async () => {
    // Independent runs (each its own folder): at once.
    const [shared, isolated] = await Promise.all([runFixture(false), runFixture(true)])
    expect(shared.records).toHaveLength(6)
    expect(shared.records.every((r) => r.status === 'ok')).toBe(true)
    expect(shared.records.map(substance)).toEqual(isolated.records.map(substance))
    // Two child runs, each bounded by its own timeout: this one only stops a hung test, never a slow machine.
  }, 2 * 180_000)
})
