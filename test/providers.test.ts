import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { isSimulatorModel, PROVIDERS, type ProviderId } from '../lib/providers.js'
import { SIM_PROFILES } from '../lib/sim/profiles.js'

const ids = Object.keys(PROVIDERS) as ProviderId[]
const HOSTED: ProviderId[] = ['openai', 'cerebras', 'groq', 'openrouter', 'together']
const LOCAL: ProviderId[] = ['ollama', 'vllm', 'lmstudio']

describe('provider presets', () => {
  test('are the embedded simulator, a custom endpoint, five hosted services and three local servers', () => {
    expect(ids).toEqual(['sim', 'custom', ...HOSTED, ...LOCAL])
  })

  test('the README lists every preset a user can choose, in the same order', () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8')
    const line = /^Presets: (.*)$/m.exec(readme)?.[1]
    expect(line, 'README.md has a "Presets:" line').toBeDefined()
    expect([...line!.matchAll(/`([a-z]+)`/g)].map((m) => m[1])).toEqual([...HOSTED, ...LOCAL])
  })

  test('the simulator needs no URL and no key, and defaults to simulator models that exist', () => {
    expect(PROVIDERS.sim).toEqual({ baseURL: null, keyVariable: null, keyRequired: false, defaultModel: 'sim-strong', defaultJudgeModel: 'sim-judge' })
    expect(Object.keys(SIM_PROFILES)).toEqual(expect.arrayContaining([PROVIDERS.sim.defaultModel, PROVIDERS.sim.defaultJudgeModel]))
  })

  test('custom takes everything from the settings: no URL, key variable or model of its own', () => {
    expect(PROVIDERS.custom).toEqual({ baseURL: null, keyVariable: null, keyRequired: false, defaultModel: null, defaultJudgeModel: null })
  })

  test.each(HOSTED)('%s is an HTTPS /v1 endpoint that needs a key, read from <PROVIDER>_API_KEY', (id) => {
    const preset: (typeof PROVIDERS)[ProviderId] = PROVIDERS[id]
    expect(preset.baseURL).toMatch(/^https:\/\/[a-z.]+\/(openai\/|api\/)?v1$/)
    expect(preset).toMatchObject({ keyRequired: true, keyVariable: `${id.toUpperCase()}_API_KEY` })
  })

  test.each(LOCAL)('%s is a server on localhost that needs no key', (id) => {
    const preset: (typeof PROVIDERS)[ProviderId] = PROVIDERS[id]
    expect(preset.baseURL).toMatch(/^http:\/\/localhost:\d+\/v1$/)
    expect(preset.keyRequired).toBe(false)
  })

  test('only vLLM names a key variable among the local servers (it can be started with --api-key)', () => {
    expect(LOCAL.map((id) => [id, PROVIDERS[id].keyVariable])).toEqual([
      ['ollama', null],
      ['vllm', 'VLLM_API_KEY'],
      ['lmstudio', null],
    ])
  })

  test('no real endpoint guesses a model: the user names it (ORGBENCH_MODEL)', () => {
    for (const id of [...HOSTED, ...LOCAL]) expect([id, PROVIDERS[id].defaultModel, PROVIDERS[id].defaultJudgeModel]).toEqual([id, null, null])
  })

  test('distinct presets never share a base URL or a key variable', () => {
    const urls = ids.map((id) => PROVIDERS[id].baseURL).filter((u) => u !== null)
    const keys = ids.map((id) => PROVIDERS[id].keyVariable).filter((k) => k !== null)
    expect(new Set(urls).size).toBe(urls.length)
    expect(new Set(keys).size).toBe(keys.length)
  })
})

describe('isSimulatorModel', () => {
  test('is a model id the simulator serves, and nothing else', () => {
    expect(['sim-strong', 'sim-judge', 'sim-gullible-judge'].every(isSimulatorModel)).toBe(true)
    expect([' sim-strong', 'gpt-4.1', 'simple-model', '', undefined, 7].some(isSimulatorModel)).toBe(false)
  })
})
