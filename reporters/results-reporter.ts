import { relative, resolve } from 'node:path'
import type { Reporter, TestCase, TestModule, Vitest } from 'vitest/node'
import { type Config, DEFAULT_RESULTS_DIR, loadConfig, publicConfig } from '../lib/config.js'
import { isUserError } from '../lib/errors.js'
import { configuredPrices } from '../lib/llm/pricing.js'
import type { Kept } from '../lib/results/finalize.js'
import type { JournalFollower } from '../lib/results/journal-follow.js'
import { TestTally } from '../lib/results/tally.js'
import { tasksOutsideRun } from '../lib/run/bench-files.js'
import { vitestCommandLine } from '../lib/run/command-line.js'
import { gitCommit } from '../lib/run/git-commit.js'
import { activeRun } from '../lib/run/start.js'

/**
 * What the reporter needs only once tests run: loaded while the first tests run, not before the
 * run starts (Vitest loads the reporters before the global setup and the workers).
 */
const endModules = () =>
  Promise.all([import('../lib/results/finalize.js'), import('../lib/results/manifest.js'), import('../lib/results/status.js'), import('../lib/results/render.js'), import('../lib/results/saturation.js')]).then(([finalize, manifest, status, render, saturation]) => ({ ...finalize, ...manifest, ...status, ...render, ...saturation }))
let loading: ReturnType<typeof endModules> | null = null
const loadEndModules = () => (loading ??= endModules())
/**
 * Builds the record parser (lib/results/record.ts, about 20 ms) while the worker runs the first
 * file's tests, when this thread has little to do, rather than when the first record arrives: in a
 * one-case run that is the run's end.
 */
const compileRecordParser = () => void import('../lib/results/record.js').then((m) => m.compiledTestRecord(), () => {})

/**
 * The orgbench reporter: a thin adapter from Vitest's hooks to lib/results. It reads the run's
 * journal as tests end; at the end it counts the tests and builds the results from the run's
 * journal (or, with --merge-reports, from the journals of the shards' runs named in the tests'
 * meta), writes the run file, the records file and the LATEST pointer, prints the summary, and
 * ends the output with "N passed, N failed".
 */
export default class OrgbenchReporter implements Reporter {
  private root = process.cwd()
  private watch = false
  private namePattern: string | null = null
  private projects: string[] = []
  private fileFilters: readonly string[] = []
  private followed: JournalFollower<Kept> | null = null
  /** The tests as Vitest reported them one by one (see onTestRunEnd for when the end's modules are used instead). */
  private reported = new TestTally()

  onInit(vitest: Vitest): void {
    this.root = vitest.config.root
    this.watch = vitest.config.watch
    this.namePattern = vitest.config.testNamePattern?.source ?? null
    this.projects = vitest.projects.map((p) => p.name)
    this.fileFilters = vitestCommandLine().filter
  }

  onTestRunStart(): void {
    this.followed = null
    this.reported = new TestTally()
  }

  onTestModuleCollected(): void {
    // Started once a test file has loaded: while a worker loads one, the main process serves its
    // modules. An error in these modules surfaces where they are used.
    loadEndModules().then(compileRecordParser, () => {})
  }

  onTestCaseResult(testCase: TestCase): void {
    const meta = testCase.meta()
    this.reported.add({ name: testCase.fullName, state: testCase.result().state, meta })
    // Only a test that left a record has something to read.
    if (meta.orgbench !== undefined) void this.follow()
  }

  /**
   * Reads the journal lines written since the last test ended (the test's own record is on disk
   * before it ends), so that the end of the run has little left to read. Any failure here only
   * means the end reads the whole journal, as it would without this.
   */
  private async follow(): Promise<void> {
    const run = activeRun()
    if (!run) return
    try {
      const { followJournal } = await loadEndModules()
      if (this.followed?.dir !== run.journalDir) this.followed = followJournal(run.journalDir)
      this.followed.poll()
    } catch {
      this.followed = null
    }
  }

  async onTestRunEnd(modules: ReadonlyArray<TestModule>, errors: ReadonlyArray<unknown>, reason: string): Promise<void> {
    // Awaited whatever the run (no file may have been collected): nothing may still be loading once the run has ended.
    const { finalizeRun, noCaseRanNotice, renderRunSummary, runFilters, saturationOf } = await loadEndModules()
    const root = this.root
    // The modules hold every test at the end, also those a --bail stopped reporting one by one; but
    // a merge of blob reports written under another folder (shards on other machines) hands over
    // no module, though it replayed every test: then the tests as reported count.
    const fromModules = tallyOf(modules)
    const tally = fromModules.total() >= this.reported.total() ? fromModules : this.reported
    let config: Config | null = null
    try {
      config = loadConfig({ cwd: root })
    } catch {
      // The configuration error was already reported when the run started.
    }
    // No file at all ("No test files found"): the global setup did not run to say where ORGBENCH_TASKS's files are.
    if (config && modules.length === 0) for (const line of tasksOutsideRun(root, config.tasks, { projects: this.projects, filters: this.fileFilters, cwd: process.cwd() })) console.log(`\n[orgbench] ${line}`)
    const run = activeRun()
    const runIds = run ? [run.runId] : tally.runIds()
    if (config && runIds.length > 0) {
      try {
        const done = await finalizeRun({
          resultsDir: resolve(this.root, config.resultsDir),
          runIds,
          vitest: { reason, ...tally.counts() },
          ran: tally.ran(),
          skipped: tally.skippedCases(),
          runErrors: errors.length + modules.reduce((n, m) => n + m.errors().length, 0),
          warnings: tally.warnings(),
          keepJournal: this.watch,
          cacheDir: resolve(this.root, config.cacheDir),
          fallback: {
            config: publicConfig(config),
            prices: configuredPrices(config, root),
            // Read only when no manifest names the commit.
            get commit() {
              return gitCommit(root)
            },
          },
          ...(this.followed ? { followed: this.followed } : {}),
        })
        const notice = done ? null : noCaseRanNotice(runFilters(config, this.namePattern), tally.benchmarkCounts())
        if (done) console.log(renderRunSummary(done.run, relative(this.root, done.path), { wide: config.wide, saturation: saturationOf(done.run.aggregates.map((c) => c.task)), resultsDir: config.resultsDir === DEFAULT_RESULTS_DIR ? null : config.resultsDir }))
        else if (notice) {
          console.log(`\n${notice}`)
          process.exitCode = 1
        }
      } catch (e) {
        console.error(`\n[orgbench] the results could not be written: ${(e as Error).message}`)
        process.exitCode = isUserError(e) ? 2 : 1
      }
    }
    const { passed, failed } = tally.counts()
    console.log(`\n${passed} passed, ${failed} failed`)
  }
}

/**
 * The run's tests counted as its modules hold them at the end. Not from onTestCaseResult: after a
 * --bail, Vitest stops reporting tests one by one, though the tests still running finish (and
 * journal their records).
 */
function tallyOf(modules: ReadonlyArray<TestModule>): TestTally {
  const tally = new TestTally()
  for (const module of modules) for (const test of module.children.allTests()) tally.add({ name: test.fullName, state: test.result().state, meta: test.meta() })
  return tally
}
