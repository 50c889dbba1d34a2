import { describe, expect, test } from 'vitest'
import { tQuantile } from '../../lib/eval/distributions.js'
import { GateInputError, type GateRun, NO_SPREAD, runGate } from '../../lib/results/gate.js'
import type { TestRecord } from '../../lib/results/record.js'
import { capStopped, makeRecord, type RecordSpec, trials } from './fixtures.js'

let runs = 0
/** A run for the gate; each gets its own id unless one is given (the gate refuses to compare a run with itself). */
const run = (records: TestRecord[], runId = `run-${++runs}`, simulated = true): GateRun => ({ runId, simulated, config: { model: 'm', judgeModel: 'j' }, cases: records })
const row = (report: ReturnType<typeof runGate>, metric: string, task: string | null, topology = 'single') =>
  report.rows.find((r) => r.metric === metric && r.task === task && r.topology === topology)!

describe('runGate: statistics per cell', () => {
  test('identical runs pass every row', () => {
    const rs = trials([70, 80, 90])
    const report = runGate(run(rs), run(rs))
    expect(report.verdict).toBe('PASS')
    expect(row(report, 'headline', 'task_a')).toMatchObject({ change: 0, verdict: 'PASS', n: 6 })
  })
  test('a drop of 20 points with little noise FAILs: [80, 81, 79] → [60, 61, 59]', () => {
    const report = runGate(run(trials([80, 81, 79])), run(trials([60, 61, 59])))
    const r = row(report, 'headline', 'task_a')
    expect(r.change).toBeCloseTo(-20, 10)
    // Welch: SE √(1/3 + 1/3), df 4. The cell level spends α/4 = 0.0125 over its rows that are tests:
    // of its 4 rows (one per metric) only the headline varies, the other three (no errors, every
    // must-catch item caught, the same cost) are no test, so m = 1 and the interval is t(1 − 0.0125, 4).
    const t = tQuantile(1 - 0.0125, 4)
    expect(r.ci!.lo).toBeCloseTo(-20 - t * Math.sqrt(2 / 3), 4)
    expect(r.ci!.hi).toBeCloseTo(-20 + t * Math.sqrt(2 / 3), 4)
    expect(r.verdict).toBe('FAIL')
    expect(report.verdict).toBe('FAIL')
  })
  test('detect mode: a certain small drop FAILs ([80, 80, 80] → [77, 77, 77]); non-inferiority mode passes it (within the 5-point margin)', () => {
    // No spread on either side: no interval and no MDE (not a zero-width interval and "MDE 0"); the change counts as exact.
    expect(row(runGate(run(trials([80, 80, 80])), run(trials([77, 77, 77]))), 'headline', 'task_a')).toMatchObject({ change: -3, se: 0, ci: null, detectable: null, p: 0, verdict: 'FAIL', note: NO_SPREAD.cell })
    expect(row(runGate(run(trials([80, 80, 80])), run(trials([77, 77, 77])), { mode: 'non-inferiority' }), 'headline', 'task_a')).toMatchObject({ p: 1, verdict: 'PASS' })
  })
  test('a noisy cell drop is not significant at the cell level: [80, 90, 70] → [72, 82, 62] passes', () => {
    const report = runGate(run(trials([80, 90, 70])), run(trials([72, 82, 62])))
    expect(row(report, 'headline', 'task_a')).toMatchObject({ change: -8, verdict: 'PASS' })
  })
  test('errored trials are an error-rate change, not a score of 0', () => {
    const report = runGate(run(trials([80, 80, 80])), run(trials([80, null, 80])))
    expect(row(report, 'headline', 'task_a')).toMatchObject({ change: 0, n: 5 })
    expect(row(report, 'errorRate', 'task_a').change).toBeCloseTo(100 / 3, 10)
  })
  test('a topology with no spread in its few trials borrows the spread of the others: its change is not exact, so noise cannot FAIL it', () => {
    const base = [...trials([80, 84, 76]), ...trials([90, 90, 90], { topology: 'star' })]
    const cur = [...trials([81, 77, 83]), ...trials([88, 88, 88], { topology: 'star' })]
    const r = row(runGate(run(base), run(cur)), 'headline', 'task_a', 'star')
    expect(r.note ?? '').not.toContain('counts as exact')
    expect(r.ci).not.toBeNull()
    expect(r.verdict).toBe('PASS')
  })
  test('cost is compared in percent of the baseline: $0.010 → $0.012 is +20 %', () => {
    const spec = (usd: number): RecordSpec => ({ usd })
    const base = [1, 2, 3].map((t) => makeRecord({ ...spec(0.01), trial: t }))
    const cur = [1, 2, 3].map((t) => makeRecord({ ...spec(0.012), trial: t }))
    const r = row(runGate(run(base), run(cur)), 'costPerCase', 'task_a')
    expect(r.change).toBeCloseTo(20, 10)
    expect(r.limit).toBe(25)
    expect(r.verdict).toBe('PASS')
  })
  test('a trial of unknown cost is left out of the cost means, and the cell and pooled rows say how many were', () => {
    const base = ['t1', 't2'].flatMap((task) => [1, 2, 3].map((t) => makeRecord({ task, usd: 0.01, trial: t })))
    const cur = ['t1', 't2'].flatMap((task) => [1, 2, 3].map((t) => makeRecord({ task, usd: task === 't1' && t === 3 ? null : 0.01, trial: t })))
    const report = runGate(run(base), run(cur))
    const note = '1 trial(s) of unknown cost left out: the means are over the trials whose cost is known'
    expect(row(report, 'costPerCase', 't1').note).toContain(note)
    expect(row(report, 'costPerCase', 't2').note ?? '').not.toContain('unknown cost')
    expect(report.rows.find((r) => r.metric === 'costPerCase' && r.level === 'suite')!.note).toContain(note)
    // Other metrics have no such note.
    expect(row(report, 'headline', 't1').note ?? '').not.toContain('unknown cost')
  })
  test('cost per case counts what errored trials spent, as the run tables do: $0.01, $0.01 and an errored $0.04 is $0.02', () => {
    const base = [1, 2, 3].map((t) => makeRecord({ usd: 0.01, trial: t }))
    const cur = [makeRecord({ usd: 0.01, trial: 1 }), makeRecord({ usd: 0.01, trial: 2 }), makeRecord({ status: 'error', usd: 0.04, trial: 3 })]
    const report = runGate(run(base), run(cur), { floors: { mustCatchRecall: 90, errorRate: 100, judgeErrorRate: 10, costRatio: 1.5, costPerCaseUsd: 0.015 } })
    expect(row(report, 'costPerCase', 'task_a')).toMatchObject({ current: 0.02 })
    expect(row(report, 'costPerCase', 'task_a').change).toBeCloseTo(100, 10)
    expect(report.floors.find((f) => f.name === 'cost per case')).toMatchObject({ value: 0.02, breached: true })
  })
  test('a row with one trial on a side cannot FAIL, whatever the drop: it is a SKIP, with no interval, and the level says so', () => {
    const report = runGate(run([...trials([90], { task: 't1' }), ...trials([90], { task: 't2' })]), run([...trials([10], { task: 't1' }), ...trials([90], { task: 't2' })]))
    expect(row(report, 'headline', 't1')).toMatchObject({ change: -80, se: null, ci: null, detectable: null, verdict: 'SKIP', note: 'fewer than two values on a side: cannot FAIL' })
    expect(report.rows.filter((r) => r.level === 'cell').every((r) => r.verdict === 'SKIP')).toBe(true)
    // The suite row pairs the two tasks' changes, so the gate as a whole could FAIL.
    expect(row(report, 'headline', null).verdict).not.toBe('SKIP')
    expect(report.notes).toContain('no cell row could FAIL (8 rows: fewer than two values on a side: cannot FAIL)')
  })
  test('a row that cannot FAIL stays in its level\'s Holm family, so SKIPs do not change the other rows\' adjustment; a row whose values do not vary is no test', () => {
    const report = runGate(run([...trials([80, 81, 79], { task: 't1' }), ...trials([80], { task: 't2' })]), run([...trials([60, 61, 59], { task: 't1' }), ...trials([80], { task: 't2' })]))
    const t1 = row(report, 'headline', 't1')
    expect(report.rows.filter((r) => r.level === 'cell' && r.verdict === 'SKIP')).toHaveLength(4)
    // 8 cell rows (2 tasks × 4 metrics): t2's four SKIPs stay in the family, t1's three rows that do
    // not vary are no test; t1's headline has the smallest p of the 5: Holm multiplies it by 5.
    expect(t1.pAdjusted).toBeCloseTo(5 * t1.p, 12)
  })
  test('a row with nothing to compare (every trial of a side errored) stays in the Holm family with p 1: m counts it', () => {
    const report = runGate(run([...trials([80, 81, 79], { task: 't1' }), ...trials([80, 80], { task: 't2' })]), run([...trials([60, 61, 59], { task: 't1' }), ...trials([null, null], { task: 't2' })]))
    expect(row(report, 'headline', 't2')).toMatchObject({ note: 'nothing to compare', verdict: 'SKIP', p: 1 })
    const t1 = row(report, 'headline', 't1')
    // 8 cell rows (2 tasks × 4 metrics): t2's headline and must-catch rows, with nothing to compare, stay in
    // the family with p 1, whatever t2's errors; the rows that do not vary are no test (t1's three, t2's cost,
    // and t2's error rate, 0 → 100 % without spread, which FAILs on its own p of 0). So m = 3: the interval is
    // at 1 − 2 · 0.0125 / 3, and Holm multiplies t1's p by 3.
    expect(row(report, 'errorRate', 't2')).toMatchObject({ se: 0, p: 0, pAdjusted: 0, verdict: 'FAIL' })
    expect(t1.pAdjusted).toBeCloseTo(3 * t1.p, 12)
    const t = tQuantile(1 - 0.0125 / 3, 4)
    expect(t1.ci!.lo).toBeCloseTo(-20 - t * Math.sqrt(2 / 3), 4)
  })
  test('a pooled row whose tasks all changed by the same amount has no interval and says why', () => {
    const base = ['t1', 't2'].flatMap((task) => trials([80, 82, 78], { task }))
    const cur = ['t1', 't2'].flatMap((task) => trials([70, 72, 68], { task }))
    expect(row(runGate(run(base), run(cur)), 'headline', null)).toMatchObject({ change: -10, se: 0, ci: null, detectable: null, note: NO_SPREAD.pooled })
  })
})

