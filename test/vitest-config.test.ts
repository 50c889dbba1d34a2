import { expect, test } from 'vitest'
import { execFileSync } from 'node:child_process'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import config, { ISOLATED_UNIT_FILES, LONG_UNIT_FILES } from '../vitest.config.js'
import { vitestProjects } from '../lib/run/bench-files.js'
import { consoleView } from '../lib/run/publish.js'
import { runBundleOfProcess } from '../lib/run/run-bundle.js'
import { tieringArgv } from '../lib/run/v8-tiering.js'
import { bundledGraph } from './support/import-graph.js'
import { PROJECT_ROOT } from '../lib/tasks/registry.js'
import { judgedRecord } from './results/fixtures.js'

/*
 * The project's Vitest configuration: what the viewers and the terminal get. (Loading it here
 * does what it does when Vitest loads it for these very tests.)
 */

const root = config.test!
const projects = root.projects as Array<{ test: { name: string; attachmentsDir?: string } }>

test('the HTML reporter copies the root config’s attachments folder: it is the one every benchmark project writes to', () => {
  const bench = projects.filter((p) => !p.test.name.startsWith('unit'))
  expect(bench.map((p) => p.test.name)).toEqual(['enterprise', 'finance', 'general', 'hard', 'learning'])
  for (const p of bench) expect(p.test.attachmentsDir, p.test.name).toBe(root.attachmentsDir)
  expect(root.attachmentsDir).toBe('.vitest/attachments')
})

test("loaded in a test's worker, it leaves that worker's modules alone: the reporters and the global setup imported there are the unbundled ones", () => {
  expect(runBundleOfProcess()).toBeUndefined()
})

test("a case's full view stays out of the terminal (the viewers still show it); other console output is printed", () => {
  const onConsoleLog = root.onConsoleLog!
  expect(onConsoleLog(`${consoleView(judgedRecord('star', 1, 80, 500))}\n`, 'stdout', undefined as never)).toBe(false)
  expect(onConsoleLog('[orgbench] 3/7 cases · 0 error(s)\n', 'stdout', undefined as never)).toBe(true)
})

test('the projects `orgbench run` checks a --project against are the configuration\'s', () => {
  expect(vitestProjects(PROJECT_ROOT)).toEqual(projects.map((p) => p.test.name))
})

test('exactly the unit test files that replace modules, or change the simulator\'s calibrations other than through test/support/calibrations.ts, run each in a worker of its own; the rest share their workers', () => {
  const files = readdirSync(join(PROJECT_ROOT, 'test'), { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts') && !f.startsWith('fixtures'))
    .map((f) => `test/${f}`)
  const changing = files.filter((f) => /\bvi\.(do)?[mM]ock\(|\b(useCalibrationFixtures|setCalibration)\(/.test(readFileSync(join(PROJECT_ROOT, f), 'utf8'))).sort()
  expect(changing.length).toBeGreaterThan(0)
  expect([...ISOLATED_UNIT_FILES].sort()).toEqual(changing)
  const unit = projects.find((p) => p.test.name === 'unit')!.test as { isolate?: boolean; exclude?: string[] }
  expect(unit.isolate).toBe(false)
  expect(unit.exclude).toEqual(expect.arrayContaining([...ISOLATED_UNIT_FILES]))
})

test("the unit project's forked workers start with the V8 tiering flag, which a fork does not inherit from Vitest's process", () => {
  const unit = projects.find((p) => p.test.name === 'unit')!.test as { pool?: string; execArgv?: string[] }
  expect(unit.pool).toBeUndefined()
  expect(tieringArgv()).toHaveLength(1)
  expect(unit.execArgv).toEqual(tieringArgv())
})

test('the unit files started first, however Vitest would order them, are files of the unit project', () => {
  const unit = readdirSync(join(PROJECT_ROOT, 'test'), { recursive: true, encoding: 'utf8' }).map((f) => `test/${f}`)
  for (const file of LONG_UNIT_FILES) {
    expect(unit, file).toContain(file)
    expect(ISOLATED_UNIT_FILES, file).not.toContain(file)
  }
  expect(new Set(LONG_UNIT_FILES).size).toBe(LONG_UNIT_FILES.length)
})

/**
 * Loads the configuration in a process of its own once per command line (it reads its command line
 * when it loads: each load is a fresh copy of the config module, with lib/ loaded once) and returns
 * what `report`, an expression over the loaded config `c`, gives after each.
 */
function loadedWith(commandLines: string[][], report: string): unknown[] {
  const code = `const out = []
for (const [i, args] of ${JSON.stringify(commandLines)}.entries()) {
  process.argv = [process.argv[0], 'vitest', ...args]
  const { default: c } = await import('./vitest.config.ts?command-line=' + i)
  out.push(await (async () => ${report})())
}
console.log(JSON.stringify(out))`
  const env = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('ORGBENCH_') && !k.startsWith('VITEST')))
  return JSON.parse(execFileSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', code], { encoding: 'utf8', cwd: PROJECT_ROOT, env }).trim().split('\n').at(-1)!) as unknown[]
}

test('a run that ends by itself gets the run\'s bundle; a watch session and Vitest UI do not (Vitest re-runs their tests when a module it loaded changes)', () => {
  // The run last: once set, the process keeps its bundle.
  const bundles = loadedWith([['--ui', '--watch', '--standalone', '--project', 'enterprise'], ['watch', 'benchmarks/enterprise'], ['run', 'benchmarks/enterprise']], "(await import('./lib/run/run-bundle.ts')).runBundleOfProcess() ?? 'none'")
  expect(bundles).toEqual(['none', 'none', expect.stringMatching(/\/node_modules\/\.orgbench\/bundle\/\w+\/$/)])
})

test('--maxWorkers on the command line sets every project\'s worker count (Vitest would otherwise keep each project\'s own)', () => {
  const counts = loadedWith([['run', '--maxWorkers', '3'], ['run', '--maxWorkers=50%'], ['run']], 'c.test.projects.map((p) => p.test.maxWorkers)')
  expect(counts).toEqual([projects.map(() => 3), projects.map(() => '50%'), projects.map((p) => (p.test as { maxWorkers?: unknown }).maxWorkers)])
})

test('vitest run <filters> configures only the projects with a file the filters keep; a watch session, a run without filters and one whose filters keep nothing, every project', () => {
  const names = loadedWith(
    [['run', 'benchmarks/enterprise'], ['run', 'test/run/', 'benchmarks/finance'], ['run', 'benchmarks/enterprise', '--project', 'hard'], ['watch', 'benchmarks/enterprise'], ['run'], ['run', 'no-such-file']],
    'c.test.projects.map((p) => p.test.name)',
  )
  const all = projects.map((p) => p.test.name)
  expect(all).toEqual(['unit', 'unit-isolated', 'enterprise', 'finance', 'general', 'hard', 'learning'])
  expect(names).toEqual([['enterprise'], ['unit', 'unit-isolated', 'finance'], ['enterprise', 'hard'], all, all, all])
})

test('the configuration, as Vite bundles it, loads neither zod nor openai: the run bundle brings its own copies later, and loading a second copy before Vitest starts took some 50 ms', () => {
  const graph = bundledGraph('vitest.config.ts')
  expect(graph.files).toContain('lib/run/run-bundle.ts')
  expect(graph.files).toContain('lib/tasks/definition-files.ts')
  expect([...graph.packages].filter((p) => p === 'zod' || p.startsWith('zod/') || p === 'openai' || p.startsWith('openai/'))).toEqual([])
})
