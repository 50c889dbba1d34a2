import { thousands } from '../../text.js'
import { fixed, signed, SIMULATED_CAVEAT, SURVIVOR_NOTE, usd } from '../format.js'
import { carriesStarMatchedMark, matchedToAnother, STAR_MATCHED_MARK, starMatchedName, starMatchedNote } from '../matched-baseline.js'
import type { CaseSummary } from '../summary.js'
import { type CostModel, moneyFigures } from './cost-model.js'
import type { OutcomeFigure, OutcomeGroup, OutcomeReport } from './schema.js'
import { type OutcomeDiff, shownInterval } from './estimate.js'

/*
 * The "by cost center" section, as neutral blocks (headings, paragraphs, tables) that the markdown
 * pages and the HTML report render alike, so both say the same thing in the same words.
 */

/** A piece of the section. */
export type Block = { kind: 'heading'; text: string } | { kind: 'para'; text: string } | { kind: 'table'; headers: string[]; rows: string[][] }

type Stat = { mean: number | null; ci: { lo: number; hi: number } | null; note?: string }
type Fig = Pick<OutcomeFigure, 'kind' | 'per' | 'label' | 'unit'>

/** Dollars as people read them: "$25,000", "$12.50", and model spend to the fraction of a cent ("$0.0123"). */
export function dollarsText(x: number): string {
  const a = Math.abs(x)
  if (a >= 100) return `$${a < 1e21 ? thousands(a) : a.toLocaleString('en-US', { maximumFractionDigits: 0 })}`
  return a >= 1 ? `$${a.toFixed(2)}` : usd(a)
}

/** A figure in its unit: dollars for spend, a percentage for a share, a count per unit otherwise. */
export function formatValue(f: Pick<Fig, 'kind' | 'per'>, x: number | null | undefined, sign = false): string {
  if (x === null || x === undefined) return '–'
  if (f.kind === 'spend') return `${x < 0 ? '-' : sign && x > 0 ? '+' : ''}${dollarsText(x)}`
  const digits = f.kind === 'share' || f.per >= 100 ? 1 : 2
  return `${sign ? signed(x, digits) : fixed(x, digits)}${f.kind === 'share' ? ' %' : ''}`
}

const range = (f: Pick<Fig, 'kind' | 'per'>, ci: Stat['ci'], sign = false) => (ci ? `[${formatValue(f, ci.lo, sign)}, ${formatValue(f, ci.hi, sign)}]` : '–')
/** A figure and its interval; a difference with too few units says so instead (as the score tables do), one without spread has "–". */
const withCi = (f: Pick<Fig, 'kind' | 'per'>, s: Stat | null | undefined, sign = false) => {
  if (!s || s.mean === null) return '–'
  return s.note ? `${formatValue(f, s.mean, sign)} (${s.note})` : `${formatValue(f, s.mean, sign)} ${range(f, s.ci, sign)}`
}
const dollars = { kind: 'spend', per: 1 } as const
/** A difference of an outcome's table: its simultaneous interval, starred when it survives Holm (format.ts difference). */
const withAdjustedCi = (f: Pick<Fig, 'kind' | 'per'>, d: OutcomeDiff | null) => {
  const shown = withCi(f, d === null ? null : { ...d, ci: shownInterval(d) }, true)
  return d?.adjusted?.survives ? `${shown}*` : shown
}

/** "escaped CRITICAL/HIGH bugs per 100 pull requests", "incidents with the right root cause (% of incidents)". */
export function outcomeTitle(f: Fig): string {
  if (f.kind === 'share') return `${f.label} (% of ${f.unit})`
  // thousands() writes whole numbers as en-US does, without loading the locale data on first use.
  const per = f.per === 1 ? '' : `${Number.isInteger(f.per) && f.per < 1e21 ? thousands(f.per) : f.per.toLocaleString('en-US')} `
  return `${f.label} per ${per}${f.unit.replace(/s$/, f.per === 1 ? '' : 's')}`
}

/** Lower is better for events and dollars, higher for a share. */
const better = (f: Fig, a: number, b: number) => (f.kind === 'share' ? a > b : a < b)

/** The topology with the best mean of an outcome (the cheaper one on a tie), with its spend per case. */
export function bestTopology(groups: readonly OutcomeGroup[], outcome: string): { group: OutcomeGroup; figure: OutcomeFigure } | null {
  let best: { group: OutcomeGroup; figure: OutcomeFigure } | null = null
  for (const group of groups) {
    const figure = group.outcomes.find((o) => o.outcome === outcome)
    if (!figure || figure.value.mean === null) continue
    const cost = group.spendPerCase.value.mean ?? Infinity
    if (!best || better(figure, figure.value.mean, best.figure.value.mean!) || (figure.value.mean === best.figure.value.mean && cost < (best.group.spendPerCase.value.mean ?? Infinity))) best = { group, figure }
  }
  return best
}

/** The topologies other than `best` whose mean of the outcome equals best's. */
function tiedWith(groups: readonly OutcomeGroup[], outcome: string, best: OutcomeGroup, mean: number): string[] {
  return groups.filter((g) => g !== best && g.outcomes.find((o) => o.outcome === outcome)?.value.mean === mean).map((g) => g.topology)
}