describe('runGate: cost rows of topologies whose spend takes few values, or is set by the run', () => {
  const costs = (usds: number[], spec: RecordSpec) => usds.map((usd, i) => makeRecord({ ...spec, usd, trial: i + 1 }))
  test('hrm drawing one round on every trial of one run and two on every trial of the next is what its other tasks show, not a regression', () => {
    // One, two or three rounds cost about $0.19, $0.36 or $0.55: t1's runs each drew one level three times.
    const base = [...costs([0.187, 0.187, 0.187], { task: 't1', topology: 'hrm' }), ...costs([0.187, 0.364, 0.55], { task: 't2', topology: 'hrm' }), ...costs([0.364, 0.55, 0.187], { task: 't3', topology: 'hrm' })]
    const cur = [...costs([0.364, 0.3645, 0.3644], { task: 't1', topology: 'hrm' }), ...costs([0.55, 0.187, 0.364], { task: 't2', topology: 'hrm' }), ...costs([0.187, 0.364, 0.364], { task: 't3', topology: 'hrm' })]
    const t1 = row(runGate(run(base), run(cur)), 'costPerCase', 't1', 'hrm')
    expect(t1.change).toBeCloseTo(94.8, 1)
    // Welch alone would give an SE of about 0.02 % here; the floor is hrm's pooled within-cell spread over its three tasks.
    expect(t1.se!).toBeGreaterThan(30)
    expect(t1.verdict).toBe('PASS')
  })
  test('a matched self_refine\'s cost is read as a share of its peer\'s median in the same run: it follows hrm\'s spend without a FAIL, and FAILs when it overspends its budget', () => {
    const hrm = (usds: number[]) => costs(usds, { topology: 'hrm' })
    const matched = (usds: number[]) => costs(usds, { topology: 'self_refine@hrm' })
    const base = [...hrm([0.1, 0.2, 0.3]), ...matched([0.2, 0.201, 0.2])]
    const followed = runGate(run(base), run([...hrm([0.3, 0.4, 0.5]), ...matched([0.4, 0.401, 0.4])]))
    expect(row(followed, 'costPerCase', 'task_a', 'self_refine@hrm')).toMatchObject({ baseline: expect.closeTo(0.2003, 4), current: expect.closeTo(0.4003, 4), verdict: 'PASS' })
    expect(row(followed, 'costPerCase', 'task_a', 'self_refine@hrm').change).toBeCloseTo(0, 0)
    expect(followed.notes).toContain(
      "cost of self_refine@hrm (of hrm): each trial's cost is read as a share of its peer's median cost on the task in the same run, the budget the run gave it, so a change in the peer's spend shows in the peer's rows, not in these",
    )
    const overspent = runGate(run(base), run([...hrm([0.1, 0.2, 0.3]), ...matched([0.4, 0.401, 0.4])]))
    expect(row(overspent, 'costPerCase', 'task_a', 'self_refine@hrm')).toMatchObject({ verdict: 'FAIL' })
  })
  test('self_refine is matched to star, unless its budget is fixed in either run (ORGBENCH_SELF_REFINE_BUDGET)', () => {
    const base = [...costs([0.1, 0.2, 0.3], { topology: 'star' }), ...costs([0.2, 0.201, 0.2], { topology: 'self_refine' })]
    const cur = [...costs([0.3, 0.4, 0.5], { topology: 'star' }), ...costs([0.4, 0.401, 0.4], { topology: 'self_refine' })]
    expect(row(runGate(run(base), run(cur)), 'costPerCase', 'task_a', 'self_refine').verdict).toBe('PASS')
    const fixed = (r: GateRun): GateRun => ({ ...r, config: { ...r.config, selfRefineBudget: 5000 } })
    expect(row(runGate(fixed(run(base)), fixed(run(cur))), 'costPerCase', 'task_a', 'self_refine').verdict).toBe('FAIL')
  })
})

