import { afterEach, describe, expect, test, vi } from 'vitest'
import { cli } from '../../support/cli.js'
import { tempDir } from '../../support/temp.js'

/** `orgbench plan` with these ORGBENCH_* variables (results in a fresh folder, so a dry pass plans). */
function plan(env: Record<string, string>, ...args: string[]) {
  vi.stubEnv('ORGBENCH_RESULTS_DIR', tempDir())
  for (const [k, v] of Object.entries(env)) vi.stubEnv(k, v)
  return cli('plan', ...args)
}

afterEach(() => {
  vi.unstubAllEnvs()
})

describe('orgbench plan: the same filters as a run', () => {
  test('an unknown task or topology id is refused as the run refuses it, with a did-you-mean, before anything is planned', async () => {
    const r = await plan({ ORGBENCH_TASKS: 'defi_strategy_design,defi_strategy_desing', ORGBENCH_TOPOLOGIES: 'starr' })
    expect(r.code).toBe(2)
    expect(r.out).toBe('')
    const lines = r.err.split('\n')
    expect(lines[0]).toBe('orgbench plan: the filters name what does not exist:')
    expect(lines[1]).toMatch(/^ {2}- ORGBENCH_TASKS: unknown task "defi_strategy_desing"; did you mean "defi_strategy_design"\? \(known: /)
    expect(lines[2]).toMatch(/^ {2}- ORGBENCH_TOPOLOGIES: unknown topology "starr"; did you mean "star"\? \(known: single, /)
  })

  test('an ORGBENCH_PRICES that cannot be read is one line naming the variable, exit 2, no stack trace', async () => {
    const r = await plan({ ORGBENCH_PRICES: tempDir() })
    expect(r.code).toBe(2)
    expect(r.err).toMatch(/^orgbench plan: ORGBENCH_PRICES=\S+: price file \S+: is a folder, expected a file \(EISDIR\); expected a JSON file of prices \(the format of lib\/llm\/prices\.json\)$/)
  })

  test('ORGBENCH_TIER and file filters narrow the plan as they narrow a run, and the plan says which projects and filters it planned', async () => {
    const r = await plan({ ORGBENCH_TIER: 'standard', ORGBENCH_TOPOLOGIES: 'single', ORGBENCH_TRIALS: '1' }, 'benchmarks/general')
    expect(r.code, r.err).toBe(0)
    const lines = r.out.split('\n')
    expect(lines[1]).toBe('projects: general (2 tasks) · filters: "benchmarks/general", ORGBENCH_TOPOLOGIES=single, ORGBENCH_TIER=standard')
    expect(lines[2]).toMatch(/^2 cases \(2 task\(s\) × topologies × trials\)/)
  })

  test('--project replaces the default projects; a tier that leaves none of their tasks plans nothing and says why', async () => {
    const r = await plan({ ORGBENCH_TIER: 'hard' }, '--project', 'finance', '--project', 'general')
    expect(r.code).toBe(2)
    expect(r.err).toBe('orgbench plan: no case to plan: the filters (ORGBENCH_TIER=hard) leave no task of projects finance, general')
    const learning = await plan({}, '--project', 'learning')
    expect(learning.code).toBe(2)
    expect(learning.err).toMatch(/^orgbench plan: --project learning: not a benchmark project/)
  })

  test('a task whose benchmark file lies outside the planned projects is named with its file and project', async () => {
    const r = await plan({ ORGBENCH_TASKS: 'treasury_yield_sizing' }, '--project', 'finance')
    expect(r.code).toBe(2)
    expect(r.err.split('\n')).toEqual([
      'orgbench plan: no case to plan: the filters (ORGBENCH_TASKS=treasury_yield_sizing) leave no task of project finance',
      'ORGBENCH_TASKS: task "treasury_yield_sizing" is not in the files planned (project finance): its file is benchmarks/hard/treasury-yield-sizing.test.ts, in project hard (--project hard)',
    ])
  })
})
