import { describe, expect, test } from 'vitest'
import { aggregateCells, summarizeGroups } from '../../../lib/results/aggregate.js'
import { ADJUSTED, conclusionParagraph, failedTopologies, noSuccessStatement, reportConclusion, UNADJUSTED } from '../../../lib/results/report/conclusion.js'
import { makeRecord, trials } from '../fixtures.js'

describe('conclusionParagraph', () => {
  const cases = ['task_a', 'task_b', 'task_c'].flatMap((task, i) => [
    ...trials([60 + i, 62 + i, 61 + i], { task, usd: 0.01 }),
    ...trials([70 + i, 73 + i, 71 + i], { task, topology: 'star', usd: 0.05 }),
    ...trials([61 + i, 60 + i, 63 + i], { task, topology: 'self_refine', usd: 0.04 }),
  ])
  const groups = summarizeGroups(cases)

  test('says per organisation how far it is from single and self_refine, with intervals, and at what cost', () => {
    const text = conclusionParagraph(groups, { simulated: false })
    expect(text).toMatch(/^Over all tasks, star beats the single agent beyond doubt at this run's size\. /)
    expect(text).toMatch(/star: \+\d+\.\d \[\+\d+\.\d, \+\d+\.\d\] points over single \(better\) at 5\.0× the cost; vs compute-matched single \(self_refine\): \+\d+\.\d \[[-+]\d+\.\d, \+\d+\.\d\] points over self_refine \(\w[\w ]+\)\./)
    expect(text).toContain(ADJUSTED.label)
    expect(text).not.toContain('simulated')
  })
  test('the cost ratio of a topology that ran fewer tasks compares its cost with single on the same tasks', () => {
    // pipeline ran only task_c, the dearest task: over all tasks single would look 3× cheaper than it was there.
    const fewer = [...cases, ...trials([65, 66, 64], { task: 'task_c', topology: 'pipeline', usd: 0.06 })].map((c) => (c.task === 'task_c' && c.topology === 'single' ? { ...c, cost: { ...c.cost, org: { ...c.cost.org, usd: 0.03 } } } : c))
    const text = conclusionParagraph(summarizeGroups(fewer), { simulated: false, cells: aggregateCells(fewer) })
    // Its difference already says it rests on 1 of the 3 tasks; the cost ratio, on the same task, does not say it again.
    expect(text).toMatch(/pipeline: [^;]+ \(no difference detected, over the 1 of 3 task\(s\) both ran successfully\) at 2\.0× the cost[;.]/)
    expect(text).not.toContain('(over the 1 task(s) both ran)')
    expect(text).toMatch(/star: [^;]+ at 3\.0× the cost; /)
  })
  test('a difference over every task that pairs fewer trials than the organisation has says over how many: it is not the difference of the two scores', () => {
    // star's first trial errored on every task: 6 of its 9 trials are paired with single's.
    const fewer = cases.map((c) => (c.topology === 'star' && c.trial === 1 ? { ...c, status: 'error' as const } : c))
    const text = conclusionParagraph(summarizeGroups(fewer), { simulated: false })
    expect(text).toMatch(/star: [^;]+ points over single \((better|no difference detected), paired over 6 of 9 trials\)/)
    expect(conclusionParagraph(groups, { simulated: false })).not.toContain('paired over')
  })
  test('the adjusted intervals are wider than the unadjusted ones of the same comparison', () => {
    const spread = summarizeGroups(['task_a', 'task_b', 'task_c', 'task_d'].flatMap((task, i) => [
      ...trials([60, 62, 61], { task, usd: 0.01 }),
      ...trials([66 + 3 * i, 70 + i, 65 + 2 * i], { task, topology: 'star', usd: 0.05 }),
      ...trials([61, 60 + i, 63], { task, topology: 'self_refine', usd: 0.04 }),
    ]))
    const star = spread.find((g) => g.by === 'all' && g.topology === 'star')!
    const adjusted = ADJUSTED.difference(star, 'single')!
    const raw = UNADJUSTED.difference(star, 'single')!
    expect(adjusted.mean).toBe(raw.mean)
    expect(adjusted.hi! - adjusted.lo!).toBeGreaterThan(raw.hi! - raw.lo!)
  })
  test('a comparison over too few tasks draws no conclusion and shows no interval', () => {
    const two = summarizeGroups(cases.filter((c) => c.task !== 'task_c'))
    expect(conclusionParagraph(two, { simulated: false })).toMatch(/star: \+\d+\.\d points over single \(too few tasks for an interval: no conclusion\)/)
  })
  test('takes its intervals from the source it is given (the seam for adjusted intervals)', () => {
    const text = conclusionParagraph(groups, { simulated: true, source: { label: 'Holm-adjusted', difference: () => ({ mean: 1, lo: -2, hi: 4 }) } })
    expect(text).toContain('star: +1.0 [-2.0, +4.0] points over single (no difference detected)')
    expect(text).toContain('no organisation beats the single agent')
    expect(text).toContain('Holm-adjusted')
    expect(text).toContain('they test the machinery, not the topologies')
  })
  test('without single or an organisation there is no conclusion to draw', () => {
    expect(conclusionParagraph(summarizeGroups(trials([70, 80])), { simulated: false })).toMatch(/^No conclusion/)
  })
})

describe('topologies none of whose trials succeeded', () => {
  const budget = (task: string, topology: string, trial: number) => {
    const r = makeRecord({ task, topology, trial, status: 'error' })
    r.errors = [{ stage: 'organisation', kind: 'budget', message: 'ORGBENCH_MAX_USD=0.2: this call could cost up to $0.02', callId: null }]
    return r
  }
  const tasks = ['task_a', 'task_b', 'task_c']
  const ok = (topology: string, base: number) => tasks.flatMap((task, i) => trials([base + i, base + 2 + i, base + 1 + i], { task, topology, usd: 0.01 }))
  const erred = (topology: string) => tasks.flatMap((task) => [1, 2, 3].map((trial) => budget(task, topology, trial)))
  const conclude = (records: ReturnType<typeof trials>) => reportConclusion({ records, groups: summarizeGroups(records), simulated: false })

  test('failedTopologies: how many trials and why, the most common kind of error first', () => {
    const mixed = [...trials([70, 71]), ...trials([null, null], { topology: 'star' }), budget('task_a', 'pipeline', 1), ...trials([null], { topology: 'pipeline' })]
    expect(failedTopologies(mixed)).toEqual(new Map([['star', '0/2 trials succeeded (rate_limit)'], ['pipeline', '0/2 trials succeeded (budget 1, rate_limit 1)']]))
  })
  test('an organisation that never succeeded is named with what happened, not blamed on the run\'s size or an unknown cost', () => {
    const text = conclude([...ok('single', 60), ...ok('star', 70), ...erred('pipeline'), ...erred('self_refine')])
    expect(text).toMatch(/^Over all tasks, star beats the single agent beyond doubt at this run's size; 1 of 2 organisations had no trial that succeeded and are not compared\. /)
    expect(text).toContain(' pipeline: 0/9 trials succeeded (budget). ')
    expect(text).toContain('vs compute-matched single (self_refine): no paired comparison with self_refine, whose 0/9 trials succeeded (budget).')
    expect(text).not.toContain('unknown cost')
  })
  test('in a run with matched variants, an organisation compared with plain self_refine is told to be compared at star\'s spend', () => {
    const text = conclude([...ok('single', 60), ...ok('self_refine', 65), ...ok('star', 70), ...ok('hrm', 72), ...ok('self_refine@hrm', 66), ...ok('pipeline', 68)])
    expect(text).toContain('vs self_refine (matched to star\'s spend, not pipeline\'s): ')
    expect(text).toContain('vs compute-matched single (self_refine@hrm): ')
    expect(text).toMatch(/star: .*vs compute-matched single \(self_refine\): /)
    expect(conclude([...ok('single', 60), ...ok('self_refine', 65), ...ok('pipeline', 68)])).toContain('vs self_refine (matched to star\'s spend, not pipeline\'s): ')
  })
  test('without matched variants, an organisation other than star is not said to be compute-matched with self_refine, which spent star\'s budget', () => {
    const text = conclude([...ok('single', 60), ...ok('self_refine', 65), ...ok('star', 70), ...ok('hrm', 72)])
    expect(text).toContain('hrm: ')
    expect(text).toContain('vs self_refine (matched to star\'s spend, not hrm\'s): ')
    expect(text).not.toMatch(/hrm: [^.]*compute-matched/)
    expect(text).toMatch(/star: .*vs compute-matched single \(self_refine\): /)
  })
  test('a difference paired over fewer tasks than the run has is no claim over all tasks, and says over how many', () => {
    // Both ran all three tasks; the cap stopped every trial of star on task_b and task_c.
    const starOnA = [...trials([70, 71, 72], { task: 'task_a', topology: 'star', usd: 0.01 }), ...['task_b', 'task_c'].flatMap((task) => [1, 2, 3].map((trial) => budget(task, 'star', trial)))]
    const text = conclude([...ok('single', 60), ...starOnA])
    expect(text).toMatch(/^star beats the single agent beyond doubt on the 1 of 3 task\(s\) both ran successfully, not over all tasks\. /)
    expect(text).not.toContain('Over all tasks')
    expect(text).toMatch(/star: \+10\.0 \[[^\]]+\] points over single \(better, over the 1 of 3 task\(s\) both ran successfully\)/)
    // No organisation better, but one compared over fewer tasks: no "over all tasks" either.
    const worse = [...trials([50, 51, 52], { task: 'task_a', topology: 'star', usd: 0.01 }), ...['task_b', 'task_c'].flatMap((task) => [1, 2, 3].map((trial) => budget(task, 'star', trial)))]
    expect(conclude([...ok('single', 60), ...worse])).toMatch(/^No organisation beats the single agent beyond doubt at this run's size on the tasks it was compared on \(some on fewer than the run's 3: see each\)\. /)
  })
  test('when the single agent never succeeded, nothing is compared with it, and the conclusion says why', () => {
    const text = conclude([...erred('single'), ...ok('star', 70)])
    expect(text).toMatch(/^No organisation can be compared with the single agent: single: 0\/9 trials succeeded \(budget\)\. star: no paired comparison with single, whose 0\/9 trials succeeded \(budget\)\./)
    expect(text).not.toContain("this run's size")
    expect(text).not.toContain('unknown cost')
  })
  test('when no organisation succeeded, none is compared', () => {
    expect(conclude([...ok('single', 60), ...erred('star')])).toMatch(/^No organisation can be compared with the single agent: none of them had a trial that succeeded\. star: 0\/9 trials succeeded \(budget\)\./)
  })
})

