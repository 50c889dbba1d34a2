import { renderCategories } from '../../categories.js'
import { CLOSE_TOLERANCES, RECONCILIATION_CATEGORIES } from '../../kinds/reconciliation.js'
import { defineTask } from '../../schema.js'

const brief = `You are the senior accountant of Harmsen Messtechnik GmbH, Bremen, a maker of laboratory measuring instruments (functional currency EUR). The books for March 2026, the last month of the first quarter, are still open. Prepare the quarter-end reconciliation of the six cash accounts at 31 March 2026, propose the adjusting entries to be posted before the close, and prepare the month-end schedules that go with it (the card review, the interest accrual and the revaluation of the currency accounts); the Head of Accounting reviews them and the CFO signs them off.

The inputs are the cash ledger for March (every line of accounts 1200, 1210, 1220, 1230, 1250 and 1260), the statements of the two banks (Weserbank EUR and USD, Lesmona Bank EUR and GBP) and the transaction exports of the two card programmes (HanseCard, Lesmona purchasing cards), each from 1 March to 8 April 2026; the ledger and statement balances with the open items of the February reconciliation; and the supporting records: the vendor master and its log of bank-detail changes, the supplier invoice register, the ECB reference rates, the Nordpay payout reports, the direct-debit collection files, the card register, the purchase orders, Weserbank's account terms, and the company's cash reconciliation policy (Finance Manual FM-07). The policy is binding: where it prescribes a rule, an account or a method, follow it, even where your own practice differs.

Work through each account in its own currency:
1. Match the ledger lines with the statement lines. A match may be one to one, several to one (a payout or a collection file settles many ledger lines), one to several, or lines that cancel each other within the month. Bank texts rarely repeat the ledger text; use amounts, dates, references, counterparties and accounts.
2. Decide for every line left over whether it is a reconciling item (a timing difference within the policy's window, which needs no entry) or an exception, and check the transactions against the policy and the supporting records as well as against each other, also where ledger and statement agree.
3. For each exception propose the adjusting entry the policy prescribes.
4. Prove each account: statement balance plus reconciling items must equal ledger balance plus adjustments.
5. Prepare the month-end schedules of policy section 6 for March: the card review of every card against its monthly budget, the interest schedules of the accounts 1200 and 1210, and the revaluation of the accounts 1210 and 1230.

Exception categories (file each exception under the first one in this order that fits; "other" only if none does):
${renderCategories(RECONCILIATION_CATEGORIES)}

Materiality is EUR 5,000 per exception (USD and GBP at the reference rate of 31 March 2026). Errors are not equal: missing a suspected fraud or a material exception is the worst outcome of this reconciliation; reporting a timing difference or a correct transaction as an exception is a false alarm that would misstate the accounts if its entry were posted; a wrong amount in an entry matters more than wording.

Return:
- accounts: one entry per cash account (1200, 1210, 1220, 1230, 1250, 1260) with, in the account's currency, the statement balance and the ledger balance at 31 March 2026, the adjusted statement balance (statement balance plus the reconciling items, signed as in the ledger), the adjusted ledger balance (ledger balance plus the ledgerAdjustment of every exception of the account) and the unexplained difference (adjusted statement balance minus adjusted ledger balance).
- reconcilingItems: every timing difference, with its account, the ids of its ledger and statement lines, its amount signed as in the ledger, and a one-line explanation.
- exceptions: every exception, with its account, its category, the ids of every ledger line and statement line involved, its amount (positive, in the account's currency, as policy 5.3 defines it), its ledgerAdjustment (signed change of the cash account's ledger balance; 0 where the cash lines stay as they are), the proposed entry with accounts and amounts, and an explanation that names the evidence.
- cardReview: one entry per card of the card register (both programmes, by card as the exports print it, e.g. "****9999"): the number of its charges in March and its spend (policy 4.7), and the export id of the charge that first took the spend above the monthly budget, or null.
- interest: one entry per account 1200 and 1210 with the closing balance by value date of every calendar day from 1 to 31 March 2026 (policy 6.2) and the month's interest under Weserbank's terms, in the account's currency.
- revaluation: one entry per account 1210 and 1230 with, in EUR, the carrying amount at 31 March 2026 before the revaluation, the closing value and the revaluation (policy 6.3).
- summary: what the CFO must know, material exceptions, suspected fraud and cards over budget first.

The schedules are checked figure by figure: a number of charges, a first charge over budget and a daily balance must be exact; a spend counts within EUR ${CLOSE_TOLERANCES.spend.toFixed(2)}; the month's interest within ${CLOSE_TOLERANCES.interest.full.toFixed(2)} of the account's currency (half credit within ${CLOSE_TOLERANCES.interest.half.toFixed(2)}); a carrying amount and a revaluation within EUR ${CLOSE_TOLERANCES.eur.full.toFixed(2)} (half credit within EUR ${CLOSE_TOLERANCES.eur.half.toFixed(2)}).

Line ids are those of the inputs (column \`line\` of the ledger, column \`id\` of each statement); cite them exactly. Do not ask questions back: decide from the inputs and hand in the complete reconciliation.`

