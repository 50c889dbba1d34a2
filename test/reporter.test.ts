import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { describe, expect, onTestFinished, test, vi } from 'vitest'
import type { TestModule, Vitest } from 'vitest/node'
import OrgbenchReporter from '../reporters/results.js'
import { setActiveRun } from '../lib/run/start.js'
import { readPointer } from '../lib/results/pointer.js'
import { NO_RETRY } from '../lib/run/bench.js'
import { openRun } from '../lib/results/read.js'
import type { TestRecord } from '../lib/results/record.js'
import { RunFile } from '../lib/results/schema.js'
import { summarizeRecord } from '../lib/results/summary.js'
import { startSimulator } from '../lib/sim/server.js'
import { PROJECT_ROOT } from '../lib/tasks/registry.js'
import { sharedTempDir, tempDir } from './support/temp.js'
import { childEnv, fixtureSuite, runVitest } from './support/vitest-child.js'

/**
 * The reporter, tested the way it is used: a fixture suite (test/fixtures/reporter/<scenario>/) is
 * run by its own Vitest process with the project's globalSetup and reporter; its results go to a
 * temporary folder. We assert on the results file, the output and the exit code.
 */
const API_KEY = 'sk-test-reporter-0123456789abcdef'

interface Outcome {
  code: number
  output: string
  /** The run file's text. */
  results: string
  run: RunFile
  records: TestRecord[]
  dir: string
}

async function runFixture(scenario: string, env: Record<string, string>, args: string[] = [], dir = tempDir('orgbench-reporter-')): Promise<Outcome> {
  const resultsDir = join(dir, 'results')
  const { code, output } = await runVitest(fixtureSuite(scenario), ['run', ...args], childEnv(join(dir, 'cache'), { ORGBENCH_RESULTS_DIR: resultsDir, ORGBENCH_CACHE_DIR: join(dir, 'response-cache'), ORGBENCH_API_KEY: API_KEY, ORGBENCH_TRIALS: '2', ...env }))
  let path: string
  try {
    path = readPointer(resultsDir).path
  } catch (e) {
    throw new Error(`no results written (${(e as Error).message})\n${output}`)
  }
  const records: TestRecord[] = []
  for await (const r of openRun(path).records()) records.push(r)
  const results = readFileSync(path, 'utf8')
  return { code, output, results, run: RunFile.parse(JSON.parse(results)), records, dir }
}

