import { execFile } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { RunFile } from '../lib/results/schema.js'
import { PROJECT_ROOT } from '../lib/tasks/registry.js'
import { tempDir } from './support/temp.js'

/**
 * The reporter, tested the way it is used: a fixture suite (test/fixtures/reporter/<scenario>/) is
 * run by its own Vitest process with the project's globalSetup and reporter; its results go to a
 * temporary folder. We assert on the results file, the output and the exit code.
 */
const API_KEY = 'sk-test-reporter-0123456789abcdef'

interface Outcome {
  code: number
  output: string
  results: string
  run: RunFile
  dir: string
}

function runFixture(scenario: string, env: Record<string, string>, args: string[] = []): Promise<Outcome> {
  const dir = tempDir('orgbench-reporter-')
  const resultsDir = join(dir, 'results')
  // The child must not inherit this Vitest's worker state or the caller's orgbench settings.
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('ORGBENCH_') && k !== 'NODE_OPTIONS' && k !== 'TEST'))
  const childEnv = {
    ...inherited,
    NO_COLOR: '1',
    REPORTER_FIXTURE_CACHE_DIR: join(dir, 'cache'),
    ORGBENCH_CACHE_DIR: join(dir, 'response-cache'),
    ORGBENCH_RESULTS_DIR: resultsDir,
    ORGBENCH_API_KEY: API_KEY,
    ORGBENCH_TRIALS: '2',
    ...env,
  }
  return new Promise((resolve, reject) => {
    execFile(
      join(PROJECT_ROOT, 'node_modules', '.bin', 'vitest'),
      ['run', ...args],
      { cwd: join(PROJECT_ROOT, 'test', 'fixtures', 'reporter', scenario), env: childEnv, timeout: 180_000, maxBuffer: 32 * 1024 * 1024 },
      (error, stdout, stderr) => {
        if (error && typeof error.code !== 'number') return reject(error)
        const files = readdirSync(resultsDir)
        if (files.length !== 1) return reject(new Error(`expected one results file, got ${files.join(', ') || 'none'}\n${stdout}\n${stderr}`))
        const results = readFileSync(join(resultsDir, files[0]!), 'utf8')
        resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}\n${stderr}`, results, run: RunFile.parse(JSON.parse(results)), dir })
      },
    )
  })
}

/** Claims that every results file must satisfy, whatever the scenario. */
function expectWellFormed(outcome: Outcome): void {
  const { run, results } = outcome
  expect(run.simulated).toBe(true)
  expect(run.runId).toMatch(/^sim-\d{8}T\d{6}Z-[0-9a-f]{6}$/)
  expect(readdirSync(join(outcome.dir, 'results'))).toEqual([`${run.runId}.json`])
  // Every topology × trial, sorted.
  expect(run.records.map((r) => `${r.task} ${r.topology} #${r.trial}`)).toEqual([
    'code_review_execution single #1',
    'code_review_execution single #2',
    'code_review_execution star #1',
    'code_review_execution star #2',
  ])
  expect(run.records.every((r) => r.simulated)).toBe(true)
  // Stable JSON with sorted keys and a final newline; no key, no absolute path.
  expect(results.endsWith('}\n')).toBe(true)
  expect(Object.keys(JSON.parse(results))).toEqual(Object.keys(JSON.parse(results)).sort())
  expect(results).not.toContain(API_KEY)
  expect(outcome.output).not.toContain(API_KEY)
  expect(results).not.toContain(PROJECT_ROOT)
  expect(results).not.toContain(outcome.dir)
  // The output ends with the reporter's line.
  expect(outcome.output.trimEnd().split('\n').filter((l) => /^\d+ passed, \d+ failed$/.test(l))).toHaveLength(1)
}

describe('the results reporter on a fixture suite', () => {
  test('a passing suite: exit 0, a complete simulated results file, "4 passed, 0 failed"', async () => {
    const outcome = await runFixture('code-review', {})
    expect(outcome.code, outcome.output).toBe(0)
    expectWellFormed(outcome)
    const { run } = outcome
    expect(run.config).toMatchObject({ provider: 'sim', endpoint: 'embedded simulator', model: 'sim-strong', trials: 2 })
    expect(run.vitest).toMatchObject({ reason: 'passed', passed: 4, failed: 0 })
    expect(run.totals.errors).toBe(0)
    for (const r of run.records) {
      expect(r.status).toBe('ok')
      expect(r.scores.headline).toBeGreaterThan(0)
      expect(r.mustCatch.missed).toEqual([])
    }
    expect(run.aggregates.map((a) => a.topology)).toEqual(['single', 'star'])
    expect(outcome.output).toContain('orgbench results — SIMULATED')
    expect(outcome.output).toMatch(/^4 passed, 0 failed$/m)
  })

  test('a weak model misses planted bugs: exit 1, and the output names what was missed', async () => {
    const outcome = await runFixture('code-review', { ORGBENCH_MODEL: 'sim-weak' })
    expect(outcome.code, outcome.output).toBe(1)
    expectWellFormed(outcome)
    const missed = outcome.run.records.flatMap((r) => r.mustCatch.missed)
    expect(missed.length).toBeGreaterThan(0)
    // Every missed item is named in a failed soft assertion.
    for (const m of missed) expect(outcome.output).toContain(`missed: ${m.description}`)
    expect(outcome.run.vitest.failed).toBeGreaterThan(0)
    expect(outcome.output).toMatch(new RegExp(`^${outcome.run.vitest.passed} passed, ${outcome.run.vitest.failed} failed$`, 'm'))
  })

  test('a model the endpoint does not have: every test is an error with its cause, never a score of 0', async () => {
    const outcome = await runFixture('code-review', { ORGBENCH_MODEL: 'no-such-model', ORGBENCH_JUDGE_MODEL: 'sim-judge' })
    expect(outcome.code, outcome.output).toBe(1)
    expectWellFormed(outcome)
    expect(outcome.run.totals.errors).toBe(4)
    for (const r of outcome.run.records) {
      expect(r.status).toBe('error')
      expect(r.scores.headline).toBeNull()
      expect(r.scores.groundTruth).toBeNull()
      expect(r.errors[0]).toMatchObject({ stage: 'organisation', kind: 'api' })
      expect(r.errors[0]!.message).toContain('no-such-model')
    }
    expect(outcome.run.aggregates.every((a) => a.headline.mean === null)).toBe(true)
    expect(outcome.output).toMatch(/^0 passed, 4 failed$/m)
  })

  test('a name filter that leaves out the single agent does not make the others wait for it', async () => {
    // star's pairwise judging needs single's deliverable of the same trial; with single filtered
    // out by -t, star must go on without a pairwise verdict instead of waiting until it times out.
    const outcome = await runFixture('code-review', {}, ['-t', '× star'])
    expect(outcome.code, outcome.output).toBe(0)
    expect(outcome.run.records.map((r) => `${r.topology} #${r.trial}`)).toEqual(['star #1', 'star #2'])
    for (const r of outcome.run.records) {
      expect(r.status).toBe('ok')
      expect(r.scores.judge?.score).not.toBeNull()
      expect(r.scores.judge?.pairwise).toBeNull()
    }
    expect(outcome.output).toMatch(/^2 passed, 0 failed$/m)
  })
})
