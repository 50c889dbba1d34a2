import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest'
import type { TestProject } from 'vitest/node'
import type { GatewayAddress } from '../../lib/gateway/permits.js'
import { RemotePermits } from '../../lib/gateway/remote.js'
import { JournalWriter } from '../../lib/results/journal.js'
import { readManifest, writeManifest } from '../../lib/results/manifest.js'
import setup from '../../lib/run/global-setup.js'
import { entryOf } from '../../lib/run/run-bundle.js'
import { SimKnowledge } from '../../lib/sim/knowledge.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { makeRecord } from '../results/fixtures.js'
import { callRecord } from '../support/calls.js'
import { resolutionReporter } from '../support/module-hook.js'
import { tempDir } from '../support/temp.js'

/** The files a run of the code_review_protocol task loads. */
const BENCH_FILES = [join(PROJECT_ROOT, 'benchmarks', 'enterprise', 'code-review-protocol.test.ts')]

/** The part of a Vitest project the setup reads, and what it provides to the workers. */
function project(vitestConfig: { ui?: boolean; watch?: boolean; reporters?: unknown[]; shard?: { index: number; count: number }; attachmentsDir?: string; retry?: number } = {}, projects = ['enterprise'], files = BENCH_FILES) {
  const provided = new Map<string, unknown>()
  /** What one project (not every one) was given, keyed "<project>:<key>". */
  const perProject = new Map<string, unknown>()
  const reruns: Array<() => Promise<void>> = []
  const { retry, ...config } = vitestConfig
  const p = {
    config: { root: PROJECT_ROOT },
    vitest: {
      config: { ui: false, reporters: [['default', {}], ['./reporters/results.ts', {}]], shard: undefined, attachmentsDir: join(tempDir(), 'attachments'), ...config },
      projects: projects.map((name) => ({ name, config: { retry }, provide: (key: string, value: unknown) => perProject.set(`${name}:${key}`, value) })),
      state: { getPaths: () => files },
    },
    provide: (key: string, value: unknown) => provided.set(key, value),
    onTestsRerun: (cb: () => Promise<void>) => reruns.push(cb),
  }
  return { project: p as unknown as TestProject, provided, perProject, reruns }
}

let results: string
beforeEach(() => {
  results = tempDir()
  vi.stubEnv('ORGBENCH_RESULTS_DIR', results)
  vi.stubEnv('ORGBENCH_TASKS', 'code_review_protocol')
  for (const name of ['ORGBENCH_BASE_URL', 'ORGBENCH_PROVIDER', 'ORGBENCH_RESUME', 'ORGBENCH_JUDGE', 'ORGBENCH_JUDGE_MODEL', 'ORGBENCH_MODEL']) vi.stubEnv(name, '')
  vi.spyOn(console, 'log').mockImplementation(() => {})
})
afterEach(() => {
  vi.unstubAllEnvs()
  vi.restoreAllMocks()
})

