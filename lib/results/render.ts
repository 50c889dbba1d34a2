import { memoryText } from './memory-text.js'
import { round8 } from './cost.js'
import { LEARNING_RUN_NOTE, learningSummaryLines } from './learning.js'
import { adjustmentNote, cost, difference, interval, judgeText, MDE_NOTE, num, SIMULATED_CAVEAT, usd } from './format.js'
import { F1, headlineMetric, RECALL } from './summary-line.js'
import { judgeAuditLines, judgeAuditNotes, LENGTH_METHOD, roleNamesLeftLine } from './judge-audit.js'
import { estimatedBudgetTasks, matchedNotes } from './matched-baseline.js'
import { matchedLines, matchedNote } from './matched-render.js'
import { outcomesSummaryLines } from './outcomes/render.js'
import { checklistAgreementLines } from './checklist-agreement.js'
import { cellDifference, COST_NOTE, costCell, missedCell, TOPOLOGY_COLUMNS, topologyCells } from './report/tables.js'
import type { CellAggregate, RunFile } from './schema.js'
import { CONTINUATION, renderTable, TABLE_WIDTH } from '../cli/table.js'
import { wrap } from '../text.js'
import { simulatedPricesOnly, simulatedSides, simulatedWhat } from './simulator-label.js'
import { type Saturation, saturationLines } from './saturation.js'

function cellRow(c: CellAggregate): string[] {
  const recall = headlineMetric(c.metrics, RECALL)
  return [
    c.task,
    c.topology,
    `${c.trials - c.errors}/${c.trials}`,
    num(c.headline.mean),
    interval(c.headline.ci),
    cellDifference(c),
    num(recall?.mean, 2),
    num(headlineMetric(c.metrics, F1)?.mean, 2),
    missedCell(c),
    costCell(c.orgUsd),
    num(c.tokens.mean, 0),
    num(c.calls.mean, 1),
  ]
}

/** Which calls were priced at the simulator's prices: all of them, or one side's when the other used a real model. */
function simulatedPrices(config: RunFile['config']): string {
  if (simulatedPricesOnly(config)) return ' (simulated prices)'
  return simulatedSides(config).judge ? " (the judge's calls at simulated prices)" : " (the agents' calls at simulated prices)"
}

const sum = (a: number | null, b: number | null) => (a === null || b === null ? null : round8(a + b))

/** "total spend: …": the full cost (or its known part), what this run paid when the cache served calls, and the errors. */
export function spendLine(run: RunFile): string {
  const { spend } = run.totals
  const total = spend.usd !== null ? usd(sum(run.totals.orgUsd, run.totals.judgeUsd)) : cost(spend)
  const split = spend.usd !== null ? ` (organisations ${usd(run.totals.orgUsd)}, judge ${usd(run.totals.judgeUsd)})` : ''
  const cached = spend.cachedCalls > 0 ? ` · paid in this run ${usd(spend.paidUsd)} (${spend.cachedCalls} calls answered from the response cache)` : ''
  return `total spend: ${total}${split} over ${run.totals.calls} calls${run.simulated ? simulatedPrices(run.config) : ''}${cached} · ${run.totals.errors} errored trial(s)`
}

/** What the budget line adds for stopped cases an earlier session journaled and the last one did not run. */
const outside = (n: number) => (n === 0 ? '' : `, with filters that include the ${n} of them that an earlier session ran and this one did not`)

/** The settings that resume a run: ORGBENCH_RESUME, with the ORGBENCH_RESULTS_DIR it was given when that is not the default (null). */
const resumeSettings = (runId: string, resultsDir: string | null | undefined) => `${resultsDir ? `ORGBENCH_RESULTS_DIR=${resultsDir} ` : ''}ORGBENCH_RESUME=${runId}`

/**
 * "budget: …": the cap, what it counted over every session of the run (calls without usage at
 * their worst case, which can only be more than they cost) and the cases it stopped, with how to
 * run them.
 */
export function budgetLine(run: Pick<RunFile, 'runId' | 'sessions'> & { totals: Pick<RunFile['totals'], 'spend'> & { budget: NonNullable<RunFile['totals']['budget']> } }, resultsDir: string | null = null): string {
  const { budget, spend } = run.totals
  const sessions = run.sessions > 1 ? ` over ${run.sessions} sessions` : ''
  const worst = budget.atWorstCase ?? 0
  // Files written before the cap's count was kept: what the records say was paid.
  const spent =
    budget.countedUsd === undefined
      ? `${spend.paidUsd === null ? '≥ ' : ''}${usd(spend.paidUsd ?? spend.knownUsd)}`
      : worst > 0
        ? `at most ${usd(budget.countedUsd)}${sessions} (${worst} call(s) without usage counted at their worst case)`
        : `${usd(budget.countedUsd)}${sessions}`
  if (budget.shards) return shardsBudgetLine(budget.shards, spent, budget.casesNotRun)
  const stopped =
    budget.casesNotRun === 0
      ? 'no case stopped by the cap'
      : `${budget.casesNotRun} case(s) stopped by the cap, not run or not finished (recorded as budget errors, never scored; to run them, raise ORGBENCH_MAX_USD and resume with ${resumeSettings(run.runId, resultsDir)}${outside(budget.notRunBySession ?? 0)})`
  return `budget: cap $${budget.capUsd.toFixed(2)} (ORGBENCH_MAX_USD), spent ${spent}, ${stopped}`
}

