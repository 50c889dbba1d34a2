import type { CaseSummary } from './summary.js'

/*
 * The per-trial numbers that statistics are computed from. An errored trial has no score and no
 * recall: it yields null and is left out of their means (it counts in error rates). Its spend is
 * part of what the results cost, so it counts in the cost per case (see orgUsdOf).
 */

/** The headline score 0-100; null for an errored trial or when a component it needs failed. */
export function headlineOf(r: CaseSummary): number | null {
  return r.status === 'ok' ? r.scores.headline : null
}

/** Share of must-catch items caught, 0-100; null for an errored trial or a task without must-catch items. */
export function mustCatchRecallOf(r: CaseSummary): number | null {
  return r.status === 'ok' && r.mustCatch.total > 0 ? (100 * r.mustCatch.caught) / r.mustCatch.total : null
}

/**
 * Whether a trial's spend counts in the cost per case: a successful trial, or an errored one that
 * made calls (money spent to get the results, so a topology that fails more often does not look
 * cheaper). An errored trial without a call (stopped by the dollar cap before it started) spent
 * nothing and says nothing about the topology's cost.
 */
export function countsForCost(r: CaseSummary): boolean {
  return r.status === 'ok' || r.cost.org.calls > 0
}

/** Trials that count for cost but whose cost is unknown (no usage reported, or no price): a mean cost over them is unknown. */
export function unknownCosts(records: readonly CaseSummary[]): number {
  return records.filter((r) => countsForCost(r) && r.cost.org.usd === null).length
}

/** The organisation's spend in USD of a trial that counts for cost; null when it does not, or when its cost is unknown (no usage, no price). */
export function orgUsdOf(r: CaseSummary): number | null {
  return countsForCost(r) ? r.cost.org.usd : null
}

/** A case the dollar cap stopped: one of its errors is a refused call. */
export function stoppedByBudget(r: Pick<CaseSummary, 'errors'>): boolean {
  return r.errors.some((e) => e.kind === 'budget')
}

/**
 * 100 for an errored trial, 0 otherwise: its mean is the error rate in percent. Null for a trial the
 * dollar cap stopped: the cap says how much was spent, not how often the topology fails, so such a
 * trial is not compared (README "The regression gate", Settings).
 */
export function errorPercentOf(r: CaseSummary): number | null {
  if (stoppedByBudget(r)) return null
  return r.status === 'error' ? 100 : 0
}

/** Whether the judge's verdict on this trial is incomplete: a failed judgement or a judge-stage error. */
export function judgeFailedOf(r: CaseSummary): boolean {
  return r.errors.some((e) => e.stage === 'judge') || (r.scores.judge?.failures.length ?? 0) > 0
}

/** The key that pairs trials across topologies or runs: same task, same trial (same seed and inputs). */
export function trialKey(r: Pick<CaseSummary, 'task' | 'trial'>): string {
  return `${r.task}#${r.trial}`
}

/** Groups items by a key, keeping first-seen order inside each group and sorting the keys. */
export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>()
  for (const item of items) {
    const k = key(item)
    const list = groups.get(k)
    if (list) list.push(item)
    else groups.set(k, [item])
  }
  return new Map([...groups.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
}

/** Drops nulls, undefined and non-finite numbers. */
export function finite(values: ReadonlyArray<number | null | undefined>): number[] {
  return values.filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
}
