import { mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { inspect } from 'node:util'
import { describe, expect, test } from 'vitest'
import { ConfigError, loadConfig, maskedUrl, publicConfig, shortKeyWarning } from '../lib/config.js'
import { redact } from '../lib/redact.js'
import { tempDir } from './support/temp.js'

/** loadConfig with exactly these variables, in a folder without a .env file. */
const load = (env: Record<string, string>) => loadConfig({ env, cwd: tempDir() })

/** The problems loadConfig reports with exactly these variables, in folder `cwd` (no .env file unless a test writes one). */
function problemsOf(env: Record<string, string>, cwd = tempDir()): string[] {
  try {
    loadConfig({ env, cwd })
  } catch (e) {
    if (e instanceof ConfigError) return e.problems
    throw e
  }
  throw new Error('expected a ConfigError')
}

describe('defaults', () => {
  test('with no variables the run is offline on the embedded simulator with sim-strong, judged by sim-judge, 3 trials', () => {
    const config = load({})
    expect(config).toMatchObject({
      provider: 'sim',
      baseURL: null,
      model: 'sim-strong',
      judgeModel: 'sim-judge',
      trials: 3,
      maxConcurrency: 8,
      rpm: null,
      tpm: null,
      maxUsd: null,
      cache: 'off',
      cacheDir: '.orgbench/cache',
      timeoutMs: 120_000,
      retries: 3,
      seed: 1,
      maxOutputTokens: 8_192,
      memory: 'persisted',
      memoryDir: '.orgbench/memory',
      learn: { iterations: 3, trainTrials: 2, heldOutTrials: 4, budgetTokens: 400 },
      judgeRepeats: 1,
      topologies: null,
      tasks: null,
      pricesFile: null,
      resultsDir: 'results/runs',
      simLatency: { fixedMs: 0, jitterMs: 0 },
      simulated: true,
    })
    expect(config.apiKey.reveal()).toBe('no-key-needed')
  })

  test('values are parsed into numbers, lists and latency pairs', () => {
    const config = load({
      ORGBENCH_TRIALS: '5',
      ORGBENCH_SEED: '42',
      ORGBENCH_TOPOLOGIES: 'single, star',
      ORGBENCH_TASKS: 'code_review_execution',
      ORGBENCH_SIM_LATENCY_MS: '20,10',
      ORGBENCH_MEMORY: 'off',
    })
    expect(config).toMatchObject({ trials: 5, seed: 42, topologies: ['single', 'star'], tasks: ['code_review_execution'], simLatency: { fixedMs: 20, jitterMs: 10 }, memory: 'off' })
    expect(load({ ORGBENCH_SIM_LATENCY_MS: '30' }).simLatency).toEqual({ fixedMs: 30, jitterMs: 0 })
  })

  test('ORGBENCH_TIER selects a task tier; by default every selected benchmark file runs', () => {
    expect(load({}).tier).toBe('all')
    expect(load({ ORGBENCH_TIER: 'hard' }).tier).toBe('hard')
    expect(problemsOf({ ORGBENCH_TIER: 'extreme' })).toEqual(['ORGBENCH_TIER="extreme" is invalid: expected "standard", "hard" or "all"'])
  })

  test('ORGBENCH_MUST_CATCH decides whether a missed must-catch item fails its test; auto by default', () => {
    expect(load({}).mustCatch).toBe('auto')
    expect(load({ ORGBENCH_MUST_CATCH: 'report' }).mustCatch).toBe('report')
    expect(problemsOf({ ORGBENCH_MUST_CATCH: 'never' })).toEqual(['ORGBENCH_MUST_CATCH="never" is invalid: expected "auto", "fail" or "report"'])
  })

  test('run-wide limits, the dollar cap and the cache mode are read as numbers and choices', () => {
    const config = load({ ORGBENCH_MAX_CONCURRENCY: '32', ORGBENCH_RPM: '120', ORGBENCH_TPM: '200000', ORGBENCH_MAX_USD: '2.50', ORGBENCH_CACHE: 'replay', ORGBENCH_CACHE_DIR: '/tmp/c' })
    expect(config).toMatchObject({ maxConcurrency: 32, rpm: 120, tpm: 200_000, maxUsd: 2.5, cache: 'replay', cacheDir: '/tmp/c' })
  })

  test('ORGBENCH_REASONING_MODELS: OpenAI\'s reasoning ids by default, "none", or named ids (with "auto" to keep the detection)', () => {
    expect(load({}).reasoningModels).toEqual({ detect: true, ids: [] })
    expect(load({ ORGBENCH_REASONING_MODELS: 'none' }).reasoningModels).toEqual({ detect: false, ids: [] })
    expect(load({ ORGBENCH_REASONING_MODELS: 'my-o3, azure/gpt-5.1' }).reasoningModels).toEqual({ detect: false, ids: ['my-o3', 'azure/gpt-5.1'] })
    expect(load({ ORGBENCH_REASONING_MODELS: 'auto,my-o3' }).reasoningModels).toEqual({ detect: true, ids: ['my-o3'] })
    expect(problemsOf({ ORGBENCH_REASONING_MODELS: 'none,o3' })).toEqual(['ORGBENCH_REASONING_MODELS="none,o3" is invalid: "none" cannot be combined with model ids'])
    expect(problemsOf({ ORGBENCH_REASONING_MODELS: ' , ' })).toEqual(['ORGBENCH_REASONING_MODELS=" , " is invalid: expected "auto", "none" or comma-separated model ids'])
  })

  test('publicConfig records which of the run\'s models were sent as reasoning models', () => {
    const openai = { ORGBENCH_PROVIDER: 'openai', OPENAI_API_KEY: 'sk-test-0123456789' }
    expect(publicConfig(load({ ...openai, ORGBENCH_MODEL: 'o4-mini', ORGBENCH_JUDGE_MODEL: 'gpt-4.1' })).reasoningModels).toEqual(['o4-mini'])
    expect(publicConfig(load({ ...openai, ORGBENCH_MODEL: 'o4-mini', ORGBENCH_JUDGE_MODEL: 'gpt-4.1', ORGBENCH_REASONING_MODELS: 'none' })).reasoningModels).toEqual([])
    expect(publicConfig(load({})).reasoningModels).toEqual([])
  })

  test('ORGBENCH_CONTEXT_CHECK: on by default, "off" turns it off, and publicConfig records it', () => {
    expect(load({}).contextCheck).toBe('on')
    expect(load({ ORGBENCH_CONTEXT_CHECK: 'off' }).contextCheck).toBe('off')
    expect(publicConfig(load({ ORGBENCH_CONTEXT_CHECK: 'off' })).contextCheck).toBe('off')
    expect(problemsOf({ ORGBENCH_CONTEXT_CHECK: 'no' })).toEqual(['ORGBENCH_CONTEXT_CHECK="no" is invalid: expected "on" or "off"'])
  })

  test('ORGBENCH_RESPONSE_FORMAT: json_schema by default, json_object or none by choice, and publicConfig records it', () => {
    expect(load({}).responseFormat).toBe('json_schema')
    expect(load({ ORGBENCH_RESPONSE_FORMAT: 'json_object' }).responseFormat).toBe('json_object')
    expect(publicConfig(load({ ORGBENCH_RESPONSE_FORMAT: 'none' })).responseFormat).toBe('none')
    expect(problemsOf({ ORGBENCH_RESPONSE_FORMAT: 'json' })).toEqual(['ORGBENCH_RESPONSE_FORMAT="json" is invalid: expected one of json_schema, json_object, none'])
  })

  test('the judge\'s own endpoint: a preset with its key variable, or a base URL with ORGBENCH_JUDGE_API_KEY; none by default', () => {
    expect(load({}).judgeEndpoint).toBeNull()
    const groq = load({ ORGBENCH_JUDGE_MODEL: 'llama-3.3-70b-versatile', ORGBENCH_JUDGE_PROVIDER: 'groq', GROQ_API_KEY: 'gsk-judge-0123456789' }).judgeEndpoint!
    expect({ provider: groq.provider, baseURL: groq.baseURL, key: groq.apiKey.reveal() }).toEqual({ provider: 'groq', baseURL: 'https://api.groq.com/openai/v1', key: 'gsk-judge-0123456789' })
    const custom = load({ ORGBENCH_JUDGE_MODEL: 'judge-m', ORGBENCH_JUDGE_BASE_URL: 'http://judge.example:8000/v1', ORGBENCH_JUDGE_API_KEY: ' sk-judge-0123456789\n' }).judgeEndpoint!
    expect({ provider: custom.provider, baseURL: custom.baseURL, key: custom.apiKey.reveal() }).toEqual({ provider: 'custom', baseURL: 'http://judge.example:8000/v1', key: 'sk-judge-0123456789' })
    expect(publicConfig(load({ ORGBENCH_JUDGE_MODEL: 'judge-m', ORGBENCH_JUDGE_BASE_URL: 'http://judge.example:8000/v1', ORGBENCH_JUDGE_API_KEY: 'sk-judge-0123456789' }))).toMatchObject({ judgeProvider: 'custom', judgeEndpoint: 'http://judge.example:8000' })
    expect(JSON.stringify(publicConfig(load({ ORGBENCH_JUDGE_MODEL: 'judge-m', ORGBENCH_JUDGE_BASE_URL: 'http://judge.example:8000/v1', ORGBENCH_JUDGE_API_KEY: 'sk-judge-0123456789' })))).not.toContain('sk-judge-0123456789')
    expect(publicConfig(load({}))).not.toHaveProperty('judgeEndpoint')
  })

  test('the judge\'s endpoint settings are checked like the agents\', its key never shown', () => {
    expect(problemsOf({ ORGBENCH_JUDGE_API_KEY: 'sk-judge-0123456789' })).toEqual(["ORGBENCH_JUDGE_API_KEY is set without ORGBENCH_JUDGE_BASE_URL or ORGBENCH_JUDGE_PROVIDER: say where the judge's calls go"])
    expect(problemsOf({ ORGBENCH_JUDGE_MODEL: 'gpt-4.1', ORGBENCH_JUDGE_PROVIDER: 'openai' })).toEqual(['the judge\'s provider "openai" needs an API key: set ORGBENCH_JUDGE_API_KEY or OPENAI_API_KEY'])
    expect(problemsOf({ ORGBENCH_JUDGE_MODEL: 'j', ORGBENCH_JUDGE_PROVIDER: 'custom' })).toEqual(["ORGBENCH_JUDGE_PROVIDER=custom needs ORGBENCH_JUDGE_BASE_URL (the judge's OpenAI-compatible endpoint)"])
    expect(problemsOf({ ORGBENCH_JUDGE_PROVIDER: 'sim' })[0]).toMatch(/^ORGBENCH_JUDGE_PROVIDER="sim" is invalid: expected one of custom, /)
    expect(problemsOf({ ORGBENCH_JUDGE_MODEL: 'j', ORGBENCH_JUDGE_BASE_URL: 'http://judge.example/v1', ORGBENCH_JUDGE_API_KEY: 'sk judge secret' })).toEqual(['ORGBENCH_JUDGE_API_KEY=<redacted> is invalid: expected a key without spaces or line breaks'])
  })

  test("a judge endpoint of its own needs the judge's model named: the agents' model is a model of another endpoint", () => {
    expect(problemsOf({ ORGBENCH_JUDGE_PROVIDER: 'groq', GROQ_API_KEY: 'gsk-judge-0123456789' })).toEqual(["ORGBENCH_JUDGE_MODEL is needed with a judge endpoint of its own (ORGBENCH_JUDGE_PROVIDER=groq): name the judge's model on that endpoint"])
    expect(problemsOf({ ORGBENCH_JUDGE_BASE_URL: 'http://judge.example/v1' })).toEqual(["ORGBENCH_JUDGE_MODEL is needed with a judge endpoint of its own (ORGBENCH_JUDGE_BASE_URL): name the judge's model on that endpoint"])
  })

  test('an empty variable counts as unset', () => {
    expect(load({ ORGBENCH_TRIALS: '' }).trials).toBe(3)
  })
})

describe('provider presets', () => {
  test('cerebras uses its base URL and falls back to CEREBRAS_API_KEY', () => {
    const config = load({ ORGBENCH_PROVIDER: 'cerebras', CEREBRAS_API_KEY: 'csk-from-env', ORGBENCH_MODEL: 'llama-3.3-70b' })
    expect(config.baseURL).toBe('https://api.cerebras.ai/v1')
    expect(config.apiKey.reveal()).toBe('csk-from-env')
    expect(config.model).toBe('llama-3.3-70b')
    expect(config.judgeModel).toBe('llama-3.3-70b')
    expect(config.simulated).toBe(false)
  })

  test('ORGBENCH_API_KEY wins over the provider variable', () => {
    const config = load({ ORGBENCH_PROVIDER: 'cerebras', CEREBRAS_API_KEY: 'csk-a', ORGBENCH_API_KEY: 'csk-b', ORGBENCH_MODEL: 'm' })
    expect(config.apiKey.reveal()).toBe('csk-b')
  })

  test('a missing key names both variables that could hold it', () => {
    expect(problemsOf({ ORGBENCH_PROVIDER: 'cerebras', ORGBENCH_MODEL: 'm' })).toEqual([
      'provider "cerebras" needs an API key: set ORGBENCH_API_KEY or CEREBRAS_API_KEY',
    ])
  })

  test('a real provider without a model asks for ORGBENCH_MODEL', () => {
    expect(problemsOf({ ORGBENCH_PROVIDER: 'groq', GROQ_API_KEY: 'gsk' })).toEqual([
      'provider "groq" needs ORGBENCH_MODEL (the agent model id, as the endpoint names it)',
    ])
  })

  test('ORGBENCH_BASE_URL alone selects the custom provider; custom without a URL is an error', () => {
    const config = load({ ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'qwen' })
    expect(config).toMatchObject({ provider: 'custom', baseURL: 'http://localhost:8000/v1', model: 'qwen', judgeModel: 'qwen', simulated: false })
    expect(problemsOf({ ORGBENCH_PROVIDER: 'custom', ORGBENCH_MODEL: 'qwen' })[0]).toMatch(/^ORGBENCH_PROVIDER=custom needs ORGBENCH_BASE_URL/)
  })

  test('a standalone simulator reached by URL still labels the run simulated', () => {
    const config = load({ ORGBENCH_BASE_URL: 'http://127.0.0.1:9999/v1', ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge' })
    expect(config.provider).toBe('custom')
    expect(config.simulated).toBe(true)
  })

  test('learned memory lives in results/memory for a real model, in the git-ignored .orgbench/memory for the simulator', () => {
    expect(load({ ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'qwen' }).memoryDir).toBe('results/memory')
    expect(load({}).memoryDir).toBe('.orgbench/memory')
    expect(load({ ORGBENCH_BASE_URL: 'http://127.0.0.1:9999/v1', ORGBENCH_MODEL: 'sim-strong', ORGBENCH_JUDGE_MODEL: 'sim-judge' }).memoryDir).toBe('.orgbench/memory')
    expect(load({ ORGBENCH_MEMORY_DIR: 'elsewhere' }).memoryDir).toBe('elsewhere')
  })
})

describe('.env file', () => {
  test('is read from the working folder, and real environment variables win over it', () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, '.env'), 'ORGBENCH_TRIALS=7\nORGBENCH_SEED=9\n# a comment\n')
    const config = loadConfig({ env: { ORGBENCH_SEED: '2' }, cwd })
    expect(config.trials).toBe(7)
    expect(config.seed).toBe(2)
  })

  test('a bad or unknown variable from .env is named with the file, which `env` does not show', () => {
    const cwd = tempDir()
    const file = join(cwd, '.env')
    writeFileSync(file, 'ORGBENCH_MEMORY=sometimes\nORGBENCH_TRAILS=2\n')
    expect(() => loadConfig({ env: {}, cwd })).toThrow(
      `Invalid orgbench configuration:\n  - ORGBENCH_TRAILS (in ${file}) is not a known setting; did you mean ORGBENCH_TRIALS?\n  - ORGBENCH_MEMORY="sometimes" (in ${file}) is invalid: expected "persisted", "default" or "off"`,
    )
  })

  test('a bad value that the environment sets over .env is named without the file', () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, '.env'), 'ORGBENCH_MEMORY=off\n')
    expect(() => loadConfig({ env: { ORGBENCH_MEMORY: 'sometimes' }, cwd })).toThrow('  - ORGBENCH_MEMORY="sometimes" is invalid: expected "persisted", "default" or "off"')
  })
  test('a .env saved with a UTF-8 byte-order mark (some Windows editors) applies its first line too', () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, '.env'), '\uFEFFORGBENCH_MAX_USD=0.001\nORGBENCH_RPM=1000\n')
    expect(loadConfig({ env: {}, cwd })).toMatchObject({ maxUsd: 0.001, rpm: 1000 })
  })

  test('a .env name holding ORGBENCH_ after a stray character is named as unknown, not ignored', () => {
    const cwd = tempDir()
    const file = join(cwd, '.env')
    writeFileSync(file, '\u200BORGBENCH_MAX_USD=5\n')
    expect(problemsOf({}, cwd)).toEqual([`\u200BORGBENCH_MAX_USD (in ${file}) is not a known setting; did you mean ORGBENCH_MAX_USD?`])
  })

  test("a .env name with a word before ORGBENCH_ belongs to another tool sharing the file: it is left alone", () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, '.env'), 'DOCKER_ORGBENCH_TAG=latest\nMY_ORGBENCH_NOTES=x\n')
    expect(() => loadConfig({ env: {}, cwd })).not.toThrow()
  })

  test('a stray line stops the run naming the file and the line, instead of hiding the setting after it (the dollar cap)', () => {
    const cwd = tempDir()
    const file = join(cwd, '.env')
    writeFileSync(file, 'ORGBENCH_TOPOLOGIES=single\nnote\nORGBENCH_MAX_USD=0.001\n')
    expect(problemsOf({}, cwd)).toEqual([`${file}, line 2: expected a NAME=value line, a comment (#) or a blank line`])
  })

  test('a quoted value over several lines, and lines for other tools, are read as before', () => {
    const cwd = tempDir()
    writeFileSync(join(cwd, '.env'), 'OPENAI_API_KEY=sk-for-another-tool\nFOO=bar\nCERT="-----BEGIN-----\nabc\n-----END-----"\nORGBENCH_MAX_USD=2\n')
    expect(loadConfig({ env: {}, cwd }).maxUsd).toBe(2)
  })

  test.each(['ORGBENCH-TRIALS', 'orgbench_trials', 'Orgbench-Trials'])('a .env name %s, a mistyped setting, is refused with a did-you-mean', (name) => {
    const cwd = tempDir()
    const file = join(cwd, '.env')
    writeFileSync(file, `${name}=1\n`)
    expect(problemsOf({}, cwd)).toEqual([`${name} (in ${file}) is not a known setting; did you mean ORGBENCH_TRIALS?`])
  })

  test('a .env that cannot be read is a configuration error naming it, not a crash', () => {
    const cwd = tempDir()
    mkdirSync(join(cwd, '.env'))
    expect(() => loadConfig({ env: {}, cwd })).toThrow(ConfigError)
    expect(() => loadConfig({ env: {}, cwd })).toThrow(`${join(cwd, '.env')}: cannot read the .env file (EISDIR); fix its permissions or remove it`)
  })
})

