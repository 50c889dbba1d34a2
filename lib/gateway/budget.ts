import type { Config } from '../config.js'
import { UserError } from '../errors.js'
import type { PriceTable } from '../llm/pricing.js'

/** A dollar cap that cannot be kept: a model the run calls has no price. */
export class UnpricedModelError extends UserError {
  override name = 'UnpricedModelError'
}

/** The models a run calls (agents, and the judge when it is on) that have no price. */
export function unpricedModels(config: Config, prices: PriceTable): string[] {
  const models = new Set([config.model, ...(config.judge === 'on' ? [config.judgeModel] : [])])
  return [...models].filter((m) => !prices[m]).sort()
}

/**
 * With ORGBENCH_MAX_USD set every model the run calls needs a price, or the cap could not be
 * kept: the run refuses to start and says which price is missing.
 */
export function checkBudgetPrices(config: Config, prices: PriceTable): void {
  if (config.maxUsd === null) return
  const missing = unpricedModels(config, prices)
  if (missing.length === 0) return
  throw new UnpricedModelError(
    `ORGBENCH_MAX_USD=${config.maxUsd} needs a price for every model the run calls; missing: ${missing.map((m) => `"${m}"`).join(', ')}. ` +
      'Add them to a price file (same format as lib/llm/prices.json) and set ORGBENCH_PRICES=<file>, or unset ORGBENCH_MAX_USD.',
  )
}
