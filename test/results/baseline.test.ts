import { describe, expect, test } from 'vitest'
import { BaselineError, promoteToBaseline } from '../../lib/results/baseline.js'
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
})
