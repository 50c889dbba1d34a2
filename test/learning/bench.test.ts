import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, test, vi } from 'vitest'
import type { RunnerTask, RunnerTestCase, RunnerTestSuite } from 'vitest'
import { DEFAULT_ARMS } from '../../lib/learning/arms.js'
import { learnTask } from '../../lib/learning/bench.js'
import { listVersions, readVersion } from '../../lib/memory/store.js'
import { readLearning } from '../../lib/results/learning.js'
import type { TestRecord } from '../../lib/results/record.js'
import type { RunContext } from '../../lib/run/run-context.js'

/*
 * learnTask declares its tests in this file, as a benchmark file would, and they run here on the
 * simulator this Vitest run started. They journal into a run of their own (not this one's): the
 * run they are handed is a temporary one, and their records are kept here instead of in test
 * meta, where the results reporter would count them as cases of this run. The tests of one task
 * get no endpoint; each of them is declared as a test that must fail with the error it names.
 */
const own = vi.hoisted(() => ({ run: null as RunContext | null, records: [] as TestRecord[], mustFail: new Map<string, string>(), meta: new Map<string, unknown>(), artifacts: [] as Array<{ test: string; type: string; name: string }>, filtered: new Set<string>(), suiteOptions: new Map<string, unknown>(), noEndpoint: 'incident_response_execution', retroFails: 'code_review_protocol', deadEndpoint: 'ai_incident_response' }))
const NO_ENDPOINT = own.noEndpoint
const RETRO_FAILS = own.retroFails
const DEAD_ENDPOINT = own.deadEndpoint
const NO_ARM = 'cash_reconciliation_execution'
const FILTERED = 'treasury_yield_sizing'
vi.mock('vitest', async (original) => {
  const vitest = await original<typeof import('vitest')>()
  const inject = ((key: 'orgbenchRun' | 'orgbenchSimulatorURL') => {
    if (key === 'orgbenchRun') return own.run
    if (key === 'orgbenchSimulatorURL' && vitest.expect.getState().currentTestName?.includes(own.noEndpoint)) return null
    // Nothing listens there: every call of this task's cases fails at once (connection refused).
    if (key === 'orgbenchSimulatorURL' && vitest.expect.getState().currentTestName?.includes(own.deadEndpoint)) return 'http://127.0.0.1:9/v1'
    return vitest.inject(key)
  }) as typeof vitest.inject
  // The meta a test is declared with is kept here, not given to Vitest: this run's reporters would read it.
  // A test named in own.filtered is declared skipped, as a name filter (-t) leaves it.
  const test = new Proxy(vitest.test, {
    apply: (target, self, args: [string, (context: unknown) => Promise<void>] | [string, { meta?: unknown }, (context: unknown) => Promise<void>]) => {
      const [name, { meta, ...options }, fn] = args.length === 3 ? args : [args[0], {}, args[1]]
      own.meta.set(name, meta)
      const error = own.mustFail.get(name)
      return Reflect.apply(own.filtered.has(name) ? target.skip : target, self, [name, options, error === undefined ? fn : async (context: unknown) => vitest.expect(fn(context)).rejects.toThrow(error)])
    },
  })
  // Cases reported to the progress reporter are kept here, as the records are.
  const recordArtifact = (async (task: { name: string }, artifact: { type: string; name: string }) => {
    own.artifacts.push({ test: task.name, type: artifact.type, name: artifact.name })
    return artifact
  }) as unknown as typeof vitest.recordArtifact
  // The options each task's suite is declared with are kept here too.
  const describe = new Proxy(vitest.describe, {
    get: (target, prop, receiver) =>
      prop === 'skipIf'
        ? (condition: boolean) =>
            (name: string, ...rest: unknown[]) => {
              own.suiteOptions.set(name, rest.length === 2 ? rest[0] : {})
              return (target.skipIf(condition) as (...a: unknown[]) => unknown)(name, ...rest)
            }
        : Reflect.get(target, prop, receiver),
  })
  return { ...vitest, inject, test, describe, recordArtifact }
})
// The retrospective of one task's tests fails, as an endpoint error would make it.
vi.mock('../../lib/learning/retrospective.js', async (original) => {
  const retrospective = await original<typeof import('../../lib/learning/retrospective.js')>()
  const { expect } = await import('vitest')
  return {
    ...retrospective,
    askRetrospective: (...args: Parameters<typeof retrospective.askRetrospective>) => {
      if (expect.getState().currentTestName?.includes(own.retroFails)) return Promise.reject(new Error('500 upstream'))
      return retrospective.askRetrospective(...args)
    },
  }
})
vi.mock('../../lib/run/publish.js', async (original) => ({
  ...(await original<typeof import('../../lib/run/publish.js')>()),
  recordCase: async (_task: unknown, _run: unknown, record: TestRecord) => void own.records.push(record),
}))

