import { describe, expect, test } from 'vitest'
import { loadConfig, publicConfig } from '../../lib/config.js'
import { loadPrices } from '../../lib/llm/pricing.js'
import { SCHEMA_VERSION } from '../../lib/results/record.js'
import type { RunManifest } from '../../lib/results/manifest.js'
import { runSettings } from '../../lib/results/settings.js'
import { checkShardsMatch, MixedShardSettingsError, shardLabel } from '../../lib/results/shard-settings.js'

const configWith = (env: Record<string, string> = {}) => loadConfig({ env, cwd: '/nonexistent-orgbench-fixture' })

function shard(index: number | null, env: Record<string, string> = {}, over: Partial<RunManifest> = {}): RunManifest {
  const config = configWith(env)
  return {
    schemaVersion: SCHEMA_VERSION,
    runId: `sim-s${index ?? 0}`,
    createdAt: '2026-11-27T10:00:00.000Z',
    simulated: true,
    config: publicConfig(config),
    settings: runSettings(config),
    prices: loadPrices(),
    commit: null,
    filters: { tasks: null, topologies: null, tier: null, names: null },
    shard: index === null ? null : { index, count: 3 },
    sessions: [{ startedAt: '2026-11-27T10:00:00.000Z', pid: 1 }],
    finished: null,
    ...over,
  }
}

describe('checkShardsMatch', () => {
  test('shards with the same settings pass, whatever their dollar caps or the simulator\'s port', () => {
    const sim = (port: number) => ({ ORGBENCH_BASE_URL: `http://127.0.0.1:${port}/v1`, ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge' })
    expect(() => checkShardsMatch([shard(1, sim(40121)), shard(2, { ...sim(40122), ORGBENCH_MAX_USD: '2' }), shard(3, sim(40123))])).not.toThrow()
    expect(() => checkShardsMatch([shard(1, sim(40121)), shard(2, { ...sim(40122), ORGBENCH_MODEL: 'sim-medium' })])).toThrow('model (ORGBENCH_MODEL): "sim-medium", where shard 1/3 (run sim-s1) had "sim-strong"')
    expect(() => checkShardsMatch([])).not.toThrow()
  })

  test('compares every shard with the lowest-numbered one, whatever the order given, naming each setting and its variable', () => {
    const mixed = [shard(3, { ORGBENCH_JUDGE: 'off' }), shard(1), shard(2, { ORGBENCH_MEMORY: 'off' })]
    expect(() => checkShardsMatch(mixed)).toThrow(MixedShardSettingsError)
    expect(() => checkShardsMatch(mixed)).toThrow(
      /\n {2}- shard 2\/3 \(run sim-s2\):\n {6}memory \(ORGBENCH_MEMORY\): "off", where shard 1\/3 \(run sim-s1\) had "persisted"\n {2}- shard 3\/3 \(run sim-s3\):\n {6}judge \(ORGBENCH_JUDGE\): "off", where shard 1\/3 \(run sim-s1\) had "on"\n/,
    )
  })

  test('a different price of a model the shards call is a difference too', () => {
    const prices = loadPrices()
    const other = { ...prices, 'sim-strong': { ...prices['sim-strong']!, input: prices['sim-strong']!.input * 2 } }
    expect(() => checkShardsMatch([shard(1), shard(2, {}, { prices: other })])).toThrow(/prices\.sim-strong \(ORGBENCH_PRICES\): \{"input":/)
  })

  test('a shard made before a setting was recorded has what orgbench then did', () => {
    const older = shard(2)
    const { contextCheck: _, ...settings } = older.settings
    expect(() => checkShardsMatch([shard(1, { ORGBENCH_CONTEXT_CHECK: 'off' }), { ...older, settings }])).not.toThrow()
    expect(() => checkShardsMatch([shard(1), { ...older, settings }])).toThrow('contextCheck (ORGBENCH_CONTEXT_CHECK): "off", where shard 1/3 (run sim-s1) had "on"')
  })

  test('labels a shard by its index, a run made without --shard by its id', () => {
    expect(shardLabel(shard(2))).toBe('shard 2/3 (run sim-s2)')
    expect(shardLabel(shard(null))).toBe('run sim-s0')
  })
})
