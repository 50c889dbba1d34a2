import { z } from 'zod'
import { categories, categoryEnum, CategoryId } from '../categories.js'

/**
 * The exception categories every reconciliation task has, in the order a task's policy applies them
 * (an exception is filed under the first that fits). Timing differences are not among them: they are
 * reconciling items, not errors, and the deliverable lists them apart.
 */
export const RECONCILIATION_CATEGORIES = categories([
  [
    'suspected_fraud',
    'payments that get round the approval rules or reach a payee other than the approved vendor: one invoice split into payments under an approval limit, a look-alike payee name, bank details that differ from the vendor master',
    ['fraud', 'split payment', 'look-alike payee', 'lookalike', 'impersonation', 'misappropriation'],
  ],
  ['duplicate', 'the same transaction recorded twice in the ledger, or charged twice on a statement', ['duplicated', 'double posting', 'posted twice', 'double charge', 'charged twice']],
  [
    'cutoff_error',
    'a ledger entry dated in the period for a transaction that belongs to another period: it is not on the statement in the period and does not meet the policy rule for items in transit',
    ['cut-off', 'cutoff', 'wrong period'],
  ],
  [
    'fx_difference',
    'ledger and statement amounts of one transaction differ because of the exchange rate used or the rounding of a conversion',
    ['fx difference', 'exchange difference', 'conversion difference', 'rounding difference', 'fx gain', 'fx loss'],
  ],
  ['bank_charge', 'fees, charges or interest that a statement shows and the ledger does not record, including fees deducted from an amount received', ['bank fee', 'bank charges', 'unrecorded fee', 'service charge']],
  ['amount_error', 'the ledger records a transaction at another amount or with the opposite sign from the statement (keying error, transposed digits, reversed sign)', ['transposition', 'transposed', 'keying error', 'wrong amount', 'wrong sign']],
  [
    'unrecorded_item',
    'a statement transaction with no ledger entry: a direct debit, a receipt not yet applied, a returned payment or direct debit, a card charge or refund without a ledger entry',
    ['unrecorded', 'unbooked', 'not booked', 'missing entry', 'returned payment'],
  ],
])

/** A category every task's must-catch list includes whatever the amount. */
export const ALWAYS_MUST_CATCH = 'suspected_fraud'

/** A ledger or statement line id as the inputs print it, e.g. "G9001" or "E9001". */
export const LineId = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9-]*$/, 'expected a line id like "G9001"')
/** Columns a reconciliation ledger must have (others are free): amounts in the account's currency. */
export const LEDGER_COLUMNS = ['line', 'date', 'account', 'amount'] as const
/** Columns every statement must have: the line id, the date it reaches the account, the signed amount. */
export const STATEMENT_COLUMNS = ['id', 'booking_date', 'amount'] as const
/** Columns a card statement must have for a card review. */
export const CARD_COLUMNS = ['id', 'txn_date', 'card', 'amount'] as const
/** Columns a bank statement must have for an interest schedule. */
export const VALUE_DATE_COLUMNS = ['id', 'value_date', 'amount'] as const

/** An amount in a currency with cents. */
export const Money = z
  .number()
  .finite()
  .refine((x) => Math.abs(x * 100 - Math.round(x * 100)) < 1e-6, { message: 'expected an amount with at most two decimals' })
const IsoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date like "2026-03-31"')
const ItemId = z.string().regex(/^[a-z0-9-]+$/, 'expected a lowercase id like "x03"')

export const AccountTruth = z.strictObject({
  /** Ledger account number, as in the ledger's `account` column. */
  account: z.string().min(1),
  currency: z.string().regex(/^[A-Z]{3}$/, 'expected an ISO currency code like "EUR"'),
  /** Input id of the account's statement. */
  statement: z.string().min(1),
  /** Closing rate, units of the account currency per EUR (1 for EUR): converts amounts for materiality. */
  ratePerEur: z.number().positive(),
  statementOpening: Money,
  statementBalance: Money,
  ledgerOpening: Money,
  ledgerBalance: Money,
})

export const ReconciliationException = z.strictObject({
  id: ItemId,
  account: z.string().min(1),
  /** One of the task's categories. */
  category: CategoryId,
  ledgerLines: z.array(LineId),
  statementLines: z.array(LineId),
  /** Positive, account currency: |ledgerAdjustment|, or the total paid when the cash ledger is right (ledgerAdjustment 0). */
  amount: Money.refine((x) => x > 0, { message: 'expected a positive amount' }),
  /** Signed change the adjusting entry makes to the cash account's ledger balance. */
  ledgerAdjustment: Money,
  summary: z.string().min(10),
  /** Nice to catch: counts in recall and precision, but is never a must-catch assertion. */
  optional: z.boolean().optional(),
})
export type ReconciliationException = z.infer<typeof ReconciliationException>

/** A timing difference: in the ledger for the period, on the statement only after the period end, within the window. */
export const ReconcilingItem = z.strictObject({
  id: ItemId,
  account: z.string().min(1),
  ledgerLines: z.array(LineId).min(1),
  statementLines: z.array(LineId).min(1),
  /** Signed as in the ledger. */
  amount: Money,
  summary: z.string().min(10),
})
export type ReconcilingItem = z.infer<typeof ReconcilingItem>

