import { availableParallelism } from 'node:os'
import { defineConfig } from 'vitest/config'
import { asksForProject, benchInclude, tooFewFilesForShards } from './lib/run/bench-files.js'
import { benchWorkers } from './lib/run/bench-workers.js'
import { runFileFilters, runsOnce, vitestCommandLine } from './lib/run/command-line.js'
import { terminalConsoleFilter } from './lib/run/console-filter.js'
import { useCompileCache } from './lib/run/compile-cache.js'
import { longFirstSequencer } from './lib/run/long-first.js'
import { dropStaleModuleCache } from './lib/run/module-cache.js'
import { projectsInScope, testFilesUnder } from './lib/run/project-scope.js'
import { runBundle, useRunBundle } from './lib/run/run-bundle.js'
import { guardStackFormatting } from './lib/run/stack-guard.js'
import { tieringArgv, tuneTiering } from './lib/run/v8-tiering.js'

// Before Vitest starts its workers, which inherit the process's V8 flags (see lib/run/v8-tiering.ts).
tuneTiering()

const root = import.meta.dirname

// Before Vitest starts its workers, which read NODE_COMPILE_CACHE when they start (Node 22; lib/run/compile-cache.ts).
useCompileCache(root)

// Before Vitest opens its module cache (fsModuleCache below): one made before the last npm install breaks the next run.
dropStaleModuleCache(root)
// Before Vitest installs Vite's stack formatter in this process, which fails on modules from that cache (lib/run/stack-guard.ts).
guardStackFormatting()

// Before Vitest loads the reporters and the global setup, which load their modules from it
// (lib/run/run-bundle.ts). Only for a run that ends by itself: Vitest re-runs a watch session's
// tests when a module it loaded changes, task definitions included, and it never sees the bundle's.
// Not where a test imports this file either: that test's worker keeps its modules.
if (runsOnce() && !process.env.VITEST_WORKER_ID) useRunBundle(await runBundle(root))

/**
 * Annotation attachments (deliverables, judgements): Vitest copies them here, .vitest/ is ignored by
 * git. Set in the root config too: the HTML reporter copies the root's folder into its data/.
 */
const ATTACHMENTS_DIR = '.vitest/attachments'

/** A benchmark test runs a whole organisation; live endpoints can be slow, so allow a long time. */
const BENCH_TIMEOUT_MS = 30 * 60_000

/**
 * --maxWorkers from the command line. Vitest prefers a project's own worker count to it, so every
 * project below takes it in place of its default; otherwise the flag would change nothing.
 */
const CLI_WORKERS = vitestCommandLine().maxWorkers

/**
 * Benchmark workers (lib/run/bench-workers.ts): one per two cores against a simulator that answers
 * at once, at least two when the calls wait on the network. The calls in flight are limited for the
 * whole run by ORGBENCH_MAX_CONCURRENCY (the run coordinator), whatever the number of workers.
 */
const BENCH_WORKERS = CLI_WORKERS ?? benchWorkers(root, availableParallelism())

/** The learning loop runs a file's tests one after another: its files need workers of their own. */
const LEARNING_WORKERS = CLI_WORKERS ?? Math.max(2, Math.min(4, availableParallelism()))

/**
 * Unit workers: Vitest's default on a 2-core machine is one, and the slowest unit tests mostly wait
 * on child Vitest processes, leaving a core idle; two keep both busy.
 */
const UNIT_WORKERS = CLI_WORKERS ?? Math.max(2, availableParallelism() - 1)

/**
 * Unit test files that change what a module holds for the whole process: they replace modules
 * (vi.mock, which takes effect only where the module is loaded fresh) or the simulator's
 * calibrations other than through test/support/calibrations.ts (which puts the project's back
 * after the file). Each runs in a worker of its own, a thread: test/vitest-config.test.ts keeps the
 * list complete.
 */
export const ISOLATED_UNIT_FILES = [
  'test/learning/bench.test.ts',
  'test/make-folder.test.ts',
  'test/llm/client-unexpected.test.ts',
  'test/memory/store.test.ts',
  'test/results/write.test.ts',
  'test/run/run-context.test.ts',
  'test/run/shards-check.test.ts',
  'test/sim/calibration.test.ts',
  'test/tasks/fixture-file.test.ts',
]

/**
 * Unit test files that run for ten seconds or more, longest first: they start before the others
 * even where Vitest has no durations from an earlier run (lib/run/long-first.ts). Mini-runs
 * through the simulator and child Vitest runs.
 */
export const LONG_UNIT_FILES = [
  'test/results/gate-topologies.simulation.test.ts',
  'test/suite-grows.test.ts',
  'test/reporter.test.ts',
  'test/results/gate.simulation.test.ts',
  'test/sim/correlated.simulation.test.ts',
  'test/resume-and-shards.test.ts',
  'test/results/report/browser-check.test.ts',
]

