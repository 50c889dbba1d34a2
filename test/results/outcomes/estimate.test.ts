import { describe, expect, test } from 'vitest'
import { adjustedOutcomeDifferences, estimateOutcome, outcomeDifference, type OutcomeValue, shownInterval } from '../../../lib/results/outcomes/estimate.js'
import { tQuantile } from '../../../lib/eval/distributions.js'
import { usd } from '../../../lib/results/format.js'

const v = (task: string, trial: number, num: number, den = 1): OutcomeValue => ({ task, trial, num, den })
// Student t quantiles t(0.975, df): df 1 → 12.7062, df 2 → 4.3027.

describe('estimateOutcome', () => {
  test('one task: its trials are the units (Student t)', () => {
    const e = estimateOutcome([v('a', 1, 1), v('a', 2, 2), v('a', 3, 3)])
    // 2 ± 4.3027 · 1/√3
    expect(e).toEqual({ n: 3, tasks: 1, mean: 2, se: expect.closeTo(0.5774, 4), ci: { lo: expect.closeTo(-0.4841, 4), hi: expect.closeTo(4.4841, 4), level: 0.95, method: 't' } })
  })

  test('several tasks: each task counts once and tasks are the units (clustered)', () => {
    const e = estimateOutcome([v('a', 1, 0), v('a', 2, 2), v('b', 1, 4), v('c', 1, 1)])
    // task means 1, 4 and 1: mean 2 (not the 1.75 of the four values), SE = sd(1, 4, 1)/√3 = 1, t(2)
    expect(e).toEqual({ n: 4, tasks: 3, mean: 2, se: 1, ci: { lo: expect.closeTo(-2.3027, 4), hi: expect.closeTo(6.3027, 4), level: 0.95, method: 't' } })
  })

  test('below 3 units (2 tasks, or 2 trials of one task) there is no interval but a note, as for a difference', () => {
    const e = estimateOutcome([v('a', 1, 0), v('a', 2, 2), v('b', 1, 4)])
    // task means 1 and 4: mean 2.5, SE = sd(1, 4)/√2 = 1.5; a t interval on 1 df would be ±19 here
    expect(e).toEqual({ n: 3, tasks: 2, mean: 2.5, se: 1.5, ci: null, note: 'too few tasks (2) for an interval' })
    expect(estimateOutcome([v('a', 1, 1), v('a', 2, 3)])).toEqual({ n: 2, tasks: 1, mean: 2, se: 1, ci: null, note: 'too few trials (2) for an interval' })
    expect(estimateOutcome([v('a', 1, 2, 1), v('b', 1, 4, 1), v('b', 2, 6, 2)])).toMatchObject({ tasks: 2, ci: null, note: 'too few tasks (2) for an interval' })
  })

  test('an interval is clipped to the range the figure can take', () => {
    const values = [v('a', 1, 0), v('a', 2, 0), v('a', 3, 900)]
    expect(estimateOutcome(values).ci).toMatchObject({ lo: expect.closeTo(-990.7958, 4), hi: expect.closeTo(1590.7958, 4) })
    expect(estimateOutcome(values, { bounds: [0, 1000] }).ci).toMatchObject({ lo: 0, hi: 1000 })
  })

  test('a ratio (dollars per caught bug) is the ratio of means, with a delta-method interval', () => {
    const e = estimateOutcome([v('a', 1, 2, 1), v('a', 2, 4, 1), v('a', 3, 6, 2)])
    // R = 12/4 = 3; linearised units (num − 3·den)/(4/3) = −0.75, 0.75, 0: SE 0.75/√3
    expect(e).toEqual({ n: 3, tasks: 1, mean: 3, se: expect.closeTo(0.433, 4), ci: { lo: expect.closeTo(1.1369, 4), hi: expect.closeTo(4.8631, 4), level: 0.95, method: 't' } })
  })

  test('a figure below 1 keeps its significant digits: $0.0000869 per caught bug is not rounded to $0.0001', () => {
    expect(estimateOutcome([v('a', 1, 0.0001738, 2), v('a', 2, 0.0000869, 1)]).mean).toBe(0.0000869)
  })

  test('a figure is stored fine enough that printing rounds it once: a spend of $0.06234533 per case prints $0.0623, as the run tables print it', () => {
    const spend = estimateOutcome([v('a', 1, 0.06234533), v('a', 2, 0.06234533), v('a', 3, 0.06234533)])
    expect(usd(spend.mean)).toBe('$0.0623')
    expect(usd(spend.mean)).toBe(usd(0.06234533))
  })

  test('nothing to divide by (no bug caught in any trial) gives no figure, never 0 or infinity', () => {
    expect(estimateOutcome([v('a', 1, 2, 0), v('a', 2, 3, 0)]).mean).toBeNull()
    expect(estimateOutcome([])).toEqual({ n: 0, tasks: 0, mean: null, se: null, ci: null })
  })
})

