import { num as fmt, signed } from './format.js'
import { type GateReport, type GateRow, METRIC_SPECS } from './gate.js'

/*
 * The gate's report as a terminal table and as markdown for a GitHub job summary. Topology rows
 * (every task together) are always shown; cells only when they are not PASS, so a large run
 * stays readable. The markdown keeps every row in a collapsed section.
 */

const pValue = (p: number) => (p < 0.0001 ? '<0.0001' : p.toFixed(4))

function where(r: GateRow): string {
  return r.task === null ? `${r.topology} (all ${r.tasks} tasks)` : `${r.task} × ${r.topology}`
}

function value(r: GateRow, x: number | null): string {
  if (METRIC_SPECS[r.metric].relative) return x === null ? '–' : `$${x.toFixed(4)}`
  return fmt(x)
}

function cells(r: GateRow): string[] {
  const unit = METRIC_SPECS[r.metric].unit
  return [
    r.verdict,
    METRIC_SPECS[r.metric].label,
    where(r),
    value(r, r.baseline),
    value(r, r.current),
    r.change === null ? '–' : `${signed(r.change)} ${unit}`,
    r.ci === null ? '–' : `[${signed(r.ci.lo)}, ${signed(r.ci.hi)}]`,
    `${signed(r.limit, 0)} ${unit}`,
    pValue(r.pAdjusted),
    r.detectable === null ? '–' : `${fmt(r.detectable)} ${unit}`,
  ]
}

const HEADERS = ['verdict', 'metric', 'where', 'baseline', 'current', 'change', '95% CI', 'limit', 'Holm p', 'detectable drop']

/** Rows a reader needs: every topology row, and cells that did not pass. */
export function shownRows(report: GateReport): GateRow[] {
  return report.rows.filter((r) => r.level === 'topology' || (r.verdict !== 'PASS' && r.verdict !== 'SKIP'))
}

function textTable(rows: string[][]): string {
  const widths = HEADERS.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cs: string[]) => cs.map((c, i) => c.padEnd(widths[i]!)).join('  ').trimEnd()
  return [line(HEADERS), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
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

function rules(report: GateReport): string {
  const m = report.options.margins
  return `FAIL when the ${Math.round((1 - report.options.alpha) * 100)} % CI of a change lies entirely beyond its margin after Holm correction (margins: headline ${m.headline} pts, must-catch recall ${m.mustCatchRecall} pts, error rate ${m.errorRate} pts, cost +${m.costPerCase} %); WARN when only the point estimate is beyond it.`
}

/** The gate's verdict as plain text for the terminal. */
export function renderGateText(report: GateReport): string {
  const shown = shownRows(report)
  const breached = report.floors.filter((f) => f.breached)
  return [
    headline(report),
    counts(report),
    '',
    shown.length > 0 ? textTable(shown.map(cells)) : 'no rows to compare',
    '',
    ...(breached.length > 0 ? ['hard floors breached:', ...breached.map((f) => `  ${f.name} · ${f.scope}: ${f.message}`), ''] : ['hard floors: all met', '']),
    ...report.notes.map((n) => `note: ${n}`),
    rules(report),
    `"detectable drop": the true drop this row would FAIL 80 % of the time (before Holm); smaller regressions are invisible to runs of this size.`,
  ].join('\n')
}

const mdRow = (cs: string[]) => `| ${cs.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
function mdTable(rows: GateRow[]): string[] {
  return [mdRow(HEADERS), mdRow(HEADERS.map(() => '---')), ...rows.map((r) => mdRow(cells(r)))]
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
    ...(shown.length > 0 ? mdTable(shown) : ['No rows to compare.']),
    '',
    '### Hard floors',
    '',
    ...(breached.length > 0 ? breached.map((f) => `- ❌ **${f.name}** · ${f.scope}: ${f.message}`) : [`- ✅ all ${report.floors.length} checks met`]),
    '',
    ...(report.notes.length > 0 ? ['### Notes', '', ...report.notes.map((n) => `- ${n}`), ''] : []),
    `<details><summary>All ${report.rows.length} rows</summary>`,
    '',
    ...mdTable(report.rows),
    '',
    '</details>',
    '',
    `_${rules(report)} "Detectable drop" is the true drop a row would FAIL 80 % of the time before Holm correction._`,
    '',
  ].join('\n')
}
