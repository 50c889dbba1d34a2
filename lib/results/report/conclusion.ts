import { shownDifference } from '../adjust.js'
import { signed } from '../format.js'
import { LEARNING_RUN_NOTE } from '../learning.js'
import { isSingleAgent, matchedToAnother, starMatchedName } from '../matched-baseline.js'
import type { CellAggregate, GroupSummary, PairedDifference } from '../schema.js'
import type { CaseSummary } from '../summary.js'
import type { ReportModel } from './model.js'
import { groupBy } from '../values.js'

/*
 * The report's conclusion in words: for each organisation, how far it is from the single agent and
 * from the compute-matched single agent (self_refine@<topology> when the run has it; otherwise
 * self_refine, matched to star's spend, which the sentence says for any other organisation), with
 * intervals, and at what multiple of the single agent's cost.
 */

/** An interval for the conclusion's sentences, with the words that say what kind it is. */
export interface StatedDifference {
  mean: number
  lo: number | null
  hi: number | null
  /** Tasks the difference is paired over; absent when the source does not say. */
  tasks?: number
  /** Trials it is paired over (a trial counts when both succeeded); absent when the source does not say. */
  pairs?: number
}

/**
 * Where the conclusion takes its comparisons from, and the words that say which intervals they are.
 * The default is the run's simultaneous intervals, adjusted for the number of comparisons shown.
 */
export interface ComparisonSource {
  label: string
  difference(g: GroupSummary, against: 'single' | 'self_refine'): StatedDifference | null
}

const stated = (d: PairedDifference | null | undefined): StatedDifference | null => (d && d.mean !== null ? { mean: d.mean, lo: d.ci?.lo ?? null, hi: d.ci?.hi ?? null, tasks: d.tasks, pairs: d.pairs } : null)

/** The run's simultaneous 95 % intervals (Bonferroni over the comparisons shown; Holm decides which survive), clustered by task. */
export const ADJUSTED: ComparisonSource = {
  label: 'simultaneous 95 % intervals clustered by task, adjusted for the number of comparisons shown',
  difference: (g, against) => {
    const d = (against === 'single' ? g.vsSingle : g.vsSelfRefine) ?? null
    const shown = stated(shownDifference(d))
    return shown && d ? { ...shown, tasks: d.tasks, pairs: d.pairs } : shown
  },
}

/** The run's own 95 % intervals, clustered by task, not adjusted for the number of comparisons. */
export const UNADJUSTED: ComparisonSource = {
  label: '95 % intervals clustered by task, not adjusted for the number of comparisons',
  difference: (g, against) => stated(against === 'single' ? g.vsSingle : g.vsSelfRefine),
}

/** Whether a difference rests on fewer than the run's `runTasks` tasks (it pairs only tasks both topologies ran successfully). */
const onFewerTasks = (d: StatedDifference | null, runTasks: number) => d?.tasks !== undefined && d.tasks < runTasks

/**
 * `failed`: what happened to the baseline when none of its trials succeeded ("0/2 trials succeeded
 * (budget)"). `trials`: the organisation's trials, of which a difference over all tasks may still
 * pair fewer (a trial counts when both succeeded), and then says so.
 */
function phrase(d: StatedDifference | null, baseline: string, runTasks: number, failed?: string, trials?: number): string {
  if (!d) return failed ? `no paired comparison with ${baseline}, whose ${failed}` : `no paired comparison with ${baseline}`
  const fewerTrials = d.pairs !== undefined && trials !== undefined && d.pairs < trials
  const over = onFewerTasks(d, runTasks) ? `, over the ${d.tasks} of ${runTasks} task(s) both ran successfully` : fewerTrials ? `, paired over ${d.pairs} of ${trials} trials` : ''
  if (d.lo === null || d.hi === null) return `${signed(d.mean)} points over ${baseline} (too few tasks for an interval: no conclusion${over})`
  const verdict = d.lo > 0 ? 'better' : d.hi < 0 ? 'worse' : 'no difference detected'
  return `${signed(d.mean)} [${signed(d.lo)}, ${signed(d.hi)}] points over ${baseline} (${verdict}${over})`
}

/**
 * The lead sentence: which organisations beat single beyond doubt, or why none could be compared
 * with it. A claim over all tasks is made only from differences paired over all the run's
 * `runTasks` tasks; one that rests on fewer says over how many (`better[].tasks`).
 */
