import type { AgreementReport } from '../../human/validation.js'
import type { RunFile } from '../schema.js'
import { renderReportHtml } from './html.js'
import { renderLatexTable } from './latex.js'
import { renderGroupSummary, renderTopSummary, summaryPath } from './markdown.js'
import { buildReportModel } from './model.js'
import type { CostModel } from '../outcomes/cost-model.js'
import { learningOfRuns } from './learning.js'
import type { Saturation } from '../saturation.js'

/**
 * Every file of a report, by path relative to the report folder: index.html, summary.md, one
 * summary.md per track and per cost center, and table.tex. Pure: the caller writes them. `cases`:
 * the side-by-side pages (cases-html.ts) are written beside it, so the page links to them.
 * `saturation`: the saturated tasks, noted where topologies are compared (saturation.ts reads it).
 */
export function renderReport(runs: readonly RunFile[], options: { agreements?: readonly AgreementReport[]; costModel?: CostModel | null; cases?: boolean; saturation?: Saturation } = {}): Map<string, string> {
  const model = { ...buildReportModel(runs, options.agreements ?? []), costModel: options.costModel ?? null, saturation: options.saturation }
  const learning = learningOfRuns(runs)
  const files = new Map<string, string>([
    ['index.html', renderReportHtml(model, { cases: options.cases ?? false, learning })],
    ['summary.md', renderTopSummary(model, learning)],
    ['table.tex', renderLatexTable(model)],
  ])
  for (const track of model.tracks) files.set(summaryPath('track', track), renderGroupSummary(model, 'track', track))
  for (const center of model.costCenters) files.set(summaryPath('costCenter', center), renderGroupSummary(model, 'costCenter', center))
  return files
}
