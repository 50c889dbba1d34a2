import { describe, expect, test } from 'vitest'
import { ConfigError, loadConfig } from '../../lib/config.js'
import { HrmOptions, parseOptions, SelfRefineOptions } from '../../lib/topologies/options.js'

describe('topology options', () => {
  test('hrm defaults: N=2 cycles, T=1 pass, 1 to 3 segments, ACT halting', () => {
    expect(parseOptions('hrm', HrmOptions, {})).toEqual({ cycles: 2, passes: 1, minSegments: 1, maxSegments: 3, halting: 'act', haltThreshold: 0.9, convergence: 0.1 })
    expect(parseOptions('self_refine', SelfRefineOptions, {})).toEqual({ budgetTokens: null, budgetSource: 'estimate' })
  })

  test('a wrong option names the topology and the field', () => {
    expect(() => parseOptions('hrm', HrmOptions, { cycles: 0 })).toThrow(/^invalid hrm options: cycles: /)
    expect(() => parseOptions('hrm', HrmOptions, { minSegments: 3, maxSegments: 2 })).toThrow('invalid hrm options: minSegments: expected minSegments <= maxSegments')
  })
})

describe('topology settings in the configuration', () => {
  const env = (vars: Record<string, string>) => ({ env: vars, cwd: '/nonexistent' })

  test('ORGBENCH_HRM_* and ORGBENCH_SELF_REFINE_BUDGET reach the config', () => {
    const config = loadConfig(
      env({
        ORGBENCH_HRM_CYCLES: '3',
        ORGBENCH_HRM_PASSES: '2',
        ORGBENCH_HRM_MIN_SEGMENTS: '2',
        ORGBENCH_HRM_MAX_SEGMENTS: '5',
        ORGBENCH_HRM_HALTING: 'fixed',
        ORGBENCH_HRM_HALT_THRESHOLD: '0.75',
        ORGBENCH_HRM_CONVERGENCE: '0.2',
        ORGBENCH_SELF_REFINE_BUDGET: '50000',
      }),
    )
    expect(config.hrm).toEqual({ cycles: 3, passes: 2, minSegments: 2, maxSegments: 5, halting: 'fixed', haltThreshold: 0.75, convergence: 0.2 })
    expect(config.selfRefineBudget).toBe(50_000)
  })

  test('defaults when unset', () => {
    const config = loadConfig(env({}))
    expect(config.hrm).toEqual(parseOptions('hrm', HrmOptions, {}))
    expect(config.selfRefineBudget).toBeNull()
  })

  test.each([
    [{ ORGBENCH_HRM_CYCLES: '0' }, 'ORGBENCH_HRM_CYCLES="0" is invalid: expected an integer from 1 to 10'],
    [{ ORGBENCH_HRM_HALTING: 'sometimes' }, 'ORGBENCH_HRM_HALTING="sometimes" is invalid: expected "act" (halting rule) or "fixed" (always the maximum of segments)'],
    [{ ORGBENCH_HRM_HALT_THRESHOLD: '1.5' }, 'ORGBENCH_HRM_HALT_THRESHOLD="1.5" is invalid: expected a number from 0 to 1, e.g. 0.9'],
    [{ ORGBENCH_HRM_MIN_SEGMENTS: '4' }, 'ORGBENCH_HRM_MIN_SEGMENTS (4) must not exceed ORGBENCH_HRM_MAX_SEGMENTS (3)'],
    [{ ORGBENCH_SELF_REFINE_BUDGET: '10' }, 'ORGBENCH_SELF_REFINE_BUDGET="10" is invalid: expected an integer from 1000 to 100000000'],
  ])('%o is rejected with a message naming the variable', (vars, message) => {
    let error: unknown
    try {
      loadConfig(env(vars))
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    expect((error as ConfigError).problems).toEqual([message])
  })
})
