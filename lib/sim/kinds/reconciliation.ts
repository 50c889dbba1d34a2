import { isMustCatch } from '../../eval/scorers/reconciliation.js'
import { parseCsv } from '../../tasks/csv.js'
import type { Task } from '../../tasks/registry.js'
import { ALWAYS_MUST_CATCH, type ReconciliationDeliverable, type ReconciliationException, type ReconciliationTruth, type ReconcilingItem } from '../../tasks/kinds/reconciliation.js'
import { objectsWith, type SimContext, type SimItem } from '../context.js'
import { itemChances, type ItemOutcomes, registerOutcomeReader, trapChance } from '../calibration.js'
import type { Difficulty } from '../profiles.js'
import { believeClose, readCloseOutcomes, simulateClose } from './reconciliation-close.js'

/**
 * How hard an exception is to find in one pass among a thousand lines: must-catch items are HIGH (a
 * strong model is expected to find them, as the simulator's tests assert for every execution task),
 * every other one LOW, because it shows only when inputs are compared line by line or a few cents
 * are traced.
 */
const difficultyOf = (truth: ReconciliationTruth, x: ReconciliationException): Difficulty => (isMustCatch(truth, x) ? 'HIGH' : 'LOW')
/** Timing differences: the window must be counted in business days, so they are MEDIUM. */
const TIMING_DIFFICULTY: Difficulty = 'MEDIUM'

/** Words of a role's focus that put a category of exception in its view. */
const FOCUS_WORDS: Record<string, string[]> = {
  duplicate: ['matches every ledger line', 'counterpart'],
  unrecorded_item: ['counterpart', 'statement lines'],
  bank_charge: ['counterpart', 'bank texts'],
  amount_error: ['matches every ledger line', 'amount'],
  fx_difference: ['foreign currency', 'conversion', 'rate'],
  cutoff_error: ['month end', 'business-day'],
  suspected_fraud: ['vendor master', 'approval'],
}
const TIMING_FOCUS = ['month end', 'business-day', 'april']

const ENTRY: Record<string, string> = {
  suspected_fraud: 'Dr 1595 Payments under investigation / Cr 3300 Trade payables; cash lines unchanged; report to the CFO',
  duplicate: 'Reverse the extra line (or Dr 1590 Claims / Cr cash for a charge made twice)',
  cutoff_error: 'Reverse the line out of March',
  fx_difference: 'Correct the cash line to the statement amount against 7960 Exchange differences',
  bank_charge: 'Dr 6855 Bank and payment charges / Cr cash',
  amount_error: 'Correct the cash line to the statement amount against the original account',
  unrecorded_item: 'Record the statement line against the account of its nature',
}

const ledgerIdCache = new WeakMap<Task, Set<string>>()
/** The line ids of a task's ledger input, read once per task. */
function ledgerLineIds(task: Task, ledger: string): Set<string> {
  let ids = ledgerIdCache.get(task)
  if (!ids) {
    const input = task.resolvedInputs.find((i) => i.id === ledger)
    ids = new Set(input ? parseCsv(input.content).rows.map((r) => r.line!) : [])
    ledgerIdCache.set(task, ids)
  }
  return ids
}

const linesOf = (o: Record<string, unknown>) => new Set([...(Array.isArray(o.ledgerLines) ? o.ledgerLines : []), ...(Array.isArray(o.statementLines) ? o.statementLines : [])].map(String))
const shares = (a: ReadonlySet<string>, ids: readonly string[]) => ids.some((id) => a.has(id))
const round2 = (x: number) => Math.round(x * 100) / 100

/**
 * The simulator's item for an exception or a timing difference, for agents and judge alike: the
 * one place where an item's difficulty and detectability are set (a calibration file can set the
 * latter per item id).
 */
function reconciliationItem(task: Task, truth: ReconciliationTruth, item: { kind: 'exception'; x: ReconciliationException } | { kind: 'timing'; r: ReconcilingItem }): SimItem {
  const [id, difficulty, focusWords] = item.kind === 'exception' ? [item.x.id, difficultyOf(truth, item.x), FOCUS_WORDS[item.x.category] ?? []] : [item.r.id, TIMING_DIFFICULTY, TIMING_FOCUS]
  return { id, difficulty, ...itemChances(task, id, difficulty), focusWords, themes: item.kind === 'exception' ? [item.x.category] : ['timing'] }
}

