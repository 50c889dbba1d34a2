import { groupBy, headlineOf } from '../results/values.js'
import { mean } from '../eval/stats.js'
import { judgeText, num } from '../results/format.js'
import { repetitionText, spendLine } from '../results/render.js'
import { modelNote, modelTable, type ModelComparison } from '../results/report/models.js'
import { estimatedBudgetTasks, matchedNotes } from '../results/matched-baseline.js'
import { TOPOLOGY_COLUMNS, topologyCells } from '../results/report/tables.js'
import type { RunFile } from '../results/schema.js'
import { compareTopologies } from '../topologies/types.js'
import { type GateDigest, gateDigestMarkdown } from './gate-digest.js'
import type { Outcome } from './outcome.js'

/*
 * What a person reads after a weekly run: per model, the run summary (per topology, then a compact
 * per-task table), the gate verdict with its levels and every missed must-catch item; over all
 * models, an overview with the comparison between models and the links. Pure markdown.
 */

const SIMULATED_NOTE = '> **SIMULATED** (no endpoint configured): the embedded simulator ran. These numbers test the machinery, not the topologies; nothing is committed, gated or notified.'

const row = (cells: readonly string[]) => `| ${cells.map((c) => c.replace(/\|/g, '\\|')).join(' | ')} |`
function table(headers: readonly string[], rows: readonly (readonly string[])[]): string[] {
  return [row(headers), row(headers.map(() => '---')), ...rows.map(row)]
}

/** One row per task, one column per topology: mean headline, and the number of missed must-catch items when any. */
function taskTable(run: RunFile, tierOf: (task: string) => string): string[] {
  const topologies = [...new Set(run.cases.map((c) => c.topology))].sort(compareTopologies)
  const rows = [...groupBy(run.cases, (c) => c.task).entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([task, cases]) => [
      task,
      tierOf(task),
      ...topologies.map((t) => {
        const cell = cases.filter((c) => c.topology === t)
        const scores = cell.map(headlineOf).filter((x): x is number => x !== null)
        const errors = cell.filter((c) => c.status === 'error').length
        const missed = cell.reduce((n, c) => n + c.mustCatch.missed.length, 0)
        return [num(mean(scores)), errors > 0 ? ` ⚠${errors} err` : '', missed > 0 ? ` (${missed} missed)` : ''].join('')
      }),
    ])
  return table(['task', 'tier', ...topologies], rows)
}

function missedSection(o: Outcome, policy: string): string[] {
  if (o.missed.length === 0) return ['No must-catch item was missed.']
  const failing = o.missed.filter((m) => m.fails).length
  return [
    `${o.missed.length} item(s) missed at least once; ${failing} of them fail the job under ORGBENCH_MUST_CATCH=${policy}.`,
    '',
    ...o.missed.map((m) => `- ${m.fails ? '❌' : '⚠️'} \`${m.task}\` (${m.tier}) · **${m.id}** ${m.description}: missed by ${m.missedBy.join(', ')} (of ${m.scored} scored cases)`),
  ]
}

export interface ModelSummaryInput {
  outcome: Outcome
  run: RunFile | null
  gate: GateDigest | null
  /** The gate's own markdown, shown collapsed below the digest. */
  gateMarkdown: string | null
  tierOf: (task: string) => string
  policy: string
}