describe('runGate: the suite and track rows, Holm within a level', () => {
  const tasks = ['t1', 't2', 't3']
  const base = tasks.flatMap((task) => trials([80, 80, 80], { task }))
  test('tasks are the units: cell drops 20, 22, 18 give 20 ± t(1 − 0.025 / m, 2) · 2/√3, m the rows that vary', () => {
    const cur = [60, 58, 62].flatMap((v, i) => trials([v, v, v], { task: tasks[i] }))
    const report = runGate(run(base), run(cur))
    const r = row(report, 'headline', null)
    expect(r).toMatchObject({ level: 'suite', tasks: 3, n: 3, verdict: 'FAIL' })
    expect(r.change).toBeCloseTo(-20, 10)
    // The suite level spends α/2 = 0.025 over its rows that are tests: of its 4 (one per metric) only the headline varies.
    expect(r.ci!.lo).toBeCloseTo(-20 - tQuantile(1 - 0.025, 2) * (2 / Math.sqrt(3)), 4)
    // Every task is in track "enterprise": one track row with the same numbers, at the track's α.
    const track = report.rows.find((x) => x.level === 'track' && x.metric === 'headline')!
    expect(track).toMatchObject({ track: 'enterprise', tasks: 3, change: r.change })
    expect(report.levels.map((l) => [l.level, l.alpha])).toEqual([['suite', 0.025], ['track', 0.0125], ['cell', 0.0125]])
    expect(report.levels[0]!.mdeHeadline).toBeCloseTo(r.detectable!, 10)
  })
  test('detect mode WARNs when a suite row drops beyond the margin without being significant', () => {
    const cur = [50, 80, 80].flatMap((v, i) => trials([v, v, v], { task: tasks[i] }))
    const report = runGate(run(base), run(cur))
    expect(row(report, 'headline', null)).toMatchObject({ change: -10, verdict: 'WARN' })
  })
  test('non-inferiority mode FAILs a suite row whose interval does not rule out a drop beyond the margin, and says so', () => {
    const cur = [74, 81, 79].flatMap((v, i) => trials([v, v + 2, v - 2], { task: tasks[i] }))
    const report = runGate(run(base), run(cur), { mode: 'non-inferiority' })
    const r = row(report, 'headline', null)
    expect(r.verdict).toBe('FAIL')
    expect(r.note).toMatch(/^non-inferiority not shown: a drop up to \d+\.\d is not ruled out$/)
    expect(report.mode).toBe('non-inferiority')
    const tight = tasks.flatMap((task) => trials([80, 80, 80], { task }))
    expect(row(runGate(run(base), run(tight), { mode: 'non-inferiority' }), 'headline', null).verdict).toBe('PASS')
  })
  test('non-inferiority mode: the drop it cannot rule out is stated within what a score can drop, 100 points', () => {
    const cur = [5, 95, 60].flatMap((v, i) => trials([v, v, v], { task: tasks[i] }))
    const r = row(runGate(run(base), run(cur), { mode: 'non-inferiority' }), 'headline', null)
    expect(r.verdict).toBe('FAIL')
    expect(r.note).toBe('non-inferiority not shown: a drop up to 100.0 is not ruled out')
  })
  test('non-inferiority mode: a suite row\'s MDE is the largest true drop it PASSes 80 % of the time, margin − (t₁₋α/m + t₀.₈) · SE', () => {
    const cur = [74, 81, 79].flatMap((v, i) => trials([v, v + 2, v - 2], { task: tasks[i] }))
    const r = row(runGate(run(base), run(cur), { mode: 'non-inferiority' }), 'headline', null)
    // 3 tasks (df 2); the suite level spends 0.025 over its rows that are tests (of 4 metrics, only the headline varies: m = 1).
    const reach = (tQuantile(1 - 0.025, 2) + tQuantile(0.8, 2)) * r.se!
    expect(r.detectable).toBeCloseTo(5 - reach, 8)
    // A cell row in the same mode still FAILs on a drop proven beyond the margin: its MDE is margin + reach.
    const cell = row(runGate(run(base), run(cur), { mode: 'non-inferiority' }), 'headline', 't1')
    expect(cell.detectable).toBeGreaterThan(5)
  })
  test('Holm: cell p-values are adjusted within the cell level', () => {
    const noisy = (task: string, values: number[]) => trials(values, { task })
    const cur = [...noisy('t1', [70, 62, 66]), ...noisy('t2', [80, 80, 80]), ...noisy('t3', [80, 80, 80])]
    const report = runGate(run(base), run(cur))
    const cellRows = report.rows.filter((r) => r.level === 'cell' && r.verdict !== 'SKIP')
    const t1 = cellRows.find((c) => c.task === 't1' && c.metric === 'headline')!
    // Of the level's 12 rows (3 tasks × 4 metrics) the three headline rows are tests (t1's varies; t2's
    // and t3's take the topology's pooled spread as their floor); the other nine do not vary and are no
    // test. The smallest p is multiplied by 3.
    expect(cellRows).toHaveLength(12)
    expect(cellRows.filter((c) => c.se !== 0).map((c) => `${c.task} ${c.metric}`)).toEqual(['t1 headline', 't2 headline', 't3 headline'])
    expect(t1.pAdjusted).toBeCloseTo(Math.min(1, 3 * t1.p), 12)
    expect(cellRows.filter((c) => c.metric === 'headline' && c.task !== 't1').every((c) => c.pAdjusted === 1)).toBe(true)
  })
})

