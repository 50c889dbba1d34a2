import { parseCsv } from '../../tasks/csv.js'
import { dayInterestCents } from '../../tasks/kinds/reconciliation-close-check.js'
import { CLOSE_TOLERANCES, type CardReviewTruth, type CloseDeliverable, type CloseTruth, type InterestTruth, nearBudget, type ReconciliationTruth, type RevaluationTruth } from '../../tasks/kinds/reconciliation.js'
import type { Task } from '../../tasks/registry.js'
import { objectsWith, type SimContext, type SimItem } from '../context.js'
import { itemChances, type ItemOutcomes, trapChance } from '../calibration.js'
import type { Difficulty } from '../profiles.js'

/**
 * How hard each figure of the close schedules is in one pass: flagging a card over its budget is
 * must-catch, so HIGH; an exact count and total of a card's charges, a chain of daily balances over
 * hundreds of statement lines and a carrying amount over a hundred translations are LOW, the
 * shorter chain of the USD account MEDIUM.
 */
const DIFFICULTY = { flag: 'HIGH', card: 'LOW', interest: { '1200': 'LOW' }, interestDefault: 'MEDIUM', revaluation: 'LOW' } as const
const FOCUS = { card: ['card register', 'monthly budgets', 'transaction dates'], interest: ['value dates', 'account terms'], revaluation: ['reference rate of its date', 'carrying amounts'] }

type CloseItem = { kind: 'flag' | 'card'; c: CardReviewTruth } | { kind: 'interest'; t: InterestTruth } | { kind: 'revaluation'; r: RevaluationTruth }
const digits = (card: string) => card.slice(-4)

/** The simulator's item for a figure of the close schedules, for agents and judge alike (chances from the task's calibration where it has one). */
export function closeItem(task: Task, item: CloseItem): SimItem {
  // A lesson names a schedule: "budget", "card", "interest" or "revaluation" (lib/sim/lessons.ts).
  const make = (id: string, difficulty: Difficulty, focusWords: readonly string[]): SimItem => ({ id, difficulty, ...itemChances(task, id, difficulty), focusWords, themes: [id.slice(0, id.indexOf('-'))] })
  switch (item.kind) {
    case 'flag':
      return make(`budget-${digits(item.c.card)}`, DIFFICULTY.flag, FOCUS.card)
    case 'card':
      return make(`card-${digits(item.c.card)}`, DIFFICULTY.card, FOCUS.card)
    case 'interest':
      return make(`interest-${item.t.account}`, (DIFFICULTY.interest as Record<string, Difficulty>)[item.t.account] ?? DIFFICULTY.interestDefault, FOCUS.interest)
    case 'revaluation':
      return make(`revaluation-${item.r.account}`, DIFFICULTY.revaluation, FOCUS.revaluation)
  }
}

const nearBudgetKey = (c: CardReviewTruth) => `near-budget-${digits(c.card)}`

/**
 * What a calibration's close schedules got right, by the ids of closeItem: each card's count and
 * spend, each budget breach with its first charge, each interest and revaluation figure within
 * tolerance; and each card close under its budget that it flagged.
 */
export function readCloseOutcomes(task: Task, close: CloseTruth, d: CloseDeliverable): Required<Pick<ItemOutcomes, 'right' | 'fooled'>> {
  const right = new Map<string, boolean>()
  const fooled = new Map<string, boolean>()
  for (const c of close.cards) {
    const got = d.cardReview?.find((x) => digits(x.card) === digits(c.card))
    right.set(closeItem(task, { kind: 'card', c }).id, got !== undefined && got.charges === c.charges && near(got.spend, c.spend, CLOSE_TOLERANCES.spend))
    if (c.firstChargeOverBudget !== null) right.set(closeItem(task, { kind: 'flag', c }).id, got?.firstChargeOverBudget === c.firstChargeOverBudget)
    else if (nearBudget(c)) fooled.set(nearBudgetKey(c), typeof got?.firstChargeOverBudget === 'string')
  }
  for (const t of close.interest) {
    const got = d.interest?.find((x) => x.account.includes(t.account))
    right.set(closeItem(task, { kind: 'interest', t }).id, near(got?.interest, t.interest, CLOSE_TOLERANCES.interest.full))
  }
  for (const r of close.revaluation) {
    const got = d.revaluation?.find((x) => x.account.includes(r.account))
    right.set(closeItem(task, { kind: 'revaluation', r }).id, near(got?.carryingAmountEur, r.carryingAmountEur, CLOSE_TOLERANCES.eur.full) && near(got?.revaluationEur, r.revaluationEur, CLOSE_TOLERANCES.eur.full))
  }
  return { right, fooled }
}

