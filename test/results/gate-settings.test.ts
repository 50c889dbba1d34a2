import { describe, expect, test } from 'vitest'
import { loadConfig, publicConfig } from '../../lib/config.js'
import { commitNote, settingNotes } from '../../lib/results/gate-settings.js'
import { runGate } from '../../lib/results/gate.js'
import { makeRecord, makeRun } from './fixtures.js'

const config = (env: Record<string, string> = {}) => publicConfig(loadConfig({ env, cwd: '/nonexistent-orgbench-fixture' }))

describe('the gate notes settings that differ between baseline and run', () => {
  test('none when the settings are the same, filters and the dollar cap aside', () => {
    expect(settingNotes(config(), config({ ORGBENCH_TASKS: 'contract_review', ORGBENCH_MAX_USD: '5' }))).toEqual([])
  })
  test('one note per result-changing setting: memory, output cap, hrm and self_refine options, judge', () => {
    const current = config({ ORGBENCH_MEMORY: 'off', ORGBENCH_MAX_OUTPUT_TOKENS: '2048', ORGBENCH_HRM_HALTING: 'fixed', ORGBENCH_SELF_REFINE_BUDGET: '20000', ORGBENCH_JUDGE_MODEL: 'sim-biased-judge' })
    expect(settingNotes(config(), current)).toEqual([
      'the hrm option halting changed (act → fixed): scores may shift for that reason alone',
      'the judge model changed (sim-judge → sim-biased-judge): judge-based scores may shift for that reason alone',
      'the output cap (max output tokens) changed (8192 → 2048): scores may shift for that reason alone',
      'the memory mode changed (persisted → off): scores may shift for that reason alone',
      'the self_refine token budget changed (none → 20000): scores may shift for that reason alone',
    ])
  })
  test('model, trials and seed say what the change means for the comparison', () => {
    expect(settingNotes(config(), config({ ORGBENCH_MODEL: 'sim-weak', ORGBENCH_TRIALS: '5', ORGBENCH_SEED: '2' }))).toEqual([
      "the agents' model changed (sim-strong → sim-weak): the scores compare two models, not only two runs",
      'the seed changed (1 → 2): the trials are other draws, which the statistics allow for',
      "the trials per cell changed (3 → 5): the rows' power differs, not what they measure",
    ])
  })
  test('the context check turned off is noted: a cut prompt is then scored', () => {
    expect(settingNotes(config(), config({ ORGBENCH_CONTEXT_CHECK: 'off' }))).toEqual([
      'the context check (ORGBENCH_CONTEXT_CHECK) changed (on → off): with it off, a reply to a prompt that the server cut to its context window is scored, not an error',
    ])
  })
  test('compute-matched arms on one side only are noted: only that run has the self_refine@<topology> rows', () => {
    expect(settingNotes(config(), config({ ORGBENCH_COMPUTE_MATCHED: 'on' }))).toEqual([
      'the compute-matched arms (ORGBENCH_COMPUTE_MATCHED) changed (off → on): only the run with it on has the self_refine@<topology> rows; the other rows are unaffected',
    ])
  })
  test('a setting only one side records (a file from before it was recorded) is named as unknown, not as changed', () => {
    const { hrm: _hrm, selfRefineBudget: _budget, ...older } = config()
    expect(settingNotes(older, config())).toEqual([
      'the baseline does not record hrm options, self_refine token budget (a file from an older orgbench): whether they changed is not known',
    ])
    expect(settingNotes({ model: 'm', judgeModel: 'j' }, { model: 'm', judgeModel: 'j' })).toEqual([])
  })
})

describe('the gate notes a run made at another commit of the benchmark', () => {
  const a = '1177464f0c1e2d3b4a5968778695a4b3c2d1e0f9'
  const b = '834a613eec946fa9edb1d28d4ec70c944098cf92'
  test('its tasks, rubrics, topologies and org memory are the commit\'s: a shift they cause is not the model\'s', () => {
    expect(commitNote(a, a)).toEqual([])
    expect(commitNote(null, null)).toEqual([])
    expect(commitNote(a, b)).toEqual([
      'the benchmark commit changed (1177464f0c1e → 834a613eec94): tasks, rubrics, topologies or the org memory they read (results/memory) may differ, and scores may shift for that reason alone (git diff --stat 1177464f0c1e 834a613eec94 -- benchmarks lib results/memory)',
    ])
    expect(commitNote(null, b)).toEqual(['the baseline does not record its benchmark commit (not made in a git checkout): whether the tasks, rubrics, topologies or org memory changed is not known'])
  })
  test("runGate adds it to the gate's notes", () => {
    const cases = ['single', 'star'].flatMap((topology) => [1, 2, 3].map((trial) => makeRecord({ task: 'task_a', topology, trial, headline: 80 + trial })))
    const notes = runGate({ ...makeRun(cases, { runId: 'base' }), commit: a }, { ...makeRun(cases, { runId: 'now' }), commit: b }).notes
    expect(notes.filter((n) => n.startsWith('the benchmark commit changed (1177464f0c1e → 834a613eec94)'))).toHaveLength(1)
  })
})
