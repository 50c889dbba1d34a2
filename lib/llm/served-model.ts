import type { PriceTable } from './pricing.js'

/*
 * The model an endpoint says it served (a reply's `model`) against the one asked for. A router's
 * fallback (OpenRouter), an alias repointed behind a proxy or a deployment bound to another model
 * answers for another model than the run compares; the benchmark must notice, not score it as
 * the model asked for. A dated snapshot or a version tag of the same id is the same model.
 */

/** What may follow a model id in the name of the same model: a date or version ("-2024-08-06", "-0125", "-001") or a tag (":latest"). */
const SAME_MODEL_SUFFIX = /^[-:@](\d+([-.]\d+)*|latest)$/

/** Without a router's "<provider>/" prefix when only one side has one ("openai/gpt-4o" is "gpt-4o"). */
function comparableIds(asked: string, served: string): [string, string] {
  const a = asked.toLowerCase()
  const s = served.toLowerCase()
  const strip = (id: string) => id.slice(id.indexOf('/') + 1)
  if (a.includes('/') === s.includes('/')) return [a, s]
  return [strip(a), strip(s)]
}

/** Whether `served` names the model `asked` for: the same id, or one of them is the other plus a date, version or tag. */
export function sameModel(asked: string, served: string): boolean {
  const [a, s] = comparableIds(asked, served)
  if (a === s) return true
  const [short, long] = a.length < s.length ? [a, s] : [s, a]
  return long.startsWith(short) && SAME_MODEL_SUFFIX.test(long.slice(short.length))
}

/** The model a reply names (its `model`), or null when it names none. */
export function replyModel(served: unknown): string | null {
  return typeof served === 'string' && served !== '' ? served : null
}

/** The model a reply names when it is another than the one asked for; null when it is the same or the reply names none. */
export function otherServedModel(asked: string, served: unknown): string | null {
  const model = replyModel(served)
  return model !== null && !sameModel(asked, model) ? model : null
}

/**
 * The model whose price a reply is priced at: the served one when the table has a price for it
 * (a provider bills the model it served, as OpenRouter bills its fallback, and a dated snapshot at
 * its own rates), else the one asked for (the nearest known rate, so that totals and the dollar
 * cap still count the call).
 */
export function pricedModel(prices: PriceTable, asked: string, served: string | null): string {
  return served !== null && prices[served] ? served : asked
}

/** The warning for replies from another model than the one asked for: which, how they are recorded and at whose price. */
export function servedModelWarning(prices: PriceTable, asked: string, served: string): string {
  const price = pricedModel(prices, asked, served) === served ? `priced at ${served}'s rates` : `priced at ${asked}'s rates (no price for ${served}; add it with ORGBENCH_PRICES)`
  return `${asked}: the endpoint answered with model "${served}", not the one asked for, and the results count these replies as ${asked}'s; each such call records servedModel "${served}" and is ${price}`
}
