import { compareTopologies, deliverableText } from '../../topologies/types.js'
import type { TestRecord } from '../record.js'

/*
 * The side-by-side viewer's data: what a person compares for one task and trial, slimmed from the
 * full records (no calls, no events) so that a whole run fits in memory while the pages are built.
 */

/** One ground-truth or checklist item, caught or missed. */
export interface ItemMark {
  id: string
  description: string
  caught: boolean
}

/** One case (task × topology × trial of a run) as the viewer shows it. */
export interface CaseView {
  runId: string
  simulated: boolean
  model: string
  task: string
  topology: string
  trial: number
  status: 'ok' | 'error'
  headline: number | null
  /** The first error, "stage: kind: message"; null when the case succeeded. */
  error: string | null
  judge: { model: string; score: number | null; dimensions: Array<{ key: string; score: number; reason: string }>; pairwise: string | null } | null
  /** Ground truth: per-category hits of totals, and the must-catch items. */
  groundTruth: { score: number; counts: Array<{ category: string; hit: number; total: number }>; items: ItemMark[] } | null
  /** Checklist: items covered and missing, must-pass items. */
  checklist: { score: number; covered: string[]; missing: string[]; items: ItemMark[] } | null
  orgUsd: number | null
  deliverable: { format: 'markdown' | 'json'; text: string } | null
}

/** The viewer's slice of a full record. */
export function caseView(runId: string, r: TestRecord): CaseView {
  const j = r.scores.judge
  const gt = r.scores.groundTruth
  const cl = r.scores.checklist
  const e = r.errors[0]
  return {
    runId,
    simulated: r.simulated,
    model: r.model,
    task: r.task,
    topology: r.topology,
    trial: r.trial,
    status: r.status,
    headline: r.scores.headline,
    error: e ? `${e.stage}: ${e.kind}: ${e.message}` : null,
    judge: j
      ? {
          model: j.model,
          score: j.score,
          dimensions: j.dimensions.map((d) => ({ key: d.key, score: d.score, reason: d.reason })),
          pairwise: j.pairwise ? `${j.pairwise.outcome} against ${j.pairwise.against}${j.pairwise.consistent ? '' : ' (the two orders disagreed)'}` : null,
        }
      : null,
    groundTruth: gt ? { score: gt.score, counts: Object.entries(gt.counts).map(([category, c]) => ({ category, hit: c.hit, total: c.total })), items: gt.mustCatch.map((m) => ({ ...m })) } : null,
    checklist: cl ? { score: cl.score, covered: [...cl.covered], missing: [...cl.missing], items: cl.mustPass.map((m) => ({ ...m })) } : null,
    orgUsd: r.cost.org.usd,
    deliverable: r.deliverable ? { format: r.deliverable.kind === 'structured' ? 'json' : 'markdown', text: deliverableText(r.deliverable) } : null,
  }
}

/** A run whose cases the side-by-side pages show, named with its agents' model. */
export interface CaseRun {
  runId: string
  model: string
  /** What the run's simulated side was, as its report says it ("embedded simulator, not a real model"); absent for a real run. */
  simulated?: string
}

/** "run-id (model)", as the pages name a run. */
export const caseRunLabel = (r: CaseRun) => `${r.runId} (${r.model})`

/** The cases of one task and trial, across topologies and runs. */
export interface CaseGroup {
  task: string
  trial: number
  /** Topologies present in any run, single first. */
  topologies: string[]
  /** Run ids in the order given. */
  runs: string[]
  /** By `${runId}\u0000${topology}`. */
  cases: Map<string, CaseView>
}

/** The page file of a task and trial, relative to the report folder. */
export const casePagePath = (task: string, trial: number) => `cases/${task}-${trial}.html`

/** Groups cases by task and trial (sorted), keeping the runs in the order given. */
export function groupCases(views: readonly CaseView[], runOrder: readonly string[]): CaseGroup[] {
  const groups = new Map<string, CaseGroup>()
  for (const v of views) {
    const key = `${v.task}\u0000${String(v.trial).padStart(4, '0')}`
    let g = groups.get(key)
    if (!g) groups.set(key, (g = { task: v.task, trial: v.trial, topologies: [], runs: [], cases: new Map() }))
    if (!g.topologies.includes(v.topology)) g.topologies.push(v.topology)
    if (!g.runs.includes(v.runId)) g.runs.push(v.runId)
    g.cases.set(`${v.runId}\u0000${v.topology}`, v)
  }
  for (const g of groups.values()) {
    g.topologies.sort(compareTopologies)
    g.runs.sort((a, b) => runOrder.indexOf(a) - runOrder.indexOf(b))
  }
  return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([, g]) => g)
}
