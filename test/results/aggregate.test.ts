import { describe, expect, test } from 'vitest'
import { aggregateCells, pairedDifference, summarize, summarizeGroups, winRates } from '../../lib/results/aggregate.js'
import { makeRecord, trials } from './fixtures.js'

const T975_2 = 4.302652729911275

describe('summarize', () => {
  test('[70, 80, 90]: mean 80, SD 10, SE 10/√3, t interval at 95 %', () => {
    const s = summarize([70, 80, 90])
    const half = (T975_2 * 10) / Math.sqrt(3)
    expect(s).toEqual({ n: 3, mean: 80, sd: 10, se: 5.7735, ci: { lo: Math.round((80 - half) * 1e4) / 1e4, hi: Math.round((80 + half) * 1e4) / 1e4, level: 0.95, method: 't' } })
  })
  test('leaves out missing values instead of counting them as 0', () => {
    expect(summarize([null, 50, undefined, 70])).toMatchObject({ n: 2, mean: 60 })
    expect(summarize([])).toEqual({ n: 0, mean: null, sd: null, se: null, ci: null })
  })
})

describe('aggregateCells', () => {
  const records = [...trials([70, 80, 90], { topology: 'single' }), ...trials([75, null, 92], { topology: 'star' })]
  const cells = aggregateCells(records)
  const single = cells.find((c) => c.topology === 'single')!
  const star = cells.find((c) => c.topology === 'star')!

  test('one cell per task × topology, sorted', () => {
    expect(cells.map((c) => `${c.task}/${c.topology}`)).toEqual(['task_a/single', 'task_a/star'])
  })
  test('an errored trial is counted as an error and kept out of the mean', () => {
    expect(star).toMatchObject({ trials: 3, errors: 1, errorRate: { rate: 0.3333 } })
    expect(star.headline).toMatchObject({ n: 2, mean: 83.5 })
    expect(star.errorRate.ci?.method).toBe('wilson')
  })
  test('pairs each trial with the single agent of the same trial; the errored one has no pair', () => {
    // star − single: trial 1 → +5, trial 3 → +2
    expect(star.vsSingle).toMatchObject({ against: 'single', pairs: 2, tasks: 1, mean: 3.5, sd: 2.1213 })
    expect(single.vsSingle).toBeNull()
  })
  test('two pairs form no interval, so the row shows no MDE either', () => {
    expect(star.vsSingle).toMatchObject({ ci: null, mde: null, note: 'too few trials (2) for an interval' })
    expect(star.vsSelfRefine).toBeNull()
  })
  test('must-catch recall is a per-trial percentage', () => {
    const cell = aggregateCells([makeRecord({ mustCatch: [1, 2] }), makeRecord({ trial: 2, mustCatch: [2, 2] })])[0]!
    expect(cell.mustCatchRecall).toMatchObject({ n: 2, mean: 75 })
    expect(cell.mustCatchMissed).toBe(1)
  })
})

describe('pairedDifference', () => {
  test('diffs [5, 10, 2]: mean 5.667, SD 4.04, MDE of the difference alone (t.975 + t.8) · SD/√3', () => {
    const d = pairedDifference(trials([75, 90, 92], { topology: 'star' }), trials([70, 80, 90]), 'single')
    expect(d).toMatchObject({ pairs: 3, tasks: 1, mean: 5.6667, sd: 4.0415 })
    expect(d.mde).toBeCloseTo(((T975_2 + 1.0606601717798212) * Math.sqrt(49 / 3)) / Math.sqrt(3), 3)
  })
  test('across tasks, each task is one unit: [+10, +10, +10] on one task and [+10] on another give 10 ± 0', () => {
    const current = [...trials([70, 70, 70], { topology: 'star' }), ...trials([100], { topology: 'star', task: 'task_b' })]
    const base = [...trials([60, 60, 60]), ...trials([90], { task: 'task_b' })]
    expect(pairedDifference(current, base, 'single')).toMatchObject({ pairs: 4, tasks: 2, mean: 10, sd: 0, ci: { lo: 10, hi: 10 } })
  })
})

