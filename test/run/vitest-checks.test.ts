import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { benchProjectsRun, type VitestRunView, vitestProblems } from '../../lib/run/vitest-checks.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'

const file = (path: string) => join(PROJECT_ROOT, path)
const ENTERPRISE = file('benchmarks/enterprise/code-review-execution.test.ts')
const LEARNING = file('benchmarks/learning/code-review-execution.test.ts')
const UNIT = file('test/text.test.ts')
const ORGBENCH_REPORTERS = [['default', {}], ['./reporters/progress.ts', {}], ['./reporters/results.ts', {}]]

/** A run of the project's configuration: the given files, every project with the given retry, orgbench's reporters unless replaced. */
const run = (files: string[], settings: Partial<Pick<VitestRunView, 'reporters'>> & { retry?: VitestRunView['projects'][number]['retry'] } = {}): VitestRunView => ({
  root: PROJECT_ROOT,
  files,
  projects: ['unit', 'enterprise', 'finance', 'learning'].map((name) => ({ name, retry: settings.retry })),
  reporters: settings.reporters ?? ORGBENCH_REPORTERS,
})

describe('benchProjectsRun', () => {
  test('names the benchmark projects whose files the run loads, from the folder each file is in; unit tests are none', () => {
    expect(benchProjectsRun(run([UNIT, LEARNING, ENTERPRISE, file('benchmarks/enterprise/contract-review.test.ts')]))).toEqual(['enterprise', 'learning'])
    expect(benchProjectsRun(run([UNIT]))).toEqual([])
  })
})

describe('vitestProblems', () => {
  test("orgbench's own configuration, run as it is, has none", () => {
    expect(vitestProblems(run([UNIT, ENTERPRISE]))).toEqual([])
  })

  test('a retry of benchmark cases is refused, as a count or in the object form, naming how errored cases run again', () => {
    for (const retry of [2, { count: 1, delay: 10 }]) {
      const problems = vitestProblems(run([ENTERPRISE], { retry }))
      expect(problems).toHaveLength(1)
      expect(problems[0]).toMatch(/^retry [12] \(--retry or the config; project\(s\) enterprise\): a benchmark case is never retried, since each attempt is paid again and only the last one's score would be kept; run with --retry=0/)
      expect(problems[0]).toContain('ORGBENCH_RESUME=<run-id>')
    }
    expect(vitestProblems(run([ENTERPRISE], { retry: { count: 0 } }))).toEqual([])
  })

  test('unit tests keep any retry and any reporter', () => {
    expect(vitestProblems(run([UNIT], { retry: 3, reporters: [['verbose', {}]] }))).toEqual([])
  })

  test("a --reporter that replaced orgbench's is refused, with the command line that keeps the user's reporters and adds orgbench's", () => {
    expect(vitestProblems(run([ENTERPRISE], { reporters: [['verbose', {}]] }))).toEqual([
      "--reporter: the orgbench reporters are not among the run's reporters (a --reporter replaces them all), so the run would pay for every case and write no results file; add them beside yours: --reporter=verbose --reporter=./reporters/progress.ts --reporter=./reporters/results.ts",
    ])
    expect(vitestProblems(run([ENTERPRISE], { reporters: [['junit', {}], ['./reporters/progress.ts', {}]] }))[0]).toMatch(/yours: --reporter=junit --reporter=\.\/reporters\/progress\.ts --reporter=\.\/reporters\/results\.ts$/)
  })

  test('the results reporter by any path, or a blob report (a shard, merged later by the results reporter), is enough', () => {
    expect(vitestProblems(run([ENTERPRISE], { reporters: [['dot', {}], [join(PROJECT_ROOT, 'reporters', 'results.ts'), {}]] }))).toEqual([])
    expect(vitestProblems(run([ENTERPRISE], { reporters: [['default', {}], ['blob', {}]] }))).toEqual([])
  })

  test('the learning loop with benchmark files in one run is refused: their cases would share the results file', () => {
    expect(vitestProblems(run([LEARNING, ENTERPRISE]))).toEqual([
      'the run loads the learning loop (project learning) together with benchmark project(s) enterprise: their cases would be pooled in one results file; run the learning loop on its own (npx vitest run --project learning) and the benchmark without it',
    ])
    expect(vitestProblems(run([LEARNING, UNIT]))).toEqual([])
  })
})
