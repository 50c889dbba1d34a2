import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { z } from 'zod'
import { UserError } from '../../errors.js'
import type { CaseSummary } from '../summary.js'
import type { OutcomeGroup } from './schema.js'
import { outcomeSpec, outcomeSpecs, pricedPerCase } from './aggregate.js'
import { issueText } from '../../zod-issues.js'

/*
 * An optional cost model (ORGBENCH_COST_MODEL): what one event of a rate outcome costs the
 * business (an escaped CRITICAL bug, an SLA deadline computed wrong), in dollars or in hours at an
 * hourly rate. It turns outcomes into money per case next to the model spend; without it no
 * money figure is shown. Every money figure is printed with the assumption it rests on.
 */

const positive = (what: string) => z.number({ error: `expected a number (${what})` }).positive(`expected a positive number (${what})`)

const Price = z
  .strictObject({
    usd: positive('dollars per event').optional(),
    hours: positive('hours of work per event').optional(),
    /** Where the figure comes from, in words; printed beside every money figure. */
    assumption: z.string().min(1, 'expected a sentence saying where the figure comes from').optional(),
  })
  .refine((p) => (p.usd === undefined) !== (p.hours === undefined), { message: 'expected exactly one of "usd" (dollars per event) or "hours" (hours per event)' })

/** The cost model file's shape. */
export const CostModelFile = z.strictObject({
  /** Dollars per hour of the people whose hours "hours" prices count. */
  hourlyRateUsd: positive('dollars per hour').optional(),
  /** By outcome id (a rate outcome: "code_review.escaped_severe_bugs"). */
  outcomes: z.record(z.string(), Price),
})
export type CostModelFile = z.infer<typeof CostModelFile>

/** One priced outcome: dollars per event, and the assumption in words. */
export interface OutcomePrice {
  usdPerEvent: number
  assumption: string
}

/** A validated cost model: where it came from, and a price per rate outcome id. */
export interface CostModel {
  file: string
  prices: ReadonlyMap<string, OutcomePrice>
}

const money = (x: number) => `$${x.toLocaleString('en-US', { maximumFractionDigits: 2 })}`

/** Validates a parsed cost model file; `file` names it in every error. */
export function parseCostModel(raw: unknown, file: string): CostModel {
  const parsed = CostModelFile.safeParse(raw)
  const fail = (field: string, message: string) => new UserError(`cost model ${file}: ${field}: ${message}`)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw fail(issue.path.join('.') || '(top level)', issueText(raw, issue))
  }
  const prices = new Map<string, OutcomePrice>()
  for (const [id, price] of Object.entries(parsed.data.outcomes)) {
    const spec = outcomeSpec(id)
    if (!spec || spec.kind !== 'rate') throw fail(`outcomes.${id}`, `expected the id of an outcome counted in events, one of: ${rateOutcomeIds().join(', ')}`)
    let usdPerEvent = price.usd
    let basis = `${money(price.usd ?? 0)} per event (${spec.label})`
    if (price.hours !== undefined) {
      const rate = parsed.data.hourlyRateUsd
      if (rate === undefined) throw fail(`outcomes.${id}.hours`, 'expected "hourlyRateUsd" at the top level to turn hours into dollars')
      usdPerEvent = price.hours * rate
      basis = `${price.hours} h at ${money(rate)}/h = ${money(usdPerEvent)} per event (${spec.label})`
    }
    prices.set(id, { usdPerEvent: usdPerEvent!, assumption: price.assumption ? `${basis}: ${price.assumption}` : basis })
  }
  return { file, prices }
}

/** Reads and validates a cost model file (JSON). */
export function loadCostModel(file: string): CostModel {
  let raw: unknown
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'))
  } catch (e) {
    throw new UserError(`cost model ${file}: expected a readable JSON file: ${(e as Error).message}`)
  }
  return parseCostModel(raw, file)
}

/**
 * The cost model ORGBENCH_COST_MODEL names (relative to `root`), null when unset. A bad one is named
 * with the variable: it may come from .env or CI settings, where the path alone does not say so.
 */
export function configuredCostModel(costModelFile: string | null, root = process.cwd()): CostModel | null {
  if (costModelFile === null) return null
  try {
    return loadCostModel(resolve(root, costModelFile))
  } catch (e) {
    throw e instanceof UserError ? new UserError(`ORGBENCH_COST_MODEL=${costModelFile}: ${e.message}`) : e
  }
}

/** Every outcome id a cost model may price (outcomes counted in events), sorted. */
export function rateOutcomeIds(): string[] {
  return outcomeSpecs()
    .filter((o) => o.kind === 'rate')
    .map((o) => o.id)
    .sort()
}

/** A money figure; `note` says why a difference has no interval (too few units). */
type Estimate = { mean: number; ci: { lo: number; hi: number } | null; note?: string }

const estimate = (x: { mean: number | null; ci: { lo: number; hi: number } | null; note?: string } | null): Estimate | null =>
  x === null || x.mean === null ? null : { mean: x.mean, ci: x.ci, ...(x.note === undefined ? {} : { note: x.note }) }

/** The opposite figure: dollars lost in excess become dollars saved (the interval's ends swap). */
const negated = (x: Estimate | null): Estimate | null => (x === null ? null : { ...x, mean: -x.mean, ci: x.ci === null ? null : { lo: -x.ci.hi, hi: -x.ci.lo } })

/** What a priced outcome costs per case, and how that compares with the single agent and the compute-matched baseline. */
export interface MoneyFigure {
  outcome: string
  label: string
  assumption: string
  /** Expected dollars lost per case to this outcome (events per case × price), with its interval. */
  lostPerCase: Estimate
  /** Dollars saved per case against each baseline (positive: fewer events than the baseline), with its interval. */
  savedVsSingle: Estimate | null
  savedVsMatched: Estimate | null
}

/**
 * The money figures of a topology's outcomes under a cost model; empty without one, and nothing for
 * unpriced outcomes. They are estimated from the group's `cases` (those of the run or report it
 * was aggregated from), each case's events priced, not from the group's rounded rates.
 */
export function moneyFigures(group: OutcomeGroup, cases: readonly CaseSummary[], model: CostModel | null): MoneyFigure[] {
  if (!model) return []
  return group.outcomes.flatMap((o) => {
    const price = model.prices.get(o.outcome)
    const priced = price && o.perCase ? pricedPerCase(cases, group, o.outcome, price.usdPerEvent) : null
    const lost = estimate(priced?.value ?? null)
    if (!price || !priced || !lost) return []
    // Fewer events than the baseline is money saved: the difference is negated.
    return [{ outcome: o.outcome, label: o.label, assumption: price.assumption, lostPerCase: lost, savedVsSingle: negated(estimate(priced.vsSingle)), savedVsMatched: negated(estimate(priced.vsMatched)) }]
  })
}
