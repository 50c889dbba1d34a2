import { renderTable } from '../cli/table.js'
import type { Interval } from '../eval/stats.js'
import type { Estimate } from './agreement.js'
import { simulatedSidesText } from './simulated.js'
import type { AgreementMetrics, AgreementReport } from './validation.js'

const n2 = (x: number | null) => (x === null ? '–' : x.toFixed(2))
const pct = (x: number | null) => (x === null ? '–' : `${Math.round(x * 100)} %`)
const ci2 = (ci: Interval | null) => (ci === null ? '' : ` [${ci.lo.toFixed(2)}, ${ci.hi.toFixed(2)}]`)
const ciPct = (ci: Interval | null) => (ci === null ? '' : ` [${Math.round(ci.lo * 100)}, ${Math.round(ci.hi * 100)}]`)
const est = (e: Estimate) => `${n2(e.value)}${e.value !== null && e.ci === null ? ' (too few for a CI)' : ci2(e.ci)}`

function row(scope: string, m: AgreementMetrics): string[] {
  return [scope, String(m.preference.pairs), est(m.preference.kappa), pct(m.preference.agreement.value), String(m.pointwise.pairs), est(m.pointwise.weightedKappa), est(m.pointwise.spearman)]
}

/** The agreement table's rows: overall, per task, per grader. */
export function agreementRows(report: AgreementReport): string[][] {
  return [
    row('overall', report.judgeVsHuman.overall),
    ...Object.entries(report.judgeVsHuman.byTask).map(([t, m]) => row(t, m)),
    ...Object.entries(report.judgeVsHuman.byGrader).map(([g, m]) => row(`grader ${g}`, m)),
  ]
}

/** Column headers of the agreement table. */
export const AGREEMENT_COLUMNS = ['scope', 'prefs', "Cohen's κ [95% CI]", 'agree', 'scores', 'weighted κ [95% CI]', 'Spearman ρ [95% CI]']

/** Sentences under the table: graders among themselves, the judge's order consistency, length bias. */
export function agreementNotes(report: AgreementReport): string[] {
  const o = report.judgeOrders
  return [
    ...report.interGrader.map((p) => `between graders ${p.a} and ${p.b} (${p.items} items): preference κ ${est(p.preferenceKappa)}, weighted κ ${est(p.weightedKappa)}`),
    `the judge's two pairwise orders disagreed on ${o.disagreed} of ${o.items} pairs (${pct(o.rate)}${ciPct(o.ci)})`,
    `preference for the longer deliverable (50 % = none): ${report.lengthBias.map((b) => `${b.rater} ${pct(b.rate)}${ciPct(b.ci)} of ${b.decisive}`).join('; ')}`,
  ]
}

/** The heading of one export's agreement. */
export function agreementTitle(report: AgreementReport): string {
  return `judge vs people — ${report.judgeModel} on export ${report.exportId}${report.simulated ? ` (SIMULATED run: ${simulatedSidesText(report.simulatedSides)})` : ''}`
}

/** The agreement as a console table (fits 120 columns). */
export function renderAgreementText(report: AgreementReport, options: { wide?: boolean } = {}): string {
  const rows = agreementRows(report)
  return [
    agreementTitle(report),
    `${report.graders.length} grader(s): ${report.graders.join(', ')} · ${report.gradedItems} of ${report.items} items graded`,
    '',
    renderTable(AGREEMENT_COLUMNS, rows, { wide: options.wide, splitNote: '(split to fit 120 columns; --wide prints one table)' }),
    '',
    ...agreementNotes(report),
  ].join('\n')
}

/** Text for markdown without raw HTML: grader names are whatever graders typed. */
const mdText = (s: string) => s.replace(/</g, '&lt;')
/** A markdown table cell: a `|` in it would end the cell early and shift every later one. */
const mdCell = (s: string) => mdText(s).replace(/\|/g, '\\|')

/** The agreement as a markdown section (reports include it). */
export function renderAgreementMarkdown(report: AgreementReport): string {
  const rows = agreementRows(report)
  return [
    `### ${mdText(agreementTitle(report))}`,
    '',
    `${report.graders.length} grader(s), ${report.gradedItems} of ${report.items} items graded.`,
    '',
    `| ${AGREEMENT_COLUMNS.join(' | ')} |`,
    `|${AGREEMENT_COLUMNS.map((_, i) => (i === 0 ? '---' : '---:')).join('|')}|`,
    ...rows.map((r) => `| ${r.map(mdCell).join(' | ')} |`),
    '',
    ...agreementNotes(report).map((n) => `- ${mdText(n)}`),
    '',
    ...report.method.map((m) => `_${m}_`),
  ].join('\n')
}

/** What reports say when a run's judge has not been checked against people. */
export const NOT_VALIDATED = 'Judge not validated against people: no human grades for this run (see `orgbench human export`).'
