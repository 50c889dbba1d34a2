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
  const narrow = p.columns.filter((w) => w < 300)
  if (narrow.length > 0) problems.push(`${p.page}: ${narrow.length} case column(s) narrower than 300 px (${narrow.map(Math.round).join(', ')})`)
  if (p.deliverables === 0) problems.push(`${p.page}: no deliverable is shown`)
  if (p.nonEmpty < p.deliverables) problems.push(`${p.page}: ${p.deliverables - p.nonEmpty} deliverable(s) render empty`)
  return problems
}
