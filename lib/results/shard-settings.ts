import { UserError } from '../errors.js'
import type { RunManifest } from './manifest.js'
import { BEHAVIOUR_BEFORE_RECORDED, priceDifferences, runSettingDifferences, type SettingDifference, settingVariable, showSetting } from './settings.js'

/*
 * A merge of shards makes one run with one configuration, so its shards must have been run with
 * the settings that change what a case produces (the ones a resume must keep, lib/results/settings.ts).
 */

/** Shards run with other settings: the merge writes nothing and keeps their journals. */
export class MixedShardSettingsError extends UserError {
  override name = 'MixedShardSettingsError'
}

/** "shard 2/3 (run <id>)", or "run <id>" for a run made without --shard. */
export function shardLabel(manifest: RunManifest): string {
  return manifest.shard ? `shard ${manifest.shard.index}/${manifest.shard.count} (run ${manifest.runId})` : `run ${manifest.runId}`
}

/** A manifest's settings, with what a run made by an older orgbench had where it did not record a setting. */
const settingsOf = (manifest: RunManifest) => ({ ...BEHAVIOUR_BEFORE_RECORDED, ...manifest.settings })

/** What differs between the reference shard and another: settings, and the prices of the models they call. */
function differences(reference: RunManifest, other: RunManifest): SettingDifference[] {
  const models = [reference.config.model, reference.config.judgeModel, other.config.model, other.config.judgeModel]
  return [...runSettingDifferences(settingsOf(reference), settingsOf(other)), ...priceDifferences(reference.prices, other.prices, models)]
}

const shown = (setting: string, value: unknown) => (setting.startsWith('prices.') && value === null ? 'no price' : showSetting(value))

/**
 * Throws a MixedShardSettingsError naming each shard whose settings differ from the first shard's
 * (by shard index), and each differing setting with its variable and both values.
 */
export function checkShardsMatch(manifests: readonly RunManifest[]): void {
  const ordered = [...manifests].sort((a, b) => (a.shard?.index ?? 0) - (b.shard?.index ?? 0) || a.runId.localeCompare(b.runId))
  const reference = ordered[0]
  if (!reference) return
  const lines: string[] = []
  for (const other of ordered.slice(1)) {
    const differing = differences(reference, other)
    if (differing.length === 0) continue
    lines.push(`  - ${shardLabel(other)}:`)
    for (const d of differing) {
      const variable = settingVariable(d.setting)
      lines.push(`      ${d.setting}${variable ? ` (${variable})` : ''}: ${shown(d.setting, d.after)}, where ${shardLabel(reference)} had ${shown(d.setting, d.before)}`)
    }
  }
  if (lines.length === 0) return
  throw new MixedShardSettingsError(
    `the shards were run with other settings, so their records would not be comparable in one run; nothing was written, LATEST is unchanged and the shards' journals are kept:\n` +
      lines.join('\n') +
      `\nRun the differing shard(s) again with the settings of ${shardLabel(reference)} (the new blob report replaces the old one), then merge again.`,
  )
}
