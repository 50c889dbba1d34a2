import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { asksForProject, benchFiles, benchInclude, matchesFileFilter, selectsTask, tasksElsewhere, tasksOutsideRun, tooFewFilesForShards, tracksOfTasks, trackTasksLeftOut } from '../../lib/run/bench-files.js'
import { PROJECT_ROOT } from '../../lib/tasks/registry.js'
import { tempDir } from '../support/temp.js'

describe('benchInclude', () => {
  test('without ORGBENCH_TASKS a track includes every benchmark file', () => {
    expect(benchInclude(PROJECT_ROOT, 'enterprise', {})).toEqual(['benchmarks/enterprise/**/*.test.ts'])
  })

  test('with ORGBENCH_TASKS only the files of those tasks are loaded, each in its own track', () => {
    const env = { ORGBENCH_TASKS: 'code_review_execution, strategic_planning' }
    expect(benchInclude(PROJECT_ROOT, 'enterprise', env)).toEqual(['benchmarks/enterprise/code-review-execution.test.ts'])
    expect(benchInclude(PROJECT_ROOT, 'general', env)).toEqual(['benchmarks/general/strategic-planning.test.ts'])
    expect(benchInclude(PROJECT_ROOT, 'finance', env)).toEqual([])
  })

  test('a task with a benchmark file and a learning file gets each in its own project', () => {
    const env = { ORGBENCH_TASKS: 'code_review_execution,strategic_planning' }
    expect(benchInclude(PROJECT_ROOT, 'learning', env)).toEqual(['benchmarks/learning/code-review-execution.test.ts'])
    expect(benchInclude(PROJECT_ROOT, 'enterprise', env)).toEqual(['benchmarks/enterprise/code-review-execution.test.ts'])
  })

  test('an id without a file keeps every file, so that the run\'s validation can name it', () => {
    expect(benchInclude(PROJECT_ROOT, 'enterprise', { ORGBENCH_TASKS: 'code_review_execution,no_such_task' })).toEqual(['benchmarks/enterprise/**/*.test.ts'])
  })

  test('reads ORGBENCH_TASKS from .env when the environment has none, also from one saved with a byte-order mark', () => {
    for (const text of ['ORGBENCH_TASKS=defi_strategy_design\n', '\uFEFFORGBENCH_TASKS=defi_strategy_design\n']) {
      const root = tempDir()
      mkdirSync(join(root, 'benchmarks', 'finance'), { recursive: true })
      writeFileSync(join(root, 'benchmarks', 'finance', 'defi-strategy-design.test.ts'), '')
      writeFileSync(join(root, '.env'), text)
      expect(benchInclude(root, 'finance', {})).toEqual(['benchmarks/finance/defi-strategy-design.test.ts'])
    }
  })

  test('leaves a .env it cannot read to the configuration check, which names it', () => {
    const root = tempDir()
    mkdirSync(join(root, '.env'))
    expect(benchInclude(root, 'finance', {})).toEqual(['benchmarks/finance/**/*.test.ts'])
  })
})

describe('tooFewFilesForShards', () => {
  const cli = (shard: string | undefined, project: string[] = []) => ({ filter: [], project, ...(shard ? { shard } : {}) })
  test('refuses more shards than the files ORGBENCH_TASKS leaves in the projects run, naming the filter, the files and the shards', () => {
    const env = { ORGBENCH_TASKS: 'contract_review_execution' }
    expect(tooFewFilesForShards(PROJECT_ROOT, cli('2/2', ['enterprise']), env)).toBe(
      '[orgbench] ORGBENCH_TASKS=contract_review_execution selects 1 benchmark file(s) in the projects run, fewer than the 2 shards of --shard=2/2: Vitest shards the files the filter leaves, so a shard would get none. Run it without --shard, or with at most 1 shard(s).',
    )
    // code_review_execution has a learning file too, which runs only when its project is asked for.
    const two = { ORGBENCH_TASKS: 'code_review_execution,contract_review_execution' }
    expect(tooFewFilesForShards(PROJECT_ROOT, cli('1/3'), two)).toContain('selects 2 benchmark file(s) in the projects run, fewer than the 3 shards')
    expect(tooFewFilesForShards(PROJECT_ROOT, cli('1/3', ['enterprise', 'learning']), two)).toBeNull()
    expect(tooFewFilesForShards(PROJECT_ROOT, cli('1/2', ['finance']), env)).toContain('selects 0 benchmark file(s)')
  })

  test('says nothing without --shard, without ORGBENCH_TASKS, with enough files, or for an id without a file (the run names unknown ids)', () => {
    const env = { ORGBENCH_TASKS: 'contract_review_execution' }
    expect(tooFewFilesForShards(PROJECT_ROOT, cli(undefined), env)).toBeNull()
    expect(tooFewFilesForShards(PROJECT_ROOT, cli('1/1'), env)).toBeNull()
    expect(tooFewFilesForShards(PROJECT_ROOT, cli('1/3'), {})).toBeNull()
    expect(tooFewFilesForShards(PROJECT_ROOT, cli('1/2'), { ORGBENCH_TASKS: 'contract_review_execution,code_review_protocol' })).toBeNull()
    expect(tooFewFilesForShards(PROJECT_ROOT, cli('1/2'), { ORGBENCH_TASKS: 'contract_review_execution,no_such_task' })).toBeNull()
  })
})

