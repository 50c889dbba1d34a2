import { describe, expect, test } from 'vitest'
import { missFailsTest } from '../../lib/run/task-errors.js'

describe('missFailsTest', () => {
  test('auto fails on the standard tier and reports on the hard tier; fail and report are what they say', () => {
    expect([missFailsTest('auto', 'standard'), missFailsTest('auto', 'hard')]).toEqual([true, false])
    expect([missFailsTest('fail', 'standard'), missFailsTest('fail', 'hard')]).toEqual([true, true])
    expect([missFailsTest('report', 'standard'), missFailsTest('report', 'hard')]).toEqual([false, false])
  })
})
