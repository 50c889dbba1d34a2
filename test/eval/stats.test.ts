import { describe, expect, test } from 'vitest'
import { seededUniform } from '../../lib/eval/seeded-uniform.js'
import {
  BOOTSTRAP_MIN_N,
  correlation,
  withinGroupCorrelation,
  fitLine,
  bootstrapMeanInterval,
  detectableEffect,
  estimateClusteredMean,
  estimateMean,
  holmAdjust,
  intervalOf,
  mean,
  median,
  oneSampleEstimate,
  pAbove,
  pairedDifferences,
  quantileSorted,
  sampleSd,
  standardError,
  tInterval,
  welchEstimate,
  wilsonInterval,
  BOOTSTRAP_RESAMPLES,
  DEFAULT_SEED,
  type Interval,
  type IntervalOptions,
} from '../../lib/eval/stats.js'

const avg = (s: readonly number[]) => s.reduce((a, b) => a + b, 0) / s.length

describe('descriptive statistics', () => {
  test('mean, sample SD (n − 1) and standard error of a textbook sample', () => {
    const xs = [2, 4, 4, 4, 5, 5, 7, 9]
    expect(mean(xs)).toBe(5)
    expect(sampleSd(xs)).toBeCloseTo(Math.sqrt(32 / 7), 12)
    expect(standardError(xs)).toBeCloseTo(Math.sqrt(32 / 7) / Math.sqrt(8), 12)
  })
  test('are null where they are undefined', () => {
    expect(mean([])).toBeNull()
    expect(sampleSd([3])).toBeNull()
    expect(standardError([3])).toBeNull()
  })
  test('quantiles interpolate between order statistics', () => {
    expect(quantileSorted([1, 2, 3, 4], 0.5)).toBe(2.5)
    expect(quantileSorted([1, 2, 3, 4], 0)).toBe(1)
    expect(quantileSorted([1, 2, 3, 4], 1)).toBe(4)
  })
})

describe('Student-t intervals', () => {
  test('[1, 2, 3]: mean 2 ± t(0.975, 2) · 1/√3', () => {
    const ci = tInterval([1, 2, 3])!
    const half = 4.302652729911275 / Math.sqrt(3)
    expect(ci.lo).toBeCloseTo(2 - half, 6)
    expect(ci.hi).toBeCloseTo(2 + half, 6)
    expect(ci.method).toBe('t')
  })
  test('no spread gives a zero-width interval; one value gives none', () => {
    expect(tInterval([4, 4, 4])).toEqual({ lo: 4, hi: 4, level: 0.95, method: 't' })
    expect(tInterval([4])).toBeNull()
  })
})

/**
 * The percentile bootstrap written plainly, the way the statistics once computed it: resample the
 * units with seededUniform's draws, apply the statistic, take the percentiles. The reference that
 * bootstrapMeanInterval and the clustered mean must match to the last bit.
 */
function bootstrapReference<T>(units: readonly T[], statistic: (sample: readonly T[]) => number, options: IntervalOptions = {}): Interval | null {
  if (units.length === 0) return null
  const level = options.level ?? 0.95
  const draw = seededUniform(options.seed ?? DEFAULT_SEED)
  const resamples = options.resamples ?? BOOTSTRAP_RESAMPLES
  const stats: number[] = new Array(resamples)
  const sample: T[] = new Array(units.length)
  for (let b = 0; b < resamples; b++) {
    for (let i = 0; i < units.length; i++) sample[i] = units[Math.floor(draw() * units.length)]!
    stats[b] = statistic(sample)
  }
  stats.sort((a, b) => a - b)
  const tail = (1 - level) / 2
  return { lo: quantileSorted(stats, tail), hi: quantileSorted(stats, 1 - tail), level, method: 'bootstrap' }
}

