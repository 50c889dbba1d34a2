import { describe, expect, test } from 'vitest'
import { atCaller, callerFrame, missFailsTest } from '../../lib/run/task-errors.js'

describe('missFailsTest', () => {
  test('auto fails on the standard tier and reports on the hard tier; fail and report are what they say', () => {
    expect([missFailsTest('auto', 'standard'), missFailsTest('auto', 'hard')]).toEqual([true, false])
    expect([missFailsTest('fail', 'standard'), missFailsTest('fail', 'hard')]).toEqual([true, true])
    expect([missFailsTest('report', 'standard'), missFailsTest('report', 'hard')]).toEqual([false, false])
  })
})

describe('callerFrame and atCaller', () => {
  const bundleFrame = '    at benchTask (file:///p/node_modules/.orgbench/bundle/abc/bench-task.mjs:99:9)'
  const benchmarkLine = '    at file:///p/benchmarks/enterprise/x.test.ts:3:7'

  test("the benchmark file's line is found past lib/run/'s frames and the bundle's", () => {
    expect(callerFrame(['Error', '    at callerFrame (file:///p/lib/run/task-errors.ts:10:3)', bundleFrame, benchmarkLine].join('\n'))).toBe(benchmarkLine)
  })

  test("a case's error ends with that line, so that Vitest shows the benchmark file's code when it loaded none of the other frames' modules", () => {
    const error = atCaller(new Error('x × single #1 failed in agent: api: 404'), benchmarkLine)
    expect(error.stack!.split('\n').at(-1)).toBe(benchmarkLine)
    expect(error.stack!.split('\n')[0]).toBe('Error: x × single #1 failed in agent: api: 404')
    const alone = new Error('y')
    expect(atCaller(alone, null).stack).toBe(alone.stack)
  })
})
