import { memoryText } from '../memory-text.js'
import { checklistAgreementLines } from '../checklist-agreement.js'
import { reportConclusion } from './conclusion.js'
import { NOT_VALIDATED, renderAgreementMarkdown } from '../../human/render.js'
import { adjustmentNote, judgeText, MDE_NOTE, SIMULATED_CAVEAT } from '../format.js'
import { simulatedWhat } from '../simulator-label.js'
import { judgeAuditLines, judgeAuditNotes, LENGTH_METHOD, roleNamesLeftLine } from '../judge-audit.js'
import { estimatedBudgetTasks, matchedNotes } from '../matched-baseline.js'
import { matchedLines, matchedNote } from '../matched-render.js'
import type { GroupSummary } from '../schema.js'
import type { ReportModel } from './model.js'
import { repeatsSetting, sourceLines, sourceSetting } from './sources.js'
import { modelNote, modelTable } from './models.js'
import { costCenterOutcomesMarkdown } from '../outcomes/render.js'
import { COST_NOTE, detectabilityNotes, TASK_COLUMNS, taskCells, TOPOLOGY_COLUMNS, topologyCells } from './tables.js'
import { learningMarkdown, type ReportLearning } from './learning.js'
import { saturationLines } from '../saturation.js'

/*
 * Markdown summaries: one for the whole report and one per track and per cost center, each with
 * the per-topology table of its tasks and the per-task rows.
 */

const row = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
function table(headers: readonly string[], rows: readonly string[][]): string[] {
  return [row(headers), row(headers.map(() => '---')), ...rows.map(row)]
}

/** File name of a group's summary, relative to the report folder. */
export function summaryPath(by: 'track' | 'costCenter', group: string): string {
  return `${by === 'track' ? 'tracks' : 'cost-centers'}/${group.replace(/[^a-zA-Z0-9_-]/g, '_')}/summary.md`
}

function provenance(model: ReportModel): string[] {
  const p = model.primary.config
  const repeats = repeatsSetting(model.sources)
  const seed = sourceSetting(model.sources, (s) => s.seed)
  const byRun = (setting: { varies: boolean }) => (setting.varies ? ' (differs by run)' : '')
  const lines = sourceLines(model.sources)
  const from = lines.length === 1 ? [`from \`${lines[0]}\``] : ['from:', '', ...lines.map((l) => `- ${l}`)]
  return [
    model.simulated ? `> **SIMULATED** — ${simulatedWhat(p)}: ${SIMULATED_CAVEAT}.` : `> ${p.provider} · model \`${p.model}\` · judge \`${judgeText(p)}\``,
    '>',
    `> **status: ${model.status.status}**${model.status.text === '' ? '' : ` — ${model.status.text}`}`,
    '',
    `${repeats.text}${byRun(repeats)} · seed ${seed.text}${byRun(seed)} · memory ${memoryText(p.memory, model.records)} · ${from.join('\n')}`,
    ...(model.leftOut.length > 0 ? ['', 'Not in the tables:', '', ...model.leftOut.map((l) => `- \`${l.runId}\`: ${l.reason}`)] : []),
    ...model.oldFiles.map((w) => `\nWarning: ${w}.`),
  ]
}

function groupSection(model: ReportModel, groups: readonly GroupSummary[], taskFilter: (task: { track: string; costCenter: string }) => boolean): string[] {
  const cells = model.cells.filter(taskFilter)
  const estimated = estimatedBudgetTasks(model.records.filter(taskFilter))
  const estimatedNote = matchedNotes(groups, estimated, { learning: model.sources.some((s) => s.learning !== null) })
  return [
    ...table(TOPOLOGY_COLUMNS, groups.map((g) => topologyCells(g, estimated))),
    '',
    `Each task weighs the same; Δ is paired by task and trial and its interval is clustered by task. ${adjustmentNote(groups, cells)}. ${MDE_NOTE}. ${COST_NOTE}.${estimatedNote ? ` ${estimatedNote}.` : ''}`,
    '',
    ...saturationLines(model.saturation, cells.map((c) => c.task)).flatMap((l) => [`${l}.`, '']),
    ...detectabilityNotes(groups).map((n) => `- ${n}`),
    '',
    '### Per task',
    '',
    ...table(TASK_COLUMNS, cells.map(taskCells)),
    '',
  ]
}