const chargeCache = new WeakMap<Task, Map<string, string[]>>()
/** A card's charges of the month by statement id, in the order the budget rule takes them (read once per task). */
function chargesOf(task: Task, truth: ReconciliationTruth, c: CardReviewTruth): string[] {
  let cache = chargeCache.get(task)
  if (!cache) chargeCache.set(task, (cache = new Map()))
  const key = `${c.account}|${c.card}`
  let ids = cache.get(key)
  if (!ids) {
    const statement = truth.accounts.find((a) => a.account === c.account)?.statement
    const rows = parseCsv(task.resolvedInputs.find((i) => i.id === statement)?.content ?? 'id\n').rows
    const month = truth.periodEnd.slice(0, 7)
    ids = rows.filter((r) => r.card === c.card && Number(r.amount) < 0 && (r.txn_date ?? '').startsWith(month)).sort((a, b) => a.txn_date!.localeCompare(b.txn_date!)).map((r) => r.id!)
    cache.set(key, ids)
  }
  return ids
}

const round2 = (x: number) => Math.round(x * 100) / 100
/** A wrong amount a model reaches by dropping or misreading a line: between `lo` and `hi`, either sign. */
const slip = (ctx: SimContext, lo: number, hi: number, ...parts: Array<string | number>) => round2(ctx.pick([1, -1], ...parts, 'sign') * (lo + ctx.view(...parts, 'size') * (hi - lo)))
const near = (a: unknown, b: number, tolerance: number) => typeof a === 'number' && Math.abs(a - b) <= tolerance + 1e-9

/**
 * The simulated close schedules: each card's count and spend are exact when the model sees that
 * card (else a charge dropped or misread), a card over budget is flagged when it sees the breach
 * (with the right first charge only when its total is right), a card close under its budget is
 * sometimes flagged in error; an interest schedule is right when it sees the chain, else it slips
 * on one day and every later day; a carrying amount is right or off by a misread line.
 */