const dir = mkdtempSync(join(tmpdir(), 'orgbench-learn-bench-'))
const memoryDir = join(dir, 'memory')
own.run = { runId: 'learn-bench-test', journalDir: join(dir, 'journal', 'learn-bench-test'), session: 1, sessionStartedAt: '2026-11-30T00:00:00.000Z', resumed: false }
afterAll(() => {
  vi.unstubAllEnvs()
  rmSync(dir, { recursive: true, force: true })
})

// 1. Two iterations of a task whose one arm is the single agent (ORGBENCH_TOPOLOGIES keeps it), one training and two held-out seeds each.
for (const [k, v] of Object.entries({ ORGBENCH_LEARN_ITERATIONS: '2', ORGBENCH_LEARN_TRAIN_TRIALS: '1', ORGBENCH_LEARN_HELDOUT_TRIALS: '2', ORGBENCH_JUDGE: 'off', ORGBENCH_MEMORY: 'persisted', ORGBENCH_MEMORY_DIR: memoryDir, ORGBENCH_CACHE_DIR: join(dir, 'cache'), ORGBENCH_TOPOLOGIES: 'single,hrm' })) vi.stubEnv(k, v)
await learnTask('code_review_execution', { arms: ['single'] })
// 2. A task that ORGBENCH_TASKS leaves out.
vi.stubEnv('ORGBENCH_TASKS', 'code_review_execution')
await learnTask('support_triage_execution')
// 3. Memory that is not persisted, and no arm left once ORGBENCH_TOPOLOGIES has narrowed them.
vi.stubEnv('ORGBENCH_TASKS', 'contract_review_execution')
vi.stubEnv('ORGBENCH_MEMORY', 'default')
await learnTask('contract_review_execution', { arms: ['star'] })
// 4. An iteration that fails: the next one cannot start from it, and no memory is written.
vi.stubEnv('ORGBENCH_TASKS', NO_ENDPOINT)
vi.stubEnv('ORGBENCH_MEMORY', 'persisted')
own.mustFail.set(`${NO_ENDPOINT} × single · learn #1`, 'no endpoint: set ORGBENCH_BASE_URL or let the globalSetup start the simulator')
own.mustFail.set(`${NO_ENDPOINT} × single · learn #2`, `${NO_ENDPOINT} × single · learn #2: the iteration before it did not finish`)
own.mustFail.set(`${NO_ENDPOINT} · memory`, `memory not written: the learning run is incomplete (${NO_ENDPOINT} × single · learn #1, ${NO_ENDPOINT} × single · learn #2)`)
await learnTask(NO_ENDPOINT, { arms: ['single'] })
// 5. Persisted memory, but ORGBENCH_TOPOLOGIES selects none of the default arms: nothing is learned, so nothing is written.
vi.stubEnv('ORGBENCH_TASKS', NO_ARM)
vi.stubEnv('ORGBENCH_TOPOLOGIES', 'hrm')
await learnTask(NO_ARM)
// 6. The first iteration filtered out by -t: the second cannot start from it and says why; no memory is written.
vi.stubEnv('ORGBENCH_TASKS', FILTERED)
vi.stubEnv('ORGBENCH_TOPOLOGIES', '')
own.filtered.add(`${FILTERED} × single · learn #1`)
await learnTask(FILTERED, { arms: ['single'] })
// 7. A retrospective that fails: its iteration fails with the cause, the next one runs, and no memory is written, saying why.
vi.stubEnv('ORGBENCH_TASKS', RETRO_FAILS)
own.mustFail.set(`${RETRO_FAILS} × single · learn #1`, 'the retrospective failed: error: 500 upstream')
own.mustFail.set(`${RETRO_FAILS} · memory`, 'memory not written: the retrospective of single · learn #1 failed (error: 500 upstream)')
await learnTask(RETRO_FAILS, { arms: ['single'] })
// 8. An endpoint that refuses every call: each case errors. The iterations fail with the cause and no memory is
// written, saying why (test/learning/curve.test.ts: errored held-out cases are never read as a plateau).
vi.stubEnv('ORGBENCH_TASKS', DEAD_ENDPOINT)
vi.stubEnv('ORGBENCH_RETRIES', '0')
for (const i of [1, 2]) own.mustFail.set(`${DEAD_ENDPOINT} × single · learn #${i}`, `${i === 1 ? 5 : 3} case(s) errored, the first `)
own.mustFail.set(`${DEAD_ENDPOINT} · memory`, 'memory not written: ')
await learnTask(DEAD_ENDPOINT, { arms: ['single'] })

