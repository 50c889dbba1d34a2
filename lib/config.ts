import { join } from 'node:path'
import { z } from 'zod'
import { DotEnvSyntaxError, parseDotEnv } from './dot-env.js'
import { isSimulatorModel, PROVIDERS, type ProviderId } from './providers.js'
import { MIN_SECRET_LENGTH } from './redact.js'
import { NO_KEY, Secret } from './secret.js'
import { closestMatch } from './text.js'
import { HrmOptions } from './topologies/options.js'
import { UserError } from './errors.js'
import { CACHE_MODES, type CacheMode } from './llm/cache.js'
import { EMBEDDED_SIMULATOR } from './results/simulator-label.js'
import { RESPONSE_FORMAT_MODES, type ResponseFormatMode } from './llm/response-format-mode.js'
import { DETECT_REASONING_MODELS, type ReasoningModels, reasoningModelsOf } from './llm/reasoning-models.js'
import { MAX_BENCH_WORKERS } from './run/bench-workers.js'
import { registerUrlSecrets } from './url-secrets.js'

/** The response cache's home, relative to the project root (ignored by git). */
export const DEFAULT_CACHE_DIR = '.orgbench/cache'

/** Where runs write their results unless ORGBENCH_RESULTS_DIR says otherwise. */
export const DEFAULT_RESULTS_DIR = 'results/runs'

/** Model calls in flight for the whole run when ORGBENCH_MAX_CONCURRENCY is not set. */
export const DEFAULT_MAX_CONCURRENCY = 8
/** Where a simulated run keeps learned memory by default: never committed, never read by a real run. */
export const SIMULATED_MEMORY_DIR = '.orgbench/memory'

/** A run's configuration, resolved from ORGBENCH_* variables (and a .env file) and validated. */
export interface Config {
  provider: ProviderId
  /** null when the embedded simulator will be started and its URL injected. */
  baseURL: string | null
  apiKey: Secret
  model: string
  judgeModel: string
  /**
   * The judge's own endpoint (ORGBENCH_JUDGE_PROVIDER, ORGBENCH_JUDGE_BASE_URL, ORGBENCH_JUDGE_API_KEY),
   * for a judge of another family than a single-vendor endpoint serves; null: the agents' endpoint.
   */
  judgeEndpoint: JudgeEndpoint | null
  trials: number
  /** Model calls in flight at once for the whole run, across every Vitest worker. */
  maxConcurrency: number
  /** Requests per minute for the whole run; null: no limit. */
  rpm: number | null
  /** Tokens per minute for the whole run; null: no limit. */
  tpm: number | null
  /** Dollar cap of the run; null: no cap. */
  maxUsd: number | null
  /** How the response cache is used (lib/llm/cache.ts). */
  cache: CacheMode
  /** Where the response cache lives. */
  cacheDir: string
  timeoutMs: number
  retries: number
  seed: number
  maxOutputTokens: number
  /** ORGBENCH_REASONING_MODELS: the models sent `max_completion_tokens` and no temperature (lib/llm/reasoning-models.ts). */
  reasoningModels: ReasoningModels
  /** ORGBENCH_CONTEXT_CHECK: "on" fails a reply whose reported prompt tokens show a prompt cut to the server's context window (lib/llm/context-cut.ts). */
  contextCheck: 'on' | 'off'
  /** ORGBENCH_RESPONSE_FORMAT: how structured output is asked for (lib/llm/response-format.ts). */
  responseFormat: ResponseFormatMode
  /** Where a run's org memory comes from: "persisted" (the task's latest learned version, else the defaults), "default" or "off". */
  memory: 'persisted' | 'default' | 'off'
  /** Where learned memory versions live (one folder per task). */
  memoryDir: string
  /** The learning loop (lib/learning): iterations, trials per split and the lesson budget per role. */
  learn: { iterations: number; trainTrials: number; heldOutTrials: number; budgetTokens: number }
  judgeRepeats: number
  /** "off" skips the LLM judge; headlines then use the remaining components only. */
  judge: 'on' | 'off'
  topologies: string[] | null
  tasks: string[] | null
  /** Which task tier runs: "all" (default) runs whatever benchmark files were selected. */
  tier: 'standard' | 'hard' | 'all'
  /**
   * Whether a missed must-catch item fails its test: "fail" always, "report" never (it is recorded and
   * shown), "auto" fails on the standard tier and reports on the hard tier, whose tasks are built to
   * be beyond a strong single agent (the calibrated real model missed none of their must-catch items).
   */
  mustCatch: 'auto' | 'fail' | 'report'