function leadSentence(better: ReadonlyArray<{ topology: string; tasks: number }>, allTasks: boolean, runTasks: number, notCompared: number, organisations: number, singleFailed: string | undefined): string {
  if (singleFailed) return `No organisation can be compared with the single agent: single: ${singleFailed}.`
  if (notCompared === organisations) return 'No organisation can be compared with the single agent: none of them had a trial that succeeded.'
  const overAll = better.filter((b) => b.tasks >= runTasks).map((b) => b.topology)
  const overSome = better.filter((b) => b.tasks < runTasks).map((b) => `${b.topology} beats the single agent beyond doubt on the ${b.tasks} of ${runTasks} task(s) both ran successfully, not over all tasks`)
  const claims = [
    ...(overAll.length > 0 ? [`Over all tasks, ${overAll.join(', ')} beat${overAll.length === 1 ? 's' : ''} the single agent beyond doubt at this run's size`] : []),
    ...overSome,
  ]
  const none = allTasks ? "Over all tasks, no organisation beats the single agent beyond doubt at this run's size" : `No organisation beats the single agent beyond doubt at this run's size on the tasks it was compared on (some on fewer than the run's ${runTasks}: see each)`
  const lead = claims.length > 0 ? claims.join('; ') : none
  return notCompared === 0 ? `${lead}.` : `${lead}; ${notCompared} of ${organisations} organisations had no trial that succeeded and are not compared.`
}

/**
 * A topology's org $/case over the single agent's on the tasks both have a known cost on (means of
 * per-task means), as its difference in points is paired by task: over all tasks, a topology that
 * ran only the cheap ones would look cheaper than it is. Null when no task has both costs.
 */
function costRatioOnCommonTasks(cells: readonly CellAggregate[], topology: string, single: string): { ratio: number; tasks: number } | null {
  const costs = (t: string) => new Map(cells.flatMap((c) => (c.topology === t && c.orgUsd.mean !== null ? [[c.task, c.orgUsd.mean] as const] : [])))
  const mine = costs(topology)
  const theirs = costs(single)
  const common = [...mine.keys()].filter((task) => theirs.has(task))
  const sum = (m: Map<string, number>) => common.reduce((a, task) => a + m.get(task)!, 0)
  return common.length === 0 || sum(theirs) === 0 ? null : { ratio: sum(mine) / sum(theirs), tasks: common.length }
}

/**
 * One paragraph: a sentence per organisation ("star: +4.7 [+1.4, +8.0] points over single (better)
 * at 6.7× the cost; vs compute-matched single (self_refine): +2.7 [-0.8, +6.2] (no difference
 * detected)"), then which intervals these are. Simulated runs say that the numbers test the machinery.
 * `failed` (failedTopologies) says, for each topology none of whose trials succeeded, what happened,
 * in place of a comparison that size or prices cannot explain.
 */