describe('benchFiles', () => {
  test('lists every benchmark file with its project and the task its name says, learning files included', () => {
    const files = benchFiles(PROJECT_ROOT)
    expect(files).toContainEqual({ project: 'hard', task: 'treasury_yield_sizing', file: 'benchmarks/hard/treasury-yield-sizing.test.ts' })
    expect(files.filter((f) => f.task === 'code_review_execution').map((f) => f.project)).toEqual(['enterprise', 'learning'])
    expect(benchFiles(tempDir())).toEqual([])
  })
})

describe('asksForProject', () => {
  const asks = (cli: { filter?: string[]; project?: string[] }, cwd = '/repo') => asksForProject({ filter: cli.filter ?? [], project: cli.project ?? [] }, 'learning', '/repo', cwd)
  test('a --project pattern that matches the name asks for it, as Vitest matches them (wildcards, any case); an exclusion does not', () => {
    expect(asks({ project: ['learning'] })).toBe(true)
    expect(asks({ project: ['enterprise', 'Learn*'] })).toBe(true)
    expect(asks({ project: ['*'] })).toBe(true)
    expect(asks({ project: ['enterprise', '!learning'] })).toBe(false)
    expect(asks({ project: ['learn'] })).toBe(false)
  })
  test('a file filter inside benchmarks/<name>/ asks for it; a wider or unrelated one, or none, does not', () => {
    expect(asks({ filter: ['benchmarks/learning'] })).toBe(true)
    expect(asks({ filter: ['benchmarks/learning/code-review-execution.test.ts:3'] })).toBe(true)
    expect(asks({ filter: ['./learning/code'] }, '/repo/benchmarks')).toBe(true)
    expect(asks({ filter: ['/repo/benchmarks/learning/'] }, '/elsewhere')).toBe(true)
    expect(asks({})).toBe(false)
    expect(asks({ filter: ['benchmarks'] })).toBe(false)
    expect(asks({ filter: ['code-review-execution'] })).toBe(false)
    expect(asks({ filter: ['learning'] })).toBe(false)
    expect(asks({ filter: ['benchmarks/learning-notes'] })).toBe(false)
  })
})

describe('matchesFileFilter', () => {
  const file = '/repo/benchmarks/enterprise/code-review-execution.test.ts'
  test('keeps a file whose path from the working folder contains the filter, ignoring case and a :line suffix', () => {
    expect(matchesFileFilter(file, 'benchmarks/enterprise', '/repo')).toBe(true)
    expect(matchesFileFilter(file, 'Code-Review', '/repo')).toBe(true)
    expect(matchesFileFilter(file, 'code-review-execution.test.ts:14', '/repo')).toBe(true)
    expect(matchesFileFilter(file, 'benchmarks/finance', '/repo')).toBe(false)
  })
  test('a relative path is read from the working folder, an absolute one as a folder above the file', () => {
    expect(matchesFileFilter(file, './enterprise', '/repo/benchmarks')).toBe(true)
    expect(matchesFileFilter(file, '../benchmarks/enterprise', '/repo/test')).toBe(true)
    expect(matchesFileFilter(file, '/repo/benchmarks', '/elsewhere')).toBe(true)
    expect(matchesFileFilter(file, '/repo/test', '/elsewhere')).toBe(false)
  })
})

describe('selectsTask', () => {
  test('ORGBENCH_TASKS and ORGBENCH_TIER both have to keep a task', () => {
    const task = { id: 'a', tier: 'hard' }
    expect(selectsTask({ tasks: null, tier: 'all' }, task)).toBe(true)
    expect(selectsTask({ tasks: ['a'], tier: 'hard' }, task)).toBe(true)
    expect(selectsTask({ tasks: ['b'], tier: 'all' }, task)).toBe(false)
    expect(selectsTask({ tasks: null, tier: 'standard' }, task)).toBe(false)
  })
})