/** The job summary of one model's merged run. */
export function renderModelSummary(i: ModelSummaryInput): string {
  const o = i.outcome
  const icon = o.fail ? '❌' : o.gate.verdict === 'WARN' || o.missed.length > 0 ? '⚠️' : '✅'
  const run = i.run
  const head = [`## ${icon} ${o.model || '(provider default model)'}`, '']
  if (run === null) return [...head, `No results file: ${o.statusReasons.join('; ')}.`, ''].join('\n')
  const overall = run.summaries.filter((g) => g.by === 'all')
  const estimated = estimatedBudgetTasks(run.cases)
  const estimatedNote = matchedNotes(overall, estimated, { learning: run.learning !== undefined })
  return [
    ...head,
    ...(run.simulated ? [SIMULATED_NOTE, ''] : []),
    `Run \`${run.runId}\` · status **${run.status}**${run.statusReasons.length > 0 ? ` (${run.statusReasons.join('; ')})` : ''} · ${run.config.provider} · judge ${judgeText(run.config)} · ${repetitionText(run)} · ${run.cases.length} cases`,
    '',
    spendLine(run),
    '',
    ...(o.fail ? [`**The job fails for this model:** ${o.failReasons.join('; ')}.`, ''] : []),
    `### Per topology, all tasks`,
    '',
    ...table(TOPOLOGY_COLUMNS, overall.map((g) => topologyCells(g, estimated))),
    '',
    ...(estimatedNote ? [`${estimatedNote}.`, ''] : []),
    '### Per task (mean headline score per topology)',
    '',
    ...taskTable(run, i.tierOf),
    '',
    '### Regression gate',
    '',
    ...(i.gate ? gateDigestMarkdown(i.gate) : [`**${o.gate.verdict}**: ${o.gate.note}`]),
    ...(i.gateMarkdown ? ['', '<details><summary>The gate in full</summary>', '', i.gateMarkdown, '', '</details>'] : []),
    '',
    '### Missed must-catch items',
    '',
    ...missedSection(o, i.policy),
    '',
  ].join('\n')
}

export interface OverviewInput {
  outcomes: readonly Outcome[]
  comparison: ModelComparison | null
  /** Links: the workflow run, the published pages, ... as [label, url]. */
  links: ReadonlyArray<readonly [string, string]>
  policy: string
  /** What the plan noted (e.g. models the simulator cannot run). */
  notes: readonly string[]
  /** The learning job's account (lib/ci/learning.ts), markdown list items; empty when it did not run. */
  learning?: readonly string[]
}

/** The overview over every model: one row each, the comparison between models, links and the policy. */
export function renderOverview(i: OverviewInput): string {
  const simulated = i.outcomes.length > 0 && i.outcomes.every((o) => o.simulated)
  const failing = i.outcomes.filter((o) => o.fail)
  const rows = i.outcomes.map((o) => [
    o.model || '(default)',
    o.runId ? `\`${o.runId}\`` : '–',
    o.status,
    o.gate.verdict,
    `${o.missed.filter((m) => m.fails).length} / ${o.missed.length}`,
    o.committable ? 'yes (pull request)' : o.simulated ? 'no (simulated)' : `no (${o.status})`,
    o.fail ? `❌ ${o.failReasons.join('; ')}` : '✅',
  ])
  const cmp = i.comparison
  return [
    `# orgbench weekly benchmark: ${failing.length > 0 ? `❌ ${failing.length} of ${i.outcomes.length} model(s) fail` : `✅ ${i.outcomes.length} model(s) pass`}`,
    '',
    ...(simulated ? [SIMULATED_NOTE, ''] : []),
    ...table(['model', 'run', 'status', 'gate', 'missed must-catch (failing / all)', 'committed', 'job'], rows),
    '',
    ...i.notes.map((n) => `- note: ${n}`),
    ...(i.notes.length > 0 ? [''] : []),
    ...(i.learning ?? []),
    ...((i.learning ?? []).length > 0 ? [''] : []),
    ...(cmp ? ['## Does organisation help a weaker model more?', '', ...table(modelTable(cmp).headers, modelTable(cmp).rows), '', modelNote(cmp), ''] : []),
    i.links.map(([label, url]) => `[${label}](${url})`).join(' · '),
    '',
    `_Policy: the job fails on a gate FAIL, on a run that is not complete, and on missed must-catch items of a tier where ORGBENCH_MUST_CATCH=${i.policy} fails them; only complete real runs are committed (through a pull request); real runs that fail the gate or miss such items open or update an issue._`,
    '',
  ].join('\n')
}

/** GitHub refuses issue bodies and comments over 65,536 characters. */
export const ISSUE_LIMIT = 65_000

/** The notification: the overview, then each notifying model's summary, cut to fit an issue comment. */
export function renderNotification(overview: string, modelSummaries: readonly string[]): string {
  const text = [overview, ...modelSummaries].join('\n\n')
  if (text.length <= ISSUE_LIMIT) return text
  const cut = text.slice(0, ISSUE_LIMIT - 200)
  return `${cut.slice(0, cut.lastIndexOf('\n'))}\n\n… (cut to fit; the full summary is on the workflow run)\n`
}
