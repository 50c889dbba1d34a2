import { type Config, publicConfig } from '../config.js'
import type { PriceTable } from '../llm/pricing.js'
import { isSimulatorModel } from '../providers.js'
import { stableStringify } from '../stable-json.js'

/*
 * The settings that change what a case produces, and how two sets of them differ. A resume
 * refuses to continue a run under other settings (lib/run/resume.ts); the gate notes the ones that
 * differ between the baseline and the run it gates (lib/results/gate-settings.ts); a merge refuses
 * shards run under different ones (lib/results/shard-settings.ts).
 */

/** A run's settings: what its manifest records for the resume check, the same as its run file's `config`. */
export function runSettings(config: Config): Record<string, unknown> {
  return publicConfig(config)
}

/** One setting (dotted for a nested one, e.g. "hrm.maxSegments") whose value differs; `undefined` where a side lacks it. */
export interface SettingDifference {
  setting: string
  before: unknown
  after: unknown
}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v)

/** Nested objects become dotted names, so a difference names the option that changed, not the whole group. */
function flatten(settings: Record<string, unknown>, prefix = ''): Map<string, unknown> {
  const flat = new Map<string, unknown>()
  for (const [key, value] of Object.entries(settings)) {
    if (isRecord(value)) for (const [k, v] of flatten(value, `${prefix}${key}.`)) flat.set(k, v)
    else flat.set(`${prefix}${key}`, value)
  }
  return flat
}

/** Every setting whose value differs between `before` and `after`, sorted by name. */
export function settingDifferences(before: Record<string, unknown>, after: Record<string, unknown>): SettingDifference[] {
  const a = flatten(before)
  const b = flatten(after)
  return [...new Set([...a.keys(), ...b.keys()])]
    .sort()
    .filter((k) => stableStringify(a.get(k)) !== stableStringify(b.get(k)))
    .map((setting) => ({ setting, before: a.get(setting), after: b.get(setting) }))
}

/**
 * Settings that may differ within one run because they do not change what a case produces: the
 * dollar cap (raising it after a budget stop is what a resume is for; shards may each have their
 * own). ORGBENCH_RPM and ORGBENCH_TPM are not run settings at all.
 */
export const RESULT_NEUTRAL_SETTINGS: readonly string[] = ['maxUsd']

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1'])

const onLoopback = (endpoint: unknown) => typeof endpoint === 'string' && URL.canParse(endpoint) && LOOPBACK_HOSTS.has(new URL(endpoint).hostname)
const SIMULATOR_ON_LOOPBACK = 'the orgbench simulator on loopback'

/**
 * The settings as two parts of one run are compared: without the result-neutral ones, and with an
 * endpoint of the orgbench simulator on loopback (sim-* models) as one endpoint, whatever its port
 * or the spelling of its host (`npx orgbench sim` picks a free port on every start). That holds
 * for the agents' endpoint and for the judge's own (judgeEndpoint); the agents' endpoint serves
 * the judge's model too unless the judge has its own.
 */
function comparable(settings: Record<string, unknown>): Record<string, unknown> {
  const out = Object.fromEntries(Object.entries(settings).filter(([k]) => !RESULT_NEUTRAL_SETTINGS.includes(k)))
  const agentsEndpointModels = settings.judgeEndpoint === undefined ? [settings.model, settings.judgeModel] : [settings.model]
  if (agentsEndpointModels.every(isSimulatorModel) && onLoopback(settings.endpoint)) out.endpoint = SIMULATOR_ON_LOOPBACK
  if (isSimulatorModel(settings.judgeModel) && onLoopback(settings.judgeEndpoint)) out.judgeEndpoint = SIMULATOR_ON_LOOPBACK
  return out
}

/**
 * The settings that differ between two parts of one run (a run and its resume, two shards of a
 * merge), so that their records would not be comparable: every setting of settingDifferences but
 * the result-neutral ones and the simulator's port.
 */
export function runSettingDifferences(before: Record<string, unknown>, after: Record<string, unknown>): SettingDifference[] {
  // A difference shows the values as recorded, not as compared.
  const [recordedBefore, recordedAfter] = [flatten(before), flatten(after)]
  return settingDifferences(comparable(before), comparable(after)).map((d) => ({ ...d, before: recordedBefore.get(d.setting), after: recordedAfter.get(d.setting) }))
}

/** A setting's value as text: JSON, or "unset" when a side lacks it. */
export const showSetting = (v: unknown): string => JSON.stringify(v) ?? 'unset'

/** The variable that sets each recorded setting (hrm's options are ORGBENCH_HRM_<OPTION>). */
const SETTING_VARIABLES: Record<string, string> = {
  provider: 'ORGBENCH_PROVIDER',
  endpoint: 'ORGBENCH_BASE_URL',
  model: 'ORGBENCH_MODEL',
  judgeModel: 'ORGBENCH_JUDGE_MODEL',
  judgeProvider: 'ORGBENCH_JUDGE_PROVIDER',
  judgeEndpoint: 'ORGBENCH_JUDGE_BASE_URL',
  trials: 'ORGBENCH_TRIALS',
  seed: 'ORGBENCH_SEED',
  memory: 'ORGBENCH_MEMORY',
  judgeRepeats: 'ORGBENCH_JUDGE_REPEATS',
  judge: 'ORGBENCH_JUDGE',
  maxOutputTokens: 'ORGBENCH_MAX_OUTPUT_TOKENS',
  reasoningModels: 'ORGBENCH_REASONING_MODELS',
  contextCheck: 'ORGBENCH_CONTEXT_CHECK',
  responseFormat: 'ORGBENCH_RESPONSE_FORMAT',
  maxUsd: 'ORGBENCH_MAX_USD',
  selfRefineBudget: 'ORGBENCH_SELF_REFINE_BUDGET',
  computeMatched: 'ORGBENCH_COMPUTE_MATCHED',
}

/** The environment variable behind a (dotted) setting name, or null for one no variable sets (`simulated`). */
export function settingVariable(setting: string): string | null {
  if (setting.startsWith('prices.')) return 'ORGBENCH_PRICES'
  if (setting.startsWith('hrm.')) return `ORGBENCH_HRM_${setting.slice(4).replace(/[A-Z]/g, (c) => `_${c}`).toUpperCase()}`
  return SETTING_VARIABLES[setting] ?? null
}

/**
 * How a run made before a setting was recorded behaved, for the settings where that is known: it
 * had no context check, asked for structured output as a strict JSON schema, sent no model the
 * reasoning-model request shape, and had no compute-matched
 * arms unless its journal holds one (lib/run/resume.ts looks). A setting not listed here stays
 * unknown ("unset") for such a run.
 */
export const BEHAVIOUR_BEFORE_RECORDED: Readonly<Record<string, unknown>> = {
  contextCheck: 'off',
  responseFormat: 'json_schema',
  reasoningModels: [],
  computeMatched: 'off',
}

/**
 * The models of `models` whose rates differ between two price tables, as differences named
 * "prices.<model>" (null: no price). A call's cost is priced as it is made, so a resumed session
 * priced otherwise would mix two price tables in one run; the date and source of an entry do not count.
 */
export function priceDifferences(before: PriceTable, after: PriceTable, models: readonly string[]): SettingDifference[] {
  const rates = (table: PriceTable, model: string) => {
    const p = table[model]
    return p ? { input: p.input, output: p.output, cachedInput: p.cachedInput } : null
  }
  return [...new Set(models)]
    .sort()
    .map((model) => ({ setting: `prices.${model}`, before: rates(before, model), after: rates(after, model) }))
    .filter((d) => stableStringify(d.before) !== stableStringify(d.after))
}
