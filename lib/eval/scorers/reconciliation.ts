import { ALWAYS_MUST_CATCH, type ReconciliationDeliverable, type ReconciliationException, type ReconciliationTruth } from '../../tasks/kinds/reconciliation.js'
import { f1, type GroundTruthScore, type MustCatch, ratio, round4, round4OrNull } from '../types.js'
import { idKey, idsIn } from './ids.js'
import { unlessShotgun } from './precision-floor.js'
import { cappedByRecall } from './recall-cap.js'
import { scoreClose } from './reconciliation-close.js'

/** Weight of a must-catch exception in the weighted recall; every other exception weighs 1. */
const MUST_CATCH_WEIGHT = 3
/** The reconciliation's share of a close package's score; the schedules the truth asks for share the rest equally. */
export const RECONCILIATION_WEIGHT = 0.55

const cents = (x: number) => Math.round(x * 100)
const sameMoney = (a: number, b: number) => cents(a) === cents(b)
/** "1200", "Account 1200" and "1200 Bank EUR" all name account 1200. */
const accountOf = (raw: string) => /\d{3,}/.exec(raw)?.[0] ?? raw.trim()
/** The line ids an item cites: "`G0133`" is G0133, and "G0133, G0169" written as one element cites both. */
const linesOf = (x: { ledgerLines: readonly string[]; statementLines: readonly string[] }) => new Set([...x.ledgerLines, ...x.statementLines].flatMap((l) => idsIn(l)))
const overlap = (a: ReadonlySet<string>, b: ReadonlySet<string>) => [...a].filter((x) => b.has(x)).length

/** Whether an exception must be caught: every suspected fraud, and every other one at or above materiality. */
export function isMustCatch(truth: ReconciliationTruth, x: ReconciliationException): boolean {
  if (x.optional) return false
  const rate = truth.accounts.find((a) => a.account === x.account)?.ratePerEur ?? 1
  return x.category === ALWAYS_MUST_CATCH || x.amount / rate >= truth.materialityEur
}

/**
 * Pairs truth items with findings: an item takes the unused eligible finding that shares the most
 * lines with it (the first on a tie). Items are offered findings in the order given.
 */
function pair<T, F>(items: readonly T[], findings: readonly F[], linesOfItem: (t: T) => Set<string>, linesOfFinding: (f: F) => Set<string>, eligible: (t: T, f: F) => boolean): Map<T, F> {
  const used = new Set<number>()
  const out = new Map<T, F>()
  for (const item of items) {
    const mine = linesOfItem(item)
    let best = -1
    let bestOverlap = 0
    findings.forEach((f, i) => {
      if (used.has(i) || !eligible(item, f)) return
      const n = overlap(mine, linesOfFinding(f))
      if (n > bestOverlap) {
        best = i
        bestOverlap = n
      }
    })
    if (best >= 0) {
      used.add(best)
      out.set(item, findings[best]!)
    }
  }
  return out
}

/**
 * Scores a reconciliation. An exception is caught by a reported exception of the same category that
 * cites at least one of its lines (each report catches at most one exception, must-catch ones pick
 * first). A reported exception that catches nothing is a false alarm; those that cite a timing
 * difference, a decoy or a previous period's open item are counted apart. Reconciling items are
 * matched the same way, by lines alone.
 *
 * The account proof counts, for each account, the two balances a reconciliation derives: the
 * adjusted statement balance and the adjusted ledger balance. Each counts when it is right to the
 * cent and follows from the deliverable's own items (the account's statement balance plus its
 * reported reconciling items; its ledger balance plus its reported adjustments), so a balance
 * written to agree without items that add up to it earns nothing. The statement and ledger
 * balances themselves are read off the inputs and earn nothing on their own.
 *
 * reconciliation = 100 × (0.35 · weighted exception recall (must-catch ×3) + 0.20 · exception
 *   precision + 0.15 · reconciling-item F1 + 0.15 · amount accuracy of caught exceptions (amount and
 *   ledger adjustment both to the cent) + 0.15 · account proof)
 *
 * A truth without close schedules scores the reconciliation alone. With them, the reconciliation
 * weighs 0.55 and the schedules it asks for (card review, interest, revaluation; see scoreClose)
 * share 0.45 equally (0.15 each of three): the reconciliation is the brief's first instruction and
 * most of the work (every ledger and statement line of every account, against a few figures per
 * schedule), and a missed fraud or material exception is the outcome the brief calls worst, so it
 * weighs more than the schedules together. Every card over its budget becomes a must-catch item.
 *
 * Whatever the rest, a package whose weighted exception recall is below one half has not done the
 * reconciliation: its score is capped at 100 × recall / 0.5 (0 when it finds no exception, 50 when
 * it finds a quarter), so balances and schedules alone cannot make it look acceptable. Must-catch
 * exceptions count as caught only when at least half the reported exceptions are right
 * (MUST_CATCH_PRECISION_FLOOR).
 */