export default defineTask({
  id: 'cash_reconciliation_execution',
  track: 'finance',
  costCenter: 'finance',
  title: 'Quarter-end reconciliation of six cash accounts against bank and card statements',
  tier: 'hard',
  kind: 'execution',
  brief,
  inputs: [
    { id: 'policy', path: 'hard/harmsen-close/policy.md', label: 'Finance Manual FM-07: cash reconciliation policy', format: 'markdown' },
    { id: 'balances', path: 'hard/harmsen-close/balances.md', label: 'Balances at 31 March 2026 and open items of February', format: 'markdown' },
    { id: 'ledger', path: 'hard/harmsen-close/ledger.csv', label: 'Cash ledger, March 2026 (accounts 1200, 1210, 1220, 1230, 1250, 1260)', format: 'csv' },
    { id: 'bank-eur', path: 'hard/harmsen-close/bank-eur.csv', label: 'Weserbank EUR account statement, 1 March to 8 April 2026', format: 'csv' },
    { id: 'bank-usd', path: 'hard/harmsen-close/bank-usd.csv', label: 'Weserbank USD account statement, 1 March to 8 April 2026', format: 'csv' },
    { id: 'lesmona-eur', path: 'hard/harmsen-close/lesmona-eur.csv', label: 'Lesmona Bank EUR account statement, 1 March to 8 April 2026', format: 'csv' },
    { id: 'lesmona-gbp', path: 'hard/harmsen-close/lesmona-gbp.csv', label: 'Lesmona Bank GBP account statement, 1 March to 8 April 2026', format: 'csv' },
    { id: 'card', path: 'hard/harmsen-close/card.csv', label: 'HanseCard transaction export, 1 March to 8 April 2026', format: 'csv' },
    { id: 'pcard', path: 'hard/harmsen-close/pcard.csv', label: 'Lesmona purchasing-card transaction export, 1 March to 8 April 2026', format: 'csv' },
    { id: 'vendors', path: 'hard/harmsen-close/vendors.csv', label: 'Vendor master', format: 'csv' },
    { id: 'vendor-changes', path: 'hard/harmsen-close/vendor-changes.csv', label: 'Vendor master: log of bank-detail changes', format: 'csv' },
    { id: 'invoices', path: 'hard/harmsen-close/invoices.csv', label: 'Supplier invoice register (invoices paid or scheduled from 1 March 2026)', format: 'csv' },
    { id: 'rates', path: 'hard/harmsen-close/rates.csv', label: 'ECB reference rates (units per EUR)', format: 'csv' },
    { id: 'payouts', path: 'hard/harmsen-close/payouts.csv', label: 'Nordpay payout reports, 2 March to 8 April 2026', format: 'csv' },
    { id: 'collections', path: 'hard/harmsen-close/collections.csv', label: 'SEPA direct-debit collection files, March 2026', format: 'csv' },
    { id: 'cardholders', path: 'hard/harmsen-close/cardholders.csv', label: 'Card register of both card programmes', format: 'csv' },
    { id: 'orders', path: 'hard/harmsen-close/orders.csv', label: 'Purchase orders for purchasing-card purchases', format: 'csv' },
    { id: 'terms', path: 'hard/harmsen-close/terms.md', label: 'Weserbank AG: account terms (extract)', format: 'markdown' },
  ],
  roles: [
    {
      id: 'cash_accountant',
      name: 'Cash Reconciliation Accountant',
      focus:
        'The two EUR bank accounts: ledger accounts 1200 and 1220 with the Weserbank EUR and Lesmona Bank EUR statements, the Nordpay payout reports and the SEPA direct-debit collection files.',
      memoryKey: 'cash_accountant',
    },
    {
      id: 'treasury_analyst',
      name: 'Treasury Analyst',
      focus:
        'The two foreign-currency accounts: ledger accounts 1210 (USD) and 1230 (GBP) with the Weserbank USD and Lesmona Bank GBP statements, the ECB reference rates and the Weserbank account terms.',
      memoryKey: 'treasury_analyst',
    },
    {
      id: 'payments_controller',
      name: 'Payments Control Analyst',
      focus:
        'The supplier side of every account: the vendor master and its log of bank-detail changes, the supplier invoice register, and the payments to suppliers in the ledger and on the statements.',
      memoryKey: 'payments_controller',
    },
    {
      id: 'close_lead',
      name: 'Card Reconciliation Accountant',
      focus:
        'The two card accounts: ledger accounts 1250 and 1260 with the HanseCard and purchasing-card exports, the card register and the purchase orders.',
      memoryKey: 'close_lead',
    },
    {
      id: 'financial_controller',
      name: 'Financial Controller',
      focus:
        'The policy and the result: Finance Manual FM-07, the balances at 31 March and the open items of February, and the reconciliation and the proposed entries of all six accounts as a whole.',
      memoryKey: 'financial_controller',
    },
  ],
  rubric: [
    { key: 'exception_identification', description: 'Every exception is found, including those that only show when inputs are compared (vendor master and change log, invoice register, rates, payout reports, collection files, card register, purchase orders, balances); nothing is invented.', weight: 25 },
    { key: 'classification', description: "Each exception is filed under the first fitting category, and timing differences are kept apart from errors by the policy's business-day window.", weight: 10 },
    { key: 'adjusting_entries', description: "Each proposed entry follows the policy's treatment table: the right accounts, sign and amount in the account's currency.", weight: 15 },
    { key: 'reconciliation_proof', description: 'For each account the balances, reconciling items and adjustments add up to adjusted balances that agree, and no difference is papered over.', weight: 15 },
    { key: 'month_end_schedules', description: "The card review, the interest schedules and the revaluation are complete and follow policy section 6 and the bank's terms: every card and every day, the month's charges by transaction date, balances by value date, each ledger line at the rate of its date.", weight: 25 },
    { key: 'escalation', description: 'The suspected fraud, the material exceptions and the cards over budget are reported as the policy requires, with the evidence behind them (lines, names, accounts, approvals).', weight: 10 },
  ],
  hardConstraints: [
    'Every exception and reconciling item cites the ids of the ledger and statement lines involved.',
    "Amounts are in the currency of the account; adjustments are signed as policy 5.3 defines.",
    "A timing difference within the policy's window is a reconciling item, never an exception with an entry.",
    'The schedules cover every card of the register, every day of March for each account that earns interest, and both currency accounts.',
  ],
  checklist: [],
  deliverable: 'reconciliation',
  minOutputTokens: 32_000,
  groundTruth: 'hard/harmsen-close/ground-truth.json',
  composite: { groundTruth: 0.7, checklist: 0, judge: 0.3 },
})