/** The baseline a matched difference of `topology` was taken against, named for what it spent (self_refine spent star's budget). */
function matchedName(topology: string, against: string): string {
  return matchedToAnother(topology, against) ? starMatchedName(topology, against) : `the single agent given the same compute (${against})`
}

/** Whether an interval of a difference leaves out 0. */
const clear = (ci: Stat['ci']) => ci !== null && (ci.lo > 0 || ci.hi < 0)

/**
 * The plain-language paragraph of one outcome: the best topology (none when every topology ties),
 * against the single agent and the matched baseline, at its cost.
 */
export function outcomeParagraph(groups: readonly OutcomeGroup[], outcome: string): string {
  const best = bestTopology(groups, outcome)
  if (!best) return `No topology has a value for ${outcome}: every trial errored or lacked the counts.`
  const { group, figure: f } = best
  const title = outcomeTitle(f)
  const tied = tiedWith(groups, outcome, group, f.value.mean!)
  const valued = groups.filter((g) => g.outcomes.find((o) => o.outcome === outcome)?.value.mean != null).length
  if (tied.length > 0 && tied.length + 1 === valued) return `No best on ${title}: all ${valued} topologies tie at ${formatValue(f, f.value.mean)}.`
  const spread = f.value.ci === null ? (f.value.note ? `no interval: ${f.value.note}` : 'no interval') : `95 % interval ${range(f, f.value.ci)}`
  const ties = tied.length === 0 ? '' : `, tied with ${tied.join(', ')} (the cheapest per case is named)`
  const parts = [`Best on ${title}: ${group.topology}, ${formatValue(f, f.value.mean)} (${spread}, ${f.value.n} trial(s) over ${f.value.tasks} task(s))${ties}, at ${usd(group.spendPerCase.value.mean)} of model spend per case.`]
  const against = (d: OutcomeFigure['vsSingle'], name: (against: string) => string, spend: OutcomeGroup['spendPerCase']['vsSingle']) => {
    if (!d || d.mean === null) return
    // Holm decides, as for every difference shown (a starred interval may still touch 0); files written before adjustment have the plain interval.
    const seen = d.adjusted ? d.adjusted.survives : clear(d.ci)
    const verdict = d.ci !== null ? (seen ? 'a difference this run can see' : 'not distinguishable from no difference in this run') : d.note ? `no conclusion: ${d.note}` : 'the same in every pair, so no interval to judge it by'
    const shown = d.ci === null ? '' : d.adjusted ? ` (simultaneous interval ${range(f, d.adjusted.ci, true)}, Holm p ${fixed(d.adjusted.pHolm, 3)} over ${d.adjusted.family})` : ` (interval ${range(f, d.ci, true)})`
    parts.push(`Against ${name(d.against)}: ${formatValue(f, d.mean, true)}${shown}, ${verdict}; model spend ${formatValue(dollars, spend?.mean, true)} per case.`)
  }
  against(f.vsSingle, (a) => `the single agent (${a})`, group.spendPerCase.vsSingle)
  against(f.vsMatched, (a) => matchedName(group.topology, a), group.spendPerCase.vsMatched)
  if (!f.vsSingle && !f.vsMatched && group.topology !== 'single') parts.push('The baselines did not run on these tasks, so there is no comparison.')
  return parts.join(' ')
}

const marked = (cell: string, mark: boolean) => (mark ? `${cell} ${STAR_MATCHED_MARK}` : cell)

/** The note under a table whose rows `topologies` carry STAR_MATCHED_MARK; none when no row does. */
const starMatchedBlocks = (topologies: readonly string[]): Block[] => {
  const note = starMatchedNote(topologies)
  return note === null ? [] : [{ kind: 'para', text: `${note}.` }]
}

function outcomeBlocks(groups: readonly OutcomeGroup[], outcome: string): Block[] {
  const first = groups.flatMap((g) => g.outcomes).find((o) => o.outcome === outcome)!
  const shown = groups.flatMap((g) => g.outcomes.filter((o) => o.outcome === outcome).map((f) => ({ g, f })))
  const rows = shown.map(({ g, f }) => [g.topology, withCi(f, f.value), withAdjustedCi(f, f.vsSingle), marked(withAdjustedCi(f, f.vsMatched), carriesStarMatchedMark(g.topology, f.vsMatched)), usd(g.spendPerCase.value.mean)])
  return [
    { kind: 'heading', text: outcomeTitle(first) },
    { kind: 'table', headers: ['topology', 'value [95% CI]', 'Δ vs single [95% CI]', 'Δ vs matched [95% CI]', 'model $ per case'], rows },
    ...familyNote(shown.map(({ f }) => f)),
    ...starMatchedBlocks(shown.filter(({ g, f }) => carriesStarMatchedMark(g.topology, f.vsMatched)).map(({ g }) => g.topology)),
    { kind: 'para', text: outcomeParagraph(groups, outcome) },
  ]
}

