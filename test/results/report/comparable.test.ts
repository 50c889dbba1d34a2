import { describe, expect, test } from 'vitest'
import { differencePhrase, endpointKind, scoreSettingDifferences } from '../../../lib/results/report/comparable.js'
import { parseRunFile } from '../../../lib/results/read.js'
import { makeRun, trials } from '../fixtures.js'

const base = makeRun(trials([70], { task: 'e1' }))
const withConfig = (config: Partial<typeof base.config>) => ({ ...base, config: { ...base.config, ...config } })

describe('which runs a report may pool', () => {
  test('the judge, its model, the memory mode and the output cap change what a score means', () => {
    const other = withConfig({ judge: 'off', judgeModel: 'other-judge', memory: 'off', maxOutputTokens: 99 })
    expect(scoreSettingDifferences(base, other).map((d) => d.setting)).toEqual(['judge', 'maxOutputTokens', 'memory'])
    expect(scoreSettingDifferences(base, withConfig({ judgeModel: 'other-judge' })).map((d) => d.setting)).toEqual(['judgeModel'])
  })
  test('two runs without the judge pool whatever judge model they name, and memory "on" read from an old file pools with "persisted"', () => {
    const off = withConfig({ judge: 'off', judgeModel: 'judge-a', judgeRepeats: 1 })
    expect(scoreSettingDifferences(off, { ...off, config: { ...off.config, judgeModel: 'judge-b', judgeRepeats: 3 } })).toEqual([])
    const old = parseRunFile(JSON.stringify(withConfig({ memory: 'on' })), 'old.json').run
    expect(scoreSettingDifferences(withConfig({ memory: 'persisted' }), old)).toEqual([])
  })
  test('seed, trials, a dollar cap and the compute-matched arms do not', () => {
    expect(scoreSettingDifferences(base, withConfig({ seed: 9, trials: 7, maxUsd: 1, computeMatched: 'on' }))).toEqual([])
  })
  test('an hrm option is named by its dotted name', () => {
    expect(scoreSettingDifferences(base, withConfig({ hrm: { ...base.config.hrm!, maxSegments: 99 } })).map((d) => d.setting)).toEqual(['hrm.maxSegments'])
  })
  test('a setting a file from an older orgbench does not record is not counted, unless how such runs behaved is known', () => {
    expect(scoreSettingDifferences(base, withConfig({ selfRefineBudget: undefined }))).toEqual([])
    // Runs from before the context check had none: "off".
    expect(scoreSettingDifferences(base, withConfig({ contextCheck: undefined }))).toEqual([{ setting: 'contextCheck', before: 'on', after: 'off' }])
  })
  test('endpoints compare by kind: embedded, any simulator server, or a real origin', () => {
    expect(endpointKind({ endpoint: 'embedded simulator' }, true)).toBe('embedded simulator')
    expect(endpointKind({ endpoint: 'http://127.0.0.1:4100' }, true)).toBe('a simulator server')
    expect(endpointKind({ endpoint: 'https://api.example.com' }, false)).toBe('https://api.example.com')
  })
  test('the differences read as one phrase against the reference run', () => {
    expect(differencePhrase(scoreSettingDifferences(base, withConfig({ judge: 'off' })), 'newest run')).toBe('judge off (newest run: on)')
  })
})
