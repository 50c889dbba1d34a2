import type { TestRecord } from './record.js'
import type { CellAggregate, RunFile } from './schema.js'

const num = (x: number | null | undefined, digits = 1) => (x === null || x === undefined ? '–' : x.toFixed(digits))
const usd = (x: number | null | undefined) => (x === null || x === undefined ? 'n/a' : x < 0.01 ? `$${x.toFixed(5)}` : `$${x.toFixed(4)}`)

/** The one-line summary of a test shown in Vitest UI and in annotations. */
export function summaryLine(r: TestRecord): string {
  const label = r.simulated ? ' · simulated' : ''
  if (r.status === 'error') return `error in ${r.errors[0]?.stage}: ${r.errors[0]?.kind}: ${r.errors[0]?.message}${label}`
  const m = r.scores.groundTruth?.metrics ?? {}
  const gt = r.scores.groundTruth ? ` · recall ${num(m.recall ?? m.p0_recall, 2)} · F1 ${num(m.f1, 2)}` : ''
  const cl = r.scores.checklist ? ` · checklist ${num(r.scores.checklist.score)}` : ''
  const missed = r.mustCatch.missed.length > 0 ? ` · MISSED ${r.mustCatch.missed.length}` : ''
  return `score ${num(r.scores.headline)}${gt}${cl}${missed} · org ${usd(r.cost.org.usd)} · ${r.cost.org.calls} calls${label}`
}

function table(headers: string[], rows: string[][]): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]) => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  return [line(headers), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n')
}

function cellRow(c: CellAggregate): string[] {
  const recall = c.metrics.recall ?? c.metrics.p0_recall ?? c.metrics.required_action_recall
  return [
    c.task,
    c.topology,
    `${c.trials - c.errors}/${c.trials}`,
    num(c.headline.mean),
    num(c.headline.sd),
    num(recall?.mean, 2),
    num(c.metrics.f1?.mean ?? c.metrics.priority_macro_f1?.mean, 2),
    String(c.mustCatchMissed),
    usd(c.orgUsd.mean),
    num(c.tokens.mean, 0),
    num(c.calls.mean, 1),
  ]
}

/** The run summary printed at the end of a run: one row per task × topology, then the spend. */
export function renderRunSummary(run: RunFile, file: string): string {
  const label = run.simulated ? 'SIMULATED (embedded simulator, not a real model)' : `${run.config.provider} · ${run.config.model}`
  const lines = [
    '',
    `orgbench results — ${label}`,
    `judge ${run.config.judgeModel} · ${run.config.trials} trial(s) · seed ${run.config.seed} · memory ${run.config.memory}`,
    '',
    table(['task', 'topology', 'ok', 'score', 'sd', 'recall', 'F1', 'missed', 'org $/trial', 'tokens', 'calls'], run.aggregates.map(cellRow)),
    '',
    `total spend: ${usd(run.totals.orgUsd)} over ${run.totals.calls} calls${run.simulated ? ' (simulated prices)' : ''} · ${run.totals.errors} errored trial(s)`,
    ...run.warnings.map((w) => `warning: ${w}`),
    `results: ${file}`,
  ]
  return lines.join('\n')
}
