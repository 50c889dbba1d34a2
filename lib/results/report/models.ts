import { adjustEstimates, MIN_INTERVAL_UNITS, tEstimateOf, withAdjustment } from '../adjust.js'
import { estimateMean, type Interval, mean } from '../../eval/stats.js'
import { round4OrNull } from '../../eval/types.js'
import { compareTopologies } from '../../topologies/types.js'
import type { CaseSummary } from '../summary.js'
import type { GroupSummary, PairedDifference, RunFile } from '../schema.js'
import { summarizeGroups } from '../aggregate.js'
import { byCreation, takeWholeTasks } from './sources.js'
import { scoreSettingDifferences } from './comparable.js'
import { difference, interval, num, signed, SURVIVOR_NOTE } from '../format.js'
import { finite, groupBy, headlineOf, trialKey } from '../values.js'

/*
 * Several agent models side by side: does organisation help a weaker model more than a stronger
 * one? Each model's runs (modelSources) give every topology's difference against its own single agent
 * (paired by task and trial, clustered by task). The contrast with the strongest model (the one
 * whose single agent scores highest) takes, task by task, this model's difference minus the
 * strongest model's, and puts a Student t interval over tasks on their mean: positive means
 * organisation helps this model more. Runs of different kinds (simulated or real) never mix.
 * Every difference of the table (each model's Δ vs single, each contrast) is one family
 * (lib/results/adjust.ts): Holm p over those with an interval, Bonferroni simultaneous intervals.
 */

/** A difference of differences over tasks. */
export interface Contrast {
  against: string
  tasks: number
  mean: number | null
  se: number | null
  /** Simultaneous over the table's differences (Bonferroni); null below MIN_INTERVAL_UNITS tasks. */
  ci: Interval | null
  /** The table's family size, Holm's p and whether it is below 0.05; null without an interval. */
  adjusted: { family: number; pHolm: number; survives: boolean } | null
}

export interface ModelColumn {
  model: string
  /** The runs whose cases stand for the model (modelSources), newest first. */
  runIds: string[]
  createdAt: string
  /** Mean single-agent headline over tasks (each task weighs the same). */
  singleScore: number | null
}

export interface ModelRow {
  topology: string
  /** One per model, in the order of `models`: the topology against that model's single agent. */
  vsSingle: Array<PairedDifference | null>
  /** One per model: this model's difference minus the strongest model's (null for the strongest itself). */
  contrast: Array<Contrast | null>
}

export interface ModelComparison {
  simulated: boolean
  /** Strongest first (by single-agent score), then the others from strong to weak. */
  models: ModelColumn[]
  rows: ModelRow[]
}

/** Per task, the mean over trials of (topology − single), pairing trials of the same task. */
function taskDifferences(cases: readonly CaseSummary[], topology: string): Map<string, number> {
  const single = new Map<string, number>()
  for (const c of cases) {
    const h = headlineOf(c)
    if (c.topology === 'single' && h !== null) single.set(trialKey(c), h)
  }
  const out = new Map<string, number>()
  for (const [task, rs] of groupBy(cases.filter((c) => c.topology === topology), (c) => c.task)) {
    const diffs = finite(rs.map((c) => (headlineOf(c) === null || !single.has(trialKey(c)) ? null : headlineOf(c)! - single.get(trialKey(c))!)))
    if (diffs.length > 0) out.set(task, mean(diffs)!)
  }
  return out
}

/** The contrast's estimate; its interval is set with the table's other differences (adjustedTable). */
function contrastOf(a: Map<string, number>, b: Map<string, number>, against: string): Contrast {
  const diffs = [...a.keys()].filter((t) => b.has(t)).map((t) => a.get(t)! - b.get(t)!)
  const e = estimateMean(diffs)
  return { against, tasks: diffs.length, mean: e.mean, se: e.se, ci: null, adjusted: null }
}

/** A contrast as a t estimate over tasks; null below MIN_INTERVAL_UNITS tasks (as every other difference on the page) or without a standard error. */
const contrastEstimate = (c: Contrast | null) => (c === null || c.mean === null || c.se === null || c.tasks < MIN_INTERVAL_UNITS ? null : { estimate: c.mean, se: c.se, df: c.tasks - 1 })

/** Adjusts every difference the table shows, each model's Δ vs single and each contrast, as one family. */
function adjustedTable(rows: readonly ModelRow[]): ModelRow[] {
  const estimates = rows.flatMap((r) => [...r.vsSingle.map(tEstimateOf), ...r.contrast.map(contrastEstimate)])
  const adjusted = adjustEstimates(estimates)
  let k = 0
  return rows.map((r) => ({
    ...r,
    vsSingle: r.vsSingle.map((d) => {
      const a = adjusted[k++] ?? null
      return d === null ? null : withAdjustment(d, a)
    }),
    contrast: r.contrast.map((c) => {
      const a = adjusted[k++] ?? null
      if (c === null) return null
      const ci = a ? { ...a.ci, lo: round4OrNull(a.ci.lo)!, hi: round4OrNull(a.ci.hi)!, level: round4OrNull(a.ci.level)! } : null
      return { ...c, mean: round4OrNull(c.mean), se: round4OrNull(c.se), ci, adjusted: a ? { family: a.family, pHolm: round4OrNull(a.pHolm)!, survives: a.survives } : null }
    }),
  }))
}

function singleScore(cases: readonly CaseSummary[]): number | null {
  const byTask = groupBy(cases.filter((c) => c.topology === 'single'), (c) => c.task)
  return round4OrNull(mean([...byTask.values()].map((rs) => mean(finite(rs.map(headlineOf)))).filter((x): x is number => x !== null)))
}

