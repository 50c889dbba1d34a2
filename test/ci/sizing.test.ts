import { expect, test } from 'vitest'
import { shardLimits } from '../../lib/ci/shard-limits.js'
import { shardArithmetic, WEEKLY_RUN } from '../../lib/ci/sizing.js'
import { loadConfig } from '../../lib/config.js'

test('the default is the fewest shards that keep each inside its target, itself well inside the 6-hour job limit', () => {
  const s = shardArithmetic()
  expect(WEEKLY_RUN.targetHours).toBeLessThanOrEqual(6 / 2)
  expect(s.hoursPerShard).toBeLessThanOrEqual(WEEKLY_RUN.targetHours)
  // One shard fewer would not fit, and the shards share the whole run between them.
  expect(s.serialHours / (s.shards - 1)).toBeGreaterThan(WEEKLY_RUN.targetHours)
  expect(s.hoursPerShard * s.shards).toBeCloseTo(s.serialHours, 9)
  expect(s.lines.join(' ')).toContain(`${s.shards} shards`)
})

test('ORGBENCH_RPM and ORGBENCH_TPM set to the rates it states, shared out among the shards, do not slow a shard below its calls in flight', () => {
  const s = shardArithmetic()
  const variables = { maxUsd: '', rpm: String(Math.ceil(s.rpm)), tpm: String(Math.ceil(s.tpm)) }
  const { env } = shardLimits({ variables, shards: s.shards, maxParallel: s.shards, spent: { usd: 0, atWorstCase: 0 } })
  // A shard keeps its calls in flight when it may start one every latency ÷ in-flight seconds.
  const callsPerMinute = (WEEKLY_RUN.inFlight * 60) / WEEKLY_RUN.latencySeconds
  expect(Number(env.ORGBENCH_RPM)).toBeGreaterThanOrEqual(callsPerMinute)
  expect(Number(env.ORGBENCH_TPM)).toBeGreaterThanOrEqual(callsPerMinute * WEEKLY_RUN.tokensPerCall)
})

test('a shard has as many calls in flight as a run with ORGBENCH_MAX_CONCURRENCY unset, as the workflow leaves it', () => {
  expect(WEEKLY_RUN.inFlight).toBe(loadConfig({ env: {}, cwd: '/nonexistent' }).maxConcurrency)
})

test('slower calls or fewer calls in flight ask for more shards', () => {
  expect(shardArithmetic({ ...WEEKLY_RUN, latencySeconds: 60 }).shards).toBe(8)
  expect(shardArithmetic({ ...WEEKLY_RUN, inFlight: 4 }).shards).toBe(8)
})
