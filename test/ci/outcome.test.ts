import { describe, expect, test } from 'vitest'
import { decideOutcome, type GateResult, missedItems, type Tier } from '../../lib/ci/outcome.js'
import { makeRecord, makeRun } from '../results/fixtures.js'

const tierOf = (task: string): Tier => (task.endsWith('_hard') ? 'hard' : 'standard')
const pass: GateResult = { verdict: 'PASS', note: 'against base' }

function run(opts: { simulated?: boolean; missedStandard?: boolean; missedHard?: boolean } = {}) {
  const simulated = opts.simulated ?? false
  const records = [
    makeRecord({ task: 'review', topology: 'single', trial: 1, simulated, mustCatch: opts.missedStandard ? [1, 2] : [2, 2] }),
    makeRecord({ task: 'review', topology: 'star', trial: 1, simulated, mustCatch: opts.missedStandard ? [1, 2] : [2, 2] }),
    makeRecord({ task: 'review_hard', topology: 'single', trial: 1, simulated, mustCatch: opts.missedHard ? [0, 1] : [1, 1] }),
  ]
  return makeRun(records, { simulated, runId: 'openai-20260105T080000Z-abc123' })
}

describe('missed must-catch items', () => {
  test('are grouped by task and item, each with every case that missed it and whether the policy fails it', () => {
    expect(missedItems(run({ missedStandard: true, missedHard: true }), tierOf, 'auto')).toEqual([
      { task: 'review', tier: 'standard', id: 'm0', description: 'missed item 0', missedBy: ['single #1', 'star #1'], scored: 2, fails: true },
      { task: 'review_hard', tier: 'hard', id: 'm0', description: 'missed item 0', missedBy: ['single #1'], scored: 1, fails: false },
    ])
    expect(missedItems(run({ missedHard: true }), tierOf, 'fail')[0]!.fails).toBe(true)
    expect(missedItems(run({ missedStandard: true }), tierOf, 'report')[0]!.fails).toBe(false)
  })
})

describe('the outcome of a model', () => {
  const decide = (r: ReturnType<typeof run> | null, gate = pass, policy: 'auto' | 'fail' | 'report' = 'auto') => decideOutcome({ model: 'gpt-x', slug: 'gpt-x', run: r, gate, tierOf, policy })

  test('a complete real run that passes is committed, does not notify and does not fail', () => {
    expect(decide(run())).toMatchObject({ status: 'complete', committable: true, notify: false, fail: false, failReasons: [] })
  })
  test('a gate FAIL fails and notifies, and the run is still committed (a regression is a measurement)', () => {
    expect(decide(run(), { verdict: 'FAIL', note: '' })).toMatchObject({ committable: true, notify: true, fail: true, failReasons: ['the regression gate FAILed'] })
  })
  test('a standard-tier miss fails and notifies under auto; a hard-tier miss is only reported', () => {
    expect(decide(run({ missedStandard: true }))).toMatchObject({ notify: true, fail: true, failReasons: ['1 must-catch item(s) missed where ORGBENCH_MUST_CATCH=auto fails them'] })
    expect(decide(run({ missedHard: true }))).toMatchObject({ notify: false, fail: false })
    expect(decide(run({ missedHard: true }), pass, 'fail')).toMatchObject({ notify: true, fail: true })
  })
  test('a simulated run is never committed and never notifies, but the policy still fails it', () => {
    expect(decide(run({ simulated: true, missedStandard: true }))).toMatchObject({ simulated: true, committable: false, notify: false, fail: true })
  })
  test('a partial run is not committed and fails the job, saying why', () => {
    const partial = { ...run(), status: 'partial' as const, statusReasons: ['shard 2/4 was not merged'] }
    expect(decide(partial)).toMatchObject({ committable: false, fail: true, failReasons: ['the run is partial: shard 2/4 was not merged'] })
  })
  test('no run at all fails the job', () => {
    expect(decide(null)).toMatchObject({ runId: null, status: 'missing', committable: false, fail: true })
    // Shards that Vitest refused still leave a blob report and a journal: the reason does not claim otherwise.
    expect(decide(null).statusReasons).toEqual(['the merge wrote no results file: the shards left no blob report with a test in it, or Vitest could not merge them (see the shard jobs and the merge step)'])
  })
})