/**
 * The runs that stand for one model, each with the tasks it supplies: as for the report's own
 * model, each task whole from the newest run that has it among runs under that run's settings
 * (comparable.ts), but a failed run (no case succeeded) only when every run of the model failed,
 * so a newer run against a dead endpoint does not hide the model's good runs.
 */
export function modelSources(runsOfModel: readonly RunFile[]): Array<{ run: RunFile; tasks: string[] }> {
  const newestFirst = [...runsOfModel].sort(byCreation).reverse()
  const succeeded = newestFirst.filter((r) => r.status !== 'failed')
  const candidates = succeeded.length > 0 ? succeeded : newestFirst
  return takeWholeTasks(candidates.filter((r) => scoreSettingDifferences(candidates[0]!, r).length === 0))
}

export type ModelSources = ReturnType<typeof modelSources>

/** One model as its sources give it: their cases of the tasks each supplies. */
function modelCases(runsOfModel: readonly RunFile[], chosen?: ModelSources): { runIds: string[]; createdAt: string; cases: CaseSummary[] } {
  const sources = chosen ?? modelSources(runsOfModel)
  return {
    runIds: sources.map(({ run }) => run.runId),
    createdAt: sources[0]!.run.createdAt,
    cases: sources.flatMap(({ run, tasks }) => run.cases.filter((c) => tasks.includes(c.task))),
  }
}

/** Per topology over all tasks, for each model of `runs` (modelSources): what "Quality vs cost" draws as that model's series. */
export function modelGroups(runs: readonly RunFile[]): Array<{ model: string; groups: GroupSummary[] }> {
  return [...groupBy(runs, (r) => r.config.model).entries()].map(([model, rs]) => ({ model, groups: summarizeGroups(modelCases(rs).cases).filter((g) => g.by === 'all') }))
}

/**
 * Compares the models among `runs` of the given kind, each from its sources (modelSources, or the
 * sources `given` for a model, so a page whose tables already chose a model's runs shows the same
 * numbers here); null when fewer than two models are there.
 */
export function compareModels(runs: readonly RunFile[], simulated: boolean, given: ReadonlyMap<string, ModelSources> = new Map()): ModelComparison | null {
  const byModel = groupBy(runs.filter((x) => x.simulated === simulated), (r) => r.config.model)
  if (byModel.size < 2) return null
  const chosen = [...byModel.entries()]
    .map(([model, rs]) => {
      const { runIds, createdAt, cases } = modelCases(rs, given.get(model))
      return { model, runIds, createdAt, cases, groups: summarizeGroups(cases).filter((g) => g.by === 'all'), score: singleScore(cases) }
    })
    .sort((a, b) => (b.score ?? -Infinity) - (a.score ?? -Infinity) || a.model.localeCompare(b.model))
  const topologies = [...new Set(chosen.flatMap((m) => m.groups.map((g) => g.topology)))].filter((t) => t !== 'single').sort(compareTopologies)
  const strongest = chosen[0]!
  const rows = topologies.map((topology) => {
    const reference = taskDifferences(strongest.cases, topology)
    return {
      topology,
      vsSingle: chosen.map((m) => m.groups.find((g) => g.topology === topology)?.vsSingle ?? null),
      contrast: chosen.map((m, i) => (i === 0 ? null : contrastOf(taskDifferences(m.cases, topology), reference, strongest.model))),
    }
  })
  return {
    simulated,
    models: chosen.map(({ model, runIds, createdAt, score }) => ({ model, runIds, createdAt, singleScore: score })),
    rows: adjustedTable(rows),
  }
}

/** The comparison as a table of strings (HTML page, markdown summaries, the weekly job's summary). */
export function modelTable(cmp: ModelComparison): { headers: string[]; rows: string[][] } {
  const strongest = cmp.models[0]!.model
  const headers = [
    'topology',
    ...cmp.models.map((m) => `${m.model}: Δ vs single [95% CI]`),
    ...cmp.models.slice(1).map((m) => `${m.model} − ${strongest} [95% CI]`),
  ]
  const rows = cmp.rows.map((r) => [
    r.topology,
    ...r.vsSingle.map((d) => difference(d)),
    ...r.contrast.slice(1).map((c) => {
      if (c === null || c.mean === null) return '–'
      if (c.tasks < MIN_INTERVAL_UNITS) return `${signed(c.mean)} (too few tasks (${c.tasks}) for an interval)`
      return `${signed(c.mean)} ${interval(c.ci, 1, true)}${c.adjusted?.survives ? '*' : ''} (${c.tasks} tasks)`
    }),
  ])
  return { headers, rows }
}

/** How to read the table, with the number of differences adjusted together. */
export function modelNote(cmp: ModelComparison): string {
  const list = cmp.models.map((m) => `${m.model} (single ${num(m.singleScore)}, ${m.runIds.length === 1 ? 'run' : 'runs'} ${m.runIds.join(', ')})`).join(', ')
  const m = cmp.rows.flatMap((r) => [...r.vsSingle.map((d) => d?.adjusted?.family), ...r.contrast.map((c) => c?.adjusted?.family)]).find((x) => x !== undefined)
  const adjusted = m === undefined ? '' : ` Every difference of the table is adjusted for the ${m} of them with an interval (Holm p, Bonferroni at 1 − 0.05/${m}): ${SURVIVOR_NOTE}.`
  return `Models from strongest to weakest single agent: ${list}. Δ vs single is each model's own organisation against its own single agent, paired by task and trial, interval clustered by task. The last columns subtract the strongest model's Δ task by task (Student t over tasks): above zero, organisation helps that model more than it helps ${cmp.models[0]!.model}; an interval that spans zero cannot tell.${adjusted}`
}
