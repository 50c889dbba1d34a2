import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { journalSpentUsd, shardLimits } from '../../lib/ci/shard-limits.js'
import { JournalWriter } from '../../lib/results/journal.js'
import { makeRecord } from '../results/fixtures.js'
import { cli } from '../support/cli.js'
import { tempDir } from '../support/temp.js'

const none = { maxUsd: '', rpm: '', tpm: '' }

describe("one shard's part of a model's limits", () => {
  test('the dollar cap is shared equally among the shards, so the shares add up to at most the cap', () => {
    const l = shardLimits({ variables: { ...none, maxUsd: '50' }, shards: 4, maxParallel: 8, spentUsd: 0 })
    expect(l.env).toEqual({ ORGBENCH_MAX_USD: '12.5' })
    expect(l.lines).toEqual(["ORGBENCH_MAX_USD=50 bounds the model's weekly run: this shard's share is 1/4, $12.5"])
    const third = shardLimits({ variables: { ...none, maxUsd: '10' }, shards: 3, maxParallel: 8, spentUsd: 0 }).env.ORGBENCH_MAX_USD!
    expect(third).toBe('3.333333')
    expect(3 * Number(third)).toBeLessThanOrEqual(10)
  })

  test("a re-run's share is not reduced by what its earlier attempts spent: the resumed run counts that against the share itself", () => {
    const l = shardLimits({ variables: { ...none, maxUsd: '50' }, shards: 4, maxParallel: 8, spentUsd: 3.25 })
    expect(l.env.ORGBENCH_MAX_USD).toBe('12.5')
    expect(l.lines[0]).toBe("ORGBENCH_MAX_USD=50 bounds the model's weekly run: this shard's share is 1/4, $12.5; its earlier attempts spent $3.2500 (journal), which the resumed run counts against it")
  })

  test('rates are divided among the shards that can run at once: the shard count, at most ORGBENCH_MAX_PARALLEL', () => {
    expect(shardLimits({ variables: { ...none, rpm: '500', tpm: '2000000' }, shards: 4, maxParallel: 8, spentUsd: 0 }).env).toEqual({ ORGBENCH_RPM: '125', ORGBENCH_TPM: '500000' })
    const capped = shardLimits({ variables: { ...none, rpm: '500' }, shards: 10, maxParallel: 3, spentUsd: 0 })
    expect(capped.env).toEqual({ ORGBENCH_RPM: '166' })
    expect(capped.lines).toEqual(["ORGBENCH_RPM=500 bounds the model's shards together: 166 per shard (3 can run at once: 10 shard(s), ORGBENCH_MAX_PARALLEL 3)"])
    // Retried shards run after the first attempts ended: the earlier spend matters for dollars, not for rates.
    expect(shardLimits({ variables: { ...none, rpm: '500' }, shards: 4, maxParallel: 8, spentUsd: 5 }).env).toEqual({ ORGBENCH_RPM: '125' })
  })

  test('unset variables stay unset; a rate too small to share, or a malformed value, is an error naming the variable', () => {
    expect(shardLimits({ variables: none, shards: 4, maxParallel: 8, spentUsd: 0 })).toEqual({ env: {}, lines: ['no ORGBENCH_MAX_USD, ORGBENCH_RPM or ORGBENCH_TPM variable set: the shard runs without them'] })
    expect(() => shardLimits({ variables: { ...none, rpm: '3' }, shards: 4, maxParallel: 8, spentUsd: 0 })).toThrow('variable ORGBENCH_RPM=3 cannot be shared among 4 shard(s) running at once (each needs at least 1)')
    expect(() => shardLimits({ variables: { ...none, tpm: '300' }, shards: 4, maxParallel: 8, spentUsd: 0 })).toThrow('variable ORGBENCH_TPM=300 cannot be shared among 4 shard(s) running at once (each needs at least 100)')
    expect(() => shardLimits({ variables: { ...none, maxUsd: 'fifty' }, shards: 4, maxParallel: 8, spentUsd: 0 })).toThrow('variable ORGBENCH_MAX_USD: expected an amount of US dollars above 0 such as 5 or 2.50, got "fifty"')
    expect(() => shardLimits({ variables: none, shards: 4, maxParallel: Number('x'), spentUsd: 0 })).toThrow('variable ORGBENCH_MAX_PARALLEL: expected a whole number from 1, got NaN')
  })
})

describe("what a shard's earlier attempts spent", () => {
  test('is the paid dollars of every journaled record, organisation and judge, over every session; no journal is $0', async () => {
    const root = join(tempDir(), 'journal')
    expect(journalSpentUsd(root)).toBe(0)
    const first = new JournalWriter(join(root, 'run-1'), 1)
    await first.append(makeRecord({ trial: 1, usd: 0.25 }))
    await first.append(makeRecord({ trial: 2, usd: 0.5 }))
    const second = new JournalWriter(join(root, 'run-1'), 2)
    await second.append(makeRecord({ trial: 2, usd: 0.125 }))
    expect(journalSpentUsd(root)).toBeCloseTo(0.875, 9)
  })
})

describe('orgbench ci limits', () => {
  afterEach(() => vi.unstubAllEnvs())

  test("writes the shard's limits to $GITHUB_ENV and says how it shared them", async () => {
    const dir = tempDir()
    vi.stubEnv('GITHUB_ENV', join(dir, 'env'))
    const journal = join(dir, 'journal')
    await new JournalWriter(join(journal, 'run-1'), 1).append(makeRecord({ usd: 2 }))
    const r = await cli('ci', 'limits', '--shards', '4', '--max-parallel', '2', '--max-usd', '50', '--rpm', '500', '--tpm', '', '--journal', journal)
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'env'), 'utf8')).toBe('ORGBENCH_MAX_USD=12.5\nORGBENCH_RPM=250\n')
    expect(r.out.split('\n')).toEqual([
      "ORGBENCH_MAX_USD=50 bounds the model's weekly run: this shard's share is 1/4, $12.5; its earlier attempts spent $2.0000 (journal), which the resumed run counts against it",
      "ORGBENCH_RPM=500 bounds the model's shards together: 250 per shard (2 can run at once: 4 shard(s), ORGBENCH_MAX_PARALLEL 2)",
    ])
  })
})