describe('pairedDifference within what two scores can differ by', () => {
  test('diffs [+90, -80, +95] on one task: the t interval (±434) is clipped to [-100, +100]', () => {
    const d = pairedDifference(trials([95, 10, 100], { topology: 'star' }), trials([5, 90, 5]), 'single')
    expect(d.mean).toBeCloseTo(35, 4)
    expect(d.ci).toMatchObject({ lo: -100, hi: 100 })
  })
})

describe('winRates', () => {
  test('a tie counts half: win, tie, loss, win → 0.625 with a Wilson interval', () => {
    const rs = (['win', 'tie', 'loss', 'win'] as const).map((o, i) => makeRecord({ topology: 'star', trial: i + 1, pairwise: o }))
    const [w] = winRates(rs)
    expect(w).toMatchObject({ against: 'single', n: 4, wins: 2, ties: 1, losses: 1, rate: 0.625 })
    expect(w!.ci!.lo).toBeLessThan(0.625)
    expect(w!.ci!.hi).toBeGreaterThan(0.625)
  })
  test('over tasks the interval is clustered by task, within [0, 1], and none below 3 tasks', () => {
    const verdicts = (task: string, outcomes: ReadonlyArray<'win' | 'loss'>) => outcomes.map((o, i) => makeRecord({ task, topology: 'star', trial: i + 1, pairwise: o }))
    const [two] = winRates([...verdicts('a', ['win', 'win']), ...verdicts('b', ['win', 'loss'])])
    expect(two).toMatchObject({ rate: 0.75, ci: null })
    const [three] = winRates([...verdicts('a', ['win', 'win']), ...verdicts('b', ['win', 'win']), ...verdicts('c', ['loss', 'loss'])])
    // Task shares 1, 1, 0: mean 2/3 ± 4.3027 · 0.3333 runs past both ends before clipping.
    expect(three!.ci).toMatchObject({ lo: 0, hi: 1 })
  })
  test('no pairwise verdicts, no win rates', () => {
    expect(winRates(trials([80]))).toEqual([])
  })
})

describe('summarizeGroups', () => {
  const records = [
    ...trials([60, 60, 60], { topology: 'single' }),
    ...trials([90], { topology: 'single', task: 'task_b', track: 'finance', costCenter: 'treasury' }),
    ...trials([70, 70, 70], { topology: 'star' }),
    ...trials([100], { topology: 'star', task: 'task_b', track: 'finance', costCenter: 'treasury' }),
  ]
  const groups = summarizeGroups(records)

  test('summarises every topology over all tasks, per track and per cost center', () => {
    expect(groups.map((g) => `${g.by}:${g.group}:${g.topology}`)).toEqual([
      'all:all:single',
      'all:all:star',
      'track:enterprise:single',
      'track:enterprise:star',
      'track:finance:single',
      'track:finance:star',
      'costCenter:engineering:single',
      'costCenter:engineering:star',
      'costCenter:treasury:single',
      'costCenter:treasury:star',
    ])
  })
  test('tasks weigh equally: task means 60 and 90 give 75, not the trial mean 67.5', () => {
    const all = groups.find((g) => g.by === 'all' && g.topology === 'single')!
    expect(all.headline).toMatchObject({ n: 4, tasks: 2, mean: 75 })
    expect(all).toMatchObject({ tasks: 2, trials: 4, errors: 0 })
  })
  test('the paired difference against single is clustered by task', () => {
    const star = groups.find((g) => g.by === 'all' && g.topology === 'star')!
    expect(star.vsSingle).toMatchObject({ pairs: 4, tasks: 2, mean: 10 })
  })
})

