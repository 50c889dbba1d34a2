import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { benchInclude } from '../../lib/run/bench-files.js'
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

  test('reads ORGBENCH_TASKS from .env when the environment has none', () => {
    const root = tempDir()
    mkdirSync(join(root, 'benchmarks', 'finance'), { recursive: true })
    writeFileSync(join(root, 'benchmarks', 'finance', 'defi-strategy-design.test.ts'), '')
    writeFileSync(join(root, '.env'), 'ORGBENCH_TASKS=defi_strategy_design\n')
    expect(benchInclude(root, 'finance', {})).toEqual(['benchmarks/finance/defi-strategy-design.test.ts'])
  })
})
