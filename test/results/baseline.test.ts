import { describe, expect, test } from 'vitest'
import { BaselineError, baselineCaveats, promoteToBaseline } from '../../lib/results/baseline.js'
import { makeRun, trials } from './fixtures.js'

const real = makeRun(trials([80, 82], { simulated: false }), { runId: '20260101T000000Z-real', simulated: false })
const sim = makeRun(trials([80, 82]), { runId: 'sim-20260101T000000Z-x' })

describe('promoteToBaseline', () => {
  test('a real run becomes the baseline as it is', () => {
    expect(promoteToBaseline(real, { force: false, existing: null })).toBe(real)
  })
  test('a simulated run is refused unless forced', () => {
    expect(() => promoteToBaseline(sim, { force: false, existing: null })).toThrow(BaselineError)
    expect(() => promoteToBaseline(sim, { force: false, existing: real })).toThrow(/sim-20260101T000000Z-x is a simulated run and would replace the real baseline 20260101T000000Z-real; pass --force/)
    expect(promoteToBaseline(sim, { force: true, existing: real })).toBe(sim)
  })
  test('a run without records cannot be a baseline', () => {
    expect(() => promoteToBaseline(makeRun([], { simulated: false }), { force: true, existing: null })).toThrow(/has no records/)
  })
  test('a failed run (no case succeeded) is refused, with its reasons', () => {
    const failed = { ...real, status: 'failed' as const, statusReasons: ['no case succeeded (all 2 errored)'] }
    expect(() => promoteToBaseline(failed, { force: true, existing: null })).toThrow(
      new BaselineError('20260101T000000Z-real has status failed: no case succeeded (all 2 errored). A baseline needs successful cases to compare against'),
    )
  })
  test('a run with no scored case is refused, saying why, whatever its status says', () => {
    const unscored = makeRun(trials([null, null], { simulated: false }), { runId: '20260101T000000Z-unscored', simulated: false })
    expect(unscored.status).toBe('complete')
    expect(() => promoteToBaseline(unscored, { force: true, existing: null })).toThrow(
      new BaselineError('20260101T000000Z-unscored has no scored case (2 of 2 errored; the first error: task_a × single #1: organisation: rate_limit: 429 after 3 retries). A baseline needs scored cases to compare against'),
    )
  })
  test('a partial run is accepted, and what that means is said with its reasons', () => {
    const partial = { ...real, status: 'partial' as const, statusReasons: ['filtered by ORGBENCH_TASKS=task_a'] }
    expect(promoteToBaseline(partial, { force: false, existing: null })).toBe(partial)
    expect(baselineCaveats(partial)).toEqual(['note: 20260101T000000Z-real is partial (filtered by ORGBENCH_TASKS=task_a): cells it lacks are not compared until a complete run becomes the baseline'])
    expect(baselineCaveats(real)).toEqual([])
  })
})
