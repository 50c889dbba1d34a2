import { wrap } from '../text.js'
import { num as fmt, signed, usd } from './format.js'
import { type GateMode, type GateReport, type GateRow, type LevelSummary, METRIC_SPECS } from './gate.js'

/*
 * The gate's report as terminal text (at most 120 columns) and as markdown for a GitHub job
 * summary. The terminal shows the verdict, what each level could have seen (its MDE), every suite
 * row and the rows that did not pass; the markdown adds every row in a collapsed section.
 */

/** The terminal's width budget; tested. */
export const TEXT_WIDTH = 120

const pValue = (p: number) => (p < 0.0001 ? '<0.0001' : p.toFixed(4))
/**
 * A row without spread has no measured p (README "The regression gate"); a SKIP row has none at
 * all; a non-inferiority suite row is decided by its interval, so its p decides nothing.
 */
const untested = (r: GateRow, mode: GateMode) => r.verdict === 'SKIP' || r.se === 0 || intervalDecides(r, mode)
const intervalDecides = (r: GateRow, mode: GateMode) => mode === 'non-inferiority' && r.level === 'suite'
/** Points are on a 0–100 scale: an MDE beyond it says only that no drop on that scale could be seen, so it reads "> 100 pts". */
const POINTS_SCALE = 100
const detectableText = (x: number, unit: string) => (unit === 'pts' && x > POINTS_SCALE ? `> ${POINTS_SCALE} pts` : `${fmt(x)} ${unit}`)
const clip = (s: string, n: number) => (s.length <= n ? s : `${s.slice(0, n - 1)}…`)

function where(r: GateRow): string {
  if (r.level === 'suite') return `${r.topology} (${r.tasks} tasks)`
  if (r.level === 'track') return `${r.topology} · ${r.track} (${r.tasks} tasks)`
  return `${r.task} × ${r.topology}`
}

function value(r: GateRow, x: number | null): string {
  if (METRIC_SPECS[r.metric].relative) return x === null ? '–' : usd(x)
  return fmt(x)
}

const SHORT_METRIC: Record<GateRow['metric'], string> = { headline: 'headline', mustCatchRecall: 'recall', errorRate: 'errors', costPerCase: 'cost' }

function cells(r: GateRow, short: boolean, mode: GateMode): string[] {
  const unit = METRIC_SPECS[r.metric].unit
  const common = [
    r.change === null ? '–' : `${signed(r.change)} ${unit}`,
    r.ci === null ? '–' : `[${signed(r.ci.lo)}, ${signed(r.ci.hi)}]`,
    untested(r, mode) ? '–' : pValue(r.pAdjusted),
    r.detectable === null ? '–' : detectableText(r.detectable, unit),
  ]
  if (short) return [r.verdict, r.level, SHORT_METRIC[r.metric], clip(where(r), 40), ...common]
  return [r.verdict, r.level, METRIC_SPECS[r.metric].label, where(r), value(r, r.baseline), value(r, r.current), ...common.slice(0, 2), `${signed(r.limit, 0)} ${unit}`, ...common.slice(2)]
}

const SHORT_HEADERS = ['verdict', 'level', 'metric', 'where', 'change', 'simult. CI', 'Holm p', 'MDE']
const HEADERS = ['verdict', 'level', 'metric', 'where', 'baseline', 'current', 'change', 'simultaneous CI', 'limit', 'Holm p', 'MDE (80 %)']

/** Rows a reader needs: the headline of every suite row, and every row that did not pass. */
export function shownRows(report: GateReport): GateRow[] {
  return report.rows.filter((r) => (r.level === 'suite' && r.metric === 'headline') || (r.verdict !== 'PASS' && r.verdict !== 'SKIP'))
}

function textTable(headers: string[], rows: string[][]): string[] {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cs: string[]) => cs.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)]
}

function headline(report: GateReport): string {
  const { baseline: b, current: c } = report
  return `${report.verdict}: ${c.runId} (${c.model}${c.simulated ? ', simulated' : ''}) against baseline ${b.runId} (${b.model}${b.simulated ? ', simulated' : ''})`
}

