import { CLOSE_TOLERANCES, type CloseTruth, type ReconciliationDeliverable } from '../../tasks/kinds/reconciliation.js'
import type { GroundTruthScore, MustCatch } from '../types.js'
import { idKey, unquote } from './ids.js'
import { unlessShotgun } from './precision-floor.js'

/** The scores of a reconciliation's close schedules, each 0–1, present where the truth asks for the schedule. */
export interface CloseScore {
  parts: { cards?: number; interest?: number; revaluation?: number }
  metrics: Record<string, number>
  counts: GroundTruthScore['counts']
  /** Every card over its budget: flagged over budget in the card review. */
  mustCatch: MustCatch[]
}

const cents = (x: number) => Math.round(x * 100)
/** Within `tolerance` of the truth, to the cent. */
const within = (got: unknown, truth: number, tolerance: number) => typeof got === 'number' && Number.isFinite(got) && Math.abs(cents(got) - cents(truth)) <= cents(tolerance)
/** 1 within the full tolerance, 0.5 within the half-credit one, else 0. */
const credit = (got: unknown, truth: number, t: { full: number; half: number }) => (within(got, truth, t.full) ? 1 : within(got, truth, t.half) ? 0.5 : 0)
const share = (hit: number, total: number) => (total === 0 ? 1 : hit / total)
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length
/** "1200", "Account 1200" and "1200 Bank EUR" all name account 1200. */
const accountOf = (raw: string) => /\d{3,}/.exec(raw)?.[0] ?? raw.trim()
/** "****4417", "4417" and "card 4417" all name card 4417. */
const cardOf = (raw: string) => /(\d{4})\D*$/.exec(raw)?.[1] ?? raw.trim()
/** "none", "n/a", "-", "null" and "" say "no charge", as null does. */
const NO_CHARGE = /^(?:|none|null|n\/a|-|—|–)$/i
/** The charge a card review names as first over budget, or null when it names none. */
const chargeOf = (raw: string | null | undefined) => (typeof raw === 'string' && !NO_CHARGE.test(unquote(raw)) ? idKey(raw) : null)
/** A day as YYYY-MM-DD: "2026-03-01", "2026-03-01T00:00:00" and "01.03.2026" all name 1 March 2026. */
export function dayOf(raw: string): string {
  const text = unquote(raw)
  const iso = /^(\d{4})-(\d{2})-(\d{2})(?![\d])/.exec(text)
  if (iso) return `${iso[1]}-${iso[2]}-${iso[3]}`
  const dotted = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text)
  return dotted ? `${dotted[3]}-${dotted[2]!.padStart(2, '0')}-${dotted[1]!.padStart(2, '0')}` : text
}
/** The first entry for each key: a repeated entry is ignored, not averaged. */
function firstBy<T>(items: readonly T[] | undefined, key: (t: T) => string): Map<string, T> {
  const out = new Map<string, T>()
  for (const t of items ?? []) if (!out.has(key(t))) out.set(key(t), t)
  return out
}
const money = (x: number) => x.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })

/**
 * Scores the close schedules figure by figure, each against its tolerance (CLOSE_TOLERANCES):
 *
 * - card review: the share of cards whose number of charges is exact, the share whose spend is
 *   within tolerance, and the share of cards over budget whose first charge over it is exact, with
 *   every card wrongly flagged over budget added to that share's denominator; the three averaged.
 * - interest: per account, half the share of days whose value-dated balance is right to the cent,
 *   half the month's interest (full or half credit); averaged over accounts.
 * - revaluation: per account, half the carrying amount, half the revaluation (full or half credit);
 *   averaged over accounts.
 *
 * A missing entry scores 0 for its figures; a card over budget counts as caught when the review
 * flags it (any first charge over budget), whichever charge it names, unless most of the cards it
 * flags are under budget (MUST_CATCH_PRECISION_FLOOR); "none", "n/a" or "-" flags
 * nothing, as null does. A spend is compared by its size (the exports print charges negative), a
 * day by its date however written (dayOf).
 */