/** Claims that every results file must satisfy, whatever the scenario. */
function expectWellFormed(outcome: Outcome, cases = ['single #1', 'single #2', 'star #1', 'star #2']): void {
  const { run, results, records } = outcome
  expect(run.simulated).toBe(true)
  expect(run.runId).toMatch(/^sim-\d{8}T\d{6}Z-[0-9a-f]{6}$/)
  // The run file, its records file and the pointer; the journal only while the run is not complete and clean.
  const clean = run.status === 'complete' && run.totals.errors === 0
  expect(readdirSync(join(outcome.dir, 'results')).sort()).toEqual([`${run.runId}.json`, `${run.runId}.records.jsonl.gz`, 'LATEST', ...(clean ? [] : ['journal'])].sort())
  // Every topology × trial, sorted, in the run file and in the records file alike.
  expect(run.cases.map((r) => `${r.task} ${r.topology} #${r.trial}`)).toEqual(records.map((r) => `${r.task} ${r.topology} #${r.trial}`))
  expect(records.map((r) => `${r.task} ${r.topology} #${r.trial}`)).toEqual(cases.map((c) => `code_review_execution ${c}`))
  // The summaries in the run file are those of the full records.
  expect(run.cases).toEqual(records.map(summarizeRecord))
  expect(records.every((r) => r.simulated)).toBe(true)
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
    expect(run.status).toBe('complete')
    for (const r of outcome.records) {
      expect(r.status).toBe('ok')
      expect(r.scores.headline).toBeGreaterThan(0)
      expect(r.mustCatch.missed).toEqual([])
    }
    expect(run.aggregates.map((a) => a.topology)).toEqual(['single', 'star'])
    expect(outcome.output).toContain('orgbench results — SIMULATED')
    expect(outcome.output).toMatch(/^4 passed, 0 failed$/m)
    // A terminal run attaches no files: nothing would show them (the records file holds deliverables and judgements).
    expect(existsSync(join(outcome.dir, 'cache', 'attachments'))).toBe(false)
  })

  describe('one run of a weak model, with a blob report (merged and viewed later, as the weekly workflow\'s shards are) and retries asked for', () => {
    const weakDir = sharedTempDir('orgbench-reporter-')
    const blob = ['--reporter=default', `--reporter=${join(PROJECT_ROOT, 'reporters', 'results.ts')}`, '--reporter=blob', `--outputFile.blob=${join(weakDir, 'blob', 'report.json')}`]
    // Started by the first of its tests that runs, whichever a name filter keeps.
    let weakRun: Promise<Outcome> | undefined
    const weak = () => (weakRun ??= runFixture('code-review', { ORGBENCH_MODEL: 'sim-weak' }, [...blob, '--retry=2'], weakDir))

    test('a weak model misses planted bugs: exit 1, and the output names what was missed', async () => {
      const outcome = await weak()
      expect(outcome.code, outcome.output).toBe(1)
      expectWellFormed(outcome)
      const missed = outcome.records.flatMap((r) => r.mustCatch.missed)
      expect(missed.length).toBeGreaterThan(0)
      // Every missed item is named in its test's failure, which points at where the item is defined.
      for (const m of missed) expect(outcome.output).toContain(`  - ${m.description} (${m.id})`)
      expect(outcome.output).toMatch(/❯ \S+ \S*fixtures\/code-review\/ground-truth\.json:\d+:\d+/)
      expect(outcome.run.vitest.failed).toBeGreaterThan(0)
      expect(outcome.output).toMatch(new RegExp(`^${outcome.run.vitest.passed} passed, ${outcome.run.vitest.failed} failed$`, 'm'))
      // The blob report will be viewed: deliverables and judgements are attachment files (4 tests × 2), not bodies held in memory.
      const attachments = readdirSync(join(outcome.dir, 'cache', 'attachments'))
      expect(attachments.filter((f) => f.startsWith('deliverable-'))).toHaveLength(4)
      expect(attachments.filter((f) => f.startsWith('judge-'))).toHaveLength(4)
    })

    test('a retry (here from the command line of a suite outside benchmarks/, which the global setup does not check) makes no second paid attempt: the retried test fails at once, the first record stands', async () => {
      const outcome = await weak()
      expect(outcome.code, outcome.output).toBe(1)
      expectWellFormed(outcome)
      const failed = outcome.run.cases.filter((c) => c.mustCatch.missed.length > 0)
      expect(failed.length).toBeGreaterThan(0)
      for (const c of failed) expect(outcome.output).toContain(`code_review_execution × ${c.topology} #${c.trial}: not run again (attempt 2): ${NO_RETRY}`)
    })
  })

  test('a test that times out while its finished record is being journaled keeps that record, with no interruption record over it', async () => {
    const outcome = await runFixture('slow-journal', { ORGBENCH_TRIALS: '1' }, ['--testTimeout=5000'])
    expect(outcome.code, outcome.output).toBe(1)
    expect(outcome.output).toContain('Test timed out in 5000ms')
    expect(outcome.records.map((r) => [r.topology, r.status, r.errors.length])).toEqual([['single', 'ok', 0]])
    expect(outcome.run.cases[0]!.scores.headline).not.toBeNull()
    expect(outcome.run.totals.errors).toBe(0)
  })

  test('a model the endpoint does not have: every test is an error with its cause, never a score of 0', async () => {
    const outcome = await runFixture('code-review', { ORGBENCH_MODEL: 'no-such-model', ORGBENCH_JUDGE_MODEL: 'sim-judge' })
    expect(outcome.code, outcome.output).toBe(1)
    expectWellFormed(outcome)
    expect(outcome.run.totals.errors).toBe(4)
    expect(outcome.run.status).toBe('failed')
    for (const r of outcome.records) {
      expect(r.status).toBe('error')
      expect(r.scores.headline).toBeNull()
      expect(r.scores.groundTruth).toBeNull()
      expect(r.errors[0]).toMatchObject({ stage: 'organisation', kind: 'api' })
      expect(r.errors[0]!.message).toContain('no-such-model')
    }
    expect(outcome.run.aggregates.every((a) => a.headline.mean === null)).toBe(true)
    expect(outcome.output).toMatch(/^0 passed, 4 failed$/m)
  })

  test('a server that cuts every prompt to a 4,096-token context (as Ollama does): every test is a context_truncated error, with what the calls cost, never a score', async () => {
    const sim = await startSimulator({ faults: [{ kind: 'context_cut', contextTokens: 4_096 }] })
    onTestFinished(() => sim.close())
    const outcome = await runFixture('code-review', { ORGBENCH_BASE_URL: sim.url, ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge' })
    expect(outcome.code, outcome.output).toBe(1)
    expectWellFormed(outcome)
    expect(outcome.run.totals.errors).toBe(4)
    expect(outcome.run.status).toBe('failed')
    expect(outcome.run.config.contextCheck).toBe('on')
    for (const r of outcome.records) {
      expect(r.status).toBe('error')
      expect(r.scores.headline).toBeNull()
      expect(r.errors[0]).toMatchObject({ stage: 'organisation', kind: 'context_truncated' })
      expect(r.errors[0]!.message).toMatch(/^sim-strong: the endpoint reported 4096 prompt tokens for a request estimated at \d+ /)
      expect(r.errors[0]!.message).toContain('OLLAMA_CONTEXT_LENGTH')
      // Each call was answered once, not retried, and what it cost is in the record.
      for (const c of r.calls) expect(c).toMatchObject({ promptTokens: 4_096, attempts: 1, error: { kind: 'context_truncated' } })
      expect(r.cost.org.usd).toBeGreaterThan(0)
    }
    expect(outcome.run.totals.spend.usd).toBeGreaterThan(0)
    expect(outcome.output).toContain('context_truncated')
    expect(outcome.output).toMatch(/^0 passed, 4 failed$/m)
  })

  test('a key that arrives with a trailing line break and no provider prefix (a pasted secret) is written nowhere, though the endpoint echoes it in replies and errors', async () => {
    // The HTTP layer drops the line break from the header, so the endpoint echoes the key without it: that is the string the redactor must know.
    const key = 'tok-echoed-0123456789abcdef'
    const sim = await startSimulator({ faults: [{ kind: ['echo_key', 'unauthorized'], rate: 0.5 }] })
    onTestFinished(() => sim.close())
    const outcome = await runFixture('code-review', { ORGBENCH_BASE_URL: sim.url, ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge', ORGBENCH_API_KEY: `${key}\n`, ORGBENCH_CACHE: 'read-write' })
    expect(sim.stats.faults).toBeGreaterThan(0)
    const written = readdirSync(outcome.dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const raw = readFileSync(join(d.parentPath, d.name))
        return { file: join(d.parentPath, d.name), text: (d.name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8') }
      })
    expect(written.some((w) => w.file.includes('journal') || w.file.includes('response-cache'))).toBe(true)
    expect(written.filter((w) => w.text.includes(key)).map((w) => w.file)).toEqual([])
    expect(outcome.output).not.toContain(key)
    expect(outcome.output + written.map((w) => w.text).join('')).toContain('[redacted]')
  })

  test('a judge on its own endpoint gets the judge\'s calls with its own key, which is written nowhere though that endpoint echoes it; the run file names the endpoint', async () => {
    const judgeKey = 'sk-judge-echoed-0123456789abcdef'
    const agents = await startSimulator({})
    const judge = await startSimulator({ faults: [{ kind: ['echo_key', 'unauthorized'], rate: 0.5 }] })
    onTestFinished(async () => {
      await agents.close()
      await judge.close()
    })
    const outcome = await runFixture('code-review', { ORGBENCH_BASE_URL: agents.url, ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge', ORGBENCH_JUDGE_BASE_URL: judge.url, ORGBENCH_JUDGE_API_KEY: judgeKey, ORGBENCH_CACHE: 'read-write' })
    expect(judge.stats.byModel).toEqual({ 'sim-judge': expect.any(Number) })
    expect(agents.stats.byModel).toEqual({ 'sim-strong': expect.any(Number) })
    expect(judge.stats.faults).toBeGreaterThan(0)
    expect(outcome.run.config).toMatchObject({ judgeProvider: 'custom', judgeEndpoint: new URL(judge.url).origin })
    const written = readdirSync(outcome.dir, { recursive: true, withFileTypes: true })
      .filter((d) => d.isFile())
      .map((d) => {
        const raw = readFileSync(join(d.parentPath, d.name))
        return { file: join(d.parentPath, d.name), text: (d.name.endsWith('.gz') ? gunzipSync(raw) : raw).toString('utf8') }
      })
    expect(written.some((w) => w.file.includes('response-cache'))).toBe(true)
    expect(written.filter((w) => w.text.includes(judgeKey)).map((w) => w.file)).toEqual([])
    expect(outcome.output).not.toContain(judgeKey)
    expect(outcome.output + written.map((w) => w.text).join('')).toContain('[redacted]')
  })

  test('a name filter that leaves out the single agent does not make the others wait for it', async () => {
    // star's pairwise judging needs single's deliverable of the same trial; with single filtered
    // out by -t, star must go on without a pairwise verdict instead of waiting until it times out.
    const outcome = await runFixture('code-review', {}, ['-t', '× star'])
    expectWellFormed(outcome, ['star #1', 'star #2'])
    expect(outcome.code, outcome.output).toBe(0)
    expect(outcome.records.map((r) => `${r.topology} #${r.trial}`)).toEqual(['star #1', 'star #2'])
    // Cases left out by the name filter make the run partial, and the filter is named.
    expect(outcome.run.status).toBe('partial')
    expect(outcome.run.statusReasons).toEqual(['filtered by -t "× star"', '2 case(s) skipped'])
    for (const r of outcome.records) {
      expect(r.status).toBe('ok')
      expect(r.scores.judge?.score).not.toBeNull()
      expect(r.scores.judge?.pairwise).toBeNull()
    }
    expect(outcome.output).toMatch(/^2 passed, 0 failed$/m)
  })

  test('filters that name no task exist stop the run before any call (exit 2); filters that select no case of these files fail it (exit 1), naming them', async () => {
    const dir = tempDir('orgbench-reporter-')
    // Three independent runs, at once: each has its own Vite cache; none may write to the shared results folder.
    const env = (cache: string, extra: Record<string, string>) => childEnv(join(dir, cache), { ORGBENCH_RESULTS_DIR: join(dir, 'results'), ...extra })
    const [unknown, elsewhere, tier] = await Promise.all([
      runVitest(fixtureSuite('code-review'), ['run'], env('cache-unknown', { ORGBENCH_TASKS: 'no_such_task', ORGBENCH_TOPOLOGIES: 'star,bogus' })),
      runVitest(fixtureSuite('code-review'), ['run'], env('cache-elsewhere', { ORGBENCH_TASKS: 'strategic_planning' })),
      runVitest(fixtureSuite('code-review'), ['run', '-t', 'single'], env('cache-tier', { ORGBENCH_TIER: 'hard' })),
    ])
    expect(unknown.code, unknown.output).toBe(2)
    expect(unknown.output).toContain('orgbench cannot start:')
    expect(unknown.output).toContain('ORGBENCH_TASKS: unknown task "no_such_task"')
    expect(unknown.output).toContain('ORGBENCH_TOPOLOGIES: unknown topology "bogus"')
    expect(unknown.output).not.toMatch(/^\s+at /m)
    // The line names the filters in effect, the name filter (-t) among them.
    expect(elsewhere.code, elsewhere.output).toBe(1)
    expect(elsewhere.output).toContain('[orgbench] no benchmark case ran: the filters (ORGBENCH_TASKS=strategic_planning) select no case of the benchmark files run')
    expect(tier.code, tier.output).toBe(1)
    expect(tier.output).toContain('[orgbench] no benchmark case ran: the filters (ORGBENCH_TIER=hard, -t "single") select no case of the benchmark files run')
    expect(readdirSync(join(dir, 'results'))).toEqual([])
  })
})

describe('the results reporter when Vitest finds no test file', () => {
  test('ORGBENCH_TASKS naming a task filed in another project: a line names its file and project, beside Vitest\'s "No test files found"', async () => {
    // A suite of two projects whose finance project has no file of the task (as benchInclude leaves it); the task's file is in hard.
    const dir = tempDir('orgbench-reporter-')
    mkdirSync(join(dir, 'benchmarks', 'hard'), { recursive: true })
    mkdirSync(join(dir, 'benchmarks', 'finance'))
    writeFileSync(join(dir, 'benchmarks', 'hard', 'x-task.test.ts'), '')
    const reporter = JSON.stringify(join(PROJECT_ROOT, 'reporters', 'results.ts'))
    writeFileSync(
      join(dir, 'vitest.config.mjs'),
      `export default { test: { reporters: ['default', ${reporter}], projects: [{ test: { name: 'finance', include: [] } }, { test: { name: 'hard', include: ['benchmarks/hard/*.test.ts'] } }] } }\n`,
    )
    // Two independent runs, at once, each with its own Vite cache.
    const env = (cache: string) => childEnv(join(dir, cache), { ORGBENCH_TASKS: 'x_task', ORGBENCH_RESULTS_DIR: join(dir, 'results') })
    const [r, filtered] = await Promise.all([runVitest(dir, ['run', '--project', 'finance'], env('cache-project')), runVitest(dir, ['run', 'benchmarks/finance'], env('cache-files'))])
    expect(r.code, r.output).toBe(1)
    expect(r.output).toContain('No test files found')
    expect(r.output).toContain('[orgbench] ORGBENCH_TASKS: task "x_task" is not in the projects run (finance): its file is benchmarks/hard/x-task.test.ts, in project hard (--project hard)')
    expect(filtered.code, filtered.output).toBe(1)
    expect(filtered.output).toContain('[orgbench] ORGBENCH_TASKS: task "x_task" is not in the files run (projects finance, hard, matching "benchmarks/finance"): its file is benchmarks/hard/x-task.test.ts, in project hard (--project hard)')
  })
})

describe('the results reporter counts the tests the run ended with', () => {
  test('from the modules at the end, whether or not Vitest reported each test one by one (it stops after --bail)', async () => {
    setActiveRun(null)
    const log = vi.spyOn(console, 'log').mockImplementation(() => {})
    onTestFinished(() => log.mockRestore())
    const testOf = (name: string, state: string) => ({ fullName: name, result: () => ({ state }), meta: () => ({}) })
    const tests = [testOf('a', 'failed'), testOf('b', 'failed'), testOf('c', 'skipped'), testOf('d', 'passed')]
    const module = { children: { allTests: () => tests }, errors: () => [] }
    const reporter = new OrgbenchReporter()
    reporter.onInit({ config: { root: tempDir(), watch: false }, projects: [] } as unknown as Vitest)
    reporter.onTestRunStart()
    // Only the first failure was reported one by one, as after --bail=1.
    reporter.onTestCaseResult(tests[0] as never)
    await reporter.onTestRunEnd([module as unknown as TestModule], [], 'failed')
    expect(log.mock.calls.at(-1)).toEqual(['\n1 passed, 2 failed'])
  })
})