describe('tasksElsewhere', () => {
  const files = benchFiles(PROJECT_ROOT)
  const inProjects = (...projects: string[]) => (f: { project: string }) => projects.includes(f.project)
  test('names the file and project of an ORGBENCH_TASKS id that none of the loaded files runs', () => {
    expect(tasksElsewhere(['treasury_yield_sizing', 'defi_strategy_design'], files, inProjects('finance'), 'the projects run (finance)')).toEqual([
      'ORGBENCH_TASKS: task "treasury_yield_sizing" is not in the projects run (finance): its file is benchmarks/hard/treasury-yield-sizing.test.ts, in project hard (--project hard)',
    ])
    expect(tasksElsewhere(['code_review_execution'], files, inProjects('finance'), 'the projects run (finance)')[0]).toContain(
      'its file is benchmarks/enterprise/code-review-execution.test.ts, in project enterprise (--project enterprise); benchmarks/learning/code-review-execution.test.ts, in project learning (--project learning)',
    )
  })
  test('says nothing without ORGBENCH_TASKS, for a task one loaded file runs, or for an id without a file (the run names unknown ids)', () => {
    expect(tasksElsewhere(null, files, inProjects('finance'), 'x')).toEqual([])
    expect(tasksElsewhere(['code_review_execution'], files, inProjects('learning'), 'x')).toEqual([])
    expect(tasksElsewhere(['no_such_task'], files, inProjects('finance'), 'x')).toEqual([])
  })
})

describe('tasksOutsideRun', () => {
  const run = (projects: string[], filters: string[] = []) => ({ projects, filters, cwd: PROJECT_ROOT })
  test('reads the files of a project root for a Vitest run of these projects', () => {
    expect(tasksOutsideRun(PROJECT_ROOT, ['treasury_yield_sizing'], run(['finance', 'general']))).toEqual([
      'ORGBENCH_TASKS: task "treasury_yield_sizing" is not in the projects run (finance, general): its file is benchmarks/hard/treasury-yield-sizing.test.ts, in project hard (--project hard)',
    ])
    expect(tasksOutsideRun(PROJECT_ROOT, ['treasury_yield_sizing'], run(['finance', 'hard']))).toEqual([])
  })
  test("a task whose project is run but whose file Vitest's file filters leave out is named too", () => {
    expect(tasksOutsideRun(PROJECT_ROOT, ['code_review_hard'], run(['unit', 'enterprise', 'hard'], ['benchmarks/enterprise']))).toEqual([
      'ORGBENCH_TASKS: task "code_review_hard" is not in the files run (projects unit, enterprise, hard, matching "benchmarks/enterprise"): its file is benchmarks/hard/code-review-hard.test.ts, in project hard (--project hard)',
    ])
    expect(tasksOutsideRun(PROJECT_ROOT, ['code_review_hard'], run(['unit', 'enterprise', 'hard'], ['benchmarks/enterprise', 'benchmarks/hard']))).toEqual([])
  })
  test('a run without a benchmark project (the unit tests), or without ORGBENCH_TASKS, says nothing', () => {
    expect(tasksOutsideRun(PROJECT_ROOT, ['treasury_yield_sizing'], run(['unit']))).toEqual([])
    expect(tasksOutsideRun(PROJECT_ROOT, null, run(['finance']))).toEqual([])
    expect(tasksOutsideRun(tempDir(), ['treasury_yield_sizing'], run(['finance']))).toEqual([])
  })
})

describe('trackTasksLeftOut', () => {
  const files = benchFiles(PROJECT_ROOT)
  const tracks = tracksOfTasks(PROJECT_ROOT)
  const every = () => true

  test("the tasks' tracks come from the folders of their definitions", () => {
    expect([tracks.get('treasury_yield_sizing'), tracks.get('defi_strategy_design'), tracks.get('code_review_hard')]).toEqual(['finance', 'finance', 'enterprise'])
  })

  test("a run of the finance project names, in one note, the finance track's tasks filed in the hard project", () => {
    expect(trackTasksLeftOut(files, tracks, ['finance'], every)).toEqual([
      "note: project finance runs the finance track's tasks in benchmarks/finance/ only; the track's other tasks are not in this run: cash_reconciliation_execution, treasury_yield_sizing (--project hard)",
    ])
  })

  test('nothing is said when the other project runs too, when no track project runs, or when the filters leave those tasks out', () => {
    expect(trackTasksLeftOut(files, tracks, ['finance', 'hard'], every)).toEqual([])
    expect(trackTasksLeftOut(files, tracks, ['hard'], every)).toEqual([])
    expect(trackTasksLeftOut(files, tracks, ['finance'], (f) => f.project !== 'hard')).toEqual([])
  })

  test("a run of the enterprise project does not name its own execution tasks, which also have a learning-loop file", () => {
    const notes = trackTasksLeftOut(files, tracks, ['enterprise'], every)
    expect(notes).toHaveLength(1)
    expect(notes[0]).not.toContain('code_review_execution')
    expect(notes[0]).not.toContain('--project learning')
    expect(notes[0]).toContain('code_review_hard')
    expect(trackTasksLeftOut(files, tracks, ['enterprise'], (f) => f.task === 'code_review_execution')).toEqual([])
  })

  test('only the tasks the filters keep are named', () => {
    expect(trackTasksLeftOut(files, tracks, ['finance'], (f) => f.task !== 'cash_reconciliation_execution')).toEqual([
      "note: project finance runs the finance track's tasks in benchmarks/finance/ only; the track's other tasks are not in this run: treasury_yield_sizing (--project hard)",
    ])
  })
})