describe('runGate: hard floors', () => {
  test('a must-catch recall below the floor FAILs even when no statistic does', () => {
    const base = trials([80, 80, 80])
    const cur = [1, 2, 3].map((t) => makeRecord({ trial: t, headline: 80, mustCatch: t === 1 ? [1, 2] : [2, 2] }))
    const report = runGate(run(base), run(cur))
    expect(report.rows.some((r) => r.verdict === 'FAIL')).toBe(false)
    expect(report.floors.find((f) => f.name === 'must-catch recall')).toMatchObject({ value: (100 * 5) / 6, limit: 90, breached: true })
    expect(report.verdict).toBe('FAIL')
  })
  test('the error-rate and judge-error ceilings apply to the whole run', () => {
    const cur = [...trials([80, null, 80]), makeRecord({ trial: 4, judgeFailed: true }), makeRecord({ trial: 5, pairwise: 'win' })]
    const floors = runGate(run(trials([80, 80, 80])), run(cur)).floors
    expect(floors.find((f) => f.name === 'error rate')).toMatchObject({ value: 20, breached: true })
    expect(floors.find((f) => f.name === 'judge error rate')).toMatchObject({ value: 50, breached: true })
  })
  test('cost per case above an absolute ceiling breaches per cell', () => {
    const base = [1, 2].map((t) => makeRecord({ trial: t, usd: 0.01 }))
    const cur = [1, 2].map((t) => makeRecord({ trial: t, usd: 0.02 }))
    const floors = runGate(run(base), run(cur), { floors: { mustCatchRecall: 90, errorRate: 10, judgeErrorRate: 10, costRatio: 1.5, costPerCaseUsd: 0.015 } }).floors
    expect(floors.find((f) => f.name === 'cost per case')).toMatchObject({ scope: 'task_a × single', value: 0.02, breached: true })
  })
  test('the relative cost ceiling averages a topology\'s per-task ratios: 2× on one task and 1× on another is 1.5×, not a breach', () => {
    const cell = (task: string, usd: number) => [1, 2].map((t) => makeRecord({ task, trial: t, usd }))
    const floors = runGate(run([...cell('t1', 0.01), ...cell('t2', 0.01)]), run([...cell('t1', 0.02), ...cell('t2', 0.01)])).floors
    expect(floors.filter((f) => f.name === 'cost ratio')).toEqual([expect.objectContaining({ scope: 'single (2 tasks)', value: 1.5, breached: false })])
    const doubled = runGate(run(cell('t1', 0.01)), run(cell('t1', 0.02))).floors
    expect(doubled.find((f) => f.name === 'cost ratio')).toMatchObject({ value: 2, breached: true })
  })
})