/**
 * The budget line of a merged run: each shard had its own cap, and a shard the cap stopped is
 * resumed on its own (the merged run is no run a resume continues), then merged again.
 */
function shardsBudgetLine(shards: NonNullable<NonNullable<RunFile['totals']['budget']>['shards']>, spent: string, casesNotRun: number): string {
  const name = (s: (typeof shards)[number]) => (s.shard ? `shard ${s.shard}` : `run ${s.runId}`)
  const caps = shards.map((s) => `${name(s)} ${s.capUsd === null ? 'none' : `$${s.capUsd.toFixed(2)}`}`).join(', ')
  const resumes = shards
    .filter((s) => s.casesNotRun > 0)
    .map((s) => `${name(s)} (${s.casesNotRun}): ORGBENCH_RESUME=${s.runId}${s.shard ? ` --shard=${s.shard}` : ''}`)
    .join('; ')
  const stopped =
    casesNotRun === 0
      ? 'no case stopped by a cap'
      : `${casesNotRun} case(s) stopped by their shard's cap, not run or not finished (recorded as budget errors, never scored; to run them, raise ORGBENCH_MAX_USD, resume each such shard with --reporter=blob, then merge again: ${resumes})`
  return `budget: caps per shard (ORGBENCH_MAX_USD): ${caps}; spent ${spent} over all shards, ${stopped}`
}

/**
 * How to run the errored cases again, besides those the cap stopped (the budget line says how to
 * run those): a resume of the run, whose journal is kept for that. None for a merged or re-scored
 * run, which no resume continues.
 */
export function resumeErrorsLine(run: Pick<RunFile, 'runId' | 'mergedFrom' | 'rescoredFrom' | 'learning'> & { totals: Pick<RunFile['totals'], 'errors' | 'budget'> }, resultsDir: string | null = null): string[] {
  const errored = run.totals.errors - (run.totals.budget?.casesNotRun ?? 0)
  // A learning run keeps no case on a resume: every iteration learns from the one before it.
  if (errored <= 0 || run.mergedFrom !== undefined || run.rescoredFrom !== undefined || run.learning !== undefined) return []
  const besides = run.totals.budget && run.totals.budget.casesNotRun > 0 ? ' besides those the cap stopped' : ''
  return [`${errored} errored case(s)${besides}: fix the cause (each case's error is above), then resume with ${resumeSettings(run.runId, resultsDir)} to run only them; cases with a successful record are kept`]
}

/**
 * What each case of the run repeats: ORGBENCH_TRIALS for a benchmark case; for a learning run the
 * ORGBENCH_LEARN_* settings (its cases repeat by iteration and seed, not by ORGBENCH_TRIALS). A
 * run file written before the settings were recorded still tells the seeds from its splits.
 */
export function repetitionText(run: Pick<RunFile, 'config' | 'cases' | 'learning'>): string {
  if (!run.learning) return `${run.config.trials} trial(s)`
  const s = run.learning.settings
  const split = run.learning.splits[0]
  const seeds = s ? `${s.trainTrials} training + ${s.heldOutTrials} held-out seed(s)` : split ? `${split.trainSeeds.length} training + ${split.heldOutSeeds.length} held-out seed(s)` : null
  const learning = s ? `learning: up to ${s.iterations} iteration(s) per arm, ${seeds} each, lessons ≤ ${s.budgetTokens} tokens per agent` : `learning${seeds ? `: ${seeds} per iteration` : ''}`
  const learned = new Set(run.learning.splits.map((x) => x.task))
  const benchmark = run.cases.some((c) => !learned.has(c.task))
  return benchmark ? `${run.config.trials} trial(s) per benchmark case · ${learning}` : learning
}

/** The hint under a summary table split to fit 120 columns. */
const SPLIT_NOTE = '(split to fit 120 columns; ORGBENCH_WIDE=on, or --wide for a command, prints one table)'

/**
 * The run summary printed at the end of a run: one row per task × topology, one per topology over
 * all tasks, then the spend. Its tables fit 120 columns unless `wide`. `saturation` names the
 * saturated tasks under the tables (saturation.ts reads it).
 */
