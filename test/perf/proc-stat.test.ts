import { describe, expect, test } from 'vitest'
import { statCpuMs, statFields } from '../../perf/proc-stat.js'

/** A /proc stat line of a thread named `comm` that used `utime` and `stime` ticks. */
const statLine = (comm: string, utime: number, stime: number) => `4242 (${comm}) S 1 4242 4242 0 -1 4194560 900 0 0 0 ${utime} ${stime} 0 0 20 0 12 0 100 1000 50`

describe('/proc stat lines', () => {
  test('a stat line gives user and system time in ms, whatever the name holds', () => {
    expect(statCpuMs(statLine('node', 150, 25))).toBe(1750)
    expect(statCpuMs(statLine('a (b) c', 1, 2))).toBe(30)
    expect(statCpuMs('not a stat line')).toBeNull()
    expect(statCpuMs('1 (x) S')).toBeNull()
  })

  test('the fields after the name are numbered from the state, whatever the name holds', () => {
    const fields = statFields(statLine('a (b) c', 7, 2))!
    expect(fields[0]).toBe('S')
    // ppid is field 4, utime field 14.
    expect(fields[1]).toBe('1')
    expect(fields[11]).toBe('7')
    expect(statFields('no name here')).toBeNull()
  })
})