/** A card's month in the card review: its budget, its charges of the month, and the first charge over the budget. */
export const CardReviewTruth = z.strictObject({
  /** The card clearing account whose statement lists the card's charges. */
  account: z.string().min(1),
  /** The card as the statement prints it, e.g. "****9999". */
  card: z.string().regex(/^\*{4}\d{4}$/, 'expected a card like "****9999"'),
  budget: Money.refine((x) => x > 0, { message: 'expected a positive budget' }),
  /** How many charges of the card have a transaction date in the period's month. */
  charges: z.number().int().nonnegative(),
  /** Their total at the billed amount, positive. */
  spend: Money,
  /** The charge that first takes the spend above the budget, in transaction-date order (export order within a day), or null. */
  firstChargeOverBudget: LineId.nullable(),
})
export type CardReviewTruth = z.infer<typeof CardReviewTruth>

/** A band of an interest scale: the yearly rate on the part of the balance from `from` up to the next band's `from`. */
const InterestBand = z.strictObject({ from: Money.refine((x) => x >= 0, { message: 'expected a balance of 0 or more' }), rate: z.number().min(0).max(1) })

/** An account's interest schedule: its closing balance by value date on every day of the period's month, and the month's interest. */
export const InterestTruth = z.strictObject({
  account: z.string().min(1),
  /** Days of the interest year: actual/360 or actual/365. */
  basis: z.union([z.literal(360), z.literal(365)]),
  /** The scale, lowest band first (the first from 0). */
  bands: z.array(InterestBand).min(1),
  days: z.array(z.strictObject({ date: IsoDate, balance: Money })).min(28),
  /** Sum of the days' unrounded interest, rounded to the cent. */
  interest: Money,
})
export type InterestTruth = z.infer<typeof InterestTruth>

/** The month-end revaluation of a foreign-currency account, in EUR. */
export const RevaluationTruth = z.strictObject({
  account: z.string().min(1),
  /** EUR carrying amount at the previous month end. */
  carryingOpeningEur: Money,
  /** Opening plus every ledger line of the month at the reference rate of its date, each rounded to the cent. */
  carryingAmountEur: Money,
  /** The ledger balance before adjustments at the period-end rate, rounded to the cent. */
  closingValueEur: Money,
  /** closingValueEur minus carryingAmountEur (a gain is positive). */
  revaluationEur: Money,
})
export type RevaluationTruth = z.infer<typeof RevaluationTruth>

/**
 * The computed schedules of a month-end close, beside the reconciliation: a card review against
 * monthly budgets, interest schedules on daily value-dated balances, and the revaluation of
 * foreign-currency accounts. Optional: a reconciliation without it is scored as before.
 */
export const CloseTruth = z.strictObject({
  cards: z.array(CardReviewTruth).default([]),
  interest: z.array(InterestTruth).default([]),
  /** Input id of the reference rates (a `date` column and one column per currency, units per EUR); required with a revaluation. */
  rates: z.string().min(1).optional(),
  revaluation: z.array(RevaluationTruth).default([]),
})
export type CloseTruth = z.infer<typeof CloseTruth>

/**
 * How close a computed figure must be to count (stated in the brief): a card's spend within 0.50;
 * interest within 0.05 (half credit within 1.00) of the account's currency; EUR carrying amounts and
 * revaluations within 1.00 (half credit within 20.00). Counts of charges, first charges over budget
 * and daily balances must be exact.
 */
export const CLOSE_TOLERANCES = { spend: 0.5, interest: { full: 0.05, half: 1 }, eur: { full: 1, half: 20 } } as const

export const ReconciliationTruth = z.strictObject({
  /** Input id of the ledger. */
  ledger: z.string().min(1),
  /** The other inputs (policy, master data, rates, balances): every input is named once by the truth. */
  supporting: z.array(z.string().min(1)).default([]),
  periodEnd: IsoDate,
  materialityEur: z.number().positive(),
  accounts: z.array(AccountTruth).min(1),
  exceptions: z.array(ReconciliationException).min(1),
  reconcilingItems: z.array(ReconcilingItem).default([]),
  /** Items open at the previous period end that the statement clears in this period: no action. */
  priorItems: z.array(z.strictObject({ id: ItemId, account: z.string().min(1), statementLines: z.array(LineId).min(1), amount: Money, summary: z.string().min(10) })).default([]),
  /** Lines that look like an exception but are fine. */
  decoys: z.array(z.strictObject({ account: z.string().min(1), lines: z.array(LineId).min(1), resembles: CategoryId, why: z.string().min(10) })).default([]),
  /** The computed schedules of the close, where the task asks for them. */
  close: CloseTruth.optional(),
})
export type ReconciliationTruth = z.infer<typeof ReconciliationTruth>

const lines = (what: 'ledger' | 'statement') => z.array(z.string()).describe(`ids of the ${what} lines involved, exactly as the ${what} prints them`)