describe('outcomeDifference', () => {
  test('paired by task and trial; a trial without a partner is left out', () => {
    const d = outcomeDifference([v('a', 1, 3), v('a', 2, 5), v('a', 3, 9), v('a', 4, 9)], [v('a', 1, 1), v('a', 2, 2), v('a', 3, 5)], 'single')
    // differences 2, 3 and 4: 3 ± 4.3027 · 1/√3
    expect(d).toEqual({ against: 'single', pairs: 3, n: 3, tasks: 1, mean: 3, se: expect.closeTo(0.5774, 4), ci: { lo: expect.closeTo(0.5159, 4), hi: expect.closeTo(5.4841, 4), level: 0.95, method: 't' } })
  })

  test('fewer than 3 units: no interval, and a note saying so (a t interval on 2 pairs spans ±12.7 SE)', () => {
    const d = outcomeDifference([v('a', 1, 3), v('a', 2, 5)], [v('a', 1, 1), v('a', 2, 2)], 'single')
    expect(d).toMatchObject({ pairs: 2, mean: 2.5, se: 0.5, ci: null, note: 'too few trials (2) for an interval' })
    const tasks = outcomeDifference([v('a', 1, 3), v('b', 1, 5)], [v('a', 1, 1), v('b', 1, 1)], 'single')
    expect(tasks).toMatchObject({ tasks: 2, ci: null, note: 'too few tasks (2) for an interval' })
  })

  test('a difference without spread has no interval, never a zero-width one', () => {
    const d = outcomeDifference([v('a', 1, 3), v('a', 2, 3), v('a', 3, 3)], [v('a', 1, 5), v('a', 2, 5), v('a', 3, 5)], 'single')
    expect(d).toMatchObject({ mean: -2, se: 0, ci: null })
    expect(d.note).toBeUndefined()
  })

  test('a difference of shares stays within ±100 points', () => {
    const d = outcomeDifference([v('a', 1, 100), v('a', 2, 100), v('a', 3, 0)], [v('a', 1, 0), v('a', 2, 0), v('a', 3, 100)], 'single', { bounds: [0, 100] })
    expect(d.ci).toMatchObject({ lo: -100, hi: 100 })
  })

  test('a ratio difference: the difference of the two ratios, its interval on the linearised pairs', () => {
    const d = outcomeDifference([v('a', 1, 2, 1), v('a', 2, 6, 1), v('a', 3, 4, 1)], [v('a', 1, 2, 2), v('a', 2, 2, 2), v('a', 3, 2, 2)], 'self_refine')
    // 4/1 − 2/2 = 3; units: (2 − 4)/1 − 0 = −2, (6 − 4)/1 − 0 = 2 and 0: SE 2/√3 · … = 1.1547, t(2)
    expect(d.mean).toBe(3)
    expect(d.se).toBeCloseTo(1.1547, 4)
    expect(d.ci).toEqual({ lo: expect.closeTo(-1.9683, 4), hi: expect.closeTo(7.9683, 4), level: 0.95, method: 't' })
  })

  test('no pairs: no difference', () => {
    expect(outcomeDifference([v('a', 1, 1)], [v('b', 1, 1)], 'single')).toEqual({ against: 'single', pairs: 0, n: 0, tasks: 0, mean: null, se: null, ci: null })
  })
})

describe('adjustedOutcomeDifferences: the differences shown together, as every other family', () => {
  const d = outcomeDifference([v('a', 1, 3), v('a', 2, 5), v('a', 3, 9)], [v('a', 1, 1), v('a', 2, 2), v('a', 3, 5)], 'single')
  const flat = outcomeDifference([v('a', 1, 3), v('a', 2, 3), v('a', 3, 3)], [v('a', 1, 5), v('a', 2, 5), v('a', 3, 5)], 'single')
  const few = outcomeDifference([v('a', 1, 3), v('a', 2, 5)], [v('a', 1, 1), v('a', 2, 2)], 'single')
  test('differences 2, 3, 4 in a family of 1 (neither the one without spread nor the one with too few trials has an interval, so neither takes part): 3 ± t(1 − 0.05/2, 2) · 1/√3', () => {
    const [a, b, c, none] = adjustedOutcomeDifferences([d, flat, few, null], [-Infinity, Infinity])
    expect(a!.adjusted!.family).toBe(1)
    expect(a!.adjusted!.ci.lo).toBeCloseTo(3 - tQuantile(1 - 0.05 / 2, 2) / Math.sqrt(3), 3)
    expect(shownInterval(a!)).toEqual(a!.adjusted!.ci)
    // Without spread: shown without an interval, no adjustment, so no star.
    expect(b!.adjusted).toBeNull()
    expect(shownInterval(b!)).toBeNull()
    expect(c!.adjusted).toBeNull()
    expect(none).toBeNull()
  })
  test('the simultaneous interval of a share difference is clipped to ±100 points', () => {
    const wide = outcomeDifference([v('a', 1, 100), v('a', 2, 0), v('a', 3, 100)], [v('a', 1, 0), v('a', 2, 0), v('a', 3, 0)], 'single')
    // +66.7 ± t(0.975, 2) · 33.3 (a family of 1) would reach +210.1.
    const [a] = adjustedOutcomeDifferences([wide], [0, 100])
    expect(a!.adjusted!.ci.hi).toBe(100)
    expect(a!.adjusted!.ci.lo).toBeCloseTo(200 / 3 - tQuantile(0.975, 2) * (100 / 3), 3)
  })
})
