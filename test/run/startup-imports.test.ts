import { describe, expect, test } from 'vitest'
import { importGraph } from '../support/import-graph.js'

const loadedWith = (entry: string) => importGraph(entry).files

describe('what the main process loads before the first test', () => {
  // Vitest loads the reporters and runs the global setup before it starts a worker: each module loaded then delays the first test.
  const beforeFirstTest = new Set(['reporters/results-reporter.ts', 'reporters/progress-reporter.ts', 'lib/run/setup-run.ts'].flatMap((entry) => [...loadedWith(entry)]))

  test('the walk follows static imports and re-exports, not type imports', () => {
    expect(beforeFirstTest).toContain('lib/config.ts')
    expect(beforeFirstTest).toContain('lib/run/self-refine-warning.ts')
    expect(loadedWith('lib/run/bench-task.ts')).toContain('lib/topologies/index.ts')
  })

  test("the results reporter's end (finalizing and rendering the run) loads once tests run, after the first test file has loaded", () => {
    expect([...beforeFirstTest].filter((f) => ['lib/results/finalize.ts', 'lib/results/render.ts', 'lib/results/saturation.ts', 'lib/results/status.ts'].includes(f))).toEqual([])
  })

  test('no topology: the main process runs none', () => {
    expect([...beforeFirstTest].filter((f) => f.startsWith('lib/topologies/') && !['lib/topologies/options.ts', 'lib/topologies/types.ts'].includes(f))).toEqual([])
  })
})