/** How far the judge can be trusted: agreement with the scorers, length, blindness (when checked). */
function judgeSection(model: ReportModel): string[] {
  const lines = judgeAuditLines(model.records, model.primary.provenance, model.primary.config.judgeRepeats)
  if (lines.length === 0) return []
  const notes = judgeAuditNotes(model.records, model.primary.provenance)
  const unchecked = notes.blindnessHint ? ['- Blindness not checked: `orgbench calibrate --provenance <results file>` asks the judge to tell organisations from single agents.'] : []
  const left = roleNamesLeftLine(model.records)
  const roleNames = left === null ? [] : [`- Blindness: ${left}.`]
  return ['## The judge', '', ...lines.map((l) => `- ${l}`), ...unchecked, ...roleNames, '', ...(notes.lengthMethod ? [`Length: ${LENGTH_METHOD}.`, ''] : [])]
}

/** Checklists decided by the judge, and where the pattern cross-check disagrees. */
function checklistSection(model: ReportModel): string[] {
  const lines = checklistAgreementLines(model.records, 10)
  return lines.length === 0 ? [] : ['## Checklists: judge and patterns', '', ...lines.map((l) => `- ${l}`), '']
}

/** The summary of one track or cost center. */
export function renderGroupSummary(model: ReportModel, by: 'track' | 'costCenter', group: string): string {
  const groups = model.groups.filter((g) => g.by === by && g.group === group)
  const label = by === 'track' ? 'track' : 'cost center'
  return [`# orgbench summary — ${label} ${group}`, '', ...provenance(model), '', ...groupSection(model, groups, (c) => (by === 'track' ? c.track : c.costCenter) === group), ...(by === 'costCenter' ? costCenterOutcomesMarkdown(model, group, model.costModel) : [])].join('\n')
}

function modelsMarkdown(model: ReportModel): string[] {
  if (model.models === null) return []
  const { headers, rows } = modelTable(model.models)
  return ['## Per model', '', ...table(headers, rows), '', modelNote(model.models), '']
}

/** Each organisation against its compute-matched single agent and the compute frontier (ORGBENCH_COMPUTE_MATCHED=on). */
function matchedSection(model: ReportModel): string[] {
  const lines = matchedLines(model.groups, model.records)
  if (lines.length === 0) return []
  const simulated = model.simulated ? ` Simulated: ${SIMULATED_CAVEAT}.` : ''
  const note = matchedNote(model.records)
  return ['## Organisation or compute?', '', ...lines.map((l) => `- ${l}`), '', `${note[0]!.toUpperCase()}${note.slice(1)}.${simulated}`, '']
}

/** The report's top summary: every task together, then links to each track and cost center. */
export function renderTopSummary(model: ReportModel, learning: ReportLearning = { tasks: [], missing: [] }): string {
  const overall = model.groups.filter((g) => g.by === 'all')
  return [
    '# orgbench summary — all tasks',
    '',
    ...provenance(model),
    '',
    reportConclusion(model),
    '',
    ...groupSection(model, overall, () => true),
    ...matchedSection(model),
    ...judgeSection(model),
    ...checklistSection(model),
    ...modelsMarkdown(model),
    ...learningMarkdown(learning),
    '## Judge vs people',
    '',
    ...(model.agreements.length === 0 ? [NOT_VALIDATED] : model.agreements.map(renderAgreementMarkdown)),
    '',
    '## By track',
    '',
    ...model.tracks.map((t) => `- [${t}](${summaryPath('track', t)})`),
    '',
    '## By cost center',
    '',
    ...model.costCenters.map((c) => `- [${c}](${summaryPath('costCenter', c)})`),
    '',
  ].join('\n')
}