describe('a group of two tasks', () => {
  test('gives no score or cost interval, as a difference over 2 tasks gives none (1 df); from 3 tasks it does', () => {
    const two = [...trials([60, 61, 62]), ...trials([90, 91, 92], { task: 'task_b' })]
    const all = summarizeGroups(two).find((g) => g.by === 'all')!
    expect(all.headline).toMatchObject({ tasks: 2, mean: 76, ci: null })
    expect(all.orgUsd.ci).toBeNull()
    const three = summarizeGroups([...two, ...trials([70, 71, 72], { task: 'task_c' })]).find((g) => g.by === 'all')!
    expect(three.headline.ci).not.toBeNull()
    expect(three.orgUsd.ci).not.toBeNull()
  })
})

describe('a group of one task', () => {
  test('with a single task the trials are the units, as in a cell', () => {
    const all = summarizeGroups(trials([70, 80, 90])).find((g) => g.by === 'all')!
    const cell = summarize([70, 80, 90])
    expect(all.headline).toEqual({ ...cell, ci: { ...cell.ci, hi: 100 }, tasks: 1 })
  })
  test('over 2 trials its score and cost have no interval, as its difference has none; a cell of 2 trials neither', () => {
    const two = [...trials([80, 90]), ...trials([70, 75], { topology: 'star' })]
    const star = summarizeGroups(two).find((g) => g.by === 'all' && g.topology === 'star')!
    expect(star.headline).toMatchObject({ n: 2, tasks: 1, mean: 72.5, ci: null })
    expect(star.orgUsd.ci).toBeNull()
    expect(star.vsSingle).toMatchObject({ mean: -12.5, ci: null, note: 'too few trials (2) for an interval' })
    const cell = aggregateCells(two).find((c) => c.topology === 'star')!
    expect(cell.headline).toMatchObject({ mean: 72.5, ci: null })
    expect(cell.orgUsd.ci).toBeNull()
  })
  test('a score resting on one task of the row takes that task\'s trials as units: 2 of them give no interval', () => {
    const rows = [...trials([85, 86]), ...trials([null, null], { task: 'task_b' })]
    const all = summarizeGroups(rows).find((g) => g.by === 'all')!
    expect(all).toMatchObject({ tasks: 2, headline: { tasks: 1, mean: 85.5, ci: null } })
  })
})

describe('bounded intervals', () => {
  test('a score interval is clipped to 0-100: near 100 it stops at 100', () => {
    const cell = aggregateCells(trials([95, 100, 100]))[0]!
    expect(cell.headline.ci!.hi).toBe(100)
    expect(cell.headline.ci!.lo).toBeCloseTo(98.3333 - (4.302652729911275 * 2.8868) / Math.sqrt(3), 2)
    expect(cell.headline).toMatchObject({ mean: 98.3333, sd: 2.8868 })
    const group = summarizeGroups([...trials([0, 5, 0]), ...trials([0, 0, 10], { task: 'task_b' }), ...trials([0, 0, 0], { task: 'task_c' })]).find((g) => g.by === 'all')!
    expect(group.headline.ci!.lo).toBe(0)
  })
  test('a cost interval is clipped at 0', () => {
    const cell = aggregateCells([makeRecord({ trial: 1, usd: 0 }), makeRecord({ trial: 2, usd: 0 }), makeRecord({ trial: 3, usd: 0.09 })])[0]!
    expect(cell.orgUsd.mean).toBe(0.03)
    expect(cell.orgUsd.ci).toMatchObject({ lo: 0 })
    expect(cell.orgUsd.ci!.hi).toBeGreaterThan(0.03)
  })
})