describe('noSuccessStatement', () => {
  test('nothing to say while a trial succeeded', () => {
    expect(noSuccessStatement(trials([null, 80]))).toBeNull()
  })
  test('when every trial errored: how many, and the most common error with its count', () => {
    const refused = makeRecord({ status: 'error', topology: 'star' })
    refused.errors = [{ stage: 'organisation', kind: 'connection', message: 'ECONNREFUSED', callId: 'c001' }]
    expect(noSuccessStatement([...trials([null, null]), refused])).toBe(
      'No conclusion: no case succeeded. All 3 trials errored, so there is no score to compare and no outcome to count; the most common error (2 of 3) was "organisation: rate_limit: 429 after 3 retries". Fix its cause and run again.',
    )
  })
  test('a trial that errored without recording why is counted as such, here and per topology', () => {
    const silent = { ...makeRecord({ status: 'error', topology: 'star' }), errors: [] }
    expect(noSuccessStatement([silent, silent, ...trials([null])])).toContain('the most common error (2 of 3) was "no error recorded"')
    expect(failedTopologies([silent, ...trials([null], { topology: 'star' })]).get('star')).toBe('0/2 trials succeeded (no error recorded 1, rate_limit 1)')
  })
  test('when there is no case at all', () => {
    expect(noSuccessStatement([])).toBe('No conclusion: these results hold no case, so there is nothing to compare.')
  })
})