/**
 * The learning loop runs only when asked for (--project learning, or a file under
 * benchmarks/learning/): otherwise a bare `vitest run` or `vitest run benchmarks -t <task>` would
 * run it too, pool its cases with the benchmark's and write a memory version on the way.
 */
const LEARNING_ASKED = asksForProject(vitestCommandLine(), 'learning', root, process.cwd())

// Said before Vitest starts, whatever the reporters: otherwise a shard left without a file by
// ORGBENCH_TASKS fails with an error a blob-only shard never prints, or says the filter selects no case.
const shardRefusal = tooFewFilesForShards(root, vitestCommandLine())
if (shardRefusal) {
  console.error(`\n${shardRefusal}\n`)
  process.exit(2)
}

const benchProject = (name: string, workers = BENCH_WORKERS, groupOrder = 1, include = benchInclude(root, name)) => ({
  test: {
    name,
    include,
    testTimeout: BENCH_TIMEOUT_MS,
    attachmentsDir: ATTACHMENTS_DIR,
    // Every test of a file starts at once and waits for permits; the coordinator hands them out
    // oldest test first, so the run-wide limit, not this number, sets how many calls are in flight.
    maxConcurrency: 1_000,
    // Benchmark files share no state that matters (test/isolation.test.ts proves it): a worker
    // loads openai, zod and lib/ once and runs file after file.
    pool: 'threads' as const,
    isolate: false,
    maxWorkers: workers,
    // Projects with their own worker count run as their own group: the unit tests first, the learning loop last.
    sequence: { groupOrder },
  },
})

/** A project's test files, or more (enough for lib/run/project-scope.ts to tell whether a filter keeps one). */
const candidatesOf = (name: string): readonly string[] => (name === 'unit' ? testFilesUnder(root, 'test') : name === 'unit-isolated' ? ISOLATED_UNIT_FILES : testFilesUnder(root, `benchmarks/${name}`))

export default defineConfig({
  test: {
    globalSetup: ['./lib/run/global-setup.ts'],
    // Transformed modules are kept on disk between runs (keyed by content and config): a run
    // starts without re-transforming lib/.
    experimental: { fsModuleCache: true },
    // Explicit reporters: the same output locally, in CI and under coding agents.
    reporters: ['default', './reporters/progress.ts', './reporters/results.ts'],
    sequence: { sequencer: longFirstSequencer(LONG_UNIT_FILES) },
    attachmentsDir: ATTACHMENTS_DIR,
    // A case's full view is for the viewers' Console tab (Vitest UI, the HTML report), not the terminal;
    // a warning that every worker gives is shown once.
    onConsoleLog: terminalConsoleFilter(),
    // `vitest run <filters>` configures only the projects with a file its filters keep (lib/run/project-scope.ts).
    projects: projectsInScope(
      [
        {
          // test/fixtures/ holds suites that the unit tests run in their own Vitest process (e.g. the reporter's).
          // A worker runs file after file with the modules loaded once (loading them again for each of
          // some 350 files cost about a third of the unit tests' CPU); test/support/fresh-state.ts puts
          // environment variables and the working directory back before each file.
          test: {
            name: 'unit',
            include: ['test/**/*.test.ts'],
            exclude: ['test/fixtures/**', '**/node_modules/**', ...ISOLATED_UNIT_FILES],
            setupFiles: ['./test/support/fresh-state.ts'],
            isolate: false,
            testTimeout: 60_000,
            sequence: { groupOrder: 0 },
            maxWorkers: UNIT_WORKERS,
            // Forked workers, which get the threshold only as a flag: about 5 % less of their CPU.
            execArgv: tieringArgv(),
          },
        },
        {
          // Files that change modules for the whole process, each with a module graph of its own.
          test: { name: 'unit-isolated', include: [...ISOLATED_UNIT_FILES], pool: 'threads', testTimeout: 60_000, sequence: { groupOrder: 0 }, maxWorkers: UNIT_WORKERS },
        },
        benchProject('enterprise'),
        benchProject('finance'),
        benchProject('general'),
        // The hard tier (tasks built to be beyond a strong single agent), apart from
        // the main job: npx vitest run --project hard.
        benchProject('hard'),
        // The learning loop (lib/learning), apart from the main job: npx vitest run --project learning;
        // without that it has no files (LEARNING_ASKED). Its tests run one after another within a task
        // file (each iteration needs the memory of the one before).
        benchProject('learning', LEARNING_WORKERS, 2, LEARNING_ASKED ? benchInclude(root, 'learning') : []),
      ],
      candidatesOf,
      { filters: runFileFilters(), cli: vitestCommandLine(), root, cwd: process.cwd() },
    ),
  },
})
