import { describe, expect, test } from 'vitest'
import { outputCap } from '../../lib/run/runner.js'

describe('outputCap', () => {
  test("is the configured cap unless the task needs more, and the same for every agent of the task", () => {
    expect(outputCap({ maxOutputTokens: 8192 }, {})).toBe(8192)
    expect(outputCap({ maxOutputTokens: 8192 }, { minOutputTokens: 24_000 })).toBe(24_000)
    expect(outputCap({ maxOutputTokens: 32_000 }, { minOutputTokens: 24_000 })).toBe(32_000)
  })
})