describe('seeded bootstrap', () => {
  test('the same seed gives the same interval; another seed a different one', () => {
    const xs = Array.from({ length: 30 }, (_, i) => (i * 37) % 11)
    const a = bootstrapMeanInterval(xs, { seed: 1 })
    expect(bootstrapMeanInterval(xs, { seed: 1 })).toEqual(a)
    expect(bootstrapMeanInterval(xs, { seed: 2 })).not.toEqual(a)
  })
  test('[0, 1]: resampled means are 0, ½, 1 with chances ¼, ½, ¼, so the 95 % interval is [0, 1]', () => {
    expect(bootstrapMeanInterval([0, 1])).toMatchObject({ lo: 0, hi: 1, method: 'bootstrap' })
  })
  test('an interval of 40 values brackets the mean and is about ±1.96 SE wide', () => {
    const xs = Array.from({ length: 40 }, (_, i) => i)
    const ci = bootstrapMeanInterval(xs, { seed: 7 })!
    const se = standardError(xs)!
    expect(ci.lo).toBeLessThan(19.5)
    expect(ci.hi).toBeGreaterThan(19.5)
    expect((ci.hi - ci.lo) / (2 * se)).toBeGreaterThan(1.7)
    expect((ci.hi - ci.lo) / (2 * se)).toBeLessThan(2.2)
  })
  test('the mean bootstrap is the plain bootstrap of the mean, to the last bit', () => {
    const samples = [[3], [0, 1], Array.from({ length: 25 }, (_, i) => ((i * 7919) % 101) / 7), Array.from({ length: 57 }, (_, i) => Math.sin(i) * 1e3 + 0.1)]
    for (const xs of samples) {
      for (const options of [{}, { seed: 3 }, { seed: 11, level: 0.9, resamples: 999 }]) {
        expect(bootstrapMeanInterval(xs, options)).toStrictEqual(bootstrapReference(xs, avg, options))
      }
    }
    expect(bootstrapMeanInterval([])).toBeNull()
  })
  test('a clustered mean from 20 clusters on is the cluster bootstrap over whole clusters', () => {
    const clusters = Array.from({ length: 23 }, (_, k) => Array.from({ length: 1 + (k % 4) }, (_, i) => ((k * 31 + i * 17) % 13) * 1.5))
    const whole = bootstrapReference(clusters, (sample) => avg(sample.map(avg)), { seed: 5 })
    expect(estimateClusteredMean(clusters, { seed: 5 }).ci).toStrictEqual(whole)
  })
  test('estimates stay those of earlier versions, to the last bit (results must not move)', () => {
    const xs = Array.from({ length: 30 }, (_, i) => ((i * 7919) % 101) / 7)
    expect(estimateMean(xs)).toEqual({ n: 30, mean: 7.014285714285715, sd: 4.2790342027910775, se: 0.7812411857349362, ci: { lo: 5.452142857142857, hi: 8.547619047619047, level: 0.95, method: 'bootstrap' } })
    expect(estimateMean(xs.slice(0, 5))).toEqual({ n: 5, mean: 5.942857142857142, sd: 4.631965246071728, se: 2.071477831926585, ci: { lo: 0.1915126558788307, hi: 11.694201629835455, level: 0.95, method: 't' } })
    expect(estimateMean([])).toEqual({ n: 0, mean: null, sd: null, se: null, ci: null })
    expect(estimateMean([3])).toEqual({ n: 1, mean: 3, sd: null, se: null, ci: null })
  })
})

describe('estimateMean', () => {
  test(`uses Student t below ${BOOTSTRAP_MIN_N} values and the seeded bootstrap from there on`, () => {
    expect(estimateMean([1, 2, 3]).ci?.method).toBe('t')
    const many = Array.from({ length: BOOTSTRAP_MIN_N }, (_, i) => i % 5)
    expect(estimateMean(many).ci?.method).toBe('bootstrap')
    expect(estimateMean(many, { seed: 3 })).toEqual(estimateMean(many, { seed: 3 }))
  })
  test('reports n, mean, SD and SE', () => {
    expect(estimateMean([1, 2, 3])).toMatchObject({ n: 3, mean: 2, sd: 1, se: 1 / Math.sqrt(3) })
    expect(estimateMean([])).toEqual({ n: 0, mean: null, sd: null, se: null, ci: null })
  })
})

describe('clustered means', () => {
  test('weighs every cluster once: clusters [1, 3], [10], [4, 6, 8] have means 2, 10, 6', () => {
    const e = estimateClusteredMean([[1, 3], [10], [4, 6, 8], []])
    expect(e).toMatchObject({ n: 6, clusters: 3, mean: 6, sd: 4 })
    expect(e.se).toBeCloseTo(4 / Math.sqrt(3), 12)
    expect(e.ci!.hi - 6).toBeCloseTo(4.302652729911275 * (4 / Math.sqrt(3)), 6)
  })
})