function counts(report: GateReport): string {
  const n = (v: string) => report.rows.filter((r) => r.verdict === v).length
  const breached = report.floors.filter((f) => f.breached).length
  return `${n('FAIL')} FAIL, ${n('WARN')} WARN, ${n('PASS')} PASS, ${n('SKIP')} SKIP rows · ${breached} of ${report.floors.length} floor checks breached`
}

/** How many cases the dollar cap stopped, under the verdict, so that a capped run reads as incomplete; nothing when it stopped none. */
function capLines(report: GateReport): string[] {
  const { baseline: b, current: c } = report
  const parts = [...(c.stoppedByCap > 0 ? [`${c.stoppedByCap} of ${c.records} cases of this run`] : []), ...(b.stoppedByCap > 0 ? [`${b.stoppedByCap} of ${b.records} of the baseline`] : [])]
  return parts.length === 0 ? [] : [`incomplete: the dollar cap stopped ${parts.join(' and ')}, which are not compared`]
}

function modeLine(report: GateReport): string {
  const { alpha, margins: m } = report.options
  const rule =
    report.mode === 'detect'
      ? 'FAIL when a drop is significant after Holm within its level (cost: an increase beyond its margin); WARN when a suite row drops beyond its margin without being significant.'
      : 'a suite row PASSes only when its simultaneous interval rules out a drop beyond the margin; tracks and cells FAIL on a drop proven beyond it.'
  return `mode: ${report.mode} · family-wise α ${alpha} (suite ${alpha / 2}, track ${alpha / 4}, cell ${alpha / 4}) · margins: headline ${m.headline} pts, recall ${m.mustCatchRecall} pts, errors ${m.errorRate} pts, cost +${m.costPerCase} % · ${rule}`
}

function levelRow(l: LevelSummary): string[] {
  return [l.level, String(l.rows), String(l.fail), String(l.warn), String(l.alpha), l.mdeHeadline === null ? '–' : detectableText(l.mdeHeadline, 'pts')]
}
const LEVEL_HEADERS = ['level', 'rows', 'FAIL', 'WARN', 'α', 'MDE headline (median)']

/** Said under a table with a row without spread: why its interval, p and MDE are "–". */
function noSpreadLegend(rows: readonly GateRow[]): string[] {
  const n = rows.filter((r) => r.se === 0).length
  if (n === 0) return []
  return [
    `–: ${n} ${n === 1 ? 'row has' : 'rows have'} no spread (every trial scored the same within each run, or every task changed by the same amount): no interval, p or MDE can be computed, and the change counts as exact, as if measured without noise.`,
  ]
}

/** A suite or track row of a relative metric (cost) pools the tasks' percent changes, so it has no dollar figure of its own. */
const pooledRelative = (r: GateRow) => r.level !== 'cell' && METRIC_SPECS[r.metric].relative && r.baseline === null && r.current === null

/** Said under a table with such a row: why its baseline and current are "–" although it has a change and an interval. */
function pooledCostLegend(rows: readonly GateRow[]): string[] {
  if (!rows.some(pooledRelative)) return []
  return [
    `– in baseline and current of a suite or track cost row: its change is the mean over its tasks of each task's change in percent of that task's baseline cost, so no one dollar figure stands for the row; each task's dollars are in its cell row.`,
  ]
}

/** What stands in for the table when no row is shown: the rows all passed, or none could FAIL. */
function noRowsShown(report: GateReport): string {
  const skip = report.rows.filter((r) => r.verdict === 'SKIP').length
  if (skip === report.rows.length) return 'no row could FAIL (see the notes)'
  return `every row that could FAIL passed (${report.rows.length - skip} PASS, ${skip} SKIP)`
}

const MDE_NOTE =
  'MDE: the true drop a row would FAIL 80 % of the time at the strictest Holm step of its level; a PASS says nothing about smaller drops.'

/** In non-inferiority mode a suite row is decided by its interval: what its MDE and p columns mean then. */
const NI_SUITE_NOTE =
  'Suite rows in non-inferiority mode are decided by their interval (p "–"): their MDE is the largest true drop they PASS 80 % of the time (the suite\'s median in the level table too); a negative one means non-inferiority cannot be shown at this run size, even with no change.'

