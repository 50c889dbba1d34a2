import { describe, expect, test } from 'vitest'
import type { ModelPrice } from '../../lib/llm/pricing.js'
import { priceChanges, priceNotes, repriceCases } from '../../lib/results/gate-prices.js'
import { type GateRun, runGate } from '../../lib/results/gate.js'
import type { TestRecord } from '../../lib/results/record.js'
import { makeRecord } from './fixtures.js'

const price = (input: number, output: number, cachedInput: number | null = null): ModelPrice => ({ input, output, cachedInput, verifiedAt: '2026-01-01', source: 'test table' })

/** A case run on sim-strong with these org tokens, priced with `p`. */
function priced(trial: number, prompt: number, completion: number, p: ModelPrice): TestRecord {
  const r = makeRecord({ trial, model: 'sim-strong' })
  const usd = (prompt * p.input + completion * p.output) / 1e6
  return { ...r, cost: { ...r.cost, org: { ...r.cost.org, usd, knownUsd: usd, paidUsd: usd, tokens: { prompt, completion, cached: 0, reasoning: 0 } } } }
}

describe('runs priced with different price tables', () => {
  test('the models priced on both sides whose rates differ; a new date or source, or a model on one side only, is no change', () => {
    const before = { 'sim-strong': price(0.5, 1), 'sim-judge': price(1, 2), gone: price(1, 1), unpriced: null }
    const after = { 'sim-strong': price(0.7, 1.5), 'sim-judge': { ...price(1, 2), verifiedAt: '2026-06-01', source: 'new page' }, added: price(1, 1), unpriced: price(1, 1) }
    expect(priceChanges(before, after)).toEqual([{ model: 'sim-strong', before: before['sim-strong'], after: after['sim-strong'] }])
  })

  test("a note names each changed rate and says whether the org costs were re-priced", () => {
    const changes = [
      { model: 'sim-judge', before: price(1, 2), after: price(1, 2, 0.25) },
      { model: 'sim-strong', before: price(0.5, 1), after: price(0.7, 1.5) },
    ]
    expect(priceNotes(changes, new Set(['sim-strong']))).toEqual([
      'the prices of sim-judge changed (cached input as input → $0.25 per 1M tokens): no gate row prices its calls',
      "the prices of sim-strong changed (input $0.5 → $0.7, output $1 → $1.5 per 1M tokens): the baseline's org costs are re-priced at this run's prices from their tokens, so cost rows compare what the runs used, not the price tables",
    ])
  })

  test("re-pricing prices a case's org tokens at the new rates (cached ones at the cached rate); unknown tokens stay an unknown cost", () => {
    const changes = [{ model: 'sim-strong', before: price(0.5, 1), after: price(1, 2, 0.25) }]
    const known = priced(1, 1_000, 500, price(0.5, 1))
    known.cost.org.tokens.cached = 400
    const unknown = priced(2, 1_000, 500, price(0.5, 1))
    unknown.cost.org.tokens.completion = null
    const other = makeRecord({ trial: 3, model: 'sim-weak' })
    const [a, b, c] = repriceCases([known, unknown, other], changes)
    expect(a!.cost.org.usd).toBeCloseTo((600 * 1 + 400 * 0.25 + 500 * 2) / 1e6, 12)
    expect(b!.cost.org.usd).toBeNull()
    expect(c).toBe(other)
  })

  test('a price rise alone fails no cost row and is noted; compared as recorded, the same tokens would have failed', () => {
    const old = price(0.5, 1)
    const now = price(0.7, 1.5)
    const tokens: Array<[number, number]> = [[10_000, 2_000], [10_100, 2_010], [10_050, 2_020]]
    const side = (p: ModelPrice, prices: GateRun['prices']): GateRun => ({ runId: p === old ? 'base' : 'current', simulated: true, config: { model: 'sim-strong', judgeModel: 'j' }, cases: tokens.map(([pt, ct], i) => priced(i + 1, pt, ct, p)), ...(prices ? { prices } : {}) })
    const repriced = runGate(side(old, { 'sim-strong': old }), side(now, { 'sim-strong': now }))
    const cost = repriced.rows.filter((r) => r.metric === 'costPerCase')
    expect(cost.length).toBeGreaterThan(0)
    for (const r of cost) expect(r.change).toBeCloseTo(0, 8)
    expect(repriced.notes.some((n) => n.startsWith('the prices of sim-strong changed (input $0.5 → $0.7, output $1 → $1.5 per 1M tokens)'))).toBe(true)
    // Without the prices (files that do not say), the rows compare the dollars as recorded.
    const unpriced = runGate(side(old, undefined), side(now, undefined))
    expect(unpriced.rows.find((r) => r.metric === 'costPerCase' && r.level === 'cell')).toMatchObject({ verdict: 'FAIL' })
    expect(unpriced.rows.find((r) => r.metric === 'costPerCase' && r.level === 'cell')!.change).toBeCloseTo(43, 0)
  })
})