/** A card that ends the month within this share of its budget, but not over it, is a look-alike of one over budget. */
export const NEAR_BUDGET = 0.97
/** Whether a card of the review ends the month close under its budget. */
export const nearBudget = (c: CardReviewTruth) => c.firstChargeOverBudget === null && c.spend >= NEAR_BUDGET * c.budget
/** The scored figures of the close schedules: each card, each interest schedule, each revaluation. */
export const closeItems = (truth: ReconciliationTruth) => (truth.close ? truth.close.cards.length + truth.close.interest.length + truth.close.revaluation.length : 0)
/** The cards of the review that end the month close under their budget. */
export const closeDecoys = (truth: ReconciliationTruth) => truth.close?.cards.filter(nearBudget).length ?? 0

/** The close schedules a truth asks for, in deliverable order: its shape name. */
export const closeSections = (truth?: ReconciliationTruth) =>
  (['cardReview', 'interest', 'revaluation'] as const).filter((s) => (s === 'cardReview' ? truth?.close?.cards : truth?.close?.[s])?.length)

const money = (what: string) => z.number().describe(what)
/** The deliverable sections of the close schedules. */
const CLOSE_SECTIONS = {
  cardReview: z
    .array(
      z.object({
        card: z.string().describe('the card as the statement prints it, e.g. "****9999"'),
        charges: z.number().int().describe("number of the card's charges in the month"),
        spend: money("total of the card's charges in the month, EUR, positive"),
        firstChargeOverBudget: z.string().nullable().describe('statement line id of the charge that first takes the spend above the budget, or null'),
      }),
    )
    .describe('one entry per card of the card register'),
  interest: z
    .array(
      z.object({
        account: z.string(),
        days: z.array(z.object({ date: z.string().describe('YYYY-MM-DD'), balance: money('closing balance by value date, account currency') })).describe('every calendar day of the month'),
        interest: money("the month's interest, account currency"),
      }),
    )
    .describe('one entry per account that earns interest'),
  revaluation: z
    .array(
      z.object({
        account: z.string(),
        carryingAmountEur: money('EUR carrying amount at the month end before the revaluation'),
        closingValueEur: money('ledger balance before adjustments at the month-end rate, EUR'),
        revaluationEur: money('closingValueEur minus carryingAmountEur'),
      }),
    )
    .describe('one entry per foreign-currency account'),
}
/** The close schedules of a deliverable, each present where the task asks for it. */
export type CloseDeliverable = { [K in keyof typeof CLOSE_SECTIONS]?: z.infer<(typeof CLOSE_SECTIONS)[K]> }

/**
 * What a reconciliation must hand in, for a task whose exception categories are `categoryIds` (or
 * "other"), with the close schedules its truth asks for.
 */
export function reconciliationDeliverable(categoryIds: readonly string[], truth?: ReconciliationTruth): z.ZodType<ReconciliationDeliverable> {
  const sections = closeSections(truth)
  if (sections.length === 0) return baseDeliverable(categoryIds)
  const shape: Partial<typeof CLOSE_SECTIONS> = Object.fromEntries(sections.map((s) => [s, CLOSE_SECTIONS[s]]))
  return baseDeliverable(categoryIds).extend(shape) as z.ZodType<ReconciliationDeliverable>
}

function baseDeliverable(categoryIds: readonly string[]) {
  const AccountSummary = z.object({
    account: z.string().describe('ledger account number, e.g. "1999"'),
    statementBalance: z.number().describe('statement balance at the period end, account currency'),
    ledgerBalance: z.number().describe('ledger balance at the period end before any adjustment'),
    adjustedStatementBalance: z.number().describe('statement balance plus the reconciling items (signed as in the ledger)'),
    adjustedLedgerBalance: z.number().describe('ledger balance plus the ledgerAdjustment of every exception of the account'),
    unexplainedDifference: z.number().describe('adjustedStatementBalance minus adjustedLedgerBalance'),
  })
  const ReconcilingItemFinding = z.object({
    account: z.string(),
    ledgerLines: lines('ledger'),
    statementLines: lines('statement'),
    amount: z.number().describe('signed as in the ledger, account currency'),
    explanation: z.string(),
  })
  const ExceptionFinding = z.object({
    account: z.string(),
    category: categoryEnum(categoryIds, true),
    ledgerLines: lines('ledger'),
    statementLines: lines('statement'),
    amount: z.number().describe('positive, account currency'),
    ledgerAdjustment: z.number().describe("signed change of the cash account's ledger balance made by the proposed entry; 0 if it does not touch the cash account"),
    entry: z.string().describe('the proposed adjusting entry with accounts and amounts, or "none"'),
    explanation: z.string(),
  })
  return z.object({
    accounts: z.array(AccountSummary),
    reconcilingItems: z.array(ReconcilingItemFinding),
    exceptions: z.array(ExceptionFinding),
    summary: z.string(),
  })
}
export type ReconciliationDeliverable = z.infer<ReturnType<typeof baseDeliverable>> & CloseDeliverable
export type ExceptionFinding = ReconciliationDeliverable['exceptions'][number]
