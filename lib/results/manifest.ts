import { readFileSync } from 'node:fs'
import { z } from 'zod'
import type { Config } from '../config.js'
import { ModelPrice } from '../llm/pricing.js'
import { SCHEMA_VERSION } from './record.js'
import { RunFile, RunStatus } from './schema.js'
import { manifestPath } from './layout.js'
import { stableJson, writeAtomic } from './write.js'

/** What narrowed a run: the ORGBENCH_* filters and Vitest's test name filter (-t). */
export const RunFilters = z.object({
  tasks: z.array(z.string()).nullable(),
  topologies: z.array(z.string()).nullable(),
  /** ORGBENCH_TIER unless "all" (null in manifests written before it was recorded). */
  tier: z.enum(['standard', 'hard']).nullable().default(null),
  /** The pattern of Vitest's -t, null without one. */
  names: z.string().nullable().default(null),
})
export type RunFilters = z.infer<typeof RunFilters>

/** The filters of a run with this configuration and -t pattern. */
export function runFilters(config: Pick<Config, 'tasks' | 'topologies' | 'tier'>, names: string | null): RunFilters {
  return { tasks: config.tasks, topologies: config.topologies, tier: config.tier === 'all' ? null : config.tier, names }
}

/**
 * A run's manifest, `journal/<run-id>/run.json`: what the run is (configuration, prices, commit,
 * filters, shard), written by the global setup when the run starts and updated at each resume and
 * when the reporter has written the results. The merge reporter of a sharded run reads the shards'
 * manifests; a resume checks that the settings have not changed.
 */
export const RunManifest = z.object({
  schemaVersion: z.literal(SCHEMA_VERSION),
  runId: z.string(),
  createdAt: z.string(),
  simulated: z.boolean(),
  config: RunFile.shape.config,
  /** Every setting that changes what a case produces; a resume must match them. */
  settings: z.record(z.string(), z.unknown()),
  /** The whole price table the run used (built-in plus ORGBENCH_PRICES). */
  prices: z.record(z.string(), ModelPrice),
  commit: z.string().nullable(),
  filters: RunFilters,
  /** vitest --shard=index/count; null when not sharded. */
  shard: z.object({ index: z.number().int().positive(), count: z.number().int().positive() }).nullable(),
  /**
   * Each start of the run: the first, then each resume. `host` tells a live process from a
   * same-numbered one on another machine (a CI re-run); `endedAt` is set when the session's Vitest
   * ended without being stopped, so a run without results then (a shard's blob report, merged later)
   * is waiting for its merge, not unfinished.
   */
  sessions: z.array(z.object({ startedAt: z.string(), pid: z.number().int(), host: z.string().optional(), endedAt: z.string().optional() })).min(1),
  /** Set when a results file was written from the journal. */
  finished: z.object({ at: z.string(), status: RunStatus, file: z.string() }).nullable(),
})
export type RunManifest = z.infer<typeof RunManifest>

/** The manifest of a run, or null when its journal folder has none; throws when it is malformed. */
export function readManifest(resultsDir: string, runId: string): RunManifest | null {
  const path = manifestPath(resultsDir, runId)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  const parsed = RunManifest.safeParse(JSON.parse(text))
  if (!parsed.success) throw new Error(`${path}: ${parsed.error.issues.slice(0, 3).map((i) => `field ${i.path.join('.')}: ${i.message}`).join('; ')}`)
  return parsed.data
}

/** Writes a run's manifest atomically (creating the journal folder). */
export function writeManifest(resultsDir: string, manifest: RunManifest): void {
  writeAtomic(manifestPath(resultsDir, manifest.runId), stableJson(RunManifest.parse(manifest)))
}

/** Filters as words for the status ("ORGBENCH_TASKS=a,b", "ORGBENCH_TIER=hard", '-t "single"'). */
export function filterDescriptions(filters: RunFilters): string[] {
  return [
    ...(filters.tasks ? [`ORGBENCH_TASKS=${filters.tasks.join(',')}`] : []),
    ...(filters.topologies ? [`ORGBENCH_TOPOLOGIES=${filters.topologies.join(',')}`] : []),
    ...(filters.tier ? [`ORGBENCH_TIER=${filters.tier}`] : []),
    ...(filters.names !== null ? [`-t "${filters.names}"`] : []),
  ]
}
