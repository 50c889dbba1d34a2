import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { JournalWriter } from '../../lib/results/journal.js'
import { readManifest, writeManifest } from '../../lib/results/manifest.js'
import { resumeBasis, withoutKept } from '../../lib/run/plan-resume.js'
import { ResumeError } from '../../lib/run/resume.js'
import { startRun } from '../../lib/run/start.js'
import { makeRecord } from '../results/fixtures.js'
import { callRecord } from '../support/calls.js'
import { tempDir } from '../support/temp.js'

const configIn = (dir: string, env: Record<string, string> = {}) => loadConfig({ env: { ORGBENCH_RESULTS_DIR: dir, ORGBENCH_CACHE_DIR: `${dir}/cache`, ...env }, cwd: '/nonexistent-orgbench-fixture' })
const cells = [
  { task: 'task_a', topology: 'single', trials: 3, observations: [] },
  { task: 'task_a', topology: 'star', trials: 3, observations: [] },
]

/** A run stopped with single #1 and star #2 done, star #1 errored (spent $0.25 in all), its process gone. */
function stoppedRun(dir: string, env: Record<string, string> = {}): string {
  const { run } = startRun({ config: configIn(dir, env), resultsDir: dir, root: dir, shard: null, log: () => {} })
  const writer = new JournalWriter(run.journalDir, 1)
  for (const [topology, trial, status, costUsd] of [['single', 1, 'ok', 0.1], ['star', 1, 'error', 0.05], ['star', 2, 'ok', 0.1]] as const) {
    void writer.append({ ...makeRecord({ topology, trial, status }), calls: [callRecord({ id: 'c001', costUsd })] })
  }
  const m = readManifest(dir, run.runId)!
  writeManifest(dir, { ...m, sessions: m.sessions.map((s) => ({ ...s, pid: 2 ** 22 + 12345 })) })
  return run.runId
}

describe('planning a resume', () => {
  test('the cases with a successful record are kept, not planned, and what the run spent counts against the cap', () => {
    const dir = tempDir()
    const runId = stoppedRun(dir, { ORGBENCH_MAX_USD: '1' })
    const basis = resumeBasis(configIn(dir, { ORGBENCH_MAX_USD: '2', ORGBENCH_RESUME: 'latest' }), cells, dir)!
    expect(basis).toMatchObject({ runId, kept: 2, spentUsd: 0.25 })
    expect(withoutKept(cells, basis).map((c) => `${c.topology} ${c.trials}`)).toEqual(['single 2', 'star 2'])
  })
  test('without ORGBENCH_RESUME there is nothing to keep; an unknown run or other settings stop the plan as they stop the run', () => {
    const dir = tempDir()
    stoppedRun(dir)
    expect(resumeBasis(configIn(dir), cells, dir)).toBeNull()
    expect(() => resumeBasis(configIn(dir, { ORGBENCH_RESUME: 'sim-nope' }), cells, dir)).toThrow(ResumeError)
    expect(() => resumeBasis(configIn(dir, { ORGBENCH_RESUME: 'latest', ORGBENCH_TRIALS: '2' }), cells, dir)).toThrow('trials (ORGBENCH_TRIALS): the run had 3, now 2')
  })
})