export function renderRunSummary(run: RunFile, file: string, options: { wide?: boolean; saturation?: Saturation; resultsDir?: string | null } = {}): string {
  const fit = { wide: options.wide, splitNote: SPLIT_NOTE }
  const label = run.simulated ? `SIMULATED (${simulatedWhat(run.config)}): ${SIMULATED_CAVEAT}` : `${run.config.provider} · ${run.config.model}`
  const overall = run.summaries.filter((g) => g.by === 'all')
  const audit = judgeAuditLines(run.cases, run.provenance, run.config.judgeRepeats)
  const auditNotes = judgeAuditNotes(run.cases, run.provenance)
  const roleNamesLeft = roleNamesLeftLine(run.cases)
  const checklist = checklistAgreementLines(run.cases)
  const matched = matchedLines(run.summaries, run.cases)
  const estimated = estimatedBudgetTasks(run.cases)
  const estimatedNote = matchedNotes(overall, estimated, { learning: run.learning !== undefined })
  const lines = [
    '',
    `orgbench results — ${label}`,
    `judge ${judgeText(run.config, { repeats: run.config.judgeRepeats > 1 })} · ${repetitionText(run)} · seed ${run.config.seed} · memory ${memoryText(run.config.memory, run.cases)}`,
    ...(run.learning ? [`Learning run: ${LEARNING_RUN_NOTE}; \`orgbench report\` shows its learning curves.`] : []),
    '',
    renderTable(['task', 'topology', 'ok', 'score', '95% CI', 'Δ vs single [95% CI]', 'recall', 'F1', 'missed', 'org $/trial', 'tokens', 'calls'], run.aggregates.map(cellRow), { left: 2, key: 2, ...fit }),
    ...saturationLines(options.saturation, run.aggregates.map((c) => c.task)).flatMap((l) => wrap(`${l}.`, TABLE_WIDTH, CONTINUATION)),
    '',
    ...(overall.length > 0
      ? [
          'per topology over all tasks (each task weighs the same; intervals clustered by task):',
          renderTable(TOPOLOGY_COLUMNS, overall.map((g) => topologyCells(g, estimated)), fit),
          ...(estimatedNote ? wrap(`${estimatedNote}.`, TABLE_WIDTH, CONTINUATION) : []),
          ...wrap(`${MDE_NOTE}.`, TABLE_WIDTH, CONTINUATION),
          ...wrap(`${adjustmentNote(overall, run.aggregates)}.`, TABLE_WIDTH, CONTINUATION),
          ...wrap(`${COST_NOTE}.`, TABLE_WIDTH, CONTINUATION),
          ...(run.simulated ? [`Simulated: ${SIMULATED_CAVEAT}; the simulator's parameters decide which topology wins (lib/sim/README.md).`] : []),
          '',
        ]
      : []),
    ...(matched.length > 0
      ? [`organisation or compute? each organisation against its compute-matched single agent${run.simulated ? ` (simulated: ${SIMULATED_CAVEAT})` : ''}:`, ...matched.map((l) => `  ${l}`), `  (${matchedNote(run.cases)})`, '']
      : []),
    ...outcomesSummaryLines(run, { wide: options.wide }),
    ...(audit.length > 0
      ? [
          'how far the judge can be trusted on this run:',
          ...audit.map((l) => `  ${l}`),
          ...(auditNotes.lengthMethod ? [`  (length: ${LENGTH_METHOD})`] : []),
          ...(auditNotes.blindnessHint ? ['  blindness: not checked; `orgbench calibrate --provenance <this file>` asks the judge to tell organisations from single agents'] : []),
          ...(roleNamesLeft !== null ? [`  blindness: ${roleNamesLeft}`] : []),
          '',
        ]
      : []),
    ...(checklist.length > 0 ? ['checklists:', ...checklist.map((l) => `  ${l}`), ''] : []),
    ...(run.learning ? learningSummaryLines(run.learning) : []),
    spendLine(run),
    ...(run.totals.budget ? [budgetLine({ ...run, totals: { ...run.totals, budget: run.totals.budget } }, options.resultsDir)] : []),
    ...resumeErrorsLine(run, options.resultsDir),
    ...run.warnings.map((w) => `warning: ${w}`),
    `status: ${run.status}${run.statusReasons.length > 0 ? ` (${run.statusReasons.join('; ')})` : ''}${run.sessions > 1 ? ` · resumed ${run.sessions - 1} time(s)` : ''}`,
    `results: ${file} (records: ${run.records.file})`,
  ]
  // Tables are fitted above; prose lines wrap at the same width (multi-line entries are tables).
  return lines.flatMap((l) => (options.wide || l.includes('\n') ? [l] : wrap(l, TABLE_WIDTH, CONTINUATION))).join('\n')
}
