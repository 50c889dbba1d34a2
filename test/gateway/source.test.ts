import { describe, expect, test } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { Governor } from '../../lib/gateway/governor.js'
import { RemotePermits } from '../../lib/gateway/remote.js'
import { limitsOf, permitsFor } from '../../lib/gateway/source.js'
import { tempDir } from '../support/temp.js'

describe('permitsFor', () => {
  test('a script holds the configured limits in-process, one governor per set of limits', () => {
    const config = loadConfig({ env: { ORGBENCH_MAX_CONCURRENCY: '3', ORGBENCH_RPM: '60', ORGBENCH_MAX_USD: '2' }, cwd: tempDir() })
    expect(limitsOf(config)).toEqual({ maxConcurrency: 3, rpm: 60, tpm: null, maxUsd: 2 })
    const local = permitsFor(config, null)
    expect(local).toBeInstanceOf(Governor)
    expect((local as Governor).limits).toEqual(limitsOf(config))
    expect(permitsFor(config, null)).toBe(local)
  })

  test('a Vitest worker asks the run coordinator, one connection per process', () => {
    const config = loadConfig({ env: {}, cwd: tempDir() })
    const remote = permitsFor(config, { port: 40_001, token: 't', pid: 1 })
    expect(remote).toBeInstanceOf(RemotePermits)
    expect(permitsFor(config, { port: 40_001, token: 't', pid: 1 })).toBe(remote)
  })
})
