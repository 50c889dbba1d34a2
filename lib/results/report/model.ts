import type { AgreementReport } from '../../human/validation.js'
import { compareTopologies, isStructuralRole, type StructuralRole } from '../../topologies/types.js'
import { aggregateCells, summarizeGroups } from '../aggregate.js'
import type { CaseSummary } from '../summary.js'
import type { CellAggregate, GroupSummary, RunFile, RunStatus } from '../schema.js'
import { compareModels, modelGroups, modelSources, type ModelComparison } from './models.js'
import { colorAt, UNKNOWN_SERIES_COLOR } from './svg.js'
import { scoreSettingDifferences } from './comparable.js'
import { spendLine } from '../render.js'
import { byCreation, describeSource, leftOutRuns, type LeftOutRun, type ReportSource, reportStatus, takeWholeTasks } from './sources.js'
import type { CostModel } from '../outcomes/cost-model.js'
import type { Saturation } from '../saturation.js'
import { oldFileWarnings } from '../old-file.js'

/*
 * What a report shows, computed once from one or more results files. The newest run sets the
 * model; each task is taken whole from the newest run (of that model and kind) that has it, so
 * separate runs per track combine into one report while every paired difference stays within one
 * run (sources.ts). Runs of the same model and tasks are the points of the learning curve.
 */

/** Kinds of role that spend the organisation's money; every task-specific role is a specialist. */
export const ROLE_CATEGORIES = ['single agent', 'coordinator', 'decomposer', 'specialists', 'synthesizer'] as const
export type RoleCategory = (typeof ROLE_CATEGORIES)[number]

/** The category of each structural agent; the type checker asks for one when STRUCTURAL_ROLES grows. */
const STRUCTURAL_CATEGORY: Record<StructuralRole, RoleCategory> = { single: 'single agent', coordinator: 'coordinator', synthesizer: 'synthesizer', decomposer: 'decomposer' }

/** The kind of role an agent id is, for the spend-by-role chart: a structural agent's own, otherwise a specialist. */
export function roleCategory(role: string): RoleCategory {
  return isStructuralRole(role) ? STRUCTURAL_CATEGORY[role] : 'specialists'
}

export interface ReportRun {
  runId: string
  createdAt: string
  model: string
  simulated: boolean
}

export interface ReportModel {
  /** The newest run: its model and configuration head the report. */
  primary: RunFile
  /** Runs whose trials the report's tables come from, each with the tasks it supplies (newest first). */
  sources: ReportSource[]
  /** What each source run spent in all (organisations and judge, every task of it), as its summary's spend line says. */
  spend: Array<{ runId: string; line: string }>
  /** Runs given whose trials are in no table, with the reason (oldest first). */
  leftOut: LeftOutRun[]
  /** Each given run read from a results file of an earlier schema version: its run id and warning. */
  oldFiles: string[]
  /** What the tables show: complete, partial (a source run is not complete) or failed (no trial succeeded), and why. */
  status: { status: RunStatus; text: string }
  /** Every run given, oldest first (the learning curve's x axis). */
  history: ReportRun[]
  simulated: boolean
  records: CaseSummary[]
  /** Judge–human agreement of the primary run's exports (empty: the judge is not validated against people). */
  agreements: readonly AgreementReport[]
  cells: CellAggregate[]
  groups: GroupSummary[]
  /** Topologies present, in the canonical order, each with its colour. */
  topologies: Array<{ topology: string; color: string }>
  tracks: string[]
  costCenters: string[]
  /** Mean org USD per case by role category, per topology (successful, priced trials; `unpriced` counts the others). */
  costByRole: Array<{ topology: string; unpriced: number; parts: Array<{ category: RoleCategory; usd: number }> }>
  /** Mean headline over tasks per topology for every run of `history` (runs comparable with the primary one). */
  curve: Array<{ topology: string; values: Array<number | null> }>
  /** Each model's organisations against its own single agent, when runs of several models are given. */
  models: ModelComparison | null
  /** Prices of outcome events for the money figures (ORGBENCH_COST_MODEL); absent or null: no money figure. */
  costModel?: CostModel | null
  /** The saturated tasks, noted where topologies are compared; absent: not known. */
  saturation?: Saturation
  /** Other agent models (of the same kind and settings), per topology over all tasks: separate series, never mixed into the tables. */
  otherModels: Array<{ model: string; topology: string; score: { mean: number | null; ci: { lo: number; hi: number } | null }; cost: { mean: number | null; ci: { lo: number; hi: number } | null } }>
}

const describeRun = (r: RunFile): ReportRun => ({ runId: r.runId, createdAt: r.createdAt, model: r.config.model, simulated: r.simulated })

function topologyOrder(names: Iterable<string>): string[] {
  return [...new Set(names)].sort(compareTopologies)
}

function sameSet(a: readonly string[], b: readonly string[]): boolean {
  const x = new Set(a)
  const y = new Set(b)
  return x.size === y.size && [...x].every((v) => y.has(v))
}

