import { spawnSync } from 'node:child_process'
import { describe, expect, test } from 'vitest'
import { renderPerf } from '../../perf/run.js'
import { childrenUsage, firstTouchMicros, furtherCallMs, furtherCallsMs, median, perPageMicros, processCpuMs, wallFloorMs } from '../../perf/support.js'

describe('perf support', () => {
  test('the least wall per call is all the CPU per call, harness and simulator, spread over every core', () => {
    expect(wallFloorMs(2.05, 0.72, 2)).toBeCloseTo(1.385, 6)
    expect(wallFloorMs(1, 0, 4)).toBe(0.25)
  })

  test('a further call costs the difference of two runs over the calls the larger one adds, whatever both share', () => {
    // 1,000 ms the runs share (startup, warm-up), then 1.5 ms a call.
    expect(furtherCallMs({ totalMs: 1000 + 2103 * 1.5, calls: 2103 }, { totalMs: 1000 + 4206 * 1.5, calls: 4206 })).toBeCloseTo(1.5, 9)
    expect(furtherCallMs({ totalMs: 900, calls: 100 }, { totalMs: 800, calls: 200 })).toBe(-1)
  })

  test('a further call needs a larger run that made more calls', () => {
    expect(() => furtherCallMs({ totalMs: 1, calls: 10 }, { totalMs: 2, calls: 10 })).toThrow(/made 10 calls, the smaller 10/)
  })

  test('pairs of runs give a further call each, or nothing when a run of any pair has no total', () => {
    const run = (totalMs: number, calls: number) => ({ totalMs, calls })
    expect(furtherCallsMs([[run(100, 10), run(130, 20)], [run(90, 10), run(150, 30)]])).toEqual([3, 3])
    expect(furtherCallsMs([[run(100, 10), run(130, 20)], [run(90, 10), null]])).toBeNull()
    expect(furtherCallsMs([])).toEqual([])
  })

  test('CPU of finished children and of a running process come from /proc on Linux', () => {
    const children = childrenUsage()?.cpuMs ?? null
    const self = processCpuMs(process.pid)
    if (process.platform === 'linux') {
      expect(children).toBeGreaterThanOrEqual(0)
      expect(self).toBeGreaterThan(0)
    } else {
      expect(children).toBeNull()
    }
    expect(processCpuMs(-1)).toBeNull()
  })

  test.runIf(process.platform === 'linux')("finished children's kernel time and page faults are counted with their CPU", () => {
    const before = childrenUsage()!
    // A child that takes 32 MiB of fresh memory: at least 8,192 first touches of a 4 KiB page.
    spawnSync(process.execPath, ['-e', 'Buffer.allocUnsafeSlow(32 * 1024 * 1024).fill(1)'])
    const after = childrenUsage()!
    expect(after.minorFaults - before.minorFaults).toBeGreaterThanOrEqual(8192)
    expect(after.kernelMs).toBeLessThanOrEqual(after.cpuMs)
    expect(after.cpuMs).toBeGreaterThanOrEqual(before.cpuMs)
  })

  test('the cost of a first touch of memory is a finite, non-negative time per page', () => {
    const micros = firstTouchMicros()
    expect(Number.isFinite(micros)).toBe(true)
    expect(micros).toBeGreaterThanOrEqual(0)
  })

  test('a first touch is the first fill less the second, per 4 KiB page of the buffer', () => {
    // A clock read before and after each fill: 6 ms the first time, 1 ms the second, over 4 pages.
    const ticks = [0, 6, 10, 11]
    expect(firstTouchMicros(4 * 4096, () => ticks.shift()!)).toBe(1250)
    expect(ticks).toEqual([])
  })

  test('the first fill beyond the second, spread over the 4 KiB pages filled', () => {
    // 64 MiB is 16,384 pages: 160 ms more the first time is about 9.8 µs a page.
    expect(perPageMicros(170, 10, 64 * 1024 * 1024)).toBeCloseTo(9.766, 3)
    expect(perPageMicros(10, 12, 64 * 1024 * 1024)).toBe(0)
  })

  test('median of an odd and an even count', () => {
    expect(median([3, 1, 2])).toBe(2)
    expect(median([4, 1, 2, 3])).toBe(2.5)
  })

  test('the table marks a missed target and explains how each figure was measured', () => {
    const text = renderPerf([
      { figure: 'startup', measured: '1.2 s', target: '≤ 1.5 s', met: true, how: 'median of 3' },
      { figure: 'overhead', measured: '2 ms', target: '≤ 1 ms', met: false, how: 'suite' },
    ])
    expect(text).toContain('startup  | 1.2 s    | ≤ 1.5 s | yes')
    expect(text).toContain('overhead | 2 ms     | ≤ 1 ms  | MISSED')
    expect(text).toContain('  startup: median of 3')
  })
})
