import { memoryText } from '../memory-text.js'
import { costByRoleChart, differenceChart, learningCurveChart, perTaskChart, qualityVsCostChart, winRateChart } from './charts.js'
import { shownDifference } from '../adjust.js'
import { adjustmentNote, interval, judgeText, MDE_NOTE, signed, SIMULATED_CAVEAT } from '../format.js'
import { simulatedWhat } from '../simulator-label.js'
import { checklistAgreementLines } from '../checklist-agreement.js'
import { judgeAuditLines, judgeAuditNotes, LENGTH_METHOD, lengthCovariates, roleNamesLeftLine } from '../judge-audit.js'
import { colorOf, ROLE_CATEGORIES, type ReportModel } from './model.js'
import { modelNote, modelTable } from './models.js'
import { pageHead } from './page.js'
import { outcomesHtmlSection } from '../outcomes/render.js'
import { learningHtml, type ReportLearning } from './learning.js'
import { reportConclusion } from './conclusion.js'
import { saturationLines } from '../saturation.js'
import { CHART_CSS, colorAt, esc, framed, markSimulated, ROLE_PALETTE } from './svg.js'
import { repeatsSetting, sourceLines, sourceSetting, statusPhrase } from './sources.js'
import { AGREEMENT_COLUMNS, agreementNotes, agreementRows, agreementTitle, NOT_VALIDATED } from '../../human/render.js'
import { estimatedBudgetTasks, matchedNotes } from '../matched-baseline.js'
import { COST_NOTE, detectabilityNotes, scoreCoverage, TASK_COLUMNS, taskCells, TOPOLOGY_COLUMNS, topologyCells } from './tables.js'
import { summaryPath } from './markdown.js'

