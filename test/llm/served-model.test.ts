import { describe, expect, test } from 'vitest'
import type { PriceTable } from '../../lib/llm/pricing.js'
import { otherServedModel, pricedModel, sameModel, servedModelWarning } from '../../lib/llm/served-model.js'

const price = { input: 1, output: 2, cachedInput: null, verifiedAt: '2026-01-01', source: 'test table' }
const PRICES: PriceTable = { 'gpt-4o': price, 'gpt-4o-mini': { ...price, input: 0.15 } }

describe('the model a reply names', () => {
  // A dated snapshot, a version or a tag of the id asked for is the same model; an id that only starts with it is not.
  test.each([
    ['gpt-4o', 'gpt-4o', true],
    ['gpt-4o', 'gpt-4o-2024-08-06', true],
    ['gpt-3.5-turbo', 'gpt-3.5-turbo-0125', true],
    ['claude-3-5-sonnet', 'claude-3-5-sonnet-20241022', true],
    ['gemini-1.5-pro', 'gemini-1.5-pro-001', true],
    ['llama3', 'llama3:latest', true],
    ['GPT-4o', 'gpt-4o', true],
    ['openai/gpt-4o', 'gpt-4o-2024-08-06', true],
    ['gpt-4o', 'openai/gpt-4o', true],
    ['gpt-4o', 'gpt-4o-mini', false],
    ['sim-strong', 'gpt-3.5-turbo-cheap', false],
    ['llama-3', 'llama-3-70b', false],
    ['anthropic/claude-3-opus', 'openai/gpt-4o', false],
  ])('asked %s, served %s: the same model is %s', (asked, served, same) => {
    expect(sameModel(asked, served)).toBe(same)
  })
  test('otherServedModel: the served model when another, null when the same or not named', () => {
    expect(otherServedModel('gpt-4o', 'gpt-4o-mini')).toBe('gpt-4o-mini')
    expect(otherServedModel('gpt-4o', 'gpt-4o-2024-08-06')).toBeNull()
    expect(otherServedModel('gpt-4o', undefined)).toBeNull()
    expect(otherServedModel('gpt-4o', '')).toBeNull()
    expect(otherServedModel('gpt-4o', 42)).toBeNull()
  })
})

describe('pricing a reply from another model', () => {
  test('at the served model when it has a price (what the provider bills), else at the model asked for', () => {
    expect(pricedModel(PRICES, 'gpt-4o', 'gpt-4o-mini')).toBe('gpt-4o-mini')
    expect(pricedModel(PRICES, 'gpt-4o', 'gpt-3.5-turbo-cheap')).toBe('gpt-4o')
    expect(pricedModel(PRICES, 'gpt-4o', null)).toBe('gpt-4o')
  })
  test('the warning names both models, the field the calls record and whose price was used', () => {
    expect(servedModelWarning(PRICES, 'gpt-4o', 'gpt-4o-mini')).toBe(
      'gpt-4o: the endpoint answered with model "gpt-4o-mini", not the one asked for, and the results count these replies as gpt-4o\'s; each such call records servedModel "gpt-4o-mini" and is priced at gpt-4o-mini\'s rates',
    )
    expect(servedModelWarning(PRICES, 'gpt-4o', 'gpt-3.5-turbo-cheap')).toMatch(/priced at gpt-4o's rates \(no price for gpt-3\.5-turbo-cheap; add it with ORGBENCH_PRICES\)$/)
  })
})