describe('cost per case and points per dollar', () => {
  const cell = (records: Parameters<typeof aggregateCells>[0]) => aggregateCells(records)[0]!

  test('dollar means keep the records precision: $0.002972 stays $0.002972, not $0.0030', () => {
    const c = cell([makeRecord({ usd: 0.002961 }), makeRecord({ trial: 2, usd: 0.002983 })])
    expect(c.orgUsd.mean).toBe(0.002972)
  })

  test('pts/$ is the mean score ÷ the mean cost, not the mean of per-trial ratios', () => {
    // scores 90 and 60 at $0.01 and $0.05: 75 / 0.03 = 2500 (the per-trial ratios 9000 and 1200 average 5100).
    const c = cell([makeRecord({ headline: 90, usd: 0.01 }), makeRecord({ trial: 2, headline: 60, usd: 0.05 })])
    expect(c.qualityPerDollar).toMatchObject({ n: 2, mean: 2500, ci: null })
  })

  test('over tasks, pts/$ is the row score ÷ the row org $/case, both means of task means', () => {
    const records = [makeRecord({ headline: 90, usd: 0.01 }), makeRecord({ task: 'task_b', headline: 60, usd: 0.05 }), makeRecord({ task: 'task_b', trial: 2, headline: 80, usd: 0.07 })]
    const all = summarizeGroups(records).find((g) => g.by === 'all')!
    // score (90 + 70) / 2 = 80; cost (0.01 + 0.06) / 2 = 0.035.
    expect(all.headline.mean).toBe(80)
    expect(all.orgUsd.mean).toBe(0.035)
    expect(all.qualityPerDollar.mean).toBeCloseTo(80 / 0.035, 4)
  })

  test('over tasks, pts/$ leaves out the spend of a task that has no score (every trial errored); org $/case keeps it', () => {
    const records = [makeRecord({ headline: 90, usd: 0.01 }), makeRecord({ task: 'task_b', status: 'error', usd: 0.05 })]
    const all = summarizeGroups(records).find((g) => g.by === 'all')!
    expect(all).toMatchObject({ tasks: 2, headline: { mean: 90, tasks: 1 }, orgUsd: { mean: 0.03 } })
    // 90 over task_a ÷ task_a's $0.01, not ÷ the $0.03 of both tasks.
    expect(all.qualityPerDollar.mean).toBe(9000)
  })

  test('an errored trial that made calls counts in the cost per case; one stopped before any call does not', () => {
    const c = cell([makeRecord({ usd: 0.01 }), makeRecord({ trial: 2, status: 'error', usd: 0.04 }), makeRecord({ trial: 3, status: 'error', usd: 0, calls: 0 })])
    expect(c.orgUsd).toMatchObject({ n: 2, mean: 0.025 })
    expect(c.headline).toMatchObject({ n: 1, mean: 80 })
    expect(c.qualityPerDollar.mean).toBe(3200)
  })

  test('one trial of unknown cost makes the cost unknown, with the count, never a mean over the others', () => {
    const c = cell([makeRecord({ usd: 0.01 }), makeRecord({ trial: 2, usd: null })])
    expect(c.orgUsd).toEqual({ n: 1, mean: null, sd: null, se: null, ci: null, unknown: 1 })
    expect(c.qualityPerDollar.mean).toBeNull()
  })

  test('a topology row is unknown when one of its tasks has a trial of unknown cost', () => {
    const records = [makeRecord({ usd: 0.01 }), makeRecord({ task: 'task_b', usd: null })]
    const all = summarizeGroups(records).find((g) => g.by === 'all')!
    expect(all.orgUsd).toMatchObject({ tasks: 1, mean: null, unknown: 1 })
    expect(all.qualityPerDollar.mean).toBeNull()
  })

  test('the unknown cost of a task without a score keeps org $/case unknown, not the pts/$ of the tasks the score covers', () => {
    const records = [makeRecord({ usd: 0.01 }), makeRecord({ task: 'task_b', status: 'error', usd: null })]
    const all = summarizeGroups(records).find((g) => g.by === 'all')!
    expect(all.orgUsd).toMatchObject({ tasks: 1, mean: null, unknown: 1 })
    expect(all.qualityPerDollar.mean).toBe(8000)
  })
})