export function simulateClose(ctx: SimContext, truth: ReconciliationTruth, close: CloseTruth): CloseDeliverable {
  const out: CloseDeliverable = {}
  if (close.cards.length > 0) {
    const earlier = objectsWith(ctx.prior, ['card', 'charges', 'spend'])
    out.cardReview = close.cards.map((c) => {
      const told = earlier.filter((e) => digits(String(e.card)) === digits(c.card))
      const sum = ctx.decide(closeItem(ctx.task, { kind: 'card', c }), told.some((e) => e.charges === c.charges && near(e.spend, c.spend, CLOSE_TOLERANCES.spend)))
      const right = sum.found && !sum.slipped
      const spend = right ? c.spend : round2(c.spend + slip(ctx, 5, 300, c.card, 'spend'))
      const charges = right || sum.slipped ? c.charges : c.charges + ctx.pick([1, -1], c.card, 'count')
      let first: string | null = null
      if (c.firstChargeOverBudget !== null) {
        const flag = ctx.decide(closeItem(ctx.task, { kind: 'flag', c }), told.some((e) => typeof e.firstChargeOverBudget === 'string'))
        if (flag.found) {
          const ids = chargesOf(ctx.task, truth, c)
          const at = Math.max(0, ids.indexOf(c.firstChargeOverBudget))
          first = right ? c.firstChargeOverBudget : (ids[Math.min(ids.length - 1, at + ctx.pick([1, -1], c.card, 'first'))] ?? c.firstChargeOverBudget)
        }
      } else if (nearBudget(c) && ctx.errs(trapChance(ctx.task, ctx.profile, nearBudgetKey(c), Math.min(1, 2.5 * ctx.profile.falseAlarm)), 'budget', c.card)) {
        first = chargesOf(ctx.task, truth, c).at(-1) ?? null
      }
      return { card: c.card, charges, spend, firstChargeOverBudget: first }
    })
  }
  if (close.interest.length > 0) {
    const earlier = objectsWith(ctx.prior, ['account', 'days', 'interest'])
    out.interest = close.interest.map((t) => {
      const told = earlier.some((e) => String(e.account).includes(t.account) && near(e.interest, t.interest, CLOSE_TOLERANCES.interest.full))
      const d = ctx.decide(closeItem(ctx.task, { kind: 'interest', t }), told)
      if (d.found && !d.slipped) return { account: t.account, days: t.days, interest: t.interest }
      // Days right but the month's sum misread, or one line added on the wrong day and every later day off.
      if (d.found) return { account: t.account, days: t.days, interest: round2(t.interest + slip(ctx, 1.5, 9, t.account, 'interest')) }
      const from = Math.floor(ctx.view(t.account, 'slip-day') * t.days.length)
      const error = slip(ctx, 50, 9000, t.account, 'slip-amount')
      const days = t.days.map((x, i) => ({ date: x.date, balance: i >= from ? round2(x.balance + error) : x.balance }))
      return { account: t.account, days, interest: round2(Math.round(days.reduce((s, x) => s + dayInterestCents(t, Math.round(x.balance * 100)), 0)) / 100) }
    })
  }
  if (close.revaluation.length > 0) {
    const earlier = objectsWith(ctx.prior, ['account', 'carryingAmountEur', 'revaluationEur'])
    out.revaluation = close.revaluation.map((r) => {
      const told = earlier.some((e) => String(e.account).includes(r.account) && near(e.carryingAmountEur, r.carryingAmountEur, CLOSE_TOLERANCES.eur.full))
      const d = ctx.decide(closeItem(ctx.task, { kind: 'revaluation', r }), told)
      const carrying = d.found ? r.carryingAmountEur : round2(r.carryingAmountEur + slip(ctx, 2, 400, r.account, 'carrying'))
      // A slip takes the difference the wrong way round.
      const revaluation = d.found && d.slipped ? -r.revaluationEur : round2(r.closingValueEur - carrying)
      return { account: r.account, carryingAmountEur: carrying, closingValueEur: r.closingValueEur, revaluationEur: revaluation }
    })
  }
  return out
}

/**
 * What a judge model believes the close schedules are: each figure it can work out itself as the
 * truth has it, and, for one it cannot, the candidate's own figure (benefit of the doubt).
 */
export function believeClose(judge: SimContext, close: CloseTruth, candidate: CloseDeliverable): CloseTruth {
  const card = (c: CardReviewTruth) => candidate.cardReview?.find((x) => digits(x.card) === digits(c.card))
  const interest = (t: InterestTruth) => candidate.interest?.find((x) => x.account.includes(t.account))
  const revaluation = (r: RevaluationTruth) => candidate.revaluation?.find((x) => x.account.includes(r.account))
  return {
    ...close,
    cards: close.cards.map((c) => {
      const got = card(c)
      if (!got) return c
      const sum = judge.sees(closeItem(judge.task, { kind: 'card', c })) ? {} : { charges: got.charges, spend: round2(got.spend) }
      const flag = c.firstChargeOverBudget === null || judge.sees(closeItem(judge.task, { kind: 'flag', c })) ? {} : { firstChargeOverBudget: got.firstChargeOverBudget }
      return { ...c, ...sum, ...flag }
    }),
    interest: close.interest.map((t) => {
      const got = interest(t)
      return !got || judge.sees(closeItem(judge.task, { kind: 'interest', t })) ? t : { ...t, days: got.days.map((x) => ({ date: x.date, balance: round2(x.balance) })), interest: round2(got.interest) }
    }),
    revaluation: close.revaluation.map((r) => {
      const got = revaluation(r)
      return !got || judge.sees(closeItem(judge.task, { kind: 'revaluation', r })) ? r : { ...r, carryingAmountEur: round2(got.carryingAmountEur), revaluationEur: round2(got.revaluationEur) }
    }),
  }
}