/** The legend of the MDE column for `report`'s mode. */
const mdeNotes = (report: GateReport): string[] => (report.mode === 'non-inferiority' ? [MDE_NOTE, NI_SUITE_NOTE] : [MDE_NOTE])

/** Why a FAIL row's interval may include no change: Holm's step-down decides, the interval is the stricter Bonferroni one. */
const INTERVAL_NOTE =
  'Intervals are simultaneous within a level (Bonferroni), more conservative than the Holm step-down that decides a row, so a FAIL row\'s interval may still reach no change.'

/** Lines after a blank one, or nothing when there are none. */
const withBlankBefore = (lines: string[]): string[] => (lines.length > 0 ? ['', ...lines] : [])

/** The gate's verdict as plain text for the terminal, at most TEXT_WIDTH columns. */
export function renderGateText(report: GateReport): string {
  const shown = shownRows(report)
  const breached = report.floors.filter((f) => f.breached)
  const lines = [
    ...wrap(headline(report), TEXT_WIDTH, '  '),
    ...wrap(counts(report), TEXT_WIDTH, '  '),
    ...capLines(report).flatMap((l) => wrap(l, TEXT_WIDTH, '  ')),
    ...wrap(modeLine(report), TEXT_WIDTH, '  '),
    '',
    ...textTable(LEVEL_HEADERS, report.levels.map(levelRow)),
    '',
    ...(shown.length > 0 ? textTable(SHORT_HEADERS, shown.map((r) => cells(r, true, report.mode))) : [noRowsShown(report)]),
    ...noSpreadLegend(shown).flatMap((l) => wrap(l, TEXT_WIDTH, '  ')),
    '',
    ...(breached.length > 0 ? ['hard floors breached:', ...breached.flatMap((f) => wrap(`  ${f.name} · ${f.scope}: ${f.message}`, TEXT_WIDTH, '    '))] : ['hard floors: all met']),
    '',
    ...report.notes.flatMap((n) => wrap(`note: ${n}`, TEXT_WIDTH, '  ')),
    ...[...mdeNotes(report), INTERVAL_NOTE].flatMap((n) => wrap(n, TEXT_WIDTH)),
  ]
  return lines.map((l) => clip(l, TEXT_WIDTH)).join('\n')
}

const mdRow = (cs: string[]) => `| ${cs.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
function mdTable(rows: GateRow[], mode: GateMode): string[] {
  return [mdRow(HEADERS), mdRow(HEADERS.map(() => '---')), ...rows.map((r) => mdRow(cells(r, false, mode)))]
}

/** The gate's verdict as markdown for a GitHub job summary. */
export function renderGateMarkdown(report: GateReport): string {
  const icon = { PASS: '✅', WARN: '⚠️', FAIL: '❌' }[report.verdict]
  const shown = shownRows(report)
  const breached = report.floors.filter((f) => f.breached)
  return [
    `## ${icon} Regression gate: ${report.verdict}`,
    '',
    headline(report),
    '',
    counts(report),
    '',
    ...capLines(report).flatMap((l) => [l, '']),
    modeLine(report),
    '',
    mdRow(LEVEL_HEADERS),
    mdRow(LEVEL_HEADERS.map(() => '---')),
    ...report.levels.map((l) => mdRow(levelRow(l))),
    '',
    ...(shown.length > 0 ? mdTable(shown, report.mode) : [`${noRowsShown(report)}.`]),
    ...withBlankBefore([...noSpreadLegend(report.rows), ...pooledCostLegend(report.rows)]),
    '',
    '### Hard floors',
    '',
    ...(breached.length > 0 ? breached.map((f) => `- ❌ **${f.name}** · ${f.scope}: ${f.message}`) : [`- ✅ all ${report.floors.length} checks met`]),
    '',
    ...(report.notes.length > 0 ? ['### Notes', '', ...report.notes.map((n) => `- ${n}`), ''] : []),
    `<details><summary>All ${report.rows.length} rows</summary>`,
    '',
    ...mdTable(report.rows, report.mode),
    '',
    '</details>',
    '',
    `_${[...mdeNotes(report), INTERVAL_NOTE].join(' ')}_`,
    '',
  ].join('\n')
}
