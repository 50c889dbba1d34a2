import { describe, expect, test } from 'vitest'
import { loadConfig, SETTING_NAMES } from '../../lib/config.js'
import { runSettings, settingDifferences, settingVariable, showSetting } from '../../lib/results/settings.js'

const config = (env: Record<string, string> = {}) => loadConfig({ env, cwd: '/nonexistent-orgbench-fixture' })

describe('run settings', () => {
  const changed = (env: Record<string, string>) => settingDifferences(runSettings(config()), runSettings(config(env))).map((d) => d.setting)
  test('record every setting that changes what a case produces, so a resume under another is refused', () => {
    expect(changed({ ORGBENCH_MODEL: 'sim-medium' })).toContain('model')
    expect(changed({ ORGBENCH_JUDGE_MODEL: 'sim-weak' })).toContain('judgeModel')
    expect(changed({ ORGBENCH_JUDGE: 'off' })).toEqual(['judge'])
    expect(changed({ ORGBENCH_JUDGE_REPEATS: '2' })).toEqual(['judgeRepeats'])
    expect(changed({ ORGBENCH_TRIALS: '2' })).toEqual(['trials'])
    expect(changed({ ORGBENCH_SEED: '2' })).toEqual(['seed'])
    expect(changed({ ORGBENCH_MEMORY: 'off' })).toEqual(['memory'])
    expect(changed({ ORGBENCH_MAX_OUTPUT_TOKENS: '4096' })).toEqual(['maxOutputTokens'])
    expect(changed({ ORGBENCH_HRM_MAX_SEGMENTS: '5' })).toEqual(['hrm.maxSegments'])
    expect(changed({ ORGBENCH_SELF_REFINE_BUDGET: '20000' })).toEqual(['selfRefineBudget'])
    expect(changed({ ORGBENCH_BASE_URL: 'http://127.0.0.1:9999/v1', ORGBENCH_MODEL: 'sim-strong' })).toEqual(expect.arrayContaining(['endpoint', 'provider']))
  })
  test('leave out what may change between sessions without changing a case, and never hold the API key', () => {
    expect(changed({ ORGBENCH_TASKS: 'x', ORGBENCH_TOPOLOGIES: 'star', ORGBENCH_TIER: 'hard', ORGBENCH_RPM: '60', ORGBENCH_TPM: '10000', ORGBENCH_MAX_CONCURRENCY: '2', ORGBENCH_TIMEOUT_MS: '5000', ORGBENCH_RETRIES: '1', ORGBENCH_CACHE: 'read-write' })).toEqual([])
    const key = 'sk-test-0123456789abcdef0123'
    expect(JSON.stringify(runSettings(config({ ORGBENCH_API_KEY: key })))).not.toContain(key)
  })
  test('differences name the nested option that changed, sorted, with undefined for a side that lacks it', () => {
    const before = runSettings(config())
    const after = runSettings(config({ ORGBENCH_HRM_MAX_SEGMENTS: '5', ORGBENCH_MEMORY: 'off', ORGBENCH_SEED: '2' }))
    expect(settingDifferences(before, after)).toEqual([
      { setting: 'hrm.maxSegments', before: 3, after: 5 },
      { setting: 'memory', before: 'persisted', after: 'off' },
      { setting: 'seed', before: 1, after: 2 },
    ])
    expect(settingDifferences({ trials: 3 }, { trials: 3, extra: null })).toEqual([{ setting: 'extra', before: undefined, after: null }])
    expect(settingDifferences(before, runSettings(config({ ORGBENCH_TASKS: 'x' })))).toEqual([])
  })
  test('a value shows as JSON, a missing one as "unset"', () => {
    expect([showSetting('off'), showSetting(null), showSetting(undefined)]).toEqual(['"off"', 'null', 'unset'])
  })
  test('every recorded setting but `simulated` names the variable that sets it, one the configuration reads', () => {
    const names = settingDifferences({}, runSettings(config({ ORGBENCH_SELF_REFINE_BUDGET: '20000' }))).map((d) => d.setting)
    expect(names).toContain('hrm.haltThreshold')
    for (const name of names.filter((n) => n !== 'simulated')) expect(SETTING_NAMES, name).toContain(settingVariable(name))
    expect(settingVariable('simulated')).toBeNull()
  })
})
