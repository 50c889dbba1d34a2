import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { shardLimits } from '../../lib/ci/shard-limits.js'
import { cli } from '../support/cli.js'
import { tempDir } from '../support/temp.js'

/*
 * The learning job runs the first model beside its shards, against the same account: its shards
 * and the learning job share the model's limits, the learning job as one more shard that
 * ORGBENCH_MAX_PARALLEL never holds back (it is not a matrix job).
 */

const none = { maxUsd: '', rpm: '', tpm: '' }
const nothing = { usd: 0, atWorstCase: 0 }

describe("the first model's limits, shared with its learning job", () => {
  test('the dollar cap is shared among the shards and the learning job, so all their shares add up to at most the cap', () => {
    const l = shardLimits({ variables: { ...none, maxUsd: '50' }, learning: true, shards: 4, maxParallel: 8, spent: nothing })
    expect(l.env).toEqual({ ORGBENCH_MAX_USD: '10' })
    expect(l.lines).toEqual(["ORGBENCH_MAX_USD=50 bounds the model's weekly run: this job's share is 1/5 (4 shard(s) and the learning job), $10"])
    expect(3 * Number(shardLimits({ variables: { ...none, maxUsd: '10' }, learning: true, shards: 2, maxParallel: 8, spent: nothing }).env.ORGBENCH_MAX_USD)).toBeLessThanOrEqual(10)
  })

  test('rates are divided among the shards that can run at once plus the learning job, which ORGBENCH_MAX_PARALLEL does not hold back', () => {
    expect(shardLimits({ variables: { ...none, rpm: '500', tpm: '2000000' }, learning: true, shards: 4, maxParallel: 8, spent: nothing }).env).toEqual({ ORGBENCH_RPM: '100', ORGBENCH_TPM: '400000' })
    const capped = shardLimits({ variables: { ...none, rpm: '500' }, learning: true, shards: 10, maxParallel: 3, spent: nothing })
    expect(capped.env).toEqual({ ORGBENCH_RPM: '125' })
    expect(capped.lines).toEqual(["ORGBENCH_RPM=500 bounds the model's shards and its learning job together: 125 per job (4 can run at once: 10 shard(s), ORGBENCH_MAX_PARALLEL 3, and the learning job beside them)"])
    expect(() => shardLimits({ variables: { ...none, rpm: '4' }, learning: true, shards: 4, maxParallel: 8, spent: nothing })).toThrow('variable ORGBENCH_RPM=4 cannot be shared among 5 job(s) running at once (each needs at least 1)')
  })

  test('the other models share their limits among their shards alone', () => {
    const input = { variables: { ...none, maxUsd: '50', rpm: '500' }, shards: 4, maxParallel: 8, spent: nothing }
    expect(shardLimits({ ...input, learning: false })).toEqual(shardLimits(input))
    expect(shardLimits({ ...input, learning: false }).env).toEqual({ ORGBENCH_MAX_USD: '12.5', ORGBENCH_RPM: '125' })
  })
})

describe('orgbench ci limits --learning', () => {
  afterEach(() => vi.unstubAllEnvs())

  test('writes the share of a shard of the learning model (or of the learning job itself) to $GITHUB_ENV', async () => {
    const dir = tempDir()
    vi.stubEnv('GITHUB_ENV', join(dir, 'env'))
    const r = await cli('ci', 'limits', '--shards', '4', '--max-parallel', '2', '--max-usd', '50', '--rpm', '600', '--learning', 'true', '--journal', join(dir, 'none'))
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'env'), 'utf8')).toBe('ORGBENCH_MAX_USD=10\nORGBENCH_RPM=200\n')
    expect((await cli('ci', 'limits', '--shards', '4', '--max-parallel', '2', '--learning', 'yes')).code).toBe(2)
  })
})