/**
 * How the table's differences are adjusted: their family's size m (the differences with an
 * interval; one shown with "–" or "too few …" is no part of it), and what * and the intervals mean.
 */
function familyNote(figures: readonly OutcomeFigure[]): Block[] {
  const diffs = figures.flatMap((f) => [f.vsSingle, f.vsMatched]).filter((d) => d !== null && d.mean !== null)
  const m = diffs.find((d) => d?.adjusted)?.adjusted?.family
  if (m !== undefined) return [{ kind: 'para', text: `Δ: adjusted for the ${m} ${m === 1 ? 'difference' : 'differences'} of this table with an interval (Holm p, Bonferroni at 1 − 0.05/${m}); ${SURVIVOR_NOTE}. A difference shown without an interval (–, or too few units) takes no part in m and has no *.` }]
  return diffs.length === 0 ? [] : [{ kind: 'para', text: 'Δ: no difference of this table has an interval (– where every pair differed by the same amount), so none is adjusted or starred.' }]
}

function moneyBlocks(groups: readonly OutcomeGroup[], cases: readonly CaseSummary[], costModel: CostModel | null): Block[] {
  if (!costModel) return [{ kind: 'para', text: 'No cost model, so no money figure: set ORGBENCH_COST_MODEL to a file that prices these outcomes (docs/outcomes.md).' }]
  const marks = new Set<string>()
  const rows = groups.flatMap((g) =>
    moneyFigures(g, cases, costModel).map((m) => {
      const extra = g.spendPerCase.vsSingle?.mean
      const net = m.savedVsSingle && extra !== undefined && extra !== null ? m.savedVsSingle.mean - extra : null
      const mark = m.savedVsMatched !== null && carriesStarMatchedMark(g.topology, g.outcomes.find((o) => o.outcome === m.outcome)?.vsMatched)
      if (mark) marks.add(g.topology)
      return [g.topology, m.label, withCi(dollars, m.lostPerCase), withCi(dollars, m.savedVsSingle, true), marked(withCi(dollars, m.savedVsMatched, true), mark), formatValue(dollars, extra, true), formatValue(dollars, net, true), m.assumption]
    }),
  )
  if (rows.length === 0) return [{ kind: 'para', text: `The cost model ${costModel.file} prices none of these outcomes, so there is no money figure.` }]
  return [
    { kind: 'heading', text: `Money per case (cost model ${costModel.file})` },
    { kind: 'table', headers: ['topology', 'outcome', 'lost per case [95% CI]', 'saved vs single [95% CI]', 'saved vs matched [95% CI]', 'extra model $ vs single', 'net vs single', 'assumption'], rows },
    ...starMatchedBlocks([...marks]),
    {
      kind: 'para',
      text: 'Lost per case: events per case times the price the cost model gives (its assumption is beside each figure). Saved: fewer events than the baseline, times the same price. Net: saved minus the extra model spend, a point estimate (its two parts have their own intervals).',
    },
  ]
}

/**
 * The section of one cost center: the outcomes, the best topology per outcome at its cost, money
 * when a cost model is given. `succeeded`: whether any trial of the cost center succeeded (errored
 * trials have no outcome to count, and rescoring cannot give them one); `cases`: those the report
 * was aggregated from, which the money figures are estimated from.
 */
export function costCenterBlocks(report: OutcomeReport, center: string, options: { simulated: boolean; costModel: CostModel | null; succeeded: boolean; cases: readonly CaseSummary[] }): Block[] {
  const groups = report.groups.filter((g) => g.costCenter === center)
  const untruthed = report.withoutTruth.find((w) => w.costCenter === center)?.tasks ?? []
  const blocks: Block[] = []
  if (options.simulated) blocks.push({ kind: 'para', text: `Simulated: ${SIMULATED_CAVEAT}. They show what this section will say about a real model.` })
  if (untruthed.length > 0) blocks.push({ kind: 'para', text: `No ground truth for ${untruthed.join(', ')}: design work is judged by a checklist and the judge, so it has no outcome counts here, and none are borrowed from other tasks.` })
  if (groups.length === 0) {
    if (!options.succeeded) blocks.push({ kind: 'para', text: 'No outcome counts: no trial of this cost center succeeded, so there is nothing to count.' })
    else if (untruthed.length === 0) blocks.push({ kind: 'para', text: 'No outcome counts in these results (written before outcomes were recorded; `orgbench rescore` adds them).' })
    return blocks
  }
  const tasks = [...new Set(groups.flatMap((g) => g.tasks))].sort()
  blocks.push({ kind: 'para', text: `Measured on ${tasks.join(', ')}. Intervals are 95 %, clustered by task (trials are the units when there is one task); differences are paired by task and trial, and those of each outcome's table are adjusted for the differences shown together. Errored trials are left out, never counted as outcomes.` })
  const ids = [...new Set(groups.flatMap((g) => g.outcomes.map((o) => o.outcome)))]
  return [...blocks, ...ids.flatMap((id) => outcomeBlocks(groups, id)), ...moneyBlocks(groups, options.cases, options.costModel)]
}
