import type { RunFile } from '../schema.js'
import { BEHAVIOUR_BEFORE_RECORDED, settingDifferences, type SettingDifference } from '../settings.js'
import { EMBEDDED_SIMULATOR } from '../simulator-label.js'

/*
 * Whether two runs' scores may stand in one report's tables. A report takes tasks from several
 * runs (sources.ts), so every setting that changes what a case scores (the judge on or off, its
 * model and repeats, the memory mode, the kind of endpoint, output caps, hrm's options, …) must be
 * the same in all of them; otherwise a table would mix, say, judge-on and judge-off tasks under one
 * header. Like an eval log whose task or model settings differ, such a run is kept apart, never
 * pooled; the report names what differs.
 */

/**
 * Settings that may differ between pooled runs: the seed and trial count change which draws are
 * made, not what a case measures (the header shows them by run); a dollar cap stops cases without
 * changing any; the compute-matched arms only add rows. The model and the kind (simulated or real)
 * separate runs already, and the endpoint is compared by its kind (endpointKind).
 */
const MAY_DIFFER = new Set(['seed', 'trials', 'maxUsd', 'computeMatched', 'simulated', 'model', 'endpoint'])

/**
 * What kind of endpoint made a run's scores: the simulator embedded in the run, a simulator server
 * (its port changes from start to start), or a real endpoint's origin (another host may serve
 * other weights under the same model name).
 */
export function endpointKind(config: Pick<RunFile['config'], 'endpoint'>, simulated: boolean): string {
  if (config.endpoint === EMBEDDED_SIMULATOR) return EMBEDDED_SIMULATOR
  return simulated ? 'a simulator server' : config.endpoint
}

/**
 * Between runs of different models (the per-model comparison), what comes with the model may
 * differ too: its provider and endpoint, and whether it takes the reasoning-model request shape.
 */
const COME_WITH_THE_MODEL = new Set(['provider', 'endpointKind', 'reasoningModels'])

/** The score-changing settings of a run, as recorded, with the known behaviour of files from before a setting was recorded. */
function scoreSettings(run: RunFile, acrossModels: boolean): Record<string, unknown> {
  const settings: Record<string, unknown> = { ...BEHAVIOUR_BEFORE_RECORDED, endpointKind: endpointKind(run.config, run.simulated) }
  for (const [key, value] of Object.entries(run.config)) if (!MAY_DIFFER.has(key) && value !== undefined) settings[key] = value
  // A run without the judge called none: its judge model and repeats changed nothing.
  if (settings.judge === 'off') {
    delete settings.judgeModel
    delete settings.judgeRepeats
  }
  if (acrossModels) for (const key of COME_WITH_THE_MODEL) delete settings[key]
  return settings
}

/**
 * Every score-changing setting whose value differs between `reference` and `run` (before: the
 * reference's value). A setting only one of them records (a file from an older orgbench) is not
 * counted: whether it changed is not known. `acrossModels`: runs of two models, whose provider,
 * endpoint and request shape may differ.
 */
export function scoreSettingDifferences(reference: RunFile, run: RunFile, options: { acrossModels?: boolean } = {}): SettingDifference[] {
  const a = scoreSettings(reference, options.acrossModels ?? false)
  const b = scoreSettings(run, options.acrossModels ?? false)
  const both = (s: Record<string, unknown>, other: Record<string, unknown>) => Object.fromEntries(Object.entries(s).filter(([k]) => k in other))
  return settingDifferences(both(a, b), both(b, a)).filter((d) => d.before !== undefined && d.after !== undefined)
}

const NAMES: Record<string, string> = {
  judge: 'judge',
  judgeModel: 'judge model',
  judgeEndpoint: "judge's endpoint",
  judgeRepeats: 'judge repeats',
  memory: 'memory',
  endpointKind: 'endpoint',
  provider: 'provider',
  maxOutputTokens: 'output cap',
  reasoningModels: 'reasoning models',
  contextCheck: 'context check',
  responseFormat: 'response format',
  selfRefineBudget: 'self_refine budget',
}

const show = (v: unknown) => (typeof v === 'string' ? v : v === null ? 'none' : Array.isArray(v) && v.length === 0 ? 'none' : JSON.stringify(v))

/** The differences as one phrase: "judge off (the newest run: on), memory off (the newest run: persisted)". */
export function differencePhrase(differences: readonly SettingDifference[], reference: string): string {
  return differences.map((d) => `${NAMES[d.setting] ?? d.setting} ${show(d.after)} (${reference}: ${show(d.before)})`).join(', ')
}
