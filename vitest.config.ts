import { defineConfig } from 'vitest/config'

/** A benchmark test runs a whole organisation; live endpoints can be slow, so allow a long time. */
const BENCH_TIMEOUT_MS = 30 * 60_000

const benchProject = (name: string) => ({
  test: {
    name,
    include: [`benchmarks/${name}/**/*.test.ts`],
    testTimeout: BENCH_TIMEOUT_MS,
    // Annotation attachments (deliverables, judgements) are files Vitest copies here; .vitest/ is ignored by git.
    attachmentsDir: '.vitest/attachments',
    // Tests of a file run concurrently up to this many; model calls are further limited by ORGBENCH_MAX_CONCURRENCY.
    maxConcurrency: 8,
  },
})

export default defineConfig({
  test: {
    globalSetup: ['./lib/run/global-setup.ts'],
    // Explicit reporters: the same output locally, in CI and under coding agents.
    reporters: ['default', './reporters/results.ts'],
    projects: [
      {
        // test/fixtures/ holds suites that the unit tests run in their own Vitest process (e.g. the reporter's).
        test: { name: 'unit', include: ['test/**/*.test.ts'], exclude: ['test/fixtures/**', '**/node_modules/**'], testTimeout: 60_000 },
      },
      benchProject('enterprise'),
      benchProject('finance'),
      benchProject('general'),
      // The hard tier (tasks calibrated so that a strong single agent cannot ace them), apart from
      // the main job: npx vitest run --project hard.
      benchProject('hard'),
    ],
  },
})
