import { readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, test, vi } from 'vitest'
import { loadConfig } from '../../../lib/config.js'
import { POINTER_FILE } from '../../../lib/results/pointer.js'
import { runCase } from '../../../lib/run/runner.js'
import { startSimulator, type Simulator } from '../../../lib/sim/server.js'
import { loadRegistry } from '../../../lib/tasks/registry.js'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'
import { writeRunFixture } from '../../results/fixtures.js'

let sim: Simulator | undefined
// The simulator loads every task: on a loaded machine that takes longer than Vitest's 10 s for a hook.
beforeAll(async () => {
  sim = await startSimulator()
}, 120_000)
afterAll(() => sim?.close())

/** A stored run of one judged case, in a folder of its own. */
async function storedRun(runId: string): Promise<string> {
  const config = loadConfig({ env: { ORGBENCH_TRIALS: '1' } })
  const record = await runCase({ config, task: (await loadRegistry()).get('code_review_execution'), topology: 'single', trial: 1, baseURL: sim!.url })
  const path = join(tempDir(), `${runId}.json`)
  await writeRunFixture(path, [record], { runId })
  return path
}

describe('orgbench rescore <file>', () => {
  afterEach(() => vi.unstubAllEnvs())

  test('writes a new run <time>-rescored-<end of the old run id>.json into ORGBENCH_RESULTS_DIR, not beside the input, and does not move LATEST', async () => {
    const input = await storedRun('sim-19700101T000000Z-abc123')
    const inputDir = join(input, '..')
    const besideBefore = readdirSync(inputDir).sort()
    const results = tempDir()
    const latest = '{"runId":"an-earlier-run"}\n'
    writeFileSync(join(results, POINTER_FILE), latest)
    vi.stubEnv('ORGBENCH_RESULTS_DIR', results)

    const r = await cli('rescore', input)
    expect(r.code).toBe(0)
    const written = readdirSync(results).filter((f) => f.endsWith('.json'))
    expect(written).toEqual([expect.stringMatching(/^sim-\d{8}T\d{6}Z-rescored-abc123\.json$/)])
    expect(r.out).toContain(`re-scored 1 records of sim-19700101T000000Z-abc123 with judge sim-judge; new generation calls: 0`)
    expect(r.out).toContain('[orgbench] no endpoint configured (ORGBENCH_BASE_URL): the embedded simulator judges; the re-scored results are simulated')
    expect(readdirSync(inputDir).sort()).toEqual(besideBefore)
    expect(readFileSync(join(results, POINTER_FILE), 'utf8')).toBe(latest)
  }, 60_000)

  test('a results folder that cannot be written stops the re-scoring before any judge call, naming the setting and the cause, exit 2', async () => {
    const input = await storedRun('sim-19700101T000000Z-fed321')
    const root = tempDir()
    writeFileSync(join(root, 'a-file'), '')
    vi.stubEnv('ORGBENCH_RESULTS_DIR', join(root, 'a-file', 'runs'))
    vi.stubEnv('ORGBENCH_BASE_URL', sim!.url)
    vi.stubEnv('ORGBENCH_MODEL', 'sim-strong')
    vi.stubEnv('ORGBENCH_JUDGE_MODEL', 'sim-judge')
    const requests = sim!.stats.requests
    const r = await cli('rescore', input)
    expect([r.code, r.out]).toEqual([2, ''])
    expect(r.err).toBe(`orgbench rescore: ORGBENCH_RESULTS_DIR=${join(root, 'a-file', 'runs')}: cannot write results there: ${join(root, 'a-file')} is a file, expected a folder`)
    expect(sim!.stats.requests).toBe(requests)
  }, 60_000)

  test('a judge that fails on every record: the cause is printed, the run is written as failed, and the exit is 1', async () => {
    const input = await storedRun('sim-19700101T000000Z-def456')
    const refusing = await startSimulator({ faults: [{ kind: 'unauthorized', match: { model: 'sim-judge' } }] })
    try {
      const results = tempDir()
      vi.stubEnv('ORGBENCH_RESULTS_DIR', results)
      vi.stubEnv('ORGBENCH_BASE_URL', refusing.url)
      vi.stubEnv('ORGBENCH_MODEL', 'sim-strong')
      vi.stubEnv('ORGBENCH_JUDGE_MODEL', 'sim-judge')
      vi.stubEnv('ORGBENCH_RETRIES', '0')
      const r = await cli('rescore', input)
      expect(r.code, r.err).toBe(1)
      expect(r.err).toMatch(/^orgbench rescore: 1 of 1 re-scored case\(s\) errored in the re-scoring; the first of each cause:$/m)
      expect(r.err).toMatch(/^ {2}1 case\(s\), first code_review_execution × single #1: judge: \S+: .*401/m)
      const [written] = readdirSync(results).filter((f) => f.endsWith('.json'))
      const run = JSON.parse(readFileSync(join(results, written!), 'utf8')) as { status: string; statusReasons: string[] }
      expect(run.status).toBe('failed')
      expect(run.statusReasons).toEqual(['no case succeeded (all 1 errored)'])
    } finally {
      await refusing.close()
    }
  }, 60_000)
})
