import { describe, expect, test } from 'vitest'
import { loadConfig, publicConfig, SETTING_NAMES } from '../../lib/config.js'
import { runSettings, settingDifferences, settingVariable, showSetting } from '../../lib/results/settings.js'

const config = (env: Record<string, string> = {}) => loadConfig({ env, cwd: '/nonexistent-orgbench-fixture' })

describe('run settings', () => {
  test("are what the run file's config records, hrm's and self_refine's options included", () => {
    const c = config({ ORGBENCH_HRM_MAX_SEGMENTS: '5', ORGBENCH_SELF_REFINE_BUDGET: '20000' })
    expect(runSettings(c)).toEqual(publicConfig(c))
    expect(runSettings(c)).toMatchObject({ hrm: { maxSegments: 5 }, selfRefineBudget: 20000, memory: 'persisted', maxOutputTokens: 8192 })
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