/** The newest of `runs` (at least one): it sets the report's model, kind and settings. */
export function newestRun(runs: readonly RunFile[]): RunFile {
  return [...runs].sort(byCreation).at(-1)!
}

/** Builds the report's model from results files (at least one). */
export function buildReportModel(runs: readonly RunFile[], agreements: readonly AgreementReport[] = []): ReportModel {
  if (runs.length === 0) throw new Error('a report needs at least one results file')
  const history = [...runs].sort(byCreation)
  const primary = newestRun(history)
  // Only runs whose scores mean the same as the primary run's are pooled (comparable.ts); the others are listed apart.
  const poolable = (r: RunFile) => r.config.model === primary.config.model && r.simulated === primary.simulated && scoreSettingDifferences(primary, r).length === 0
  const compatible = history.filter(poolable).reverse()
  // Other models of the same kind, under the same settings but for what comes with a model: each its own series.
  const otherRuns = history.filter((r) => r.simulated === primary.simulated && r.config.model !== primary.config.model && scoreSettingDifferences(primary, r, { acrossModels: true }).length === 0)
  const standing = new Map([...new Set(otherRuns.map((r) => r.config.model))].map((m) => [m, modelSources(otherRuns.filter((r) => r.config.model === m)).map(({ run }) => run)]))
  const chosen = takeWholeTasks(compatible)
  const records: CaseSummary[] = chosen.flatMap(({ run, tasks }) => run.cases.filter((c) => tasks.includes(c.task)))
  const sources = chosen.map(describeSource)
  const topologies = topologyOrder(records.map((r) => r.topology)).map((topology, i) => ({ topology, color: colorAt(i) }))
  const costByRole = topologies.map(({ topology }) => {
    const ok = records.filter((r) => r.topology === topology && r.status === 'ok')
    // A trial whose cost is unknown (a model without a price) is left out, never counted as $0.
    const priced = ok.filter((r) => r.cost.org.usd !== null)
    const totals = new Map<RoleCategory, number>()
    for (const r of priced) for (const [role, part] of Object.entries(r.cost.byRole)) totals.set(roleCategory(role), (totals.get(roleCategory(role)) ?? 0) + (part.usd ?? 0))
    return {
      topology,
      unpriced: ok.length - priced.length,
      parts: ROLE_CATEGORIES.filter((c) => totals.has(c)).map((category) => ({ category, usd: totals.get(category)! / priced.length })),
    }
  })
  // A curve only joins runs that measured the same thing: the primary run's model, kind, settings and tasks.
  const sameTasks = (run: RunFile) => sameSet(run.cases.map((r) => r.task), primary.cases.map((r) => r.task))
  const comparable = history.filter((r) => poolable(r) && sameTasks(r))
  const curveTopologies = topologyOrder(comparable.flatMap((r) => r.summaries.filter((g) => g.by === 'all').map((g) => g.topology)))
  const curve = curveTopologies.map((topology) => ({
    topology,
    values: comparable.map((run) => run.summaries.find((g) => g.by === 'all' && g.topology === topology)?.headline.mean ?? null),
  }))
  return {
    primary,
    agreements: agreements.filter((a) => a.runId === primary.runId),
    sources,
    spend: chosen.map(({ run }) => ({ runId: run.runId, line: spendLine(run) })),
    leftOut: leftOutRuns(history, primary, sources, new Set(comparable.map((r) => r.runId)), standing),
    oldFiles: history.flatMap((r) => oldFileWarnings(r).map((w) => `${r.runId}: ${w}`)),
    status: reportStatus(sources, records),
    history: comparable.map(describeRun),
    simulated: primary.simulated,
    records,
    cells: aggregateCells(records),
    groups: summarizeGroups(records),
    topologies,
    tracks: [...new Set(records.map((r) => r.track))].sort(),
    costCenters: [...new Set(records.map((r) => r.costCenter))].sort(),
    costByRole,
    curve,
    models: compareModels([...compatible, ...otherRuns], primary.simulated, new Map([[primary.config.model, chosen]])),
    otherModels: otherModelSeries(otherRuns),
  }
}

/** Per topology over all tasks, for every other agent model (its runs as models.ts modelSources picks them). */
function otherModelSeries(otherRuns: readonly RunFile[]): ReportModel['otherModels'] {
  return modelGroups(otherRuns).flatMap(({ model, groups }) =>
    groups.map((g) => ({ model, topology: g.topology, score: { mean: g.headline.mean, ci: g.headline.ci }, cost: { mean: g.orgUsd.mean, ci: g.orgUsd.ci } })),
  )
}

/** The colour of a topology in every chart of a report. */
export function colorOf(model: ReportModel, topology: string): string {
  return model.topologies.find((t) => t.topology === topology)?.color ?? UNKNOWN_SERIES_COLOR
}