  pricesFile: string | null
  /** A cost model (JSON) that prices outcomes for the report's money figures; null: no money figure (lib/results/outcomes/cost-model.ts). */
  costModelFile: string | null
  resultsDir: string
  simLatency: { fixedMs: number; jitterMs: number }
  /** hrm's schedule and halting rule (see lib/topologies/options.ts). */
  hrm: HrmOptions
  /** self_refine's token target; null: the median spend of star on the same task in this run. */
  selfRefineBudget: number | null
  /** ORGBENCH_COMPUTE_MATCHED: also run self_refine@<topology>, matched to each organisation's median spend (lib/results/matched-baseline.ts). */
  computeMatched: boolean
  /** True when results come from the embedded simulator, not a real model. */
  simulated: boolean
  /** ORGBENCH_RESUME: continue this run ("latest": the newest unfinished run, else the newest journal); null starts a new run. */
  resume: string | null
  /** ORGBENCH_HEARTBEAT_S: seconds between progress heartbeats when the output is not a terminal; 0 turns them off. */
  heartbeatS: number
  /** ORGBENCH_WIDE: the run summary prints its full table instead of fitting 120 columns. */
  wide: boolean
}

/** Where the judge's calls go when not to the agents' endpoint. */
export interface JudgeEndpoint {
  provider: Exclude<ProviderId, 'sim'>
  baseURL: string
  apiKey: Secret
}