describe('paired differences', () => {
  test('pair by key, in key order, leaving out keys missing on either side', () => {
    const a = new Map([['t#2', 7], ['t#1', 5], ['t#3', 1]])
    const b = new Map([['t#1', 4], ['t#2', 9]])
    expect(pairedDifferences(a, b)).toEqual([{ key: 't#1', diff: 1 }, { key: 't#2', diff: -2 }])
  })
})

describe('Welch and one-sided tests', () => {
  test('Welch: [1, 2, 3] − [4, 6, 8] = −4 with SE √(5/3) and Welch–Satterthwaite df 2.94', () => {
    const e = welchEstimate([1, 2, 3], [4, 6, 8])!
    expect(e.estimate).toBe(-4)
    expect(e.se).toBeCloseTo(Math.sqrt(5 / 3), 12)
    expect(e.df).toBeCloseTo(25 / 9 / (1 / 18 + 16 / 18), 10)
  })
  test('Welch with a single value on a side has no SE', () => {
    expect(welchEstimate([1], [2, 3])).toEqual({ estimate: -1.5, se: null, df: 1 })
    expect(welchEstimate([], [2, 3])).toBeNull()
  })
  test('pAbove: estimate 2, SE 1, df 2 against 0 is 1 − (½ + 2/(2√6))', () => {
    expect(pAbove({ estimate: 2, se: 1, df: 2 }, 0)).toBeCloseTo(0.5 - 1 / Math.sqrt(6), 12)
  })
  test('pAbove is certain with no spread and untestable without an SE', () => {
    expect(pAbove({ estimate: 6, se: 0, df: 2 }, 5)).toBe(0)
    expect(pAbove({ estimate: 4, se: 0, df: 2 }, 5)).toBe(1)
    expect(pAbove({ estimate: 60, se: null, df: 1 }, 5)).toBe(1)
  })
  test('intervalOf a one-sample estimate equals tInterval', () => {
    expect(intervalOf(oneSampleEstimate([3, 5, 10])!)).toEqual(tInterval([3, 5, 10]))
  })
})

describe('Holm adjustment', () => {
  test('p = [0.01, 0.04, 0.03, 0.005] → [0.03, 0.06, 0.06, 0.02]', () => {
    const adjusted = holmAdjust([0.01, 0.04, 0.03, 0.005])
    expect(adjusted.map((p) => Number(p.toFixed(10)))).toEqual([0.03, 0.06, 0.06, 0.02])
  })
  test('caps at 1 and keeps an empty family empty', () => {
    expect(holmAdjust([0.5, 0.6])).toEqual([1, 1])
    expect(holmAdjust([])).toEqual([])
  })
})

describe('Wilson interval', () => {
  test('8 of 10: [0.4902, 0.9433]', () => {
    const ci = wilsonInterval(8, 10)!
    expect(ci.lo).toBeCloseTo(0.4902, 4)
    expect(ci.hi).toBeCloseTo(0.9433, 4)
  })
  test('0 of 10 starts at 0; no trials give no interval', () => {
    expect(wilsonInterval(0, 10)!.lo).toBe(0)
    expect(wilsonInterval(0, 0)).toBeNull()
  })
})

describe('detectable effect', () => {
  test('SE 5 on 3 df: (t(0.975, 3) + t(0.8, 3)) · 5 = 20.80', () => {
    expect(detectableEffect(5, 3)).toBeCloseTo((3.182446305 + 0.978472) * 5, 4)
  })
  test('a test in a family of 11 at α/11 needs a larger true effect than one alone: (t(1 − 0.05/22, 7) + t(0.8, 7)) · 5', () => {
    expect(detectableEffect(5, 7, 0.05 / 11)).toBeCloseTo((4.104811556 + 0.896029644) * 5, 4)
    expect(detectableEffect(5, 7, 0.05 / 11)).toBeGreaterThan(detectableEffect(5, 7))
  })
})

