import { mean, pairedDifferences, standardError } from '../eval/stats.js'
import { BASELINE_TOPOLOGIES } from '../results/matched-baseline.js'
import type { TestRecord } from '../results/record.js'
import { groupBy, trialKey } from '../results/values.js'
import type { Tier } from '../tasks/schema.js'

/**
 * Where the topologies stand against the budget-matched single agent on a simulated run: for each
 * tier and topology, the difference from self_refine paired by task and trial, as mean ± standard
 * error over the pairs. This is the table of "Where the topologies stand by construction" in
 * lib/sim/README.md; `npx tsx tools/sim-neutrality.ts <results>` prints it from a run.
 */

/** The two scores compared: ground truth (checklist for a design task), and the headline. */
export const NEUTRALITY_MEASURES = ['score', 'headline'] as const
export type NeutralityMeasure = (typeof NEUTRALITY_MEASURES)[number]

export interface Contrast {
  /** Mean of the paired differences topology − self_refine, in points; null without pairs. */
  mean: number | null
  /** Standard error of that mean (SD ÷ √n); null below two pairs. */
  se: number | null
  /** Pairs (task, trial) both topologies scored. */
  n: number
}

export interface NeutralityRow {
  /** A tier, or a task id in the per-task breakdown. */
  group: string
  measure: NeutralityMeasure
  /** Per topology other than the baseline, in the order asked for. */
  contrasts: Record<string, Contrast>
}

/** A record's ground-truth score, or its checklist score when the task has no ground truth (design tasks). */
export function groundTruthOrChecklist(record: Pick<TestRecord, 'scores'>): number | null {
  return record.scores.groundTruth?.score ?? record.scores.checklist?.score ?? null
}

function measureOf(record: TestRecord, measure: NeutralityMeasure): number | null {
  return measure === 'headline' ? record.scores.headline : groundTruthOrChecklist(record)
}

/** Scores of one topology keyed by trial (values.ts trialKey; finished records with that score only). */
function keyed(records: readonly TestRecord[], topology: string, measure: NeutralityMeasure): Map<string, number> {
  const out = new Map<string, number>()
  for (const r of records) {
    if (r.topology !== topology || r.status !== 'ok') continue
    const v = measureOf(r, measure)
    if (v !== null) out.set(trialKey(r), v)
  }
  return out
}

/** The paired contrast topology − baseline over the given records. */
export function contrast(records: readonly TestRecord[], topology: string, measure: NeutralityMeasure, baseline: string = BASELINE_TOPOLOGIES.vsSelfRefine): Contrast {
  const diffs = pairedDifferences(keyed(records, topology, measure), keyed(records, baseline, measure)).map((d) => d.diff)
  return { mean: mean(diffs), se: standardError(diffs), n: diffs.length }
}

/**
 * Rows of the neutrality table: one per group and measure. `groupOf` names a record's group (its
 * task's tier, or its task for a breakdown); records it maps to null are left out. Groups come in
 * `order` first, the rest in alphabetical order. Each topology is compared with `baselineOf` it
 * (self_refine by default; `computeMatchedBaseline` compares each organisation with the self_refine
 * matched to its own spend, when the run has one).
 */
export function neutralityRows(
  records: readonly TestRecord[],
  topologies: readonly string[],
  groupOf: (record: TestRecord) => string | null,
  order: readonly string[] = [],
  baselineOf: (topology: string) => string = () => BASELINE_TOPOLOGIES.vsSelfRefine,
): NeutralityRow[] {
  const groups = groupBy(records.filter((r) => groupOf(r) !== null), (r) => groupOf(r)!)
  const rank = (g: string) => (order.includes(g) ? order.indexOf(g) : order.length)
  const sorted = [...groups.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))
  return sorted.flatMap((group) =>
    NEUTRALITY_MEASURES.map((measure) => ({ group, measure, contrasts: Object.fromEntries(topologies.map((t) => [t, contrast(groups.get(group)!, t, measure, baselineOf(t))])) })),
  )
}

/** "+3.9 ± 0.9", "−2.1 ± 0.5" (a true minus sign), "–" without pairs. */
export function formatContrast(c: Contrast): string {
  if (c.mean === null) return '–'
  const sign = (x: number) => (x < 0 ? `−${Math.abs(x).toFixed(1)}` : `+${x.toFixed(1)}`)
  const m = Math.abs(c.mean) < 0.05 ? '+0.0' : sign(c.mean)
  return c.se === null ? m : `${m} ± ${c.se.toFixed(1)}`
}

const MEASURE_LABEL: Record<NeutralityMeasure, string> = { score: 'ground truth / checklist', headline: 'headline' }

/** The rows as a Markdown table, as lib/sim/README.md shows it; `label` names a row's group ("standard tier (11 tasks)"). */
export function renderNeutralityTable(rows: readonly NeutralityRow[], topologies: readonly string[], label: (group: string) => string = (g) => g): string {
  const lines = [`| | ${topologies.join(' | ')} |`, `|---|${topologies.map(() => '---|').join('')}`]
  for (const row of rows) lines.push(`| ${label(row.group)}, ${MEASURE_LABEL[row.measure]} | ${topologies.map((t) => formatContrast(row.contrasts[t]!)).join(' | ')} |`)
  return lines.join('\n')
}

/** A tier's label in the table: "standard tier (11 tasks)". */
export function tierLabel(tier: Tier, tasks: number): string {
  return `${tier} tier (${tasks} task${tasks === 1 ? '' : 's'})`
}