export class ConfigError extends UserError {
  constructor(readonly problems: string[]) {
    super(`Invalid orgbench configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

const int = (min: number, max: number) =>
  z
    .string()
    .regex(/^-?\d+$/, `expected an integer from ${min} to ${max}`)
    .transform(Number)
    // No .int(): the pattern already asks for digits, and its own message for a huge number ("expected int to be <=9007199254740991") would show beside ours.
    .pipe(z.number().min(min, `expected an integer from ${min} to ${max}`).max(max, `expected an integer from ${min} to ${max}`))

/** A path: whitespace alone would make a folder named " " in the project root. */
const path = (expected: string) => z.string().regex(/\S/, expected)

const ids = (item: z.ZodType<string, string>) =>
  z
    .string()
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
    .pipe(z.array(item).min(1, 'expected at least one id'))

const snakeCase = /^[a-z][a-z0-9_]*$/
const list = ids(z.string().regex(snakeCase, 'expected comma-separated snake_case ids'))

/** Topology ids; a compute-matched arm (self_refine@<topology>) is not chosen by id: it runs with its organisation when ORGBENCH_COMPUTE_MATCHED is on. */
const topologyList = ids(
  z
    .string()
    .refine((id) => !id.startsWith('self_refine@'), { message: 'expected comma-separated snake_case ids; a compute-matched arm (self_refine@<topology>) is not listed: it runs with its organisation when ORGBENCH_COMPUTE_MATCHED=on' })
    .pipe(z.string().regex(snakeCase, 'expected comma-separated snake_case ids')),
)

const fraction = z
  .string()
  .regex(/^(0(\.\d+)?|1(\.0+)?)$/, 'expected a number from 0 to 1, e.g. 0.9')
  .transform(Number)

const dollars = z
  .string()
  .regex(/^\d+(\.\d+)?$/, 'expected an amount of US dollars such as 5 or 2.50')
  .transform(Number)
  .pipe(z.number().positive('expected an amount above 0'))

const reasoningModels = z
  .string()
  .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean))
  .pipe(
    z
      .array(z.string().regex(/^\S+$/, 'expected model ids without spaces'))
      .min(1, 'expected "auto", "none" or comma-separated model ids')
      .refine((ids) => !ids.includes('none') || ids.length === 1, '"none" cannot be combined with model ids'),
  )
  .transform((ids): ReasoningModels => (ids[0] === 'none' ? { detect: false, ids: [] } : { detect: ids.includes('auto'), ids: ids.filter((id) => id !== 'auto') }))

/**
 * An API key as it is sent. Surrounding whitespace (the line break of a pasted secret or of
 * `echo key > file`) is dropped here: the HTTP layer would drop it from the header anyway, and an
 * endpoint that echoes the key echoes it without, so the redactor must know the trimmed string.
 */
const apiKey = z
  .string()
  .transform((s) => s.trim())
  .pipe(z.string().min(1, 'expected a key, not only spaces or line breaks').regex(/^\S*$/, 'expected a key without spaces or line breaks'))

const modelId = z.string().regex(/^\S+$/, 'expected a model id without spaces or line breaks')

const url = z.url({ protocol: /^https?$/, error: 'expected an http(s) URL such as https://api.example.com/v1' })

/** The longest simulated latency, in milliseconds (ten minutes). */
const MAX_SIM_LATENCY_MS = 600_000

/** The smallest ORGBENCH_RPM and ORGBENCH_TPM a run accepts. */
export const MIN_RPM = 1
export const MIN_TPM = 100

/** Every setting: its variable, its schema, and the words used when its value is rejected. */
const SETTINGS = {
  ORGBENCH_PROVIDER: z.enum(Object.keys(PROVIDERS) as [ProviderId, ...ProviderId[]], {
    error: `expected one of ${Object.keys(PROVIDERS).join(', ')}`,
  }),
  ORGBENCH_BASE_URL: url,
  ORGBENCH_API_KEY: apiKey,
  ORGBENCH_MODEL: modelId,
  ORGBENCH_JUDGE_MODEL: modelId,
  ORGBENCH_JUDGE_PROVIDER: z.enum(Object.keys(PROVIDERS).filter((p) => p !== 'sim') as [ProviderId, ...ProviderId[]], {
    error: `expected one of ${Object.keys(PROVIDERS).filter((p) => p !== 'sim').join(', ')}`,
  }),
  ORGBENCH_JUDGE_BASE_URL: url,
  ORGBENCH_JUDGE_API_KEY: apiKey,
  ORGBENCH_TRIALS: int(1, 100),
  ORGBENCH_MAX_CONCURRENCY: int(1, 256),
  // Read before Vitest starts, by lib/run/bench-workers.ts (vitest.config.ts); checked here with the rest.
  ORGBENCH_WORKERS: int(1, MAX_BENCH_WORKERS),
  ORGBENCH_RPM: int(MIN_RPM, 1_000_000),
  ORGBENCH_TPM: int(MIN_TPM, 1_000_000_000),
  ORGBENCH_MAX_USD: dollars,
  ORGBENCH_CACHE: z.enum(CACHE_MODES, { error: `expected one of ${CACHE_MODES.join(', ')}` }),
  ORGBENCH_CACHE_DIR: path('expected a directory path'),
  ORGBENCH_TIMEOUT_MS: int(100, 3_600_000),
  ORGBENCH_RETRIES: int(0, 10),
  ORGBENCH_SEED: int(0, 2_147_483_647),
  ORGBENCH_MAX_OUTPUT_TOKENS: int(64, 200_000),
  ORGBENCH_REASONING_MODELS: reasoningModels,
  ORGBENCH_CONTEXT_CHECK: z.enum(['on', 'off'], { error: 'expected "on" or "off"' }),
  ORGBENCH_RESPONSE_FORMAT: z.enum(RESPONSE_FORMAT_MODES, { error: `expected one of ${RESPONSE_FORMAT_MODES.join(', ')}` }),
  ORGBENCH_MEMORY: z.enum(['persisted', 'default', 'off', 'on'], { error: 'expected "persisted", "default" or "off"' }),
  ORGBENCH_MEMORY_DIR: path('expected a directory path'),
  ORGBENCH_LEARN_ITERATIONS: int(1, 50),
  ORGBENCH_LEARN_TRAIN_TRIALS: int(1, 50),
  ORGBENCH_LEARN_HELDOUT_TRIALS: int(2, 100),
  ORGBENCH_LEARN_BUDGET_TOKENS: int(50, 20_000),
  ORGBENCH_JUDGE_REPEATS: int(1, 10),
  ORGBENCH_JUDGE: z.enum(['on', 'off'], { error: 'expected "on" or "off"' }),
  ORGBENCH_TOPOLOGIES: topologyList,
  ORGBENCH_TASKS: list,
  ORGBENCH_TIER: z.enum(['standard', 'hard', 'all'], { error: 'expected "standard", "hard" or "all"' }),
  ORGBENCH_MUST_CATCH: z.enum(['auto', 'fail', 'report'], { error: 'expected "auto", "fail" or "report"' }),
  ORGBENCH_PRICES: path('expected a path to a JSON price file'),
  ORGBENCH_COST_MODEL: path('expected a path to a JSON cost model file'),
  ORGBENCH_RESULTS_DIR: path('expected a directory path'),
  ORGBENCH_SIM_LATENCY_MS: z
    .string()
    .regex(/^\d+(,\d+)?$/, 'expected "<fixed>" or "<fixed>,<jitter>" in milliseconds, e.g. "20,10"')
    // A timer longer than 2^31 ms would fire at once (Node sets it to 1 ms), so the latency is bounded as plan's --latency is.
    .refine((v) => v.split(',').every((ms) => Number(ms) <= MAX_SIM_LATENCY_MS), `expected each of "<fixed>,<jitter>" from 0 to ${MAX_SIM_LATENCY_MS} milliseconds`),
  ORGBENCH_HRM_CYCLES: int(1, 10),
  ORGBENCH_HRM_PASSES: int(1, 10),
  ORGBENCH_HRM_MIN_SEGMENTS: int(1, 20),
  ORGBENCH_HRM_MAX_SEGMENTS: int(1, 20),
  ORGBENCH_HRM_HALTING: z.enum(['act', 'fixed'], { error: 'expected "act" (halting rule) or "fixed" (always the maximum of segments)' }),
  ORGBENCH_HRM_HALT_THRESHOLD: fraction,
  ORGBENCH_HRM_CONVERGENCE: fraction,
  ORGBENCH_SELF_REFINE_BUDGET: int(1_000, 100_000_000),
  ORGBENCH_COMPUTE_MATCHED: z.enum(['on', 'off'], { error: 'expected "on" or "off"' }),
  ORGBENCH_HEARTBEAT_S: int(0, 3_600),
  ORGBENCH_WIDE: z.enum(['on', 'off'], { error: 'expected "on" or "off"' }),
  ORGBENCH_RESUME: z.string().regex(/^(latest|[A-Za-z0-9][A-Za-z0-9_-]*)$/, 'expected "latest" or a run id such as sim-20261127T122535Z-d61c48'),
} satisfies Record<string, z.ZodType>

type SettingName = keyof typeof SETTINGS

/** Settings holding a key: never shown, not even when refused. */
const KEY_SETTINGS: ReadonlySet<string> = new Set(['ORGBENCH_API_KEY', 'ORGBENCH_JUDGE_API_KEY'])
/** Every variable a key may come from: the key settings and the presets' key variables. */
const KEY_VARIABLES: readonly string[] = [...new Set([...KEY_SETTINGS, ...Object.values(PROVIDERS).flatMap((p) => (p.keyVariable ? [p.keyVariable] : []))])]
/** What a configuration error shows in place of a key. */
const REDACTED = '<redacted>'
export const SETTING_NAMES = Object.keys(SETTINGS) as SettingName[]
/** Settings holding a URL: a refused one is shown without the parts where a credential can hide (maskedUrl). */
const URL_SETTINGS: ReadonlySet<string> = new Set(SETTING_NAMES.filter((name) => SETTINGS[name] === url))

/**
 * A URL as written, valid or not, with its user name and password, query and fragment replaced
 * by the redaction marker: a refused URL cannot be cut to its origin, as a valid one is wherever
 * orgbench shows it. Everything before the last "@" counts as the user info, since a password may
 * hold an unencoded "/", "?", "#" or "@"; the scheme, host, port and path stay, so the message
 * still shows what is wrong.
 */
export function maskedUrl(value: string): string {
  const scheme = /^\s*[A-Za-z][A-Za-z0-9+.-]*:\/\//.exec(value)?.[0] ?? ''
  const rest = value.slice(scheme.length)
  const at = rest.lastIndexOf('@')
  const host = at === -1 ? rest : `${REDACTED}@${rest.slice(at + 1)}`
  return `${scheme}${host.replace(/([?#]).*$/s, `$1${REDACTED}`)}`
}

/** Reads KEY=VALUE pairs from `<cwd>/.env` if present; real environment variables win. */
function readDotEnv(file: string): Record<string, string> {
  try {
    return parseDotEnv(file)
  } catch (e) {
    if (e instanceof DotEnvSyntaxError) throw new ConfigError(e.problems)
    throw new ConfigError([`${file}: cannot read the .env file (${(e as NodeJS.ErrnoException).code ?? (e as Error).message}); fix its permissions or remove it`])
  }
}

/**
 * Whether a variable's name is meant as an orgbench setting: ORGBENCH_ or ORGBENCH- in any case.
 * In the .env file also after stray characters (a zero-width space, a quote); one with a word
 * before it (DOCKER_ORGBENCH_TAG, for another tool sharing the file) is not.
 */
function meantAsSetting(name: string, inDotEnv: boolean): boolean {
  return (inDotEnv ? /^[^A-Za-z0-9_]*ORGBENCH[-_]/i : /^ORGBENCH[-_]/i).test(name)
}

/**
 * The setting a mistyped name most likely means, compared as written in the table (capitals,
 * underscores, no stray characters) and after the shared ORGBENCH_ prefix: a short name is allowed
 * fewer edits (ORGBENCH_FOO is no typo of ORGBENCH_RPM), at most 3.
 */
function meantSetting(name: string): string | undefined {
  const wanted = name.replace(/^[^A-Za-z0-9_]+/, '').toUpperCase().replaceAll('-', '_').replace(/^ORGBENCH_/, '')
  const hint = closestMatch(wanted, SETTING_NAMES.map((n) => n.replace(/^ORGBENCH_/, '')), Math.min(3, Math.floor(wanted.length / 2)))
  return SETTING_NAMES.find((n) => n.replace(/^ORGBENCH_/, '') === hint)
}

/** The keys set in `env` (each as given and trimmed, as it is sent), longest first; a key shorter than the redactor's minimum is left out, as the redactor leaves it. */
function keysIn(env: Record<string, string>): { key: string; variable: string }[] {
  const keys = KEY_VARIABLES.flatMap((variable) => {
    const value = env[variable] ?? ''
    return [...new Set([value, value.trim()])].filter((key) => key.length >= MIN_SECRET_LENGTH).map((key) => ({ key, variable }))
  })
  return keys.sort((a, b) => b.key.length - a.key.length)
}

/** `text` with every key in `keys` replaced by the redaction marker. */
function withoutKeys(text: string, keys: readonly { key: string }[]): string {
  return keys.reduce((out, { key }) => out.split(key).join(REDACTED), text)
}

/**
 * A problem for each setting whose value is, or holds, a key: settings are written to the results,
 * the journal and the console, keys never are (two variables swapped, a key pasted in the wrong one).
 */
function keysInSettings(env: Record<string, string>, keys: readonly { key: string; variable: string }[], source: (name: string) => string): string[] {
  return SETTING_NAMES.filter((name) => !KEY_SETTINGS.has(name)).flatMap((name) => {
    const raw = env[name]
    const found = raw === undefined ? undefined : keys.find(({ key }) => raw.includes(key))
    if (raw === undefined || found === undefined) return []
    const how = raw.trim() === found.key.trim() ? 'is' : 'contains'
    return [`${name}${source(name)}: its value ${how} the API key in ${found.variable}; a setting's value is written to the results and logs, a key never is: give ${name} its own value (were two variables swapped?)`]
  })
}

/** A setting's value, or the problem loadConfig reports for it (`source` tells where it was set). */
function readSetting<N extends SettingName>(name: N, raw: string, source = ''): { value: z.output<(typeof SETTINGS)[N]> } | { problem: string } {
  const parsed = SETTINGS[name].safeParse(raw)
  if (parsed.success) return { value: parsed.data as z.output<(typeof SETTINGS)[N]> }
  const shown = KEY_SETTINGS.has(name) ? REDACTED : JSON.stringify(URL_SETTINGS.has(name) ? maskedUrl(raw) : raw)
  return { problem: `${name}=${shown}${source} is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}` }
}

/**
 * One setting read as loadConfig reads it, for a value that reaches a run by another way (e.g. a
 * repository variable shared out among shards): null when unset (""), a ConfigError in loadConfig's
 * words when invalid.
 */
export function parseSetting<N extends SettingName>(name: N, raw: string): z.output<(typeof SETTINGS)[N]> | null {
  if (raw === '') return null
  const parsed = readSetting(name, raw)
  if ('problem' in parsed) throw new ConfigError([parsed.problem])
  return parsed.value
}

/**
 * Resolves the configuration. Throws ConfigError naming every bad variable, its value and what is
 * allowed, before any model is called. The openai SDK never sees OPENAI_* variables on its own:
 * base URL and key are always passed explicitly from here.
 */
/** The output cap of a call when ORGBENCH_MAX_OUTPUT_TOKENS is not set (a task may ask for more). */
export const DEFAULT_MAX_OUTPUT_TOKENS = 8_192

export function loadConfig(options: { env?: NodeJS.ProcessEnv; cwd?: string } = {}): Config {
  const dotEnvFile = join(options.cwd ?? process.cwd(), '.env')
  const fromFile = readDotEnv(dotEnvFile)
  const real = stripUndefined(options.env ?? process.env)
  const env = { ...fromFile, ...real }
  // A variable the user cannot see with `env` is named with the file it came from.
  const source = (name: string) => (name in fromFile && !(name in real) ? ` (in ${dotEnvFile})` : '')
  const problems: string[] = []
  const values: Partial<Record<SettingName, unknown>> = {}

  for (const name of Object.keys(env)) {
    if (meantAsSetting(name, name in fromFile) && !(name in SETTINGS)) {
      const hint = meantSetting(name)
      problems.push(`${name}${source(name)} is not a known setting${hint ? `; did you mean ${hint}?` : ''}`)
    }
  }
  for (const name of SETTING_NAMES) {
    const raw = env[name]
    if (raw === undefined || raw === '') continue
    const parsed = readSetting(name, raw, source(name))
    if ('problem' in parsed) problems.push(parsed.problem)
    else values[name] = parsed.value
  }

  const explicitProvider = values.ORGBENCH_PROVIDER as ProviderId | undefined
  const provider: ProviderId = explicitProvider ?? (values.ORGBENCH_BASE_URL ? 'custom' : 'sim')
  const preset = PROVIDERS[provider]
  const baseURL = (values.ORGBENCH_BASE_URL as string | undefined) ?? preset.baseURL
  if (provider === 'custom' && !baseURL) problems.push('ORGBENCH_PROVIDER=custom needs ORGBENCH_BASE_URL (an OpenAI-compatible endpoint, e.g. http://localhost:8000/v1)')

  let key = values.ORGBENCH_API_KEY as string | undefined
  // A key refused above is named as such, not also as missing.
  let keyRefused = key === undefined && (env.ORGBENCH_API_KEY ?? '') !== ''
  if (!key && !keyRefused && preset.keyVariable && env[preset.keyVariable]) {
    const parsed = apiKey.safeParse(env[preset.keyVariable])
    if (parsed.success) key = parsed.data
    else {
      keyRefused = true
      problems.push(`${preset.keyVariable}=${REDACTED}${source(preset.keyVariable)} is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`)
    }
  }
  if (!key && !keyRefused && preset.keyRequired) {
    problems.push(
      `provider "${provider}" needs an API key: set ORGBENCH_API_KEY${preset.keyVariable ? ` or ${preset.keyVariable}` : ''}`,
    )
  }

  const model = (values.ORGBENCH_MODEL as string | undefined) ?? preset.defaultModel
  if (!model) problems.push(`provider "${provider}" needs ORGBENCH_MODEL (the agent model id, as the endpoint names it)`)
  const judgeModel = (values.ORGBENCH_JUDGE_MODEL as string | undefined) ?? preset.defaultJudgeModel ?? model

  const judgeEndpoint = readJudgeEndpoint(values, env, source, problems)

  const hrm = HrmOptions.safeParse({
    cycles: values.ORGBENCH_HRM_CYCLES,
    passes: values.ORGBENCH_HRM_PASSES,
    minSegments: values.ORGBENCH_HRM_MIN_SEGMENTS,
    maxSegments: values.ORGBENCH_HRM_MAX_SEGMENTS,
    halting: values.ORGBENCH_HRM_HALTING,
    haltThreshold: values.ORGBENCH_HRM_HALT_THRESHOLD,
    convergence: values.ORGBENCH_HRM_CONVERGENCE,
  })
  if (!hrm.success) {
    const min = hrm.error.issues.some((i) => i.path[0] === 'minSegments')
    problems.push(
      min
        ? `ORGBENCH_HRM_MIN_SEGMENTS (${String(values.ORGBENCH_HRM_MIN_SEGMENTS ?? 1)}) must not exceed ORGBENCH_HRM_MAX_SEGMENTS (${String(values.ORGBENCH_HRM_MAX_SEGMENTS ?? 3)})`
        : `hrm settings are invalid: ${hrm.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ')}`,
    )
  }
  const keys = keysIn(env)
  problems.push(...keysInSettings(env, keys, source))
  // A key can reach a message in any setting's value (a key in a URL, two variables swapped).
  if (problems.length > 0) throw new ConfigError(problems.map((p) => withoutKeys(p, keys)))
  const simulated = provider === 'sim' || isSimulatorModel(model) || isSimulatorModel(judgeModel)

  const latency = ((values.ORGBENCH_SIM_LATENCY_MS as string | undefined) ?? '0,0').split(',').map(Number)
  registerUrlSecrets(baseURL)
  return {
    provider,
    baseURL: baseURL ?? null,
    apiKey: new Secret(key ?? NO_KEY),
    model: model!,
    judgeModel: judgeModel!,
    judgeEndpoint,
    trials: (values.ORGBENCH_TRIALS as number | undefined) ?? 3,
    maxConcurrency: (values.ORGBENCH_MAX_CONCURRENCY as number | undefined) ?? DEFAULT_MAX_CONCURRENCY,
    rpm: (values.ORGBENCH_RPM as number | undefined) ?? null,
    tpm: (values.ORGBENCH_TPM as number | undefined) ?? null,
    maxUsd: (values.ORGBENCH_MAX_USD as number | undefined) ?? null,
    cache: (values.ORGBENCH_CACHE as CacheMode | undefined) ?? 'off',
    cacheDir: (values.ORGBENCH_CACHE_DIR as string | undefined) ?? DEFAULT_CACHE_DIR,
    timeoutMs: (values.ORGBENCH_TIMEOUT_MS as number | undefined) ?? 120_000,
    retries: (values.ORGBENCH_RETRIES as number | undefined) ?? 3,
    seed: (values.ORGBENCH_SEED as number | undefined) ?? 1,
    maxOutputTokens: (values.ORGBENCH_MAX_OUTPUT_TOKENS as number | undefined) ?? DEFAULT_MAX_OUTPUT_TOKENS,
    reasoningModels: (values.ORGBENCH_REASONING_MODELS as ReasoningModels | undefined) ?? DETECT_REASONING_MODELS,
    contextCheck: (values.ORGBENCH_CONTEXT_CHECK as 'on' | 'off' | undefined) ?? 'on',
    responseFormat: (values.ORGBENCH_RESPONSE_FORMAT as ResponseFormatMode | undefined) ?? 'json_schema',
    // "on" is the old name of the normal memory, which is now the persisted one.
    memory: values.ORGBENCH_MEMORY === 'on' || values.ORGBENCH_MEMORY === undefined ? 'persisted' : (values.ORGBENCH_MEMORY as Config['memory']),
    // Memory learned against the simulator stays out of the repository (and out of real runs): .orgbench/ is ignored by git.
    memoryDir: (values.ORGBENCH_MEMORY_DIR as string | undefined) ?? (simulated ? SIMULATED_MEMORY_DIR : 'results/memory'),
    learn: {
      iterations: (values.ORGBENCH_LEARN_ITERATIONS as number | undefined) ?? 3,
      trainTrials: (values.ORGBENCH_LEARN_TRAIN_TRIALS as number | undefined) ?? 2,
      heldOutTrials: (values.ORGBENCH_LEARN_HELDOUT_TRIALS as number | undefined) ?? 4,
      budgetTokens: (values.ORGBENCH_LEARN_BUDGET_TOKENS as number | undefined) ?? 400,
    },
    judgeRepeats: (values.ORGBENCH_JUDGE_REPEATS as number | undefined) ?? 1,
    judge: (values.ORGBENCH_JUDGE as 'on' | 'off' | undefined) ?? 'on',
    topologies: (values.ORGBENCH_TOPOLOGIES as string[] | undefined) ?? null,
    tasks: (values.ORGBENCH_TASKS as string[] | undefined) ?? null,
    tier: (values.ORGBENCH_TIER as Config['tier'] | undefined) ?? 'all',
    mustCatch: (values.ORGBENCH_MUST_CATCH as Config['mustCatch'] | undefined) ?? 'auto',
    pricesFile: (values.ORGBENCH_PRICES as string | undefined) ?? null,
    costModelFile: (values.ORGBENCH_COST_MODEL as string | undefined) ?? null,
    resultsDir: (values.ORGBENCH_RESULTS_DIR as string | undefined) ?? DEFAULT_RESULTS_DIR,
    simLatency: { fixedMs: latency[0] ?? 0, jitterMs: latency[1] ?? 0 },
    hrm: hrm.data!,
    selfRefineBudget: (values.ORGBENCH_SELF_REFINE_BUDGET as number | undefined) ?? null,
    computeMatched: values.ORGBENCH_COMPUTE_MATCHED === 'on',
    simulated,
    resume: (values.ORGBENCH_RESUME as string | undefined) ?? null,
    heartbeatS: (values.ORGBENCH_HEARTBEAT_S as number | undefined) ?? 15,
    wide: values.ORGBENCH_WIDE === 'on',
  }
}

/**
 * The judge's endpoint from ORGBENCH_JUDGE_PROVIDER (a preset: its base URL and key variable),
 * ORGBENCH_JUDGE_BASE_URL (which alone means a custom endpoint) and ORGBENCH_JUDGE_API_KEY (else
 * the preset's key variable); null when none is set. Problems go to `problems`, as loadConfig's.
 */
function readJudgeEndpoint(values: Partial<Record<SettingName, unknown>>, env: Record<string, string>, source: (name: string) => string, problems: string[]): JudgeEndpoint | null {
  const named = values.ORGBENCH_JUDGE_PROVIDER as JudgeEndpoint['provider'] | undefined
  const url = values.ORGBENCH_JUDGE_BASE_URL as string | undefined
  let key = values.ORGBENCH_JUDGE_API_KEY as string | undefined
  const keyRefused = key === undefined && (env.ORGBENCH_JUDGE_API_KEY ?? '') !== ''
  if (named === undefined && url === undefined) {
    if (key !== undefined) problems.push('ORGBENCH_JUDGE_API_KEY is set without ORGBENCH_JUDGE_BASE_URL or ORGBENCH_JUDGE_PROVIDER: say where the judge\'s calls go')
    return null
  }
  const provider = named ?? 'custom'
  // The agents' model or their preset's judge is a model of another endpoint: the judge's own must be named.
  if (values.ORGBENCH_JUDGE_MODEL === undefined) problems.push(`ORGBENCH_JUDGE_MODEL is needed with a judge endpoint of its own (${named !== undefined ? `ORGBENCH_JUDGE_PROVIDER=${named}` : 'ORGBENCH_JUDGE_BASE_URL'}): name the judge's model on that endpoint`)
  const preset = PROVIDERS[provider]
  const baseURL = url ?? preset.baseURL
  if (!baseURL) {
    problems.push('ORGBENCH_JUDGE_PROVIDER=custom needs ORGBENCH_JUDGE_BASE_URL (the judge\'s OpenAI-compatible endpoint)')
    return null
  }
  if (!key && !keyRefused && preset.keyVariable && env[preset.keyVariable]) {
    const parsed = apiKey.safeParse(env[preset.keyVariable])
    if (parsed.success) key = parsed.data
    else problems.push(`${preset.keyVariable}=${REDACTED}${source(preset.keyVariable)} is invalid: ${parsed.error.issues.map((i) => i.message).join('; ')}`)
  }
  if (!key && !keyRefused && preset.keyRequired) problems.push(`the judge's provider "${provider}" needs an API key: set ORGBENCH_JUDGE_API_KEY${preset.keyVariable ? ` or ${preset.keyVariable}` : ''}`)
  registerUrlSecrets(baseURL)
  return { provider, baseURL, apiKey: new Secret(key ?? NO_KEY) }
}

function stripUndefined(env: NodeJS.ProcessEnv): Record<string, string> {
  return Object.fromEntries(Object.entries(env).filter((e): e is [string, string] => e[1] !== undefined))
}

/**
 * A warning for an API key too short for the redactor, or null. A key under MIN_SECRET_LENGTH is
 * not redacted, since replacing so short a text wherever it occurs would garble ordinary text
 * (a local server's token such as "ollama" in a deliverable); an endpoint that echoes it in an
 * error would then have it written out. Local servers accept any token, so a longer one is the fix.
 */
export function shortKeyWarning(config: Pick<Config, 'apiKey' | 'provider'> & Partial<Pick<Config, 'judgeEndpoint'>>): string | null {
  const keys = [{ key: config.apiKey, variables: ['ORGBENCH_API_KEY', PROVIDERS[config.provider].keyVariable], what: 'the API key' }]
  if (config.judgeEndpoint) keys.push({ key: config.judgeEndpoint.apiKey, variables: ['ORGBENCH_JUDGE_API_KEY', PROVIDERS[config.judgeEndpoint.provider].keyVariable], what: "the judge's API key" })
  const short = keys.find((k) => k.key.reveal().length < MIN_SECRET_LENGTH)
  if (!short) return null
  const length = short.key.reveal().length
  const variables = short.variables.filter((v) => v !== null).join(' or ')
  return (
    `${short.what} (${variables}) has ${length} character(s): a key under ${MIN_SECRET_LENGTH} characters is not redacted (replacing so short a text everywhere would garble ordinary text), ` +
    `so an endpoint that echoes it in an error would have it written to the console, records and results; use a key of at least ${MIN_SECRET_LENGTH} characters (a local server accepts any token you give it)`
  )
}

/** What a results file may say about the configuration: no key, no local simulator port. */
export function publicConfig(config: Config) {
  return {
    provider: config.provider,
    endpoint: config.baseURL === null ? EMBEDDED_SIMULATOR : new URL(config.baseURL).origin,
    model: config.model,
    judgeModel: config.judgeModel,
    /** The judge's own endpoint (ORGBENCH_JUDGE_BASE_URL or ORGBENCH_JUDGE_PROVIDER), its origin only; absent when the judge used the agents' endpoint. */
    ...(config.judgeEndpoint ? { judgeProvider: config.judgeEndpoint.provider, judgeEndpoint: new URL(config.judgeEndpoint.baseURL).origin } : {}),
    trials: config.trials,
    seed: config.seed,
    memory: config.memory,
    judgeRepeats: config.judgeRepeats,
    judge: config.judge,
    maxOutputTokens: config.maxOutputTokens,
    /** The run's models sent max_completion_tokens and no temperature (ORGBENCH_REASONING_MODELS). */
    reasoningModels: reasoningModelsOf(config.reasoningModels, [config.model, config.judgeModel]),
    /** Whether a prompt cut to the server's context window fails its call (ORGBENCH_CONTEXT_CHECK). */
    contextCheck: config.contextCheck,
    /** How structured output was asked for (ORGBENCH_RESPONSE_FORMAT). */
    responseFormat: config.responseFormat,
    maxUsd: config.maxUsd,
    simulated: config.simulated,
    hrm: config.hrm,
    selfRefineBudget: config.selfRefineBudget,
    /** Whether the run has the compute-matched arms self_refine@<topology> (ORGBENCH_COMPUTE_MATCHED): it changes which cases the run has. */
    computeMatched: config.computeMatched ? ('on' as const) : ('off' as const),
  }
}
export type PublicConfig = ReturnType<typeof publicConfig>
