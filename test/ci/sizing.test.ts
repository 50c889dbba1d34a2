import { expect, test } from 'vitest'
import { shardArithmetic, WEEKLY_RUN } from '../../lib/ci/sizing.js'

test('the default shard count keeps each shard well inside the 6-hour job limit at the stated latency', () => {
  const s = shardArithmetic()
  expect(s.serialHours).toBeCloseTo((4043 * 30) / 4 / 3600, 6)
  expect(s.shards).toBe(4)
  expect(s.hoursPerShard).toBeLessThan(WEEKLY_RUN.targetHours)
  expect(s.rpm).toBe(32)
  expect(s.tpm).toBe(32 * 28_400)
  expect(s.lines[1]).toBe('4 shards (8.4 h / 2.5 h target, rounded up) take about 2.1 h each, well inside the 6 h job limit;')
})

test('slower calls or fewer calls in flight ask for more shards', () => {
  expect(shardArithmetic({ ...WEEKLY_RUN, latencySeconds: 60 }).shards).toBe(7)
  expect(shardArithmetic({ ...WEEKLY_RUN, inFlight: 8 }).shards).toBe(2)
})
