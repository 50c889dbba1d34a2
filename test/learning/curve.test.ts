import { describe, expect, test } from 'vitest'
import { curvePoints, differenceOfImprovements, heldOutEstimate, improvement, pairedGains, shouldStop, type HeldOutScores } from '../../lib/learning/curve.js'

const scores = (...xs: Array<number | null>): HeldOutScores => new Map(xs.map((x, i) => [i + 3, x]))

describe('learning curve', () => {
  test('one point per iteration: mean held-out score with a 95 % t interval; errors counted, not scored', () => {
    const [p] = curvePoints([scores(80, 90, null, 85)])
    expect(p).toMatchObject({ iteration: 1, errors: 1, heldOut: { n: 3, mean: 85 } })
    expect(p!.heldOut.ci!.lo).toBeCloseTo(85 - 4.303 * 5 / Math.sqrt(3), 2)
  })

  test('gains are paired by held-out seed, skipping seeds that failed on either side', () => {
    expect(pairedGains(scores(80, 90, null), scores(85, 88, 70))).toEqual([5, -2])
  })

  test('improvement is last minus first iteration per seed, with its interval', () => {
    const imp = improvement([scores(80, 82, 84), scores(0, 0, 0), scores(85, 88, 89)])
    expect(imp.mean).toBeCloseTo(16 / 3, 6)
    expect(imp.n).toBe(3)
    expect(imp.ci!.lo).toBeGreaterThan(0)
    expect(improvement([scores(1, 2)])).toEqual({ mean: null, ci: null, n: 0 })
  })

  test('the difference of improvements pairs the arms by seed: org gain minus single gain', () => {
    const org = [scores(80, 80, 80), scores(90, 86, 88)]
    const single = [scores(80, 80, 80), scores(82, 81, 83)]
    const d = differenceOfImprovements(org, single)
    expect(d.mean).toBeCloseTo((8 + 5 + 5) / 3, 6)
    expect(d.n).toBe(3)
  })
})

describe('intervals clipped to what the quantity can be', () => {
  test('a held-out mean near 100 has its interval end at 100, its mean and lower end unchanged', () => {
    const [p] = curvePoints([scores(100, 96, 100)])
    expect(p!.heldOut.mean).toBeCloseTo(98.667, 3)
    expect(p!.heldOut.ci!.lo).toBeCloseTo(98.667 - 4.303 * Math.sqrt(16 / 3) / Math.sqrt(3), 2)
    expect(p!.heldOut.ci!.hi).toBe(100)
    expect(heldOutEstimate([0, 4, 0]).ci!.lo).toBe(0)
  })

  test('an improvement, a difference of two scores, stays within -100..100', () => {
    const imp = improvement([scores(0, 0, 10), scores(100, 60, 100)])
    expect(imp.mean).toBeCloseTo(250 / 3, 6)
    expect(imp.ci!.hi).toBe(100)
    expect(improvement([scores(100, 100, 90), scores(0, 40, 0)]).ci!.lo).toBe(-100)
  })

  test('a difference of two arms\' improvements stays within -200..200', () => {
    const d = differenceOfImprovements([scores(0, 0, 0), scores(100, 100, 40)], [scores(100, 100, 60), scores(0, 0, 60)])
    expect(d.mean).toBeCloseTo(440 / 3, 6)
    expect(d.ci!.hi).toBe(200)
  })
})

describe('stopping rule', () => {
  const flat = [scores(80, 82, 84, 86), scores(81, 81, 85, 86), scores(80, 82, 84, 87)]
  test('stops at the iteration limit', () => {
    expect(shouldStop(flat.slice(0, 2), 2)).toEqual({ stop: true, reason: 'iteration limit 2 reached' })
  })

  test('never stops on the first iterations, whatever their difference', () => {
    expect(shouldStop([scores(50, 50, 50), scores(90, 91, 92)], 10).stop).toBe(false)
  })

  test('a plateau is seen from the third iteration on, so it ends an arm early only with a limit of 4 or more', () => {
    expect(shouldStop(flat.slice(0, 2), 3)).toMatchObject({ stop: false, reason: 'fewer than 3 iterations: too early to judge a plateau' })
    expect(shouldStop(flat, 3)).toEqual({ stop: true, reason: 'iteration limit 3 reached' })
    expect(shouldStop(flat, 4)).toMatchObject({ stop: true, reason: expect.stringContaining('no significant held-out gain') })
  })

  test('stops on a plateau: no significant held-out gain in the last two iterations', () => {
    expect(shouldStop(flat, 10)).toMatchObject({ stop: true, reason: expect.stringContaining('no significant held-out gain') })
  })

  test('errored held-out cases are no evidence of a plateau: a gain they leave unmeasured never stops the arm', () => {
    const errored = scores(null, null, null, null)
    const decision = shouldStop([flat[0]!, errored, errored], 10)
    expect(decision).toEqual({ stop: false, reason: expect.stringContaining('the held-out gain of iteration 2 and 3 could not be measured') })
    // One seed scored in both: still no interval, still not a plateau.
    const oneLeft = scores(81, null, null, null)
    expect(shouldStop([flat[0]!, flat[1]!, oneLeft], 10)).toMatchObject({ stop: false, reason: expect.stringContaining('iteration 3 could not be measured') })
    // At the limit the arm stops as always.
    expect(shouldStop([flat[0]!, errored, errored], 3)).toEqual({ stop: true, reason: 'iteration limit 3 reached' })
  })

  test('goes on while a recent iteration improved significantly', () => {
    const rising = [scores(80, 82, 84, 86), scores(81, 81, 85, 86), scores(88, 90, 91, 93)]
    expect(shouldStop(rising, 10).stop).toBe(false)
  })
})