const TRAP_KEYS = { timing: (r: ReconcilingItem) => `as-error-${r.id}`, decoy: (j: number) => `decoy-${j}`, prior: (j: number) => `prior-${j}` }
const near = (a: number, b: number) => Math.abs(a - b) <= 0.005

/**
 * What a calibration reconciliation got right: each exception reported under its category on one
 * of its lines (and with its amount and adjustment), each timing difference listed, the close
 * schedules; and the timing differences, decoys and earlier months' items it reported as exceptions.
 */
function readReconciliationOutcomes(task: Task, data: unknown): ItemOutcomes {
  const truth = task.truth!.data as ReconciliationTruth
  const d = data as ReconciliationDeliverable
  const out: Required<ItemOutcomes> = { right: new Map(), exact: new Map(), fooled: new Map() }
  const flagged = (ids: readonly string[]) => d.exceptions.filter((e) => shares(linesOf(e), ids))
  for (const x of truth.exceptions) {
    const hits = flagged([...x.ledgerLines, ...x.statementLines]).filter((e) => e.category === x.category)
    out.right.set(x.id, hits.length > 0)
    out.exact.set(x.id, hits.some((e) => near(e.amount, x.amount) && near(e.ledgerAdjustment, x.ledgerAdjustment)))
  }
  for (const r of truth.reconcilingItems) {
    const ids = [...r.ledgerLines, ...r.statementLines]
    out.right.set(r.id, d.reconcilingItems.some((e) => shares(linesOf(e), ids)))
    out.fooled.set(TRAP_KEYS.timing(r), flagged(ids).length > 0)
  }
  truth.decoys.forEach((decoy, j) => out.fooled.set(TRAP_KEYS.decoy(j), flagged(decoy.lines).length > 0))
  truth.priorItems.forEach((p, j) => out.fooled.set(TRAP_KEYS.prior(j), flagged(p.statementLines).length > 0))
  if (truth.close) {
    const close = readCloseOutcomes(task, truth.close, d)
    close.right.forEach((v, k) => out.right.set(k, v))
    close.fooled.forEach((v, k) => out.fooled.set(k, v))
  }
  return out
}
registerOutcomeReader('reconciliation', readReconciliationOutcomes)

/** Whether a critique in the prompt names one of these lines as missing from a list of the deliverable. */
const hintedLines = (ctx: SimContext, list: 'exceptions' | 'reconcilingItems', x: { ledgerLines: readonly string[]; statementLines: readonly string[] }) =>
  x.ledgerLines.some((id) => ctx.hinted(`${list}.ledgerLines=${id}`)) || x.statementLines.some((id) => ctx.hinted(`${list}.statementLines=${id}`))

/** The model's misreadings this trial, the same in every call: a timing difference taken for an error, a decoy or an earlier month's item taken for an exception. */
const misreads = {
  timing: (ctx: SimContext, r: ReconcilingItem) => ctx.errs(trapChance(ctx.task, ctx.profile, TRAP_KEYS.timing(r), 0.5), r.id, 'as-error'),
  decoy: (ctx: SimContext, j: number) => ctx.errs(trapChance(ctx.task, ctx.profile, TRAP_KEYS.decoy(j), ctx.profile.falseAlarm), 'decoy', j),
  prior: (ctx: SimContext, j: number) => ctx.errs(trapChance(ctx.task, ctx.profile, TRAP_KEYS.prior(j), ctx.profile.falseAlarm / 2), 'prior', j),
}

