import { describe, expect, it } from 'vitest'
import { checksToRun } from '../../perf/checks/index.js'
import type { PerfCheck } from '../../perf/support.js'

const check = (id: string, needs?: string[]): PerfCheck => ({ id, needs, run: async () => [] })
const ids = (checks: PerfCheck[]) => checks.map((c) => c.id)

describe('checksToRun', () => {
  const checks = [check('startup'), check('overhead', ['startup']), check('floor'), check('memory')]

  it('runs every check when none is asked for', () => {
    expect(ids(checksToRun([], checks))).toEqual(['startup', 'overhead', 'floor', 'memory'])
  })

  it('runs a check the asked one needs, before it', () => {
    expect(ids(checksToRun(['overhead'], checks))).toEqual(['startup', 'overhead'])
  })

  it('runs only what is asked for when it needs nothing', () => {
    expect(ids(checksToRun(['memory', 'floor'], checks))).toEqual(['floor', 'memory'])
  })

  it('makes the real overhead check bring the startup check', () => {
    expect(ids(checksToRun(['overhead']))).toEqual(['startup', 'overhead'])
  })
})
