import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, test } from 'vitest'
import { builtInPriceProvider, configuredPrices, costOf, loadPrices, PriceFileError, type PriceTable, pricingProviders } from '../../lib/llm/pricing.js'
import { Secret } from '../../lib/secret.js'
import { SIM_PROFILES } from '../../lib/sim/profiles.js'
import { tempDir } from '../support/temp.js'

const price = (input: number, output: number, cachedInput: number | null) => ({ input, output, cachedInput, verifiedAt: '2026-01-01', source: 'test table' })

describe('costOf', () => {
  const table: PriceTable = { cached: price(2, 8, 0.5), uncached: price(2, 8, null) }

  test('bills uncached prompt tokens, cached prompt tokens and completion tokens at their own rates', () => {
    // (600 × 2 + 400 × 0.5 + 500 × 8) / 1e6 = 5400 / 1e6
    expect(costOf(table, 'cached', { promptTokens: 1000, cachedTokens: 400, completionTokens: 500 })).toBeCloseTo(0.0054, 12)
  })

  test('without a cached rate, cached tokens are billed as input', () => {
    // (1000 × 2 + 500 × 8) / 1e6
    expect(costOf(table, 'uncached', { promptTokens: 1000, cachedTokens: 400, completionTokens: 500 })).toBeCloseTo(0.006, 12)
  })

  test('cached tokens beyond the prompt are not billed twice', () => {
    // all 100 prompt tokens cached: (100 × 0.5) / 1e6
    expect(costOf(table, 'cached', { promptTokens: 100, cachedTokens: 250, completionTokens: 0 })).toBeCloseTo(0.00005, 12)
  })

  test('an unknown model costs null, never 0', () => {
    expect(costOf(table, 'nobody-prices-me', { promptTokens: 10, cachedTokens: 0, completionTokens: 10 })).toBeNull()
  })

  test('a call that used no tokens costs 0 for a priced model', () => {
    expect(costOf(table, 'cached', { promptTokens: 0, cachedTokens: 0, completionTokens: 0 })).toBe(0)
  })
})