describe('runGate: what it refuses and notes', () => {
  test('a simulated run is never compared with a real baseline', () => {
    expect(() => runGate(run(trials([80]), 'real-1', false), run(trials([80]), 'sim-1', true))).toThrow(GateInputError)
    expect(() => runGate(run(trials([80]), 'real-1', false), run(trials([80]), 'sim-1', true))).toThrow(/simulated run \(sim-1\) with a real baseline \(real-1\)/)
  })
  test('cells on one side only are noted, not compared', () => {
    const report = runGate(run([...trials([80, 80]), ...trials([80, 80], { topology: 'star' })]), run([...trials([80, 80]), ...trials([80, 80], { topology: 'pipeline' })]))
    expect(report.notes).toEqual(['task_a × star: in the baseline but not in this run (not compared)', 'task_a × pipeline: new in this run, no baseline (not compared)'])
    expect(new Set(report.rows.map((r) => r.topology))).toEqual(new Set(['single']))
  })
  test('nothing comparable is unusable input, not a PASS: no cell in common, or one cell with one trial', () => {
    expect(() => runGate(run(trials([80, 80], { topology: 'star' }), 'base'), run(trials([80, 80]), 'cur'))).toThrow(
      new GateInputError('nothing comparable between cur and the baseline base: the runs have no task × topology cell in common (1 only in the baseline, 1 only in this run). Gate a run with at least 2 trials per cell, or at least 2 tasks in common with the baseline'),
    )
    expect(() => runGate(run(trials([80, 80])), run(trials([80])))).toThrow(/nothing comparable .*: none of the 1 task × topology cells in common has two trials on each side, and no topology has two tasks in common/)
  })
  test('with nothing comparable, a breached hard floor still FAILs, and the notes say that no row could', () => {
    const report = runGate(run(trials([80, 80])), run(trials([null])))
    expect(report.verdict).toBe('FAIL')
    expect(report.rows.every((r) => r.verdict === 'SKIP')).toBe(true)
    expect(report.floors.find((f) => f.name === 'error rate')?.breached).toBe(true)
    expect(report.notes[0]).toMatch(/^no statistical row could FAIL: none of the 1 task × topology cells in common has two trials on each side/)
  })
  test('every result-changing setting that differs is noted, not only the judge model', () => {
    const withConfig = (memory: string, judgeModel: string): GateRun => ({ ...run(trials([80, 80])), config: { model: 'm', judgeModel, memory, maxOutputTokens: 8192 } })
    expect(runGate(withConfig('persisted', 'j'), withConfig('off', 'j2')).notes).toEqual([
      'the judge model changed (j → j2): judge-based scores may shift for that reason alone',
      'the memory mode changed (persisted → off): scores may shift for that reason alone',
    ])
  })
  test('a task that changed between the runs is noted', () => {
    const digested = (truth: string) => trials([80, 80]).map((r) => ({ ...r, taskDigest: { read: 'r', truth, scoring: 's' } }))
    expect(runGate(run(digested('t1')), run(digested('t2'))).notes).toContain('task task_a: its ground truth changed between the baseline and this run: its scores may differ for that reason alone')
  })
  test('a failed baseline (no case succeeded) is refused with its reasons; a partial or failed run is noted with its reasons', () => {
    const failed: GateRun = { ...run(trials([null, null]), 'base'), status: 'failed', statusReasons: ['no case succeeded (all 2 errored)'] }
    expect(() => runGate(failed, run(trials([80, 80])))).toThrow(
      new GateInputError('the baseline base has status failed: no case succeeded (all 2 errored). Every row would compare against errors: make a run that succeeded the baseline (--update-baseline --current <file>)'),
    )
    const partial: GateRun = { ...run(trials([80, 80]), 'cur'), status: 'partial', statusReasons: ['filtered by ORGBENCH_TASKS'] }
    expect(runGate({ ...run(trials([80, 80]), 'base'), status: 'complete', statusReasons: [] }, partial).notes).toContain('this run cur has status partial (filtered by ORGBENCH_TASKS): cells it lacks are not compared')
    const failedRun = runGate(run(trials([80, 80]), 'base'), { ...run(trials([null, null]), 'cur'), status: 'failed', statusReasons: ['no case succeeded (all 2 errored)'] })
    expect(failedRun.verdict).toBe('FAIL')
    expect(failedRun.notes).toContain('this run cur has status failed (no case succeeded (all 2 errored)): only its errors can be compared')
  })
  test('the same run as baseline and as the gated run is refused: nothing would be compared', () => {
    const same = run(trials([80, 81, 79]), 'sim-1')
    expect(() => runGate(same, same)).toThrow(new GateInputError('the baseline and this run are the same run (sim-1): nothing was compared. Gate a new run against the baseline, or check the --baseline and --current paths'))
  })
  test('options are validated', () => {
    expect(() => runGate(run([]), run([]), { alpha: 2 })).toThrow()
  })
})

