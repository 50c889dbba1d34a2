import { describe, expect, test } from 'vitest'
import { mix, nextState, seededUniform, seedState } from '../../lib/eval/seeded-uniform.js'

describe('seededUniform', () => {
  test('draws stay those of earlier versions, to the last bit (results must not move)', () => {
    const u = seededUniform(20261127)
    expect([u(), u(), u()]).toEqual([0.30460669682361186, 0.850153922336176, 0.6331714047119021])
    const v = seededUniform(-7.9)
    expect([v(), v()]).toEqual([0.1877897505182773, 0.5138679489027709])
  })

  test('the generator is uniform on [0, 1)', () => {
    const u = seededUniform(42)
    const draws = Array.from({ length: 20000 }, () => u())
    expect(Math.min(...draws)).toBeGreaterThanOrEqual(0)
    expect(Math.max(...draws)).toBeLessThan(1)
    expect(draws.reduce((s, d) => s + d, 0) / draws.length).toBeCloseTo(0.5, 1)
    expect(draws.filter((d) => d < 0.1).length / draws.length).toBeCloseTo(0.1, 1)
  })

  test('its parts give its draws, for code that inlines them (the bootstrap in stats.ts)', () => {
    const u = seededUniform(7)
    let state = seedState(7)
    for (let i = 0; i < 100; i++) {
      state = nextState(state)
      expect(mix(state) / 2 ** 32).toBe(u())
    }
  })
})
