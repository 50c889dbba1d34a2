import { describe, expect, test } from 'vitest'
import { chainOfCase, throughputBound } from '../../lib/run/throughput.js'
import { callRecord as call } from '../support/calls.js'

describe('throughputBound', () => {
  const free = { concurrency: 8, rpm: null, tpm: null }

  test('calls pass the concurrency slots in waves of one latency each', () => {
    expect(throughputBound({ calls: 2049, tokens: 0, chain: 10 }, free, 200)).toEqual({ ms: 257 * 200, limitedBy: 'concurrency' })
  })

  test('a long dependency chain can be the bound instead', () => {
    expect(throughputBound({ calls: 40, tokens: 0, chain: 12 }, free, 200)).toEqual({ ms: 2400, limitedBy: 'dependencies' })
  })

  test('an RPM window admits its limit at once, then again each minute', () => {
    expect(throughputBound({ calls: 300, tokens: 0, chain: 2 }, { ...free, rpm: 120 }, 200)).toEqual({ ms: 2 * 60_000 + 200, limitedBy: 'rpm' })
    expect(throughputBound({ calls: 100, tokens: 0, chain: 2 }, { ...free, rpm: 120 }, 200).limitedBy).toBe('concurrency')
  })

  test('a TPM window bounds by tokens the same way', () => {
    expect(throughputBound({ calls: 10, tokens: 1_000_000, chain: 2 }, { ...free, tpm: 300_000 }, 200)).toEqual({ ms: 3 * 60_000 + 200, limitedBy: 'tpm' })
  })
})

describe('chainOfCase', () => {
  test('is the longest chain of org calls, then the judge calls that read the deliverable', () => {
    const calls = [
      call({ id: 'a' }),
      call({ id: 'b' }),
      call({ id: 'c', dependsOn: ['a', 'b'] }),
      call({ id: 'd', dependsOn: ['c'] }),
      call({ id: 'j1', role: 'judge' }),
      call({ id: 'j2', role: 'judge' }),
      call({ id: 'j3', role: 'judge', dependsOn: ['j2'] }),
    ]
    expect(chainOfCase(calls)).toBe(3 + 2)
    expect(chainOfCase([])).toBe(0)
  })
})