describe('loadPrices', () => {
  test('the built-in table prices the simulated models and every entry says when and where it was verified', () => {
    const prices = loadPrices()
    for (const model of Object.keys(SIM_PROFILES)) expect(prices[model], model).toBeDefined()
    for (const [model, p] of Object.entries(prices)) {
      expect(p.verifiedAt, model).toMatch(/^\d{4}-\d{2}-\d{2}$/)
      expect(p.source.length, model).toBeGreaterThanOrEqual(3)
    }
  })

  test('a user file overrides built-in entries and adds new ones', () => {
    const dir = tempDir()
    const file = join(dir, 'prices.json')
    writeFileSync(
      file,
      JSON.stringify({
        models: {
          'gpt-4o-mini': { input: 1, output: 2, verifiedAt: '2026-02-02', source: 'my contract' },
          'my-model': { input: 0.1, output: 0.2, cachedInput: 0.05, verifiedAt: '2026-02-02', source: 'my contract' },
        },
      }),
    )
    const builtIn = loadPrices()
    const merged = loadPrices(file)
    expect(merged['gpt-4o-mini']).toEqual({ input: 1, output: 2, cachedInput: null, verifiedAt: '2026-02-02', source: 'my contract' })
    expect(merged['my-model']).toEqual({ input: 0.1, output: 0.2, cachedInput: 0.05, verifiedAt: '2026-02-02', source: 'my contract' })
    expect(merged['sim-strong']).toEqual(builtIn['sim-strong'])
    expect(Object.keys(merged)).toHaveLength(Object.keys(builtIn).length + 1)
  })

  test('an invalid entry is an error naming the file and the field', () => {
    const file = join(tempDir(), 'bad-prices.json')
    writeFileSync(file, JSON.stringify({ models: { m: { input: -1, output: 2, verifiedAt: 'yesterday', source: 'me!' } } }))
    expect(() => loadPrices(file)).toThrow(`price file ${file} is invalid (the format is lib/llm/prices.json's): `)
    expect(() => loadPrices(file)).toThrow(/field models\.m\.input: .*field models\.m\.verifiedAt: expected a date like 2026-11-27/)
  })

  test('an unknown field is rejected, so a typo cannot silently drop a price', () => {
    const file = join(tempDir(), 'typo.json')
    writeFileSync(file, JSON.stringify({ models: { m: { input: 1, outptu: 2, output: 2, verifiedAt: '2026-01-01', source: 'abc' } } }))
    expect(() => loadPrices(file)).toThrow(/price file .*typo\.json is invalid \(the format is lib\/llm\/prices\.json's\): field models\.m: .*outptu/)
  })

  test('a file that is not JSON, or missing, is an error naming the file', () => {
    const dir = tempDir()
    const file = join(dir, 'broken.json')
    writeFileSync(file, '{ "models": ')
    expect(() => loadPrices(file)).toThrow(`price file ${file}: not valid JSON (`)
    expect(() => loadPrices(join(dir, 'absent.json'))).toThrow(`price file ${join(dir, 'absent.json')}: no such file or folder (ENOENT); expected a JSON file of prices (the format of lib/llm/prices.json)`)
  })

  test('a field the file lacks is said to be missing', () => {
    const file = join(tempDir(), 'wrong-shape.json')
    writeFileSync(file, JSON.stringify({ x: 1 }))
    expect(() => loadPrices(file)).toThrow(/is invalid \(the format is lib\/llm\/prices\.json's\): field models: missing; /)
  })

  test('a bad user file is a user problem (one line, exit 2 from any command); configuredPrices names ORGBENCH_PRICES as it was set', () => {
    const dir = tempDir()
    expect(() => loadPrices(dir)).toThrow(PriceFileError)
    expect(() => configuredPrices({ pricesFile: 'prices.json', provider: 'sim', baseURL: null }, dir)).toThrow(new PriceFileError(`ORGBENCH_PRICES=prices.json: price file ${join(dir, 'prices.json')}: no such file or folder (ENOENT); expected a JSON file of prices (the format of lib/llm/prices.json)`))
    expect(configuredPrices({ pricesFile: null, provider: 'sim', baseURL: null }, dir)).toEqual(loadPrices(null, new Set(['sim'])))
  })
})

describe('a built-in price is the price of its provider only', () => {
  const run = (provider: 'groq' | 'together' | 'custom' | 'sim', baseURL: string | null = null) => configuredPrices({ pricesFile: null, provider, baseURL })

  test('a run on another provider, or on a custom endpoint, does not use it: the model is unpriced', () => {
    expect(run('groq')['openai/gpt-oss-120b']).toMatchObject({ provider: 'groq' })
    expect(run('together')['openai/gpt-oss-120b']).toBeUndefined()
    expect(run('custom', 'http://localhost:8000/v1')['openai/gpt-oss-120b']).toBeUndefined()
    expect(builtInPriceProvider('openai/gpt-oss-120b')).toBe('groq')
  })

  test('a custom endpoint at a preset\'s origin is that provider; the simulator\'s models are priced on any endpoint', () => {
    expect(run('custom', 'https://api.groq.com/openai/v1')['openai/gpt-oss-120b']).toMatchObject({ provider: 'groq' })
    for (const model of Object.keys(SIM_PROFILES)) expect(run('custom', 'http://127.0.0.1:18511/v1')[model], model).toBeDefined()
  })

  test('a judge on its own endpoint brings its provider\'s prices', () => {
    const judgeEndpoint = { provider: 'groq' as const, baseURL: 'https://api.groq.com/openai/v1', apiKey: new Secret('gsk-judge-0123456789') }
    expect(pricingProviders({ provider: 'openai', baseURL: 'https://api.openai.com/v1', judgeEndpoint })).toEqual(new Set(['openai', 'groq']))
    expect(configuredPrices({ pricesFile: null, provider: 'openai', baseURL: null, judgeEndpoint })['llama-3.3-70b-versatile']).toMatchObject({ provider: 'groq' })
  })

  test('an entry of the user\'s file is used whatever its provider', () => {
    const file = join(tempDir(), 'prices.json')
    writeFileSync(file, JSON.stringify({ models: { 'openai/gpt-oss-120b': { provider: 'groq', input: 1, output: 2, verifiedAt: '2026-01-01', source: 'my invoice' } } }))
    expect(configuredPrices({ pricesFile: file, provider: 'together', baseURL: null })['openai/gpt-oss-120b']).toMatchObject({ input: 1, output: 2 })
  })
})