/** The exception a model reports for a timing difference it takes for an error: the business-day window miscounted, the line reversed out of the month. */
const timingAsError = (r: ReconcilingItem) => ({ account: r.account, category: 'cutoff_error', ledgerLines: r.ledgerLines, statementLines: r.statementLines, amount: Math.abs(r.amount), ledgerAdjustment: -r.amount })
/** The exception a model reports for a decoy: the ledger's lines apart from the statement's, nothing to adjust. */
function decoyAsError(task: Task, truth: ReconciliationTruth, decoy: ReconciliationTruth['decoys'][number]) {
  const ledgerIds = ledgerLineIds(task, truth.ledger)
  const ledger = decoy.lines.filter((id) => ledgerIds.has(id))
  return { account: decoy.account, category: decoy.resembles, ledgerLines: ledger, statementLines: decoy.lines.filter((id) => !ledger.includes(id)), amount: 0, ledgerAdjustment: 0 }
}
/** The exception a model reports for an earlier month's open item: a statement line without a ledger line. */
const priorAsError = (p: ReconciliationTruth['priorItems'][number]) => ({ account: p.account, category: 'unrecorded_item', ledgerLines: [], statementLines: p.statementLines, amount: Math.abs(p.amount), ledgerAdjustment: p.amount })

/**
 * Simulated cash reconciliation: which exceptions and timing differences are found, and what false
 * alarms are raised (the same misreadings in every call of the trial).
 */
export function simulateReconciliation(ctx: SimContext, truth: ReconciliationTruth): ReconciliationDeliverable {
  const earlierExceptions = objectsWith(ctx.prior, ['category', 'ledgerLines', 'ledgerAdjustment'])
  const earlierTiming = objectsWith(ctx.prior, ['ledgerLines', 'statementLines', 'amount']).filter((o) => !('category' in o))
  const categories = ctx.task.categories.map((c) => c.id)
  const exceptions: ReconciliationDeliverable['exceptions'] = []
  const reconcilingItems: ReconciliationDeliverable['reconcilingItems'] = []

  const report = (x: ReconciliationException, category: string, slipped: boolean) => {
    // A slip gets the adjustment wrong: the sign for a correction, one payment short for a set of payments.
    const adjustment = slipped && x.ledgerAdjustment !== 0 ? -x.ledgerAdjustment : x.ledgerAdjustment
    const amount = slipped && x.ledgerAdjustment === 0 ? round2((x.amount * (x.statementLines.length - 1)) / Math.max(1, x.statementLines.length)) : x.amount
    exceptions.push({ account: x.account, category, ledgerLines: x.ledgerLines, statementLines: x.statementLines, amount, ledgerAdjustment: adjustment, entry: ENTRY[category] ?? 'To be investigated', explanation: x.summary })
  }

  for (const x of truth.exceptions) {
    const ids = [...x.ledgerLines, ...x.statementLines]
    const seen = earlierExceptions.some((e) => e.category === x.category && shares(linesOf(e), ids)) || hintedLines(ctx, 'exceptions', x)
    const item = reconciliationItem(ctx.task, truth, { kind: 'exception', x })
    const d = ctx.decide(item, seen)
    if (!d.found) continue
    const category = d.confused ? ctx.pick(categories.filter((c) => c !== x.category), x.id, 'category') : x.category
    // A group of small differences is summed exactly far less often than one amount is read right.
    const group = x.statementLines.length > 3 && x.ledgerAdjustment !== 0
    report(x, category, d.slipped || (group && ctx.errs(Math.min(1, 4 * ctx.profile.severitySlip) * (item.errorScale ?? 1), x.id, 'sum')))
  }

  for (const r of truth.reconcilingItems) {
    const ids = [...r.ledgerLines, ...r.statementLines]
    const seen = earlierTiming.some((e) => shares(linesOf(e), ids)) || hintedLines(ctx, 'reconcilingItems', r)
    const d = ctx.decide(reconciliationItem(ctx.task, truth, { kind: 'timing', r }), seen)
    if (d.found) {
      reconcilingItems.push({ account: r.account, ledgerLines: r.ledgerLines, statementLines: r.statementLines, amount: r.amount, explanation: r.summary })
    } else if (misreads.timing(ctx, r)) {
      exceptions.push({ ...timingAsError(r), entry: ENTRY.cutoff_error!, explanation: 'Not on the statement by the month end.' })
    }
  }

  truth.decoys.forEach((decoy, j) => {
    const seen = earlierExceptions.some((e) => shares(linesOf(e), decoy.lines))
    if (misreads.decoy(ctx, j) || (seen && ctx.keepsSpurious('decoy', j))) {
      exceptions.push({ ...decoyAsError(ctx.task, truth, decoy), entry: 'To be investigated', explanation: 'These lines look irregular.' })
    }
  })
  truth.priorItems.forEach((p, j) => {
    const seen = earlierExceptions.some((e) => shares(linesOf(e), p.statementLines))
    if (misreads.prior(ctx, j) || (seen && ctx.keepsSpurious('prior', j))) {
      exceptions.push({ ...priorAsError(p), entry: ENTRY.unrecorded_item!, explanation: 'Statement line without a March ledger line.' })
    }
  })

  const accounts = truth.accounts.map((a) => {
    const adjustedStatementBalance = round2(a.statementBalance + reconcilingItems.filter((r) => r.account === a.account).reduce((s, r) => s + r.amount, 0))
    const adjustedLedgerBalance = round2(a.ledgerBalance + exceptions.filter((x) => x.account === a.account).reduce((s, x) => s + x.ledgerAdjustment, 0))
    return { account: a.account, statementBalance: a.statementBalance, ledgerBalance: a.ledgerBalance, adjustedStatementBalance, adjustedLedgerBalance, unexplainedDifference: round2(adjustedStatementBalance - adjustedLedgerBalance) }
  })
  const rate = (account: string) => truth.accounts.find((a) => a.account === account)?.ratePerEur ?? 1
  const material = exceptions.filter((x) => x.category === ALWAYS_MUST_CATCH || x.amount / rate(x.account) >= truth.materialityEur).length
  const close = truth.close ? simulateClose(ctx, truth, truth.close) : {}
  const over = close.cardReview?.filter((c) => c.firstChargeOverBudget !== null).length ?? 0
  return {
    accounts,
    reconcilingItems,
    exceptions,
    ...close,
    summary: `${exceptions.length} exception(s), ${material} of them to report to the CFO; ${reconcilingItems.length} timing difference(s)${truth.close ? `; ${over} card(s) over budget` : ''}.`,
  }
}