describe('ORGBENCH_RESUME', () => {
  test('takes a run id or "latest"; anything else is refused', () => {
    expect(loadConfig({ env: {}, cwd: tempDir() }).resume).toBeNull()
    expect(loadConfig({ env: { ORGBENCH_RESUME: 'latest' }, cwd: tempDir() }).resume).toBe('latest')
    expect(loadConfig({ env: { ORGBENCH_RESUME: 'sim-20261127T122535Z-d61c48' }, cwd: tempDir() }).resume).toBe('sim-20261127T122535Z-d61c48')
    expect(() => loadConfig({ env: { ORGBENCH_RESUME: '../etc' }, cwd: tempDir() })).toThrow('ORGBENCH_RESUME="../etc" is invalid: expected "latest" or a run id')
  })
})

describe('invalid values name the variable, the value and what is allowed', () => {
  test.each([
    ['ORGBENCH_TRIALS', 'abc', 'expected an integer from 1 to 100'],
    ['ORGBENCH_TRIALS', '0', 'expected an integer from 1 to 100'],
    ['ORGBENCH_TRIALS', '2.5', 'expected an integer from 1 to 100'],
    ['ORGBENCH_MAX_CONCURRENCY', '257', 'expected an integer from 1 to 256'],
    ['ORGBENCH_RPM', '0', 'expected an integer from 1 to 1000000'],
    ['ORGBENCH_TPM', '5', 'expected an integer from 100 to 1000000000'],
    ['ORGBENCH_MAX_USD', '$5', 'expected an amount of US dollars such as 5 or 2.50'],
    ['ORGBENCH_MAX_USD', '0', 'expected an amount above 0'],
    ['ORGBENCH_CACHE', 'on', 'expected one of off, read-write, replay'],
    ['ORGBENCH_TIMEOUT_MS', '10', 'expected an integer from 100 to 3600000'],
    ['ORGBENCH_RETRIES', '-1', 'expected an integer from 0 to 10'],
    ['ORGBENCH_SEED', 'x', 'expected an integer from 0 to 2147483647'],
    ['ORGBENCH_MAX_OUTPUT_TOKENS', '8', 'expected an integer from 64 to 200000'],
    ['ORGBENCH_JUDGE_REPEATS', '11', 'expected an integer from 1 to 10'],
    ['ORGBENCH_MEMORY', 'maybe', 'expected "persisted", "default" or "off"'],
    ['ORGBENCH_PROVIDER', 'azure', 'expected one of sim, custom, openai, cerebras'],
    ['ORGBENCH_BASE_URL', 'ftp://example.com', 'expected an http(s) URL'],
    ['ORGBENCH_BASE_URL', 'localhost:8000', 'expected an http(s) URL'],
    ['ORGBENCH_TOPOLOGIES', 'Single,star', 'expected comma-separated snake_case ids'],
    ['ORGBENCH_TOPOLOGIES', 'single,self_refine@hrm', 'expected comma-separated snake_case ids; a compute-matched arm (self_refine@<topology>) is not listed: it runs with its organisation when ORGBENCH_COMPUTE_MATCHED=on'],
    ['ORGBENCH_TASKS', ' , ', 'expected at least one id'],
    ['ORGBENCH_SIM_LATENCY_MS', 'fast', 'expected "<fixed>" or "<fixed>,<jitter>" in milliseconds'],
    ['ORGBENCH_SIM_LATENCY_MS', '99999999999', 'expected each of "<fixed>,<jitter>" from 0 to 600000 milliseconds'],
    ['ORGBENCH_SIM_LATENCY_MS', '20,600001', 'expected each of "<fixed>,<jitter>" from 0 to 600000 milliseconds'],
    ['ORGBENCH_RESULTS_DIR', ' ', 'expected a directory path'],
    ['ORGBENCH_CACHE_DIR', '  ', 'expected a directory path'],
    ['ORGBENCH_MEMORY_DIR', ' ', 'expected a directory path'],
    ['ORGBENCH_PRICES', ' ', 'expected a path to a JSON price file'],
    ['ORGBENCH_COST_MODEL', ' ', 'expected a path to a JSON cost model file'],
  ])('%s=%s', (name, value, allowed) => {
    const problems = problemsOf({ [name]: value })
    expect(problems).toHaveLength(1)
    expect(problems[0]).toContain(`${name}=${JSON.stringify(value)} is invalid: `)
    expect(problems[0]).toContain(allowed)
  })

  test('a number too large for any setting gets our message alone, not the schema library\'s beside it', () => {
    expect(problemsOf({ ORGBENCH_TRIALS: '99999999999999999999999' })).toEqual(['ORGBENCH_TRIALS="99999999999999999999999" is invalid: expected an integer from 1 to 100'])
  })

  test('a refused URL is quoted without its user name and password, query or fragment, and still says what is wrong and what is expected', () => {
    const credential = 'sk-urlcred-canary-Z1x3C5v7B9n'
    const expected = 'is invalid: expected an http(s) URL such as https://api.example.com/v1'
    expect(problemsOf({ ORGBENCH_BASE_URL: `htp://user:${credential}@127.0.0.1:1/v1` })).toEqual([`ORGBENCH_BASE_URL="htp://<redacted>@127.0.0.1:1/v1" ${expected}`])
    expect(problemsOf({ ORGBENCH_JUDGE_MODEL: 'j', ORGBENCH_JUDGE_BASE_URL: `ftp://judge:${credential}@judge.example/v1?key=${credential}` })).toEqual([`ORGBENCH_JUDGE_BASE_URL="ftp://<redacted>@judge.example/v1?<redacted>" ${expected}`])
  })

  test('maskedUrl hides everything before the last "@" of the authority, since a password may hold "/", "?" or "@" unencoded', () => {
    expect(maskedUrl('htp://user:pa/ss?w@rd@host:8000/v1#frag')).toBe('htp://<redacted>@host:8000/v1#<redacted>')
    expect(maskedUrl('user:secret@localhost:8000/v1')).toBe('<redacted>@localhost:8000/v1')
    expect(maskedUrl('localhost:8000')).toBe('localhost:8000')
    expect(maskedUrl('ftp://example.com/v1')).toBe('ftp://example.com/v1')
  })

  test('every problem is reported at once, in the message too', () => {
    let error: unknown
    try {
      load({ ORGBENCH_TRIALS: 'abc', ORGBENCH_MEMORY: 'maybe' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const message = (error as ConfigError).message
    expect(message).toMatch(/^Invalid orgbench configuration:\n/)
    expect(message).toContain('  - ORGBENCH_TRIALS="abc" is invalid')
    expect(message).toContain('  - ORGBENCH_MEMORY="maybe" is invalid')
  })
})

describe('unknown ORGBENCH_ variables', () => {
  test('a near miss is rejected with a did-you-mean', () => {
    expect(problemsOf({ ORGBENCH_TRIAL: '3' })).toEqual(['ORGBENCH_TRIAL is not a known setting; did you mean ORGBENCH_TRIALS?'])
    expect(problemsOf({ ORGBENCH_MODLE: 'x' })).toEqual(['ORGBENCH_MODLE is not a known setting; did you mean ORGBENCH_MODEL?'])
    // A short name is allowed fewer edits: ORGBENCH_FOO shares only the prefix with ORGBENCH_RPM.
    expect(problemsOf({ ORGBENCH_FOO: '1' })).toEqual(['ORGBENCH_FOO is not a known setting'])
    expect(problemsOf({ ORGBENCH_RPN: '1' })).toEqual(['ORGBENCH_RPN is not a known setting; did you mean ORGBENCH_RPM?'])
  })

  test('a name close to nothing is rejected without a suggestion', () => {
    expect(problemsOf({ ORGBENCH_COLOUR_SCHEME: 'dark' })).toEqual(['ORGBENCH_COLOUR_SCHEME is not a known setting'])
  })

  test('the prefix in lower case or with a hyphen is a mistyped setting too', () => {
    expect(problemsOf({ orgbench_max_usd: '5', 'ORGBENCH-SEED': '2' })).toEqual([
      'orgbench_max_usd is not a known setting; did you mean ORGBENCH_MAX_USD?',
      'ORGBENCH-SEED is not a known setting; did you mean ORGBENCH_SEED?',
    ])
  })

  test('variables without the ORGBENCH_ prefix are none of its business', () => {
    expect(() => load({ SOMETHING_ELSE: '1', ORGBENCHX: '2' })).not.toThrow()
  })
})

describe('the API key never leaves the config object', () => {
  const key = 'sk-test-d0n0tl3ak'
  const config = () => load({ ORGBENCH_PROVIDER: 'openai', ORGBENCH_API_KEY: key, ORGBENCH_MODEL: 'gpt-4o-mini' })

  test('not in JSON, not in publicConfig, not in util.inspect, not in string conversion', () => {
    const c = config()
    expect(c.apiKey.reveal()).toBe(key)
    expect(JSON.stringify(c)).not.toContain(key)
    expect(JSON.stringify(publicConfig(c))).not.toContain(key)
    expect(inspect(c, { depth: 10 })).not.toContain(key)
    expect(`${c.apiKey}`).toBe('[redacted]')
  })

  test('a key pasted with a trailing line break or spaces is sent trimmed, from either variable, and that trimmed key is what the redactor removes', () => {
    const endpoint = { ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'm' }
    expect(load({ ...endpoint, ORGBENCH_API_KEY: 'tok-pasted-0123456789\n' }).apiKey.reveal()).toBe('tok-pasted-0123456789')
    expect(load({ ORGBENCH_PROVIDER: 'together', ORGBENCH_MODEL: 'm', TOGETHER_API_KEY: '  0123456789abcdef0123\r\n' }).apiKey.reveal()).toBe('0123456789abcdef0123')
    expect(redact('Incorrect API key provided: tok-pasted-0123456789. raw=tok-pasted-0123456789')).toBe('Incorrect API key provided: [redacted]. raw=[redacted]')
  })

  test('a key with whitespace inside, or only whitespace, stops the run naming its variable, never the key', () => {
    const endpoint = { ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'm' }
    expect(problemsOf({ ...endpoint, ORGBENCH_API_KEY: 'tok-pasted\n0123456789' })).toEqual(['ORGBENCH_API_KEY=<redacted> is invalid: expected a key without spaces or line breaks'])
    expect(problemsOf({ ...endpoint, ORGBENCH_API_KEY: '   ' })).toEqual(['ORGBENCH_API_KEY=<redacted> is invalid: expected a key, not only spaces or line breaks'])
    expect(problemsOf({ ORGBENCH_PROVIDER: 'groq', ORGBENCH_MODEL: 'm', GROQ_API_KEY: 'gsk_0123 456789' })).toEqual(['GROQ_API_KEY=<redacted> is invalid: expected a key without spaces or line breaks'])
  })

  test('a model id with spaces or a line break stops the run naming the variable and the value', () => {
    expect(problemsOf({ ORGBENCH_MODEL: 'sim-strong ', ORGBENCH_JUDGE_MODEL: 'gpt 4o' })).toEqual([
      'ORGBENCH_MODEL="sim-strong " is invalid: expected a model id without spaces or line breaks',
      'ORGBENCH_JUDGE_MODEL="gpt 4o" is invalid: expected a model id without spaces or line breaks',
    ])
  })

  test('a key inside another setting\'s refused value is shown as <redacted>, whichever variable holds the key', () => {
    const inUrl = problemsOf({ ORGBENCH_BASE_URL: `htp://x/?k=${key}`, ORGBENCH_API_KEY: key })
    expect(inUrl[0]).toBe('ORGBENCH_BASE_URL="htp://x/?<redacted>" is invalid: expected an http(s) URL such as https://api.example.com/v1')
    const fromPresetAndJudge = problemsOf({
      ORGBENCH_PROVIDER: 'groq',
      GROQ_API_KEY: 'gsk_groq-key-0123456789',
      ORGBENCH_JUDGE_API_KEY: ' judge-key-0123456789\n',
      ORGBENCH_TRIALS: 'gsk_groq-key-0123456789',
      ORGBENCH_MEMORY: 'judge-key-0123456789',
    })
    expect(fromPresetAndJudge).toContain('ORGBENCH_TRIALS="<redacted>" is invalid: expected an integer from 1 to 100')
    expect(fromPresetAndJudge).toContain('ORGBENCH_MEMORY="<redacted>" is invalid: expected "persisted", "default" or "off"')
    expect(fromPresetAndJudge.join('\n')).not.toMatch(/groq-key|judge-key/)
  })

  test('a setting whose value is or contains a key (two variables swapped) stops the run, named, without the key', () => {
    const endpoint = { ORGBENCH_PROVIDER: 'openai', ORGBENCH_API_KEY: key }
    expect(problemsOf({ ...endpoint, ORGBENCH_MODEL: key })).toEqual([
      'ORGBENCH_MODEL: its value is the API key in ORGBENCH_API_KEY; a setting\'s value is written to the results and logs, a key never is: give ORGBENCH_MODEL its own value (were two variables swapped?)',
    ])
    expect(problemsOf({ ...endpoint, ORGBENCH_MODEL: 'gpt-4o-mini', ORGBENCH_JUDGE_MODEL: `judge-${key}` })).toEqual([
      'ORGBENCH_JUDGE_MODEL: its value contains the API key in ORGBENCH_API_KEY; a setting\'s value is written to the results and logs, a key never is: give ORGBENCH_JUDGE_MODEL its own value (were two variables swapped?)',
    ])
    expect(problemsOf({ ORGBENCH_PROVIDER: 'openai', OPENAI_API_KEY: key, ORGBENCH_MODEL: 'gpt-4o-mini', ORGBENCH_RESUME: key })).toEqual([
      'ORGBENCH_RESUME: its value is the API key in OPENAI_API_KEY; a setting\'s value is written to the results and logs, a key never is: give ORGBENCH_RESUME its own value (were two variables swapped?)',
    ])
  })

  test('a key in a setting from the .env file is found too, and the file named', () => {
    const cwd = tempDir()
    const file = join(cwd, '.env')
    writeFileSync(file, `ORGBENCH_API_KEY=${key}\nORGBENCH_JUDGE_MODEL=${key}\n`)
    expect(problemsOf({ ORGBENCH_PROVIDER: 'openai', ORGBENCH_MODEL: 'gpt-4o-mini' }, cwd)).toEqual([
      `ORGBENCH_JUDGE_MODEL (in ${file}): its value is the API key in ORGBENCH_API_KEY; a setting's value is written to the results and logs, a key never is: give ORGBENCH_JUDGE_MODEL its own value (were two variables swapped?)`,
    ])
  })

  test('the agents\' key may also be the judge\'s', () => {
    expect(() => load({ ORGBENCH_PROVIDER: 'openai', ORGBENCH_API_KEY: key, ORGBENCH_MODEL: 'gpt-4o-mini', ORGBENCH_JUDGE_PROVIDER: 'openai', ORGBENCH_JUDGE_API_KEY: key, ORGBENCH_JUDGE_MODEL: 'gpt-4o' })).not.toThrow()
  })

  test('publicConfig shows the endpoint origin only, or "embedded simulator"', () => {
    expect(publicConfig(config())).toMatchObject({ provider: 'openai', endpoint: 'https://api.openai.com', model: 'gpt-4o-mini', simulated: false })
    expect(publicConfig(load({})).endpoint).toBe('embedded simulator')
  })
})

describe('shortKeyWarning', () => {
  test('a key under 8 characters is named as not redacted, with both variables that could hold it and the fix; never the key itself', () => {
    const warning = shortKeyWarning(load({ ORGBENCH_PROVIDER: 'vllm', ORGBENCH_MODEL: 'm', ORGBENCH_API_KEY: 'Xk9pQ2z' }))
    expect(warning).toBe(
      'the API key (ORGBENCH_API_KEY or VLLM_API_KEY) has 7 character(s): a key under 8 characters is not redacted (replacing so short a text everywhere would garble ordinary text), ' +
        'so an endpoint that echoes it in an error would have it written to the console, records and results; use a key of at least 8 characters (a local server accepts any token you give it)',
    )
    expect(shortKeyWarning(load({ ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'm', ORGBENCH_API_KEY: 'abc' }))).toMatch(/^the API key \(ORGBENCH_API_KEY\) has 3 character\(s\)/)
  })
  test('the judge\'s own key is checked too, named by its variables', () => {
    const env = { ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'm', ORGBENCH_API_KEY: 'Xk9pQ2zA', ORGBENCH_JUDGE_PROVIDER: 'vllm', ORGBENCH_JUDGE_MODEL: 'j', ORGBENCH_JUDGE_API_KEY: 'jk' }
    expect(shortKeyWarning(load(env))).toMatch(/^the judge's API key \(ORGBENCH_JUDGE_API_KEY or VLLM_API_KEY\) has 2 character\(s\)/)
    expect(shortKeyWarning(load({ ...env, ORGBENCH_JUDGE_API_KEY: 'jk-longer-than-8' }))).toBeNull()
  })

  test('a key of 8 characters or more, and no key at all, need no warning', () => {
    expect(shortKeyWarning(load({ ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'm', ORGBENCH_API_KEY: 'Xk9pQ2zA' }))).toBeNull()
    expect(shortKeyWarning(load({ ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'm' }))).toBeNull()
  })
})

describe('OPENAI_* variables are never picked up silently', () => {
  const openaiEnv = { OPENAI_API_KEY: 'sk-openai-env', OPENAI_BASE_URL: 'http://elsewhere.example/v1' }

  test('by default they are ignored: simulator, no key', () => {
    const config = load(openaiEnv)
    expect(config.provider).toBe('sim')
    expect(config.baseURL).toBeNull()
    expect(config.apiKey.reveal()).toBe('no-key-needed')
  })

  test('for a custom endpoint OPENAI_API_KEY is not sent', () => {
    const config = load({ ...openaiEnv, ORGBENCH_BASE_URL: 'http://localhost:8000/v1', ORGBENCH_MODEL: 'qwen' })
    expect(config.baseURL).toBe('http://localhost:8000/v1')
    expect(config.apiKey.reveal()).toBe('no-key-needed')
  })

  test('provider=openai takes the key from OPENAI_API_KEY but never the base URL from OPENAI_BASE_URL', () => {
    const config = load({ ...openaiEnv, ORGBENCH_PROVIDER: 'openai', ORGBENCH_MODEL: 'gpt-4o-mini' })
    expect(config.apiKey.reveal()).toBe('sk-openai-env')
    expect(config.baseURL).toBe('https://api.openai.com/v1')
  })

  test('another provider does not borrow OPENAI_API_KEY', () => {
    expect(problemsOf({ ...openaiEnv, ORGBENCH_PROVIDER: 'groq', ORGBENCH_MODEL: 'llama' })).toEqual([
      'provider "groq" needs an API key: set ORGBENCH_API_KEY or GROQ_API_KEY',
    ])
  })
})
