import type { ReportModel } from '../report/model.js'
import { esc } from '../report/svg.js'
import type { RunFile } from '../schema.js'
import { aggregateOutcomes } from './aggregate.js'
import type { CostModel } from './cost-model.js'
import type { OutcomeReport } from './schema.js'
import { type Block, costCenterBlocks, formatValue, outcomeTitle } from './section.js'
import { SIMULATED_CAVEAT } from '../format.js'
import { matchedToAnother } from '../matched-baseline.js'

/*
 * Where outcomes are seen: the "by cost center" section of each cost center's markdown page and of
 * the HTML report, and a compact table in the run summary. The report renderers call these with
 * one line each.
 */

const outcomesOf = new WeakMap<ReportModel, OutcomeReport>()

/** The outcomes of a report's records (computed once per report). */
function reportOutcomes(model: ReportModel): OutcomeReport {
  let report = outcomesOf.get(model)
  if (!report) {
    report = aggregateOutcomes(model.records)
    outcomesOf.set(model, report)
  }
  return report
}

const mdCell = (c: string) => c.replace(/\|/g, '\\|')

const succeededIn = (model: ReportModel, center: string) => model.records.some((r) => r.costCenter === center && r.status === 'ok')

/** Blocks as markdown, headings at level `level`. */
export function blocksToMarkdown(blocks: readonly Block[], level = 3): string[] {
  return blocks.flatMap((b) => {
    if (b.kind === 'heading') return [`${'#'.repeat(level)} ${b.text}`, '']
    if (b.kind === 'para') return [b.text, '']
    const row = (cells: readonly string[]) => `| ${cells.map(mdCell).join(' | ')} |`
    return [row(b.headers), row(b.headers.map(() => '---')), ...b.rows.map(row), '']
  })
}