const suites = (current: RunnerTask) => current.file.tasks.filter((t): t is RunnerTestSuite => t.type === 'suite' && t.name.endsWith(' · learning'))
const outcome = (t: RunnerTask) => [t.name, t.mode === 'skip' ? 'skip' : (t.result?.state ?? 'not run')]

describe('what the learning tests declared and did', () => {
  test("each task's iterations keep their declared order under --sequence.shuffle", () => {
    expect(own.suiteOptions.size).toBeGreaterThan(0)
    for (const [name, options] of own.suiteOptions) expect(options, name).toMatchObject({ shuffle: false })
  })
  test('the default arms are the single agent, the budget-matched self_refine and the organisation', () => {
    expect(DEFAULT_ARMS).toEqual(['single', 'self_refine', 'star'])
  })

  test('per arm, one test per iteration run one after another, then the memory test; a task left out by ORGBENCH_TASKS is skipped; a failed iteration fails the rest', ({ task }) => {
    expect(suites(task).map((s) => [s.name, s.mode, s.tasks.map(outcome)])).toEqual([
      [
        'code_review_execution · learning',
        'run',
        [
          ['code_review_execution × single · learn #1', 'pass'],
          ['code_review_execution × single · learn #2', 'pass'],
          ['code_review_execution · memory', 'pass'],
        ],
      ],
      ['support_triage_execution · learning', 'skip', [['support_triage_execution × single · learn #1', 'skip'], ['support_triage_execution × single · learn #2', 'skip'], ['support_triage_execution · memory', 'skip']]],
      ['contract_review_execution · learning', 'run', [['contract_review_execution · memory', 'skip']]],
      // Each of these passes because the test it wraps failed with the expected error.
      [`${NO_ENDPOINT} · learning`, 'run', [[`${NO_ENDPOINT} × single · learn #1`, 'pass'], [`${NO_ENDPOINT} × single · learn #2`, 'pass'], [`${NO_ENDPOINT} · memory`, 'pass']]],
      [`${NO_ARM} · learning`, 'run', [[`${NO_ARM} · memory`, 'skip']]],
      [`${FILTERED} · learning`, 'run', [[`${FILTERED} × single · learn #1`, 'skip'], [`${FILTERED} × single · learn #2`, 'skip'], [`${FILTERED} · memory`, 'skip']]],
      [`${RETRO_FAILS} · learning`, 'run', [[`${RETRO_FAILS} × single · learn #1`, 'pass'], [`${RETRO_FAILS} × single · learn #2`, 'pass'], [`${RETRO_FAILS} · memory`, 'pass']]],
      [`${DEAD_ENDPOINT} · learning`, 'run', [1, 2].map((i) => [`${DEAD_ENDPOINT} × single · learn #${i}`, 'pass']).concat([[`${DEAD_ENDPOINT} · memory`, 'pass']])],
    ])
  })

  test('errored cases fail their iteration with the cause and keep memory from being written', ({ task }) => {
    const tests = suites(task).find((s) => s.name === `${DEAD_ENDPOINT} · learning`)!.tasks as RunnerTestCase[]
    const notes = (t: RunnerTestCase) => t.annotations.map((a) => `${a.type}: ${a.message}`)
    // Iteration 1: the ablation's two held-out seeds, the training seed and two held-out seeds, every one errored.
    expect(notes(tests[0]!)[0]).toBe('orgbench:learning: held-out n/a [n/a, n/a] over 0 seed(s), memory default, 2 error(s)')
    const section = readLearning([own.run!.journalDir], (w) => expect.fail(w))!
    const notWritten = section.tasks!.find((t) => t.task === DEAD_ENDPOINT)!.notWritten!
    expect(notWritten).toMatch(/cases errored in single · learn #1 \(5\), single · learn #2 \(3\), the first ablation seed \d: connection: Connection error: connect ECONNREFUSED/)
    expect(listVersions(memoryDir, DEAD_ENDPOINT)).toEqual([])
  })

  test('an iteration whose predecessor -t filtered out is skipped, saying so, and so is the memory test', ({ task }) => {
    const [, learn2, memory] = suites(task).find((s) => s.name === `${FILTERED} · learning`)!.tasks
    expect((learn2!.result as { note?: string } | undefined)?.note).toBe('single · learn #1 was filtered out (-t): iterations run in order, each from the memory the one before learned')
    expect((memory!.result as { note?: string } | undefined)?.note).toBe('-t filtered out 1 iteration(s) (single · learn #1): a version is written only when every iteration of every arm ran')
  })

  test('a memory test says why it wrote no version, and names its task for the progress reporter', ({ task }) => {
    const memoryTests = suites(task).flatMap((s) => s.tasks.filter((t) => t.name.endsWith(' · memory')))
    expect(memoryTests.map((t) => [t.name, (t.result as { note?: string } | undefined)?.note ?? null])).toEqual([
      ['code_review_execution · memory', null],
      ['support_triage_execution · memory', null],
      ['contract_review_execution · memory', 'ORGBENCH_MEMORY=default: learning runs write memory only with "persisted"'],
      [`${NO_ENDPOINT} · memory`, null],
      [`${NO_ARM} · memory`, "ORGBENCH_TOPOLOGIES=hrm selects none of the task's learning arms (single, self_refine, star): nothing was learned"],
      [`${FILTERED} · memory`, expect.stringMatching(/^-t filtered out 1 iteration/)],
      [`${RETRO_FAILS} · memory`, null],
      [`${DEAD_ENDPOINT} · memory`, null],
    ])
    expect(own.meta.get(`${NO_ARM} · memory`)).toEqual({ orgbenchMemory: NO_ARM })
  })

  test('each iteration says what it measured on the held-out seeds and why it stopped or goes on', ({ task }) => {
    const [learn1, learn2] = suites(task)[0]!.tasks as RunnerTestCase[]
    const notes = (t: RunnerTestCase) => t.annotations.map((a) => `${a.type}: ${a.message}`)
    expect(notes(learn1!)[0]).toMatch(/^orgbench:learning: held-out \d+\.\d \[\d+\.\d, \d+\.\d\] over 2 seed\(s\), memory default$/)
    expect(notes(learn1!).at(-1)).toMatch(/^orgbench:stop: stopping rule: /)
    expect(notes(learn2!)).toContain('orgbench:stop: stopping rule: iteration limit 2 reached')
  })

  test('a failed retrospective says so where its iteration is shown, with the cause', ({ task }) => {
    const [learn1] = suites(task).find((s) => s.name === `${RETRO_FAILS} · learning`)!.tasks as RunnerTestCase[]
    const retrospective = learn1!.annotations.filter((a) => a.type === 'orgbench:retrospective').map((a) => a.message)
    expect(retrospective).toEqual(['retrospective ($0, 0+0 tokens, 0 call(s)): FAILED (error: 500 upstream): nothing learned'])
  })

  test('each iteration declares the cases it runs, and reports each to the progress reporter as it finishes', () => {
    const learn1 = 'code_review_execution × single · learn #1'
    const learn2 = 'code_review_execution × single · learn #2'
    // One training and two held-out seeds; the first iteration also runs the held-out seeds with memory off.
    expect([own.meta.get(learn1), own.meta.get(learn2)]).toEqual([{ orgbenchCases: 5 }, { orgbenchCases: 3 }])
    const reported = (t: string) => own.artifacts.filter((a) => a.test === t).map((a) => `${a.type} ${a.name}`).sort()
    expect(reported(learn1)).toEqual([
      `orgbench:case ${learn1} · held-out seed 2`,
      `orgbench:case ${learn1} · held-out seed 2, memory off`,
      `orgbench:case ${learn1} · held-out seed 3`,
      `orgbench:case ${learn1} · held-out seed 3, memory off`,
      `orgbench:case ${learn1} · training seed 1`,
    ])
    expect(reported(learn2)).toEqual([`orgbench:case ${learn2} · held-out seed 2`, `orgbench:case ${learn2} · held-out seed 3`, `orgbench:case ${learn2} · training seed 1`])
  })

  test("every case's record goes to the run: the ablation with memory off, then each iteration's training and held-out seeds", () => {
    const records = own.records.filter((r) => r.task === 'code_review_execution')
    const cases = records.map((r) => `${r.learning?.split} ${r.learning?.iteration ?? '-'} ${r.memory.version}`)
    expect(own.records.every((r) => ['code_review_execution', RETRO_FAILS, DEAD_ENDPOINT].includes(r.task) && r.topology === 'single')).toBe(true)
    expect(cases.filter((c) => c.startsWith('ablation'))).toHaveLength(2)
    expect(cases.filter((c) => c.startsWith('ablation')).every((c) => c.endsWith(' off'))).toBe(true)
    for (const i of [1, 2]) expect(cases.filter((c) => c.startsWith(`heldout ${i} `))).toHaveLength(2)
    expect(cases.filter((c) => c.startsWith('train 1 '))).toHaveLength(1)
  })

  test("the run's learning journal holds the learning settings, the task's split and each retrospective", () => {
    const section = readLearning([own.run!.journalDir], (w) => expect.fail(w))!
    expect(section.settings).toEqual({ iterations: 2, trainTrials: 1, heldOutTrials: 2, budgetTokens: 400 })
    expect(section.splits.map((s) => [s.task, s.trainSeeds.length, s.heldOutSeeds.length])).toEqual([[DEAD_ENDPOINT, 1, 2], ['code_review_execution', 1, 2], [RETRO_FAILS, 1, 2]])
    expect(section.retrospectives.map((r) => [r.task, r.topology, r.iteration, r.error?.kind ?? null])).toEqual([
      [DEAD_ENDPOINT, 'single', 1, 'connection'],
      ['code_review_execution', 'single', 1, null],
      [RETRO_FAILS, 'single', 1, 'error'],
    ])
    expect(section.retrospectives.find((r) => r.task === RETRO_FAILS)!.error).toEqual({ kind: 'error', message: '500 upstream' })
  })

  test("the run's learning journal says per task what its memory test found: the version written, or why none, with what the arms that ran measured and learned", () => {
    const section = readLearning([own.run!.journalDir], (w) => expect.fail(w))!
    const written = readVersion(memoryDir, 'code_review_execution', 1)
    expect(section.tasks!.map((t) => [t.task, t.version, t.notWritten, t.evidence?.arms.map((a) => [a.topology, a.curve.length]) ?? null])).toEqual([
      [DEAD_ENDPOINT, null, expect.stringContaining('cases errored in single · learn #1 (5), single · learn #2 (3)'), [['single', 2]]],
      [NO_ARM, null, "ORGBENCH_TOPOLOGIES=hrm selects none of the task's learning arms (single, self_refine, star): nothing was learned", null],
      ['code_review_execution', 'code_review_execution@v1', null, [['single', 2]]],
      [RETRO_FAILS, null, 'the retrospective of single · learn #1 failed (error: 500 upstream)', [['single', 2]]],
      ['contract_review_execution', null, 'ORGBENCH_MEMORY=default: learning runs write memory only with "persisted"', null],
      [NO_ENDPOINT, null, `the learning run is incomplete (${NO_ENDPOINT} × single · learn #1, ${NO_ENDPOINT} × single · learn #2)`, [['single', 0]]],
      [FILTERED, null, expect.stringMatching(/^-t filtered out 1 iteration/), null],
    ])
    const learned = section.tasks!.find((t) => t.task === 'code_review_execution')!
    expect(learned.evidence).toEqual(written.evidence)
    expect(learned.lessons).toEqual(written.lessons.filter((l) => l.provenance !== null))
  })

  test('with ORGBENCH_MEMORY=persisted and every iteration of every arm finished, the memory test writes the next version, naming the run; otherwise none', () => {
    expect(listVersions(memoryDir, 'code_review_execution')).toEqual([1])
    expect(readVersion(memoryDir, 'code_review_execution', 1)).toMatchObject({ writtenBy: 'learn-bench-test', parent: null })
    expect(listVersions(memoryDir, 'contract_review_execution')).toEqual([])
    expect(listVersions(memoryDir, NO_ENDPOINT)).toEqual([])
    expect(listVersions(memoryDir, NO_ARM)).toEqual([])
    expect(listVersions(memoryDir, FILTERED)).toEqual([])
  })
})