describe('runGate: cases the dollar cap stopped', () => {
  // Two tasks, each with trials 1-3 as good as the baseline's; the cap stopped trials 4-6.
  const tasksOf = (extra: (task: string) => TestRecord[]) => ['t1', 't2'].flatMap((task) => [...trials([79, 80, 81], { task }), ...extra(task)])
  const capped = (task: string) => [4, 5, 6].map((trial) => capStopped({ task, trial }))

  test('a capped run whose completed cases are as good PASSes: the stopped cases are not errors and are counted apart', () => {
    const report = runGate(run(tasksOf(() => [])), run(tasksOf(capped), 'capped'))
    expect(report.verdict).toBe('PASS')
    expect(row(report, 'errorRate', 't1')).toMatchObject({ baseline: 0, current: 0, n: 6 })
    expect(report.floors.find((f) => f.name === 'error rate')).toMatchObject({ value: 0, breached: false, message: '0.0 % of the 6 trials the dollar cap did not stop errored (ceiling 10 %; the 6 it stopped are not compared)' })
    expect(report.current).toMatchObject({ records: 12, stoppedByCap: 6 })
    expect(report.baseline.stoppedByCap).toBe(0)
    expect(report.notes).toContain('the dollar cap stopped 6 of 12 cases of this run capped; they are left out of every row and of the error rate (not compared)')
  })
  test('when the cap stopped most cases, the note says a PASS speaks only for the cases that ran', () => {
    const report = runGate(run(tasksOf(() => [])), run(['t1', 't2'].flatMap((task) => [...trials([80, 80], { task }), ...[3, 4, 5].map((trial) => capStopped({ task, trial }))]), 'mostly-capped'))
    expect(report.notes).toContain('the dollar cap stopped 6 of 10 cases of this run mostly-capped; they are left out of every row and of the error rate (not compared): most of this run is not compared, and a PASS speaks only for the 4 cases that ran')
  })
  test('a cell whose every trial the cap stopped is not compared, like a cell the run lacks, and the note says why', () => {
    const base = run([...trials([80, 80]), ...trials([80, 80], { topology: 'star' })])
    const report = runGate(base, run([...trials([80, 80]), capStopped({ topology: 'star', trial: 1 }), capStopped({ topology: 'star', trial: 2 })]))
    expect(new Set(report.rows.map((r) => r.topology))).toEqual(new Set(['single']))
    expect(report.notes).toContain('task_a × star: every trial stopped by the dollar cap in this run (not compared)')
  })
  test('a run the cap stopped entirely is nothing comparable, and the reason names the cap', () => {
    expect(() => runGate(run(trials([80, 80]), 'base'), run([capStopped({ trial: 1 }), capStopped({ trial: 2 })], 'cur'))).toThrow(
      /nothing comparable between cur and the baseline base: the runs have no task × topology cell in common .*\. The dollar cap stopped 2 of this run's 2 cases and 0 of the baseline's 2, which are not compared$/,
    )
  })
})

describe('runGate: intervals within what a change can be', () => {
  test('a change of error rate or score lies in [-100, 100] points, so its interval is clipped there', () => {
    // Error rates 0 % → 100 % in one task and 0 % → 0 % with a wide spread in another: the t interval
    // of the mean change over two tasks reaches far beyond ±100 points.
    const base = run([...trials([80, 80, 80], { task: 't1' }), ...trials([80, 80, 80], { task: 't2' })])
    const cur = run([...trials([null, null, null], { task: 't1' }), ...trials([80, 80, 80], { task: 't2' })])
    const suite = runGate(base, cur).rows.find((r) => r.level === 'suite' && r.metric === 'errorRate')!
    expect(suite.change).toBe(50)
    expect(suite.ci).toEqual({ lo: -100, hi: 100 })
  })
})