/** Blocks as HTML, headings at level `level`. */
export function blocksToHtml(blocks: readonly Block[], level = 4): string[] {
  return blocks.map((b) => {
    if (b.kind === 'heading') return `<h${level}>${esc(b.text)}</h${level}>`
    if (b.kind === 'para') return `<p class="note">${esc(b.text)}</p>`
    const th = b.headers.map((h) => `<th>${esc(h)}</th>`).join('')
    const rows = b.rows.map((r) => `<tr>${r.map((c, i) => `<td${i === r.length - 1 && b.headers[i] === 'assumption' ? ' class="text"' : ''}>${esc(c)}</td>`).join('')}</tr>`).join('\n')
    return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${rows}\n</tbody></table></div>`
  })
}

/** The "Outcomes" section of a cost center's markdown page. */
export function costCenterOutcomesMarkdown(model: ReportModel, center: string, costModel: CostModel | null = null): string[] {
  return ['## Outcomes: what this cost center gets, and what it costs', '', ...blocksToMarkdown(costCenterBlocks(reportOutcomes(model), center, { simulated: model.simulated, costModel, succeeded: succeededIn(model, center), cases: model.records }))]
}

/** The "By cost center" section of the HTML report (empty when the report has no cost center). */
export function outcomesHtmlSection(model: ReportModel, costModel: CostModel | null = null): string {
  if (model.costCenters.length === 0) return ''
  const report = reportOutcomes(model)
  const body = model.costCenters.flatMap((center) => [`<h3>${esc(center)}</h3>`, ...blocksToHtml(costCenterBlocks(report, center, { simulated: model.simulated, costModel, succeeded: succeededIn(model, center), cases: model.records }))])
  return ['<section id="cost-centers">', '<h2>By cost center: outcomes and their cost</h2>', ...body, '</section>'].join('\n')
}

/** Width of the run summary's outcome table: it must fit a 120-column terminal. */
export const SUMMARY_WIDTH = 120

/**
 * The compact outcomes table of the run summary: per cost center, one row per outcome with one
 * column per topology (means; intervals are in the report), within SUMMARY_WIDTH columns. When the
 * topologies leave too little room, each outcome's name gets a line of its own above its values;
 * when even the values are wider (a compute-matched run has 11 topologies), the topologies are split
 * into column groups stacked one under the other, as the run summary's other tables are. `wide`
 * (ORGBENCH_WIDE=on): one table, whatever its width.
 */
export function outcomesSummaryLines(run: Pick<RunFile, 'outcomes' | 'simulated'>, options: { wide?: boolean } = {}): string[] {
  const report = run.outcomes
  if (!report || (report.groups.length === 0 && report.withoutTruth.length === 0)) return []
  const topologies = [...new Set(report.groups.map((g) => g.topology))]
  const rows: Array<{ center: string; title: string; values: string[] }> = []
  for (const center of [...new Set(report.groups.map((g) => g.costCenter))]) {
    const groups = report.groups.filter((g) => g.costCenter === center)
    for (const id of [...new Set(groups.flatMap((g) => g.outcomes.map((o) => o.outcome)))]) {
      const first = groups.flatMap((g) => g.outcomes).find((o) => o.outcome === id)!
      const values = topologies.map((t) => formatValue(first, groups.find((g) => g.topology === t)?.outcomes.find((o) => o.outcome === id)?.value.mean))
      rows.push({ center, title: `  ${outcomeTitle(first)}`, values })
    }
  }
  const width = options.wide ? Infinity : SUMMARY_WIDTH
  const widths = topologies.map((t, i) => Math.max(t.length, ...rows.map((r) => r.values[i]!.length)))
  const table = columnGroups(widths, width).flatMap((columns, k) => [...(k > 0 ? [''] : []), ...outcomeTable(rows, topologies, widths, columns, width)])
  const clip = (text: string) => (text.length <= width ? text : `${text.slice(0, width - 1)}…`)
  const starMatched = starMatchedOrganisations(report)
  const notes = [
    ...report.withoutTruth.map((w) => `no ground truth (no outcomes, none borrowed): ${w.costCenter}: ${w.tasks.join(', ')}`),
    `intervals, differences against single and the ${starMatched.length === 0 ? 'compute-matched' : 'matched'} baseline, money: orgbench report (by cost center)`,
    ...(starMatched.length === 0 ? [] : [`the matched baseline of ${starMatched.join(', ')} is self_refine, which spent star's budget, not theirs`]),
    ...(run.simulated ? [`simulated: ${SIMULATED_CAVEAT}`] : []),
  ]
  return ['outcomes per cost center, mean per topology (lower is better, except shares of what went right):', ...(rows.length > 0 ? table : []), ...notes.map(clip), '']
}

/** The organisations whose outcomes were compared with self_refine matched to star's spend rather than their own (matchedToAnother), in the report's order. */
function starMatchedOrganisations(report: OutcomeReport): string[] {
  const marked = report.groups.filter((g) => [g.spendPerCase.vsMatched, ...g.outcomes.map((o) => o.vsMatched)].some((d) => d != null && matchedToAnother(g.topology, d.against)))
  return [...new Set(marked.map((g) => g.topology))]
}

/** The topology columns (indices) split into groups whose values fit `width` side by side; one group when they all do. */
function columnGroups(widths: readonly number[], width: number): number[][] {
  const groups: number[][] = [[]]
  let used = 0
  widths.forEach((w, i) => {
    if (groups.at(-1)!.length > 0 && used + w + 2 > width) {
      groups.push([])
      used = 0
    }
    groups.at(-1)!.push(i)
    used += w + 2
  })
  return groups
}

/** One column group of the outcomes table: the outcome names beside the values when they fit, else on a line of their own above them. */
function outcomeTable(rows: ReadonlyArray<{ center: string; title: string; values: string[] }>, topologies: readonly string[], widths: readonly number[], columns: readonly number[], width: number): string[] {
  const valuesWidth = columns.reduce((s, i) => s + widths[i]! + 2, 0)
  const titleWidth = Math.max(...rows.map((r) => r.title.length), 'outcome'.length)
  const inline = titleWidth + valuesWidth <= width
  const left = inline ? titleWidth : Math.max(0, Math.min(width, SUMMARY_WIDTH) - valuesWidth)
  const valueLine = (head: string, cells: readonly string[]) => `${head.padEnd(left)}${columns.map((i) => `  ${cells[i]!.padStart(widths[i]!)}`).join('')}`.trimEnd()
  const lines: string[] = [valueLine(inline ? 'outcome' : '', topologies)]
  let center = ''
  for (const r of rows) {
    if (r.center !== center) lines.push((center = r.center))
    lines.push(...(inline ? [valueLine(r.title, r.values)] : [r.title, valueLine('', r.values)]))
  }
  return lines
}