describe('median', () => {
  test('of odd and even counts, and of none', () => {
    expect(median([5, 1, 3])).toBe(3)
    expect(median([4, 1, 3, 2])).toBe(2.5)
    expect(median([])).toBeNull()
  })
})

describe('fitLine', () => {
  test('recovers an exact line with zero standard errors', () => {
    const fit = fitLine([0, 1, 2, 3], [1, 3, 5, 7])!
    expect(fit.intercept.estimate).toBeCloseTo(1, 12)
    expect(fit.slope.estimate).toBeCloseTo(2, 12)
    expect(fit.slope.se).toBeCloseTo(0, 12)
    expect(fit.intercept.df).toBe(2)
  })

  test('gives the textbook standard errors for a noisy line', () => {
    // y = 0, 2, 1, 3 at x = 0..3: slope 0.8, intercept 0.3, residuals ∓0.3 and ±0.9, so variance 1.8 / 2 df.
    const fit = fitLine([0, 1, 2, 3], [0, 2, 1, 3])!
    expect(fit.slope.estimate).toBeCloseTo(0.8, 12)
    expect(fit.intercept.estimate).toBeCloseTo(0.3, 12)
    expect(fit.slope.se).toBeCloseTo(Math.sqrt(0.9 / 5), 12)
    expect(fit.intercept.se).toBeCloseTo(Math.sqrt(0.9 * (1 / 4 + 2.25 / 5)), 12)
  })

  test('is null below three points or without spread in x', () => {
    expect(fitLine([1, 2], [1, 2])).toBeNull()
    expect(fitLine([1, 1, 1], [1, 2, 3])).toBeNull()
  })
})

describe('correlation', () => {
  test("is Pearson's r with a Fisher-z interval", () => {
    const c = correlation([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])!
    expect(c.r).toBeCloseTo(0.7745966692, 9)
    const half = 1.959963985 / Math.sqrt(2)
    expect(c.ci!.lo).toBeCloseTo(Math.tanh(Math.atanh(c.r) - half), 6)
    expect(c.ci!.hi).toBeCloseTo(Math.tanh(Math.atanh(c.r) + half), 6)
    expect(c.ci!.method).toBe('fisher-z')
  })

  test('is null below four pairs or without spread', () => {
    expect(correlation([1, 2, 3], [1, 2, 3])).toBeNull()
    expect(correlation([1, 2, 3, 4], [5, 5, 5, 5])).toBeNull()
  })
})

describe('withinGroupCorrelation', () => {
  test('correlates deviations from each group\'s means: two groups that agree inside are positive although their raw pairs are negative', () => {
    const groups = [
      { xs: [1, 2, 3, 4], ys: [11, 12, 13, 15] },
      { xs: [11, 12, 13, 14], ys: [1, 2, 4, 4] },
    ]
    expect(correlation([...groups[0]!.xs, ...groups[1]!.xs], [...groups[0]!.ys, ...groups[1]!.ys])!.r).toBeLessThan(-0.5)
    const c = withinGroupCorrelation(groups)!
    // Deviations: xs −1.5, −0.5, 0.5, 1.5 in both; ys −1.75, −0.75, 0.25, 2.25 and −1.75, −0.75, 1.25, 1.25.
    expect(c.r).toBeCloseTo(12 / Math.sqrt(10 * 15.5), 10)
    expect(c.n).toBe(8)
    const half = 1.959963985 / Math.sqrt(8 - 2 - 2)
    expect(c.ci!.lo).toBeCloseTo(Math.tanh(Math.atanh(c.r) - half), 6)
  })

  test('one group is the plain correlation; a group of one pair is left out; too few pairs beyond the groups is null', () => {
    expect(withinGroupCorrelation([{ xs: [1, 2, 3, 4, 5], ys: [2, 4, 5, 4, 5] }])).toEqual(correlation([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]))
    expect(withinGroupCorrelation([{ xs: [1, 2, 3, 4, 5], ys: [2, 4, 5, 4, 5] }, { xs: [100], ys: [-100] }])).toEqual(correlation([1, 2, 3, 4, 5], [2, 4, 5, 4, 5]))
    expect(withinGroupCorrelation([{ xs: [1, 2], ys: [1, 2] }, { xs: [1, 2], ys: [2, 1] }])).toBeNull()
  })
})
