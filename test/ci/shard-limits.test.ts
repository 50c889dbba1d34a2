import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, test, vi } from 'vitest'
import { loadConfig } from '../../lib/config.js'
import { journalSpent, shardLimits } from '../../lib/ci/shard-limits.js'
import type { CallRecord } from '../../lib/llm/ledger.js'
import { JournalWriter } from '../../lib/results/journal.js'
import { spentBefore } from '../../lib/run/resume.js'
import { callRecord } from '../support/calls.js'
import { makeRecord } from '../results/fixtures.js'
import { cli } from '../support/cli.js'
import { tempDir } from '../support/temp.js'

const none = { maxUsd: '', rpm: '', tpm: '' }
const nothing = { usd: 0, atWorstCase: 0 }
/** A record whose organisation made `calls` (what the cap counts). */
const withCalls = (calls: CallRecord[], over: Parameters<typeof makeRecord>[0] = {}) => ({ ...makeRecord(over), calls })

describe("one shard's part of a model's limits", () => {
  test('the dollar cap is shared equally among the shards, so the shares add up to at most the cap', () => {
    const l = shardLimits({ variables: { ...none, maxUsd: '50' }, shards: 4, maxParallel: 8, spent: nothing })
    expect(l.env).toEqual({ ORGBENCH_MAX_USD: '12.5' })
    expect(l.lines).toEqual(["ORGBENCH_MAX_USD=50 bounds the model's weekly run: this shard's share is 1/4, $12.5"])
    const third = shardLimits({ variables: { ...none, maxUsd: '10' }, shards: 3, maxParallel: 8, spent: nothing }).env.ORGBENCH_MAX_USD!
    expect(third).toBe('3.333333')
    expect(3 * Number(third)).toBeLessThanOrEqual(10)
  })

  test("a re-run's share is not reduced by what its earlier attempts spent: the resumed run counts that against the share itself", () => {
    const l = shardLimits({ variables: { ...none, maxUsd: '50' }, shards: 4, maxParallel: 8, spent: { usd: 3.25, atWorstCase: 0 } })
    expect(l.env.ORGBENCH_MAX_USD).toBe('12.5')
    expect(l.lines[0]).toBe("ORGBENCH_MAX_USD=50 bounds the model's weekly run: this shard's share is 1/4, $12.5; its earlier attempts spent $3.2500 (journal), which the resumed run counts against it")
  })

  test('rates are divided among the shards that can run at once: the shard count, at most ORGBENCH_MAX_PARALLEL', () => {
    expect(shardLimits({ variables: { ...none, rpm: '500', tpm: '2000000' }, shards: 4, maxParallel: 8, spent: nothing }).env).toEqual({ ORGBENCH_RPM: '125', ORGBENCH_TPM: '500000' })
    const capped = shardLimits({ variables: { ...none, rpm: '500' }, shards: 10, maxParallel: 3, spent: nothing })
    expect(capped.env).toEqual({ ORGBENCH_RPM: '166' })
    expect(capped.lines).toEqual(["ORGBENCH_RPM=500 bounds the model's shards together: 166 per shard (3 can run at once: 10 shard(s), ORGBENCH_MAX_PARALLEL 3)"])
    // Retried shards run after the first attempts ended: the earlier spend matters for dollars, not for rates.
    expect(shardLimits({ variables: { ...none, rpm: '500' }, shards: 4, maxParallel: 8, spent: { usd: 5, atWorstCase: 0 } }).env).toEqual({ ORGBENCH_RPM: '125' })
  })

  test('unset variables stay unset; a rate too small to share, or a malformed value, is an error naming the variable', () => {
    expect(shardLimits({ variables: none, shards: 4, maxParallel: 8, spent: nothing })).toEqual({ env: {}, lines: ['no ORGBENCH_MAX_USD, ORGBENCH_RPM or ORGBENCH_TPM variable set: the shard runs without them'] })
    expect(() => shardLimits({ variables: { ...none, rpm: '3' }, shards: 4, maxParallel: 8, spent: nothing })).toThrow('variable ORGBENCH_RPM=3 cannot be shared among 4 shard(s) running at once (each needs at least 1)')
    expect(() => shardLimits({ variables: { ...none, tpm: '300' }, shards: 4, maxParallel: 8, spent: nothing })).toThrow('variable ORGBENCH_TPM=300 cannot be shared among 4 shard(s) running at once (each needs at least 100)')
    expect(() => shardLimits({ variables: { ...none, maxUsd: 'fifty' }, shards: 4, maxParallel: 8, spent: nothing })).toThrow('ORGBENCH_MAX_USD="fifty" is invalid: expected an amount of US dollars such as 5 or 2.50')
    expect(() => shardLimits({ variables: none, shards: 4, maxParallel: Number('x'), spent: nothing })).toThrow('variable ORGBENCH_MAX_PARALLEL: expected a whole number from 1, got NaN')
  })
})

