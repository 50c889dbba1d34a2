import { describe, expect, test } from 'vitest'
import { checkSimulatedSingle, renderSimCheck, SIM_TOLERANCE, type SimCheckRow, tierMeans } from '../../lib/sim/calibration-check.js'
import type { SimKnowledge } from '../../lib/sim/knowledge.js'

/*
 * The check's arithmetic and its table, on rows of known numbers. The check against the committed
 * calibrations is in test/sim/calibration.test.ts.
 */

const row = (task: string, tier: SimCheckRow['tier'], real: number, simulated: number, over: Partial<SimCheckRow> = {}): SimCheckRow => ({ task, tier, real, simulated, lowerBound: false, followed: true, within: Math.abs(simulated - real) <= SIM_TOLERANCE, ...over })

describe('tierMeans', () => {
  test('the mean of each tier to one decimal, standard first, and whether the means are within the tolerance', () => {
    expect(SIM_TOLERANCE).toBe(10)
    const rows = [row('h1', 'hard', 40, 55), row('s1', 'standard', 80, 70), row('s2', 'standard', 61, 66), row('h2', 'hard', 50, 60)]
    expect(tierMeans(rows)).toEqual([
      { tier: 'standard', tasks: 2, real: 70.5, simulated: 68, within: true },
      { tier: 'hard', tasks: 2, real: 45, simulated: 57.5, within: false },
    ])
  })

  test('a tier without rows is left out; exactly the tolerance away is within', () => {
    expect(tierMeans([row('s1', 'standard', 70, 80)])).toEqual([{ tier: 'standard', tasks: 1, real: 70, simulated: 80, within: true }])
    expect(tierMeans([])).toEqual([])
  })
})

describe('renderSimCheck', () => {
  const rows = [row('code_review_execution', 'standard', 80, 72.5), row('code_review_hard', 'hard', 40, 62), row('software_architecture', 'standard', 55, 90, { followed: false, lowerBound: true })]

  test('sim-strong is held to the tolerance: each followed task and each tier says ok or OUTSIDE; a design task says why it is not', () => {
    const lines = renderSimCheck(rows, 'sim-strong', 5).split('\n')
    expect(lines[0]).toBe(`${'task'.padEnd(30)}  tier        real     sim    diff`)
    expect(lines[2]).toBe(`${'code_review_execution'.padEnd(30)}  standard    80.0    72.5    -7.5  ok`)
    expect(lines[3]).toBe(`${'code_review_hard'.padEnd(30)}  hard        40.0    62.0    22.0  OUTSIDE ±10`)
    expect(lines[4]).toBe(`${'software_architecture'.padEnd(30)}  standard    55.0    90.0    35.0  not followed item by item (design task; real is a lower bound)`)
    // The tier means are over the followed tasks only.
    expect(lines[5]).toBe(`${'mean of standard (1 task(s))'.padEnd(30)}  standard    80.0    72.5    -7.5  ok`)
    expect(lines[6]).toBe(`${'mean of hard (1 task(s))'.padEnd(30)}  hard        40.0    62.0    22.0  OUTSIDE ±10`)
    expect(lines.at(-1)).toBe('sim-strong is held to ±10 points per calibrated task and per tier.')
    expect(lines).toContain('A lower bound: a design checklist decided by its patterns; a run decides it with the judge model, which calibration record does not call.')
    expect(lines.join('\n')).toContain('sim: sim-strong as the single agent, mean over 5 seed(s),')
  })

  test('another profile is not held to the tolerance, and its table says so', () => {
    const text = renderSimCheck(rows.slice(0, 2), 'sim-weak', 3)
    expect(text).not.toMatch(/\bok\b|OUTSIDE/)
    expect(text.split('\n').at(-1)).toBe('Only sim-strong is held to ±10: sim-weak is a weaker model than the calibrated one by design.')
    expect(text).not.toContain('A lower bound')
  })
})

describe('checkSimulatedSingle', () => {
  test('refuses a profile the simulator does not serve, a property every object inherits included, before reading any task', async () => {
    for (const profile of ['gpt-9', 'toString', 'constructor']) {
      await expect(checkSimulatedSingle({} as SimKnowledge, '/nonexistent', { profile, seeds: [1] }), profile).rejects.toThrow(`unknown simulated profile "${profile}": expected one of sim-`)
    }
  })
})