export function scoreClose(close: CloseTruth, d: ReconciliationDeliverable): CloseScore {
  const parts: CloseScore['parts'] = {}
  const metrics: CloseScore['metrics'] = {}
  const counts: CloseScore['counts'] = {}
  const mustCatch: MustCatch[] = []

  if (close.cards.length > 0) {
    const reported = firstBy(d.cardReview, (c) => cardOf(c.card))
    const got = (card: string) => reported.get(cardOf(card))
    const flagged = (card: string) => chargeOf(got(card)?.firstChargeOverBudget) !== null
    const over = close.cards.filter((c) => c.firstChargeOverBudget !== null)
    const countsRight = close.cards.filter((c) => got(c.card)?.charges === c.charges).length
    // A spend printed signed, as the card exports print charges, is the same figure.
    const spendRight = close.cards.filter((c) => within(Math.abs(got(c.card)?.spend ?? Number.NaN), c.spend, CLOSE_TOLERANCES.spend)).length
    const firstRight = over.filter((c) => chargeOf(got(c.card)?.firstChargeOverBudget) === idKey(c.firstChargeOverBudget!)).length
    const wronglyFlagged = close.cards.filter((c) => c.firstChargeOverBudget === null && flagged(c.card)).length
    const overAccuracy = share(firstRight, over.length + wronglyFlagged)
    parts.cards = mean([share(countsRight, close.cards.length), share(spendRight, close.cards.length), overAccuracy])
    Object.assign(metrics, { card_count_accuracy: share(countsRight, close.cards.length), card_spend_accuracy: share(spendRight, close.cards.length), over_budget_accuracy: overAccuracy })
    counts.card_charges = { hit: countsRight, total: close.cards.length }
    counts.card_spend = { hit: spendRight, total: close.cards.length }
    counts.first_charge_over_budget = { hit: firstRight, total: over.length }
    counts.cards_wrongly_over_budget = { hit: wronglyFlagged, total: close.cards.length - over.length }
    const overFlagged = over.filter((c) => flagged(c.card)).length
    mustCatch.push(
      ...unlessShotgun(
        over.map((c) => ({
          id: `budget-${cardOf(c.card)}`,
          description: `card ${c.card} over its monthly budget of ${money(c.budget)} (spend ${money(c.spend)}, first charge over it ${c.firstChargeOverBudget})`,
          caught: flagged(c.card),
        })),
        overFlagged + wronglyFlagged === 0 ? null : overFlagged / (overFlagged + wronglyFlagged),
        'cards flagged over budget',
      ),
    )
  }

  if (close.interest.length > 0) {
    const reported = firstBy(d.interest, (i) => accountOf(i.account))
    let daysRight = 0
    let daysTotal = 0
    const interestCredits: number[] = []
    const perAccount = close.interest.map((t) => {
      const got = reported.get(t.account)
      const days = firstBy(got?.days, (x) => dayOf(x.date))
      const right = t.days.filter((x) => within(days.get(x.date)?.balance, x.balance, 0)).length
      daysRight += right
      daysTotal += t.days.length
      const interest = credit(got?.interest, t.interest, CLOSE_TOLERANCES.interest)
      interestCredits.push(interest)
      return 0.5 * share(right, t.days.length) + 0.5 * interest
    })
    parts.interest = mean(perAccount)
    Object.assign(metrics, { interest_day_accuracy: share(daysRight, daysTotal), interest_accuracy: mean(interestCredits) })
    counts.interest_days = { hit: daysRight, total: daysTotal }
    counts.interest_amounts = { hit: interestCredits.filter((x) => x === 1).length, total: close.interest.length }
  }

  if (close.revaluation.length > 0) {
    const reported = firstBy(d.revaluation, (r) => accountOf(r.account))
    const carrying = close.revaluation.map((t) => credit(reported.get(t.account)?.carryingAmountEur, t.carryingAmountEur, CLOSE_TOLERANCES.eur))
    const revaluation = close.revaluation.map((t) => credit(reported.get(t.account)?.revaluationEur, t.revaluationEur, CLOSE_TOLERANCES.eur))
    parts.revaluation = mean(close.revaluation.map((_, i) => 0.5 * carrying[i]! + 0.5 * revaluation[i]!))
    Object.assign(metrics, { carrying_accuracy: mean(carrying), revaluation_accuracy: mean(revaluation) })
    counts.carrying_amounts = { hit: carrying.filter((x) => x === 1).length, total: close.revaluation.length }
    counts.revaluations = { hit: revaluation.filter((x) => x === 1).length, total: close.revaluation.length }
  }
  return { parts, metrics, counts, mustCatch }
}
