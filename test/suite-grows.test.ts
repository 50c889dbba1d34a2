import { execFile } from 'node:child_process'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, test } from 'vitest'
import { PROJECT_ROOT } from '../lib/tasks/registry.js'
import { TOPOLOGY_IDS } from '../lib/topologies/types.js'

/**
 * The suite grows without breaking: in a temporary copy of the project, a new task is added the
 * way the README says (a definition, its fixtures, a two-line benchmark file), next to a broken
 * task and a benchmark file with a mistyped task id. The unit tests that look at every task still
 * pass; the new task runs; the broken task and the typo fail only their own tests, and say why.
 */

/** The documented code-review example (docs/examples/code_review), as it would be added under lib/ and fixtures/. */
const EXAMPLE = join(PROJECT_ROOT, 'docs', 'examples', 'code_review')
const definition = (id: string, broken: 'schema' | 'neutrality' | null = null) => {
  const text = readFileSync(join(EXAMPLE, 'definitions', 'enterprise', 'quote_review.ts'), 'utf8').replace(/from '(\.\.\/)+lib\/tasks\/schema\.js'/, "from '../../schema.js'").replace("id: 'quote_review'", `id: '${id}'`)
  if (broken === 'schema') return text.replace('weight: 40', 'weight: 30')
  // A role focus that names the planted defect's category: only the neutrality checks refuse it.
  return broken === 'neutrality' ? text.replace("focus: 'Pull request q01 in full, with the code it touches.'", "focus: 'Look for SQL injection in every query the change builds.'") : text
}

let root = ''

/** One child Vitest run's limit; a test makes one, and its own limit only stops a hung test. */
const CHILD_TIMEOUT_MS = 240_000
const SUITE_TIMEOUT_MS = CHILD_TIMEOUT_MS + 60_000

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number; output: string }> {
  const inherited = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('VITEST') && !k.startsWith('ORGBENCH_') && k !== 'NODE_OPTIONS' && k !== 'TEST'))
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [join(root, 'node_modules', 'vitest', 'vitest.mjs'), 'run', ...args], { cwd: root, env: { ...inherited, NO_COLOR: '1', ORGBENCH_RESULTS_DIR: join(root, 'out'), ...env }, timeout: CHILD_TIMEOUT_MS, maxBuffer: 32 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error && typeof error.code !== 'number') return reject(error)
      resolve({ code: typeof error?.code === 'number' ? error.code : 0, output: `${stdout}\n${stderr}` })
    })
  })
}

beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), 'orgbench-suite-'))
  for (const entry of ['lib', 'test', 'benchmarks', 'fixtures', 'reporters', 'bin', 'docs', 'package.json', 'tsconfig.json', 'vitest.config.ts']) {
    cpSync(join(PROJECT_ROOT, entry), join(root, entry), { recursive: true })
  }
  symlinkSync(join(PROJECT_ROOT, 'node_modules'), join(root, 'node_modules'))
  cpSync(join(EXAMPLE, 'fixtures', 'quotes'), join(root, 'fixtures', 'quotes'), { recursive: true })
  writeFileSync(join(root, 'lib', 'tasks', 'definitions', 'enterprise', 'quote_review.ts'), definition('quote_review'))
  writeFileSync(join(root, 'benchmarks', 'enterprise', 'quote-review.test.ts'), "import { benchTask } from '../../lib/run/bench.js'\n\nawait benchTask('quote_review')\n")
})

afterAll(() => rmSync(root, { recursive: true, force: true }))