describe('the Vitest global setup', () => {
  test('starts a journaled run and, without an endpoint, the simulator; the workers get both; teardown stops them', async () => {
    const { project: p, provided } = project()
    const teardown = await setup(p)
    const run = provided.get('orgbenchRun') as { runId: string; journalDir: string; session: number; resumed: boolean }
    expect(run).toMatchObject({ session: 1, resumed: false })
    expect(run.runId).toMatch(/^sim-/)
    expect(run.journalDir.startsWith(results)).toBe(true)
    expect(readdirSync(run.journalDir)).not.toEqual([])
    expect(provided.get('orgbenchBrokenTasks')).toEqual([])
    expect([provided.get('orgbenchViewer'), provided.get('orgbenchAttachments')]).toEqual([false, false])
    const url = provided.get('orgbenchSimulatorURL') as string
    expect((await fetch(`${url}/models`)).ok).toBe(true)
    // The run coordinator in this process: the address workers reach it at.
    expect(provided.get('orgbenchGateway')).toMatchObject({ port: expect.any(Number), token: expect.stringMatching(/.{16,}/), pid: process.pid })
    await teardown()
    await expect(fetch(`${url}/models`)).rejects.toThrow()
  })

  test("the benchmark projects of a run get the run's bundle, which loads; the other projects and a watch session do not", async () => {
    const run = project({}, ['unit', 'enterprise'])
    await (await setup(run.project))()
    const bundle = run.perProject.get('enterprise:orgbenchRunBundle') as string
    expect(bundle).toMatch(/^file:.*\/$/)
    expect(typeof ((await import(/* @vite-ignore */ entryOf(bundle, 'bench-task'))) as { benchTask: unknown }).benchTask).toBe('function')
    expect(run.perProject.has('unit:orgbenchRunBundle')).toBe(false)
    expect(run.provided.has('orgbenchRunBundle')).toBe(false)

    const watched = project({ watch: true }, ['enterprise'])
    await (await setup(watched.project))()
    expect(watched.perProject.has('enterprise:orgbenchRunBundle')).toBe(false)
  })

  test("a run's workers may trust its verdict on the tasks; a watch session's may not (its tasks can change between re-runs)", async () => {
    const run = project()
    await (await setup(run.project))()
    expect(run.provided.get('orgbenchTasksChecked')).toBe(true)
    const watched = project({ watch: true })
    await (await setup(watched.project))()
    expect(watched.provided.get('orgbenchTasksChecked')).toBe(false)
  })

  test('a re-run (watch mode, Vitest UI) has the simulator read the tasks again, as they are now', async () => {
    const reload = vi.spyOn(SimKnowledge, 'reload')
    const { project: p, provided, reruns } = project()
    const teardown = await setup(p)
    try {
      expect(reload).not.toHaveBeenCalled()
      await Promise.all(reruns.map((rerun) => rerun()))
      expect(reload).toHaveBeenCalledTimes(1)
      expect((await fetch(`${provided.get('orgbenchSimulatorURL') as string}/models`)).ok).toBe(true)
    } finally {
      await teardown()
    }
  })

  test('a blob reporter keeps attachments for the later merge; Vitest UI is a viewer and keeps them too', async () => {
    const blob = project({ reporters: [['default', {}], ['blob', { outputFile: join(tempDir(), 'blob.json') }]] })
    await (await setup(blob.project))()
    expect([blob.provided.get('orgbenchViewer'), blob.provided.get('orgbenchAttachments')]).toEqual([false, true])
    const ui = project({ ui: true })
    await (await setup(ui.project))()
    expect([ui.provided.get('orgbenchViewer'), ui.provided.get('orgbenchAttachments')]).toEqual([true, true])
  })

  test("a run that attaches starts from an empty attachments folder, so its report carries only its own; a terminal run leaves the folder alone", async () => {
    const earlier = () => {
      const dir = join(tempDir(), 'attachments')
      mkdirSync(dir)
      writeFileSync(join(dir, 'deliverable-md-0123.md'), 'an earlier run')
      return dir
    }
    for (const setting of [{ reporters: [['default', {}], ['blob', { outputFile: join(tempDir(), 'blob-1-3.json') }]] }, { reporters: [['html', {}], ['./reporters/results.ts', {}]] }, { ui: true }]) {
      const dir = earlier()
      await (await setup(project({ ...setting, attachmentsDir: dir }).project))()
      expect(existsSync(join(dir, 'deliverable-md-0123.md')), JSON.stringify(setting)).toBe(false)
    }
    // Another shard's blob report, waiting for the merge, still names its attachment: a blob shard keeps it.
    const blobs = tempDir()
    const kept = earlier()
    writeFileSync(join(blobs, 'blob-1-3.json'), JSON.stringify([['4.1.12'], [join(kept, 'deliverable-md-0123.md')]]))
    await (await setup(project({ reporters: [['blob', { outputFile: join(blobs, 'blob-2-3.json') }]], attachmentsDir: kept }).project))()
    expect(readdirSync(kept)).toEqual(['deliverable-md-0123.md'])
    const dir = earlier()
    await (await setup(project({ attachmentsDir: dir }).project))()
    expect(readdirSync(dir)).toEqual(['deliverable-md-0123.md'])
  })

  test('a resumed run under ORGBENCH_MAX_USD: the coordinator counts what the earlier sessions spent', async () => {
    vi.stubEnv('ORGBENCH_MAX_USD', '5')
    const first = project()
    await (await setup(first.project))()
    const run = first.provided.get('orgbenchRun') as { runId: string; journalDir: string }
    void new JournalWriter(run.journalDir, 1).append({ ...makeRecord({ task: 'code_review_protocol', status: 'error' }), calls: [callRecord({ id: 'c001', costUsd: 0.75 })] })
    const manifest = readManifest(results, run.runId)!
    writeManifest(results, { ...manifest, sessions: manifest.sessions.map((s) => ({ ...s, pid: 2 ** 22 + 12345 })) })
    vi.stubEnv('ORGBENCH_RESUME', run.runId)
    const resumed = project()
    const teardown = await setup(resumed.project)
    const permits = new RemotePermits(resumed.provided.get('orgbenchGateway') as GatewayAddress)
    try {
      expect((await permits.stats()).spentUsd).toBe(0.75)
    } finally {
      permits.close()
      await teardown()
    }
  })

  test('with an endpoint configured no simulator is started; without one, a benchmark run says at once that its results are simulated', async () => {
    const log = vi.mocked(console.log)
    const simulatorLine = '[orgbench] no endpoint configured (ORGBENCH_BASE_URL): the embedded simulator answers; results are simulated'
    await (await setup(project().project))()
    expect(log).toHaveBeenCalledWith(simulatorLine)
    log.mockClear()
    // A run of unit tests alone has no results to label.
    await (await setup(project({}, ['unit'], [join(PROJECT_ROOT, 'test', 'text.test.ts')]).project))()
    expect(log).not.toHaveBeenCalledWith(simulatorLine)
    vi.stubEnv('ORGBENCH_BASE_URL', 'http://127.0.0.1:9/v1')
    vi.stubEnv('ORGBENCH_MODEL', 'local-model')
    const { project: p, provided } = project()
    await (await setup(p))()
    expect(provided.get('orgbenchSimulatorURL')).toBeNull()
    expect(log).not.toHaveBeenCalledWith(simulatorLine)
  })

  test('warns when the judge is the agent model, and only then', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await (await setup(project().project))()
    expect(warn).not.toHaveBeenCalled()
    vi.stubEnv('ORGBENCH_JUDGE_MODEL', 'sim-strong')
    await (await setup(project().project))()
    expect(warn.mock.calls).toEqual([['[orgbench] warning: the judge model equals the agent model (sim-strong): self-preference is possible; set ORGBENCH_JUDGE_MODEL to a model from another family']])
  })

  test('warns when the API key is too short to be redacted, without showing it', async () => {
    vi.stubEnv('ORGBENCH_API_KEY', 'Xk9pQ2z')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await (await setup(project().project))()
    expect(warn.mock.calls).toHaveLength(1)
    expect(String(warn.mock.calls[0]![0])).toMatch(/^\[orgbench\] warning: the API key \(ORGBENCH_API_KEY\) has 7 character\(s\): a key under 8 characters is not redacted/)
    expect(String(warn.mock.calls[0]![0])).not.toContain('Xk9pQ2z')
  })

  test('names the file and project of an ORGBENCH_TASKS task that none of the projects run has', async () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    await (await setup(project({}, ['finance', 'general']).project))()
    expect(warn.mock.calls).toEqual([
      ['\n[orgbench] ORGBENCH_TASKS: task "code_review_protocol" is not in the projects run (finance, general): its file is benchmarks/enterprise/code-review-protocol.test.ts, in project enterprise (--project enterprise)'],
    ])
  })

  test("names the file of an ORGBENCH_TASKS task that the run's file filters leave out", async () => {
    vi.stubEnv('ORGBENCH_TASKS', 'code_review_protocol,code_review_hard')
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {})
    const filters = { filter: ['benchmarks/enterprise'], project: [] }
    await (await setup(project({}, ['enterprise', 'hard']).project, filters))()
    expect(warn.mock.calls).toEqual([
      ['\n[orgbench] ORGBENCH_TASKS: task "code_review_hard" is not in the files run (projects enterprise, hard, matching "benchmarks/enterprise"): its file is benchmarks/hard/code-review-hard.test.ts, in project hard (--project hard)'],
    ])
  })

  test("never loads the openai SDK in Vitest's main process, not even to warn about the judge", () => {
    // A child process runs the setup with the judge on the agents' model; a module hook reports any load of openai.
    const hook = resolutionReporter("s === 'openai' || s.startsWith('openai/')", 'openai resolved')
    const code = `const { default: setup } = await import(${JSON.stringify(join(PROJECT_ROOT, 'lib/run/global-setup.ts'))}); const project = { config: { root: ${JSON.stringify(PROJECT_ROOT)} }, vitest: { config: { ui: false, reporters: [['default', {}]] }, projects: [], state: { getPaths: () => [] } }, provide: () => {}, onTestsRerun: () => {} }; await (await setup(project))(); console.log('setup done')`
    const env = { ...process.env, ORGBENCH_RESULTS_DIR: results, ORGBENCH_TASKS: 'code_review_protocol', ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-strong', ORGBENCH_BASE_URL: '', NODE_OPTIONS: '' }
    const out = execFileSync(process.execPath, ['--import', 'tsx', '--import', hook, '--input-type=module', '-e', code], { encoding: 'utf8', cwd: PROJECT_ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] })
    expect(out).toContain('setup done')
    expect(out).not.toContain('openai resolved')
  })

  test('a retry or a --reporter without the results reporter stops a benchmark run before anything starts, exit 2; a unit run keeps both', async () => {
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`)
    }) as never)
    for (const setting of [{ retry: 2 }, { reporters: [['verbose', {}]] }]) {
      const { project: p, provided } = project(setting)
      await expect(setup(p), JSON.stringify(setting)).rejects.toThrow('exit 2')
      expect(provided.size).toBe(0)
    }
    expect(errors.mock.calls.map((c) => String(c[0]).split('\n')[2])).toEqual([expect.stringMatching(/^  - retry 2 /), expect.stringMatching(/^  - --reporter: /)])
    expect(readdirSync(results)).toEqual([])
    const unit = project({ retry: 2, reporters: [['verbose', {}]] }, ['unit'], [join(PROJECT_ROOT, 'test', 'text.test.ts')])
    await (await setup(unit.project))()
    expect(unit.provided.get('orgbenchRun')).toBeDefined()
  })

  test('bad settings end the run before any test with the problem in one message and exit 2, no stack trace', async () => {
    vi.stubEnv('ORGBENCH_TASKS', 'no_such_task')
    const errors = vi.spyOn(console, 'error').mockImplementation(() => {})
    vi.spyOn(process, 'exit').mockImplementation(((code: number) => {
      throw new Error(`exit ${code}`)
    }) as never)
    const { project: p, provided } = project()
    await expect(setup(p)).rejects.toThrow('exit 2')
    expect(errors).toHaveBeenCalledTimes(1)
    expect(String(errors.mock.calls[0]![0])).toMatch(/ORGBENCH_TASKS.*no_such_task/)
    expect(String(errors.mock.calls[0]![0])).not.toMatch(/\n\s+at /)
    expect(provided.size).toBe(0)
  })
})