export function scoreReconciliation(truth: ReconciliationTruth, deliverable: ReconciliationDeliverable): GroundTruthScore {
  const exceptions = [...truth.exceptions].sort((a, b) => Number(isMustCatch(truth, b)) - Number(isMustCatch(truth, a)))
  const caught = pair(exceptions, deliverable.exceptions, linesOf, linesOf, (x, f) => f.category === x.category)
  const reportedAlarms = deliverable.exceptions.filter((f) => ![...caught.values()].includes(f))
  const alarmLines = reportedAlarms.map(linesOf)
  const touched = (ids: readonly string[]) => {
    const set = new Set(ids.map(idKey))
    return alarmLines.some((l) => overlap(l, set) > 0)
  }

  const weight = (x: ReconciliationException) => (isMustCatch(truth, x) ? MUST_CATCH_WEIGHT : 1)
  const recall = ratio(caught.size, truth.exceptions.length)
  const weightedRecall = ratio([...caught.keys()].reduce((s, x) => s + weight(x), 0), truth.exceptions.reduce((s, x) => s + weight(x), 0))
  const precision = ratio(caught.size, deliverable.exceptions.length)
  const amountsRight = [...caught].filter(([x, f]) => sameMoney(Math.abs(f.amount), x.amount) && sameMoney(f.ledgerAdjustment, x.ledgerAdjustment)).length
  const amountAccuracy = ratio(amountsRight, caught.size)

  const timing = pair(truth.reconcilingItems, deliverable.reconcilingItems, linesOf, linesOf, () => true)
  const timingRecall = ratio(timing.size, truth.reconcilingItems.length)
  const timingPrecision = ratio(timing.size, deliverable.reconcilingItems.length)
  const timingF1 = truth.reconcilingItems.length === 0 ? (deliverable.reconcilingItems.length === 0 ? 1 : 0) : (f1(timingPrecision ?? 0, timingRecall) ?? 0)

  const reported = new Map<string, ReconciliationDeliverable['accounts'][number]>()
  for (const a of deliverable.accounts) if (!reported.has(accountOf(a.account))) reported.set(accountOf(a.account), a)
  const ofAccount = <T extends { account: string }>(items: readonly T[], account: string) => items.filter((x) => accountOf(x.account) === account)
  let balancesRight = 0
  for (const a of truth.accounts) {
    const got = reported.get(a.account)
    if (!got) continue
    const adjusted = cents(a.statementBalance) + ofAccount(truth.reconcilingItems, a.account).reduce((s, r) => s + cents(r.amount), 0)
    const ownStatement = cents(a.statementBalance) + ofAccount(deliverable.reconcilingItems, a.account).reduce((s, r) => s + cents(r.amount), 0)
    const ownLedger = cents(a.ledgerBalance) + ofAccount(deliverable.exceptions, a.account).reduce((s, x) => s + cents(x.ledgerAdjustment), 0)
    if (cents(got.adjustedStatementBalance) === adjusted && ownStatement === adjusted) balancesRight++
    if (cents(got.adjustedLedgerBalance) === adjusted && ownLedger === adjusted) balancesRight++
  }
  const balanceAccuracy = ratio(balancesRight, 2 * truth.accounts.length)

  const counts: GroundTruthScore['counts'] = {}
  for (const category of [...new Set(truth.exceptions.map((x) => x.category))]) {
    const of = truth.exceptions.filter((x) => x.category === category)
    counts[`recall_${category}`] = { hit: of.filter((x) => caught.has(x)).length, total: of.length }
  }
  const mustCatchItems = truth.exceptions.filter((x) => isMustCatch(truth, x))
  counts.exceptions_reported = { hit: caught.size, total: deliverable.exceptions.length }
  counts.amounts_right = { hit: amountsRight, total: caught.size }
  counts.reconciling_items = { hit: timing.size, total: truth.reconcilingItems.length }
  counts.timing_flagged_as_error = { hit: truth.reconcilingItems.filter((r) => touched([...r.ledgerLines, ...r.statementLines])).length, total: truth.reconcilingItems.length }
  counts.decoys_flagged = { hit: truth.decoys.filter((d) => touched(d.lines)).length, total: truth.decoys.length }
  counts.prior_items_flagged = { hit: truth.priorItems.filter((p) => touched(p.statementLines)).length, total: truth.priorItems.length }
  counts.balances = { hit: balancesRight, total: 2 * truth.accounts.length }

  const mustCatch: MustCatch[] = unlessShotgun(
    mustCatchItems.map((x) => ({
      id: x.id,
      description: `${x.category} on account ${x.account}, ${x.amount.toFixed(2)} (${x.summary})`,
      caught: caught.has(x),
    })),
    precision,
    'reported exceptions',
  )

  const reconciliation = 0.35 * (weightedRecall ?? 1) + 0.2 * (precision ?? 0) + 0.15 * timingF1 + 0.15 * (amountAccuracy ?? 0) + 0.15 * (balanceAccuracy ?? 0)
  const close = truth.close ? scoreClose(truth.close, deliverable) : null
  const schedules = Object.values(close?.parts ?? {})
  const weighted = schedules.length === 0 ? reconciliation : RECONCILIATION_WEIGHT * reconciliation + ((1 - RECONCILIATION_WEIGHT) * schedules.reduce((a, x) => a + x, 0)) / schedules.length
  mustCatch.push(...(close?.mustCatch ?? []))
  Object.assign(counts, close?.counts)
  counts.must_catch = { hit: mustCatch.filter((m) => m.caught).length, total: mustCatch.length }
  return {
    score: round4(100 * cappedByRecall(weighted, weightedRecall)),
    metrics: {
      ...(close ? { reconciliation: round4(100 * reconciliation), ...Object.fromEntries(Object.entries(close.metrics).map(([k, v]) => [k, round4(v)])) } : {}),
      recall: round4OrNull(recall),
      weighted_recall: round4OrNull(weightedRecall),
      precision: round4OrNull(precision),
      f1: round4OrNull(f1(precision ?? 0, recall)),
      amount_accuracy: round4OrNull(amountAccuracy),
      timing_recall: round4OrNull(timingRecall),
      timing_precision: round4OrNull(timingPrecision),
      timing_f1: round4(timingF1),
      balance_accuracy: round4OrNull(balanceAccuracy),
    },
    counts,
    mustCatch,
  }
}
