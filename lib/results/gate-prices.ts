import { costOf, type ModelPrice } from '../llm/pricing.js'
import { round8 } from './cost.js'
import type { RunFile } from './schema.js'
import type { CaseSummary } from './summary.js'

/*
 * Two runs priced with different price tables. Each run file records the prices it used
 * (`prices`), and lib/llm/prices.json changes when a provider's prices do, so a weekly baseline
 * can be priced with last month's table. Its cost rows would then compare price tables, not what
 * the organisations used: every cost row FAILs on a price rise and passes a real regression on a
 * price cut. The baseline's org cost is re-priced at the gated run's prices from the tokens it
 * records (the org calls of a case use its agents' model). Skipping the cost rows instead would
 * leave them blind until the baseline is replaced; re-pricing keeps them comparing tokens spent,
 * at the prices that hold now.
 */

/** The prices a run used, per model it called (null: no price). */
export type RunPrices = RunFile['prices']

/** A model whose prices differ between the two runs (both priced). */
export interface PriceChange {
  model: string
  before: ModelPrice
  after: ModelPrice
}

const RATES = ['input', 'cachedInput', 'output'] as const
const RATE_NAME: Record<(typeof RATES)[number], string> = { input: 'input', cachedInput: 'cached input', output: 'output' }

/** The models priced in both runs whose rates differ (a new verifiedAt or source alone changes nothing). */
export function priceChanges(baseline: RunPrices, current: RunPrices): PriceChange[] {
  return Object.keys(current)
    .filter((model) => Object.hasOwn(baseline, model))
    .sort()
    .flatMap((model) => {
      const before = baseline[model]
      const after = current[model]
      return before && after && RATES.some((r) => before[r] !== after[r]) ? [{ model, before, after }] : []
    })
}

const rate = (x: number | null) => (x === null ? 'as input' : `$${x}`)

/** One note per change: the rates that differ, and what the gate made of it. */
export function priceNotes(changes: readonly PriceChange[], agentModels: ReadonlySet<string>): string[] {
  return changes.map(({ model, before, after }) => {
    const rates = RATES.filter((r) => before[r] !== after[r]).map((r) => `${RATE_NAME[r]} ${rate(before[r])} → ${rate(after[r])}`)
    const effect = agentModels.has(model)
      ? "the baseline's org costs are re-priced at this run's prices from their tokens, so cost rows compare what the runs used, not the price tables"
      : 'no gate row prices its calls'
    return `the prices of ${model} changed (${rates.join(', ')} per 1M tokens): ${effect}`
  })
}

/**
 * The baseline's cases with the org cost of those run on a changed model priced at the current
 * run's rates, from their tokens; unknown when a token count is.
 */
export function repriceCases(cases: readonly CaseSummary[], changes: readonly PriceChange[]): CaseSummary[] {
  const prices = Object.fromEntries(changes.map((c) => [c.model, c.after]))
  return cases.map((c) => {
    if (!Object.hasOwn(prices, c.model)) return c
    const { prompt, completion, cached } = c.cost.org.tokens
    const usd = prompt === null || completion === null || cached === null ? null : costOf(prices, c.model, { promptTokens: prompt, completionTokens: completion, cachedTokens: cached })
    return { ...c, cost: { ...c.cost, org: { ...c.cost.org, usd: usd === null ? null : round8(usd) } } }
  })
}
