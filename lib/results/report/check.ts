/*
 * What the headless-browser check (npm run report:check) expects of a rendered report. The browser
 * measures; this pure function judges, so the rules are unit-tested without a browser.
 */

/** Every chart the page must contain, by its data-chart name. */
export const REQUIRED_CHARTS = ['quality-vs-cost', 'differences', 'win-rates', 'per-task', 'cost-by-role', 'learning-curve'] as const

/** Charts that must show data (the others may honestly say there is none, e.g. no judge or a single run). */
export const DATA_CHARTS = ['quality-vs-cost', 'per-task'] as const

/**
 * Whether the page says that no case has a known cost: its cost-by-role chart has no priced call
 * to show. An unpriced model, or an endpoint that reports no usage, is a supported case ("unknown
 * stays unknown"), and quality-vs-cost then says "No topology has both a score and a known cost."
 */
function noKnownCost(probes: readonly ChartProbe[]): boolean {
  const costs = probes.filter((p) => p.name === 'cost-by-role')
  return costs.length > 0 && costs.every((p) => p.empty || p.marks === 0)
}

/** What the browser measured of one rendered chart. */
export interface ChartProbe {
  name: string
  width: number
  height: number
  /** Marks that carry data-topology (points, bars, lines). */
  marks: number
  empty: boolean
  /** Text that reaches beyond the chart's box, where the chart cuts it off. */
  cutText: string[]
  /** The rendered size in px of the chart's smallest text (font size × the chart's scale on the page); null without text. */
  smallestText: number | null
}

/** Text a chart cuts off at its edge: the reader sees half a sentence or half a label. */
export function cutTextProblems(chart: ChartProbe): string[] {
  return chart.cutText.map((t) => `chart "${chart.name}" cuts off its text at its edge: "${t.length > 60 ? `${t.slice(0, 60)}…` : t}"`)
}

/** Problems with the rendered page; empty when it passes. */
export function chartProblems(probes: readonly ChartProbe[], page: { externalRequests: readonly string[]; consoleErrors: readonly string[] }): string[] {
  const problems: string[] = []
  const mustShowData: readonly string[] = noKnownCost(probes) ? DATA_CHARTS.filter((n) => n !== 'quality-vs-cost') : DATA_CHARTS
  for (const name of REQUIRED_CHARTS) {
    const found = probes.filter((p) => p.name === name)
    if (found.length === 0) {
      problems.push(`chart "${name}" is missing`)
      continue
    }
    for (const p of found) {
      if (p.width < 100 || p.height < 40) problems.push(`chart "${name}" renders at ${Math.round(p.width)}×${Math.round(p.height)} px (too small to see)`)
      if (mustShowData.includes(name) && (p.empty || p.marks === 0)) problems.push(`chart "${name}" shows no data`)
      problems.push(...cutTextProblems(p))
    }
  }
  for (const url of page.externalRequests) problems.push(`the page tried to load ${url} (it must be self-contained)`)
  for (const e of page.consoleErrors) problems.push(`console error: ${e}`)
  return problems
}

/** Chart text drawn smaller than this, in px, cannot be read. */
export const MIN_CHART_TEXT_PX = 8

/** Charts whose text is drawn below MIN_CHART_TEXT_PX on `page` in a window `width` px wide (shrunk to fit it). */
export function smallTextProblems(page: string, width: number, charts: readonly ChartProbe[]): string[] {
  return charts
    .filter((c) => c.smallestText !== null && c.smallestText < MIN_CHART_TEXT_PX)
    .map((c) => `${page} at ${width} px: chart "${c.name}" draws text at ${c.smallestText!.toFixed(1)} px (at least ${MIN_CHART_TEXT_PX} px is readable)`)
}

/** A case column narrower than this, in px, is too narrow to read a deliverable in. */
export const READABLE_COLUMN_PX = 300

/** What the browser measured of one side-by-side page (cases/<task>-<trial>.html). */
export interface CasePageProbe {
  page: string
  /** Widths in px of the case columns (cards). */
  columns: number[]
  /** Deliverables shown, and how many of them have text. */
  deliverables: number
  nonEmpty: number
}

/** Problems with a side-by-side page: too few columns to compare, a column too narrow to read, deliverables missing. */
export function casePageProblems(p: CasePageProbe): string[] {
  const problems: string[] = []
  if (p.columns.length < 2) problems.push(`${p.page}: ${p.columns.length} case column(s); a side-by-side page needs at least two`)
  const narrow = p.columns.filter((w) => w < READABLE_COLUMN_PX)
  if (narrow.length > 0) problems.push(`${p.page}: ${narrow.length} case column(s) narrower than ${READABLE_COLUMN_PX} px (${narrow.map(Math.round).join(', ')})`)
  if (p.deliverables === 0) problems.push(`${p.page}: no deliverable is shown`)
  if (p.nonEmpty < p.deliverables) problems.push(`${p.page}: ${p.deliverables - p.nonEmpty} deliverable(s) render empty`)
  return problems
}

/** What the browser measured of a one-run side-by-side page in a narrow window, its columns scrolled to the end. */
export interface NarrowCaseProbe {
  page: string
  width: number
  /** Px of the last organisation's column in view, not covered by the single agent's pinned column; null without such a column. */
  comparedInView: number | null
}

/** A problem when, scrolled to the end, the strip shows less than a readable column of an organisation. */
export function narrowCaseProblems(p: NarrowCaseProbe): string[] {
  if (p.comparedInView === null || p.comparedInView >= READABLE_COLUMN_PX) return []
  return [`${p.page} at ${p.width} px: with the columns scrolled to the end, ${Math.round(p.comparedInView)} px of the last organisation's column is in view; reading it takes ${READABLE_COLUMN_PX} px`]
}