describe('adding a task', () => {
  test('keeps green the unit tests that look at every task', async () => {
    // Every unit test file that goes through all tasks of the real registry (and so must not care how
    // many there are). Two are left out only for time, as they run whole organisations on every task:
    // self_refine's (star and self_refine) and the simulator's null model (six seeds of both, about
    // 20 s of a core; test/sim/correlated.simulation.test.ts).
    const everyTask = readdirSync(join(root, 'test'), { recursive: true, encoding: 'utf8' })
      .filter((f) => f.endsWith('.test.ts') && !f.startsWith('fixtures') && f !== 'suite-grows.test.ts' && !f.includes('self_refine') && !f.endsWith('correlated.simulation.test.ts'))
      .filter((f) => /registry\.tasks|\.byTrack\(/.test(readFileSync(join(root, 'test', f), 'utf8')))
      .map((f) => `test/${f}`)
    expect(everyTask.length).toBeGreaterThan(5)
    // One worker: the files load lib/ once (the parent run keeps the machine's other core busy).
    const unit = await run(['--project', 'unit', '--project', 'unit-isolated', '--maxWorkers=1', ...everyTask])
    expect(unit.output).toMatch(/\d+ passed, 0 failed/)
    expect(unit.code, unit.output.slice(-3000)).toBe(0)
  }, SUITE_TIMEOUT_MS)
})

describe('a task that cannot run', () => {
  test('a broken task and a mistyped id fail only their own tests, naming why; the new task runs, every topology of it passing; the run exits non-zero', async ({ onTestFinished }) => {
    const added = [
      [join(root, 'lib', 'tasks', 'definitions', 'enterprise', 'quote_review_broken.ts'), definition('quote_review_broken', 'schema')],
      [join(root, 'benchmarks', 'enterprise', 'quote-review-broken.test.ts'), "import { benchTask } from '../../lib/run/bench.js'\n\nawait benchTask('quote_review_broken')\n"],
      // Judged by the global setup; its worker, which trusts that verdict, must not run it.
      [join(root, 'lib', 'tasks', 'definitions', 'enterprise', 'quote_review_leaking.ts'), definition('quote_review_leaking', 'neutrality')],
      [join(root, 'benchmarks', 'enterprise', 'quote-review-leaking.test.ts'), "import { benchTask } from '../../lib/run/bench.js'\n\nawait benchTask('quote_review_leaking')\n"],
      [join(root, 'benchmarks', 'enterprise', 'typo.test.ts'), "import { benchTask } from '../../lib/run/bench.js'\n\nawait benchTask('quote_reveiw')\n"],
    ] as const
    // The other test of this file runs every test of the copy: it must not meet these, whichever runs first.
    onTestFinished(() => {
      for (const [file] of added) rmSync(file, { force: true })
    })
    for (const [file, text] of added) writeFileSync(file, text)
    const r = await run(['benchmarks/enterprise/quote-review.test.ts', 'benchmarks/enterprise/quote-review-broken.test.ts', 'benchmarks/enterprise/quote-review-leaking.test.ts', 'benchmarks/enterprise/typo.test.ts'], { ORGBENCH_TRIALS: '1' })
    expect(r.code).toBe(1)
    expect(r.output).toContain('[orgbench] 2 task(s) cannot run')
    expect(r.output).toContain('quote_review_leaking · invalid task definition')
    expect(r.output).toContain('lib/tasks/definitions/enterprise/quote_review_leaking.ts: field roles.0.focus')
    expect(r.output).toContain('quote_review_broken · invalid task definition')
    expect(r.output).toContain('lib/tasks/definitions/enterprise/quote_review_broken.ts: field rubric: expected rubric weights to sum to 100, got 90')
    expect(r.output).toContain('quote_reveiw · unknown task')
    expect(r.output).toContain('unknown task "quote_reveiw" (did you mean quote_review?)')
    expect(r.output).not.toMatch(/at .*lib\/run\/task-errors\.ts/)
    expect(r.output).toContain(`${TOPOLOGY_IDS.length} passed, 3 failed`)
    for (const topology of TOPOLOGY_IDS) expect(r.output).toMatch(new RegExp(`\\[orgbench\\] ok +quote_review × ${topology} #1 · score \\d`))
  }, SUITE_TIMEOUT_MS)
})