/*
 * The self-contained HTML report: inline CSS and inline SVG, no script, no external resource, so
 * it renders offline and from file://.
 */

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-wrap: break-word; color: #1b1b1b; margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 6px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
.badge { display: inline-block; padding: 4px 10px; border-radius: 4px; font-weight: 600; overflow-wrap: anywhere; }
.badge.sim { background: #fff3cd; color: #7a5a00; border: 1px solid #e6c200; } .badge.real { background: #e3f2e6; color: #1d5c2b; border: 1px solid #7cbf8a; }
.badge.complete { background: #eef4fb; color: #1f4e79; border: 1px solid #9dbbd8; }
.badge.partial { background: #fff3cd; color: #7a5a00; border: 1px solid #e6c200; } .badge.failed { background: #fbe3e3; color: #8a1c1c; border: 1px solid #d98080; }
dl.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 2px 14px; margin: 12px 0; } dl.meta dt { color: #555; } dl.meta dd { margin: 0; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; } th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th { background: #f6f6f6; font-weight: 600; } td:first-child, th:first-child, td.text { text-align: left; }
.scroll { overflow-x: auto; } p.note { color: #444; max-width: 900px; }
${CHART_CSS}
svg .grid { stroke: #eee; } svg .axis { stroke: #333; } svg .zero { stroke: #888; stroke-dasharray: 4 3; }
svg .tick { font-size: 11px; fill: #444; } svg .axis-label { font-size: 12px; fill: #222; } svg .label, svg .legend { font-size: 12px; fill: #222; }
svg .whisker { stroke-width: 2; } svg .whisker.dark { stroke: #222; stroke-width: 1.5; } svg .empty { font-size: 14px; fill: #666; }
`

function table(headers: readonly string[], rows: readonly string[][]): string {
  const th = headers.map((h) => `<th>${esc(h)}</th>`).join('')
  const body = rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`).join('\n')
  return `<div class="scroll"><table><thead><tr>${th}</tr></thead><tbody>\n${body}\n</tbody></table></div>`
}

function header(model: ReportModel): string {
  const p = model.primary
  const badge = model.simulated ? `<p class="badge sim">SIMULATED — ${esc(simulatedWhat(p.config))}: ${esc(SIMULATED_CAVEAT)}</p>` : `<p class="badge real">${esc(p.config.provider)} · ${esc(p.config.model)}</p>`
  const byRun = (setting: { text: string; varies: boolean }) => (setting.varies ? `${setting.text} (differs by run; see "results from")` : setting.text)
  const meta: Array<[string, string[]]> = [
    ['model', [p.config.model]],
    ['judge', [judgeText(p.config, { repeats: true })]],
    model.sources.some((s) => s.learning) ? ['repeats', [byRun(repeatsSetting(model.sources))]] : ['trials per case', [byRun(sourceSetting(model.sources, (s) => s.trials))]],
    ['seed', [byRun(sourceSetting(model.sources, (s) => s.seed))]],
    ['memory', [memoryText(p.config.memory, model.records)]],
    ['results from', sourceLines(model.sources)],
    ...(model.leftOut.length > 0 ? [['not in the tables', model.leftOut.map((l) => `${l.runId}: ${l.reason}`)] as [string, string[]]] : []),
    ...(model.oldFiles.length > 0 ? [['warnings', model.oldFiles] as [string, string[]]] : []),
    ['commit', [p.commit ?? 'unknown']],
    ['tasks', [`${new Set(model.records.map((r) => r.task)).size} (${model.tracks.join(', ')})`]],
  ]
  return [
    '<header>',
    `<h1>orgbench report</h1>`,
    badge,
    `<p class="badge status ${model.status.status}">status: ${esc(statusPhrase(model.status))}</p>`,
    `<dl class="meta">${meta.map(([k, v]) => `<dt>${esc(k)}</dt><dd>${v.map(esc).join('<br>')}</dd>`).join('')}</dl>`,
    '</header>',
  ].join('\n')
}

function section(id: string, title: string, ...body: string[]): string {
  return [`<section id="${id}">`, `<h2>${esc(title)}</h2>`, ...body, '</section>'].join('\n')
}

const note = (text: string) => `<p class="note">${esc(text)}</p>`

/** The report's other files, beside this page: the tables as markdown (whole, per track, per cost center) and as LaTeX. */
function filesNote(model: ReportModel): string {
  const link = (path: string, text: string) => `<a href="${esc(path)}">${esc(text)}</a>`
  const groups = (by: 'track' | 'costCenter', names: readonly string[]) => names.map((n) => link(summaryPath(by, n), n)).join(', ')
  const parts = [`${link('summary.md', 'summary.md')} (these tables in markdown)`, link('table.tex', 'table.tex')]
  if (model.tracks.length > 0) parts.push(`by track: ${groups('track', model.tracks)}`)
  if (model.costCenters.length > 0) parts.push(`by cost center: ${groups('costCenter', model.costCenters)}`)
  return `<p class="note">Also in this folder: ${parts.join('; ')}.</p>`
}

/** The report page. */
export function renderReportHtml(model: ReportModel, options: { cases?: boolean; learning?: ReportLearning } = {}): string {
  const overall = model.groups.filter((g) => g.by === 'all')
  const estimated = estimatedBudgetTasks(model.records)
  const estimatedNote = matchedNotes(overall, estimated, { learning: model.sources.some((s) => s.learning !== null) })
  const points = [
    ...overall.map((g) => ({ topology: g.topology, color: colorOf(model, g.topology), score: g.headline, cost: g.orgUsd, ...(scoreCoverage(g) === null ? {} : { coverage: scoreCoverage(g)! }) })),
    ...model.otherModels.map((p) => ({ ...p, color: colorOf(model, p.topology) })),
  ]
  const tasks = [...new Set(model.cells.map((c) => c.task))].sort().map((task) => ({
    task,
    bars: model.cells.filter((c) => c.task === task).map((c) => ({ topology: c.topology, color: colorOf(model, c.topology), mean: c.headline.mean, ci: c.headline.ci })),
  }))
  const wins = overall.flatMap((g) => g.winRates.map((w) => ({ topology: g.topology, color: colorOf(model, g.topology), against: w.against, rate: w.rate, ci: w.ci, n: w.n })))
  const labels = model.history.map((h) => `${h.createdAt.slice(5, 10)} ${h.createdAt.slice(11, 16)}`)
  const curve = model.curve.map((s) => ({ ...s, color: colorOf(model, s.topology) }))
  const categories = ROLE_CATEGORIES.map((category, i) => ({ category, color: ROLE_PALETTE[i % ROLE_PALETTE.length]! }))
  const chart = (svgText: string) => placed(model, svgText)
  const title = `orgbench report — ${model.simulated ? 'simulated' : model.primary.config.model}`
  return [
    ...pageHead(title, CSS),
    header(model),
    filesNote(model),
    options.cases ? '<p><a href="cases/index.html">Cases side by side</a>: for each task and trial, every topology\'s deliverable next to the single agent\'s, with the judge\'s reasons and the ground-truth items caught and missed.</p>' : '',
    section('conclusion', 'Conclusion', note(reportConclusion(model)), ...saturationLines(model.saturation, model.cells.map((c) => c.task)).map((l) => note(`${l}.`))),
    ...otherModelsNote(model),
    section('quality-cost', 'Quality vs cost', chart(qualityVsCostChart(points)), note('Each point is a topology: its mean headline score over tasks (every task weighs the same) against its mean organisation spend per case. Whiskers are 95 % intervals with tasks as the units. A dashed ring "over k of n tasks" is a topology none of whose trials succeeded on the other tasks: its score averages only those k, its cost all n, so it does not compare with the filled points.')),
    section('topologies', 'Per topology, all tasks', table(TOPOLOGY_COLUMNS, overall.map((g) => topologyCells(g, estimated))), note(`Δ: paired by task and trial (same seed and inputs), interval clustered by task. ${adjustmentNote(overall, [])}. ${MDE_NOTE}. Errored trials are counted in ok/trials and never averaged into scores; ${COST_NOTE}.${estimatedNote ? ` ${estimatedNote}.` : ''}`)),
    section('baselines', 'Against the baselines', chart(differenceChart(overall.map((g) => ({ topology: g.topology, vsSingle: shownDifference(g.vsSingle), vsSelfRefine: shownDifference(g.vsSelfRefine) })))), chart(winRateChart(wins))),
    ...modelsSection(model),
    outcomesHtmlSection(model, model.costModel),
    section('tasks', 'Per task', chart(perTaskChart(tasks, model.topologies)), table(TASK_COLUMNS, model.cells.map(taskCells)), note(`${adjustmentNote([], model.cells)}.`)),
    section('cost', 'Cost by role', chart(costByRoleChart(model.costByRole, categories)), note(`Organisation spend only; the judge is reported apart. Task-specific roles are grouped as specialists.${unpricedNote(model)}`)),
    section('learning', 'Learning curve', chart(learningCurveChart(labels, curve))),
    section('learning-loop', 'Learning loop: held-out curves, improvements and lessons', ...learningHtml(options.learning ?? { tasks: [], missing: [] }, table)),
    judgeSection(model),
    ...checklistSection(model),
    section('people', 'Judge vs people', ...peopleSection(model)),
    section('power', 'What these results can and cannot see', ...detectabilityNotes(overall).map(note), note(`Judge spend is excluded from every cost above. ${model.records.filter((r) => r.status === 'error').length} of ${model.records.length} trials errored.`), ...model.spend.map((s) => note(model.spend.length === 1 ? `The run's ${s.line}.` : `Run ${s.runId}, all of its tasks: ${s.line}.`))),
    `<footer><p class="note">Generated by orgbench from ${esc(model.sources.map((h) => h.runId).join(', '))}.</p></footer>`,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/**
 * A chart as the page shows it: in its frame, and in a simulated report with the label inside its
 * own box, so a copied chart keeps it.
 */
function placed(model: ReportModel, chart: string): string {
  return framed(model.simulated ? markSimulated(chart) : chart)
}

/** How far the judge can be trusted: agreement with the scorers, length as a covariate, blindness. */
function judgeSection(model: ReportModel): string {
  const lines = judgeAuditLines(model.records, model.primary.provenance, model.primary.config.judgeRepeats)
  if (lines.length === 0) return ''
  const p = model.primary.provenance
  const roleNamesLeft = roleNamesLeftLine(model.records)
  const flag = p?.aboveChance ? '<p class="badge sim">The judge can tell organisations from single agents: blinding does not hide the topology.</p>' : ''
  const rows = lengthCovariates(model.records).map((c) => [c.topology, String(c.pairs), signed(c.raw), interval(c.rawCi, 1, true), signed(c.adjusted), interval(c.adjustedCi, 1, true), signed(c.perDoubling), c.lengthRatio === null ? '–' : `${c.lengthRatio.toFixed(2)}×`])
  return section(
    'judge',
    'The judge',
    flag,
    ...lines.map(note),
    rows.length > 0 ? table(['organisation', 'pairs', 'Δ judge raw', '95% CI', 'Δ at equal length', '95% CI', 'per doubling', 'length ratio'], rows) : '',
    rows.length > 0 ? note(`Length as a covariate: ${LENGTH_METHOD}.`) : '',
    judgeAuditNotes(model.records, p).blindnessHint ? note('Blindness not checked: `orgbench calibrate --provenance <results file>` asks the judge to tell organisations from single agents.') : '',
    roleNamesLeft === null ? '' : note(`Blindness: ${roleNamesLeft}.`),
  )
}

/** Checklists decided by the judge, and where the pattern cross-check disagrees; nothing when none was. */
function checklistSection(model: ReportModel): string[] {
  const lines = checklistAgreementLines(model.records, 10)
  return lines.length === 0 ? [] : [section('checklists', 'Checklists: judge and patterns', ...lines.map(note))]
}

/** When runs of several models are given: the tables show the newest run's model; say so and point to the per-model series. */
function otherModelsNote(model: ReportModel): string[] {
  const models = model.models?.models.map((m) => m.model) ?? []
  if (models.length < 2) return []
  return [note(`Runs of ${models.length} models were given (${models.join(', ')}). The tables and charts below show ${model.primary.config.model}, the newest run's model; models are never mixed in one cell. Each model is its own series: hollow squares in "Quality vs cost", and "Per model" below.`)]
}

/** Per model, when runs of several models are given: each topology against that model's single agent. */
function modelsSection(model: ReportModel): string[] {
  const cmp = model.models
  if (cmp === null) return []
  const { headers, rows } = modelTable(cmp)
  const charts = cmp.models.map((m, i) => `<h3>${esc(m.model)}</h3>\n${placed(model, differenceChart(cmp.rows.map((r) => ({ topology: r.topology, vsSingle: shownDifference(r.vsSingle[i] ?? null), vsSelfRefine: null }))))}`)
  return [section('models', 'Per model: does organisation help a weaker model more?', table(headers, rows), note(modelNote(cmp)), ...charts)]
}

/** Trials whose cost is unknown are left out of the cost chart; say how many. */
function unpricedNote(model: ReportModel): string {
  const n = model.costByRole.reduce((s, r) => s + r.unpriced, 0)
  return n === 0 ? '' : ` ${n} trial(s) used a model without a price and are left out (their cost is unknown, not $0).`
}

/** Judge–human agreement when people graded this run; otherwise the plain statement that nobody did. */
function peopleSection(model: ReportModel): string[] {
  if (model.agreements.length === 0) return [note(NOT_VALIDATED.replace(/`/g, ''))]
  return model.agreements.flatMap((a) => [`<h3>${esc(agreementTitle(a))}</h3>`, table(AGREEMENT_COLUMNS, agreementRows(a)), ...agreementNotes(a).map(note)])
}