export function conclusionParagraph(groups: readonly GroupSummary[], options: { simulated: boolean; source?: ComparisonSource; failed?: ReadonlyMap<string, string>; cells?: readonly CellAggregate[] }): string {
  const source = options.source ?? ADJUSTED
  const failed = options.failed ?? new Map<string, string>()
  const overall = groups.filter((g) => g.by === 'all')
  const single = overall.find((g) => g.topology === 'single')
  const orgs = overall.filter((g) => !isSingleAgent(g.topology))
  if (!single || orgs.length === 0) return 'No conclusion: the run needs the single agent and at least one organisation on the same tasks.'
  const singleFailed = failed.get(single.topology)
  // `pairedTasks`: the tasks its difference rests on, already stated beside it when fewer than the run's.
  const cost = (g: GroupSummary, pairedTasks: number | undefined) => {
    if (singleFailed) return ''
    const ratio = options.cells ? costRatioOnCommonTasks(options.cells, g.topology, single.topology) : g.orgUsd.mean !== null && single.orgUsd.mean ? { ratio: g.orgUsd.mean / single.orgUsd.mean, tasks: null } : null
    if (!ratio) return ' at an unknown cost'
    const over = ratio.tasks !== null && ratio.tasks < single.tasks && ratio.tasks !== pairedTasks ? ` (over the ${ratio.tasks} task(s) both ran)` : ''
    return ` at ${ratio.ratio.toFixed(1)}× the cost${over}`
  }
  const runTasks = Math.max(...overall.map((g) => g.tasks))
  const sentences = orgs.map((g) => {
    const own = failed.get(g.topology)
    if (own) return `${g.topology}: ${own}.`
    // The matched single agent is self_refine@<topology> when the run has it, else self_refine, which
    // spent star's budget: for any other organisation it is no compute-matched comparison, and says so.
    const matched = g.vsSelfRefine?.against ?? 'self_refine'
    const label = matchedToAnother(g.topology, matched) ? starMatchedName(g.topology, matched) : `compute-matched single (${matched})`
    const refine = overall.some((o) => o.topology === matched) ? `; vs ${label}: ${phrase(source.difference(g, 'self_refine'), matched, runTasks, failed.get(matched), g.trials)}` : ''
    const vsSingle = source.difference(g, 'single')
    return `${g.topology}: ${phrase(vsSingle, 'single', runTasks, singleFailed, g.trials)}${cost(g, onFewerTasks(vsSingle, runTasks) ? vsSingle!.tasks : undefined)}${refine}.`
  })
  const compared = orgs.filter((g) => !failed.has(g.topology)).map((g) => ({ topology: g.topology, d: source.difference(g, 'single') }))
  const better = compared.filter(({ d }) => (d?.lo ?? -Infinity) > 0).map(({ topology, d }) => ({ topology, tasks: d!.tasks ?? runTasks }))
  const allTasks = compared.every(({ d }) => !onFewerTasks(d, runTasks))
  const lead = leadSentence(better, allTasks, runTasks, orgs.filter((g) => failed.has(g.topology)).length, orgs.length, singleFailed)
  const simulated = options.simulated ? ' These are simulated numbers: they test the machinery, not the topologies.' : ''
  return `${lead} ${sentences.join(' ')} (Differences in headline points, paired by task and trial; ${source.label}.)${simulated}`
}

/** How often each description of a trial's first error occurs, the most common first (ties by name). */
function errorTally(records: ReadonlyArray<Pick<CaseSummary, 'errors'>>, describe: (error: CaseSummary['errors'][number]) => string): Array<[string, number]> {
  const counts = new Map<string, number>()
  for (const r of records) {
    const e = r.errors[0]
    const key = e ? describe(e) : 'no error recorded'
    counts.set(key, (counts.get(key) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}

/**
 * What happened to each topology none of whose trials succeeded: "0/2 trials succeeded (budget)",
 * with the kinds of error, the most common first ("(budget 3, timeout 1)" when they differ).
 */
export function failedTopologies(records: ReadonlyArray<Pick<CaseSummary, 'topology' | 'status' | 'errors'>>): Map<string, string> {
  const out = new Map<string, string>()
  for (const [topology, rs] of groupBy(records, (r) => r.topology)) {
    if (rs.some((r) => r.status === 'ok')) continue
    const kinds = errorTally(rs, (e) => e.kind)
    const why = kinds.length === 1 ? kinds[0]![0] : kinds.map(([kind, n]) => `${kind} ${n}`).join(', ')
    out.set(topology, `0/${rs.length} trials succeeded (${why})`)
  }
  return out
}

/**
 * What happened when no trial succeeded, in place of a conclusion: how many trials errored and the
 * most common error, in full (stage, kind and message). Null when some trial succeeded.
 */
export function noSuccessStatement(records: ReadonlyArray<Pick<CaseSummary, 'status' | 'errors'>>): string | null {
  if (records.some((r) => r.status === 'ok')) return null
  if (records.length === 0) return 'No conclusion: these results hold no case, so there is nothing to compare.'
  const [common, n] = errorTally(records, (e) => `${e.stage}: ${e.kind}: ${e.message}`)[0]!
  return `No conclusion: no case succeeded. All ${records.length} trials errored, so there is no score to compare and no outcome to count; the most common error (${n} of ${records.length}) was "${common}". Fix its cause and run again.`
}

/**
 * The report's conclusion: what happened when no trial succeeded, otherwise the paragraph above;
 * for a learning run, said to be no benchmark result.
 */
export function reportConclusion(model: Pick<ReportModel, 'records' | 'groups' | 'simulated'> & { sources?: ReportModel['sources']; cells?: ReportModel['cells'] }): string {
  const conclusion = noSuccessStatement(model.records) ?? conclusionParagraph(model.groups, { simulated: model.simulated, failed: failedTopologies(model.records), cells: model.cells })
  return model.sources?.some((s) => s.learning) ? `Learning run: ${LEARNING_RUN_NOTE} (its learning curves are in the learning section). ${conclusion}` : conclusion
}