/**
 * What a judge model believes the reconciliation is: the exceptions it sees itself or the
 * candidate reports under their category on one of their lines (benefit of the doubt); the timing
 * differences it sees or the candidate lists, except those it takes for errors itself; and, as
 * exceptions, the decoys and earlier months' items it would flag itself.
 */
export function believeReconciliation(judge: SimContext, truth: ReconciliationTruth, candidate: ReconciliationDeliverable): ReconciliationTruth {
  const reports = (category: string, ids: readonly string[]) => candidate.exceptions.some((f) => f.category === category && shares(linesOf(f), ids))
  const lists = (ids: readonly string[]) => candidate.reconcilingItems.some((f) => shares(linesOf(f), ids))
  const exceptions = truth.exceptions.filter((x) => judge.sees(reconciliationItem(judge.task, truth, { kind: 'exception', x })) || reports(x.category, [...x.ledgerLines, ...x.statementLines]))
  const timing = truth.reconcilingItems.map((r) => ({ r, sees: judge.sees(reconciliationItem(judge.task, truth, { kind: 'timing', r })) }))
  const misread = timing.filter((t) => !t.sees && misreads.timing(judge, t.r)).map((t) => t.r)
  const believed = (extra: { account: string; category: string; ledgerLines: string[]; statementLines: string[]; amount: number; ledgerAdjustment: number }, id: string, summary: string): ReconciliationException => ({ id, ...extra, summary })
  return {
    ...truth,
    exceptions: [
      ...exceptions,
      ...misread.map((r) => believed(timingAsError(r), `believed-${r.id}`, r.summary)),
      ...truth.decoys.flatMap((d, j) => (misreads.decoy(judge, j) ? [believed(decoyAsError(judge.task, truth, d), `believed-decoy-${j}`, d.why)] : [])),
      ...truth.priorItems.flatMap((p, j) => (misreads.prior(judge, j) ? [believed(priorAsError(p), `believed-${p.id}`, p.summary)] : [])),
    ],
    reconcilingItems: timing.filter((t) => !misread.includes(t.r) && (t.sees || lists([...t.r.ledgerLines, ...t.r.statementLines]))).map((t) => t.r),
    ...(truth.close ? { close: believeClose(judge, truth.close, candidate) } : {}),
  }
}
