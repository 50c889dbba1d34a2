import type { CaseSummary } from './summary.js'
import { cost, num } from './format.js'

/** Which ground-truth metric each kind of task reports as its recall and as its F1 in the tables. */
export const RECALL = ['recall', 'p0_recall', 'required_action_recall'] as const
export const F1 = ['f1', 'priority_macro_f1'] as const
/** The first of `names` that `metrics` holds. */
export function headlineMetric<T>(metrics: Record<string, T>, names: readonly string[]): T | undefined {
  for (const n of names) if (metrics[n] !== undefined && metrics[n] !== null) return metrics[n]
  return undefined
}

/** The one-line summary of a test shown in Vitest UI and in annotations. */
export function summaryLine(r: CaseSummary): string {
  const label = r.simulated ? ' · simulated' : ''
  if (r.status === 'error') return `error in ${r.errors[0]?.stage}: ${r.errors[0]?.kind}: ${r.errors[0]?.message}${label}`
  const m = r.scores.groundTruth?.metrics ?? {}
  const parts = [`score ${num(r.scores.headline)}`]
  if (r.scores.groundTruth) parts.push(`recall ${num(headlineMetric(m, RECALL), 2)}`, `F1 ${num(headlineMetric(m, F1), 2)}`)
  if (r.scores.checklist) parts.push(`checklist ${num(r.scores.checklist.score)}`)
  const judge = r.scores.judge
  if (judge) parts.push(`judge ${num(judge.score)}`, ...(judge.pairwise ? [`vs ${judge.pairwise.against}: ${judge.pairwise.outcome}`] : []))
  if (r.mustCatch.missed.length > 0) parts.push(`MISSED ${r.mustCatch.missed.length}`)
  parts.push(`org ${cost(r.cost.org)} (${r.cost.org.calls} calls)`)
  if (judge) parts.push(`judge ${cost(r.cost.judge)}`)
  return parts.join(' · ') + label
}