describe('the variables are read as a run reads them', () => {
  const refusal = (fn: () => unknown) => {
    try {
      fn()
    } catch (e) {
      return (e as Error).message
    }
    return 'accepted'
  }
  const variable = { ORGBENCH_MAX_USD: 'maxUsd', ORGBENCH_RPM: 'rpm', ORGBENCH_TPM: 'tpm' } as const
  test.each([
    ['ORGBENCH_MAX_USD', 'fifty'],
    ['ORGBENCH_MAX_USD', '0'],
    ['ORGBENCH_MAX_USD', ' 5'],
    ['ORGBENCH_RPM', '0'],
    ['ORGBENCH_RPM', '2.5'],
    ['ORGBENCH_RPM', '2000000'],
    ['ORGBENCH_TPM', '50'],
    ['ORGBENCH_MAX_USD', '2.50'],
    ['ORGBENCH_TPM', '100'],
  ] as const)('%s=%j: accepted or refused by both, in the same words', (name, value) => {
    const byRun = refusal(() => loadConfig({ env: { [name]: value }, cwd: tempDir() }))
    const byShard = refusal(() => shardLimits({ variables: { ...none, [variable[name]]: value }, shards: 1, maxParallel: 1, spent: nothing }))
    expect(byShard).toBe(byRun)
  })
  test('a refusal names the variable, its value and what is expected', () => {
    expect(() => shardLimits({ variables: { ...none, rpm: '0' }, shards: 1, maxParallel: 1, spent: nothing })).toThrow('ORGBENCH_RPM="0" is invalid: expected an integer from 1 to 1000000')
  })
})

describe("what a shard's earlier attempts spent", () => {
  test('is what the dollar cap counted of every journaled call, over every session and run folder; no journal is $0', async () => {
    const root = join(tempDir(), 'journal')
    expect(journalSpent(root)).toEqual(nothing)
    const first = new JournalWriter(join(root, 'run-1'), 1)
    await first.append(withCalls([callRecord({ id: 'c001', costUsd: 0.25 })], { trial: 1 }))
    await first.append(withCalls([callRecord({ id: 'c001', costUsd: 0.5 })], { trial: 2 }))
    await new JournalWriter(join(root, 'run-1'), 2).append(withCalls([callRecord({ id: 'c001', costUsd: 0.125 })], { trial: 2 }))
    await new JournalWriter(join(root, 'run-2'), 1).append(withCalls([callRecord({ id: 'c001', costUsd: 1 })]))
    expect(journalSpent(root)).toEqual({ usd: 1.875, atWorstCase: 0 })
  })

  test('agrees with what the resumed run counts against its cap: cached replies count nothing, calls without usage their worst case, errored cases count', async () => {
    const root = join(tempDir(), 'journal')
    const dir = join(root, 'run-1')
    const writer = new JournalWriter(dir, 1)
    await writer.append(withCalls([callRecord({ id: 'c001', costUsd: 0.5 }), callRecord({ id: 'c002', costUsd: 0.25, cached: 'earlier-run' })], { trial: 1 }))
    await writer.append(withCalls([callRecord({ id: 'c001', costUsd: 0.125 })], { trial: 2, status: 'error' }))
    await writer.append(withCalls([callRecord({ id: 'c001', promptTokens: null, completionTokens: null, costUsd: null, maxCostUsd: 2 })], { trial: 3 }))
    const expected = { usd: 2.625, atWorstCase: 1 }
    expect(spentBefore(dir, 2)).toEqual(expected)
    expect(journalSpent(root)).toEqual(expected)
    const line = shardLimits({ variables: { ...none, maxUsd: '50' }, shards: 1, maxParallel: 1, spent: journalSpent(root) }).lines[0]
    expect(line).toContain('its earlier attempts spent $2.6250 (1 call(s) without usage counted at their worst case) (journal)')
  })
})

describe('orgbench ci limits', () => {
  afterEach(() => vi.unstubAllEnvs())

  test("writes the shard's limits to $GITHUB_ENV and says how it shared them", async () => {
    const dir = tempDir()
    vi.stubEnv('GITHUB_ENV', join(dir, 'env'))
    const journal = join(dir, 'journal')
    await new JournalWriter(join(journal, 'run-1'), 1).append(withCalls([callRecord({ id: 'c001', costUsd: 2 })]))
    const r = await cli('ci', 'limits', '--shards', '4', '--max-parallel', '2', '--max-usd', '50', '--rpm', '500', '--tpm', '', '--journal', journal)
    expect(r.code).toBe(0)
    expect(readFileSync(join(dir, 'env'), 'utf8')).toBe('ORGBENCH_MAX_USD=12.5\nORGBENCH_RPM=250\n')
    expect(r.out.split('\n')).toEqual([
      "ORGBENCH_MAX_USD=50 bounds the model's weekly run: this shard's share is 1/4, $12.5; its earlier attempts spent $2.0000 (journal), which the resumed run counts against it",
      "ORGBENCH_RPM=500 bounds the model's shards together: 250 per shard (2 can run at once: 4 shard(s), ORGBENCH_MAX_PARALLEL 2)",
    ])
  })

  test.each([
    ['--shards', 'abc', 'an integer from 1 to 32'],
    ['--shards', '2.5', 'an integer from 1 to 32'],
    ['--shards', '0', 'an integer from 1 to 32'],
    ['--max-parallel', '-1', 'an integer from 1 to 1000000'],
  ])('%s %s is refused with the flag and what it expects', async (flag, value, expected) => {
    const dir = tempDir()
    vi.stubEnv('GITHUB_ENV', join(dir, 'env'))
    const args = { '--shards': '4', '--max-parallel': '2', [flag]: value }
    const r = await cli('ci', 'limits', ...Object.entries(args).flat(), '--journal', join(dir, 'journal'))
    expect(r.code).toBe(2)
    expect(r.err).toContain(`option '${flag} <n>' argument '${value}' is invalid. expected ${expected}`)
  })
})
