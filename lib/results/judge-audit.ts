import { estimateClusteredMean, fitLine, type Interval, quantileSorted, sampleSd, withinGroupCorrelation } from '../eval/stats.js'
import { seededUniform } from '../eval/seeded-uniform.js'
import { interval, signed, usd } from './format.js'
import type { ProvenanceCheck } from './schema.js'
import { isSingleAgent } from './matched-baseline.js'
import type { CaseSummary } from './summary.js'

/*
 * How far a run's judge can be trusted, from the run itself: does its score follow the ground
 * truth, does it reward length, and (when `orgbench calibrate --provenance` has been run on the
 * file) can it tell an organisation's deliverable from a single agent's? Pure functions of the run's
 * compact case summaries (the deliverable's length is one of their fields), so no record is read.
 */

export const LENGTH_METHOD =
  "paired by task and trial: each organisation deliverable's judge score minus the single agent's, regressed (OLS) on log2 of their length ratio; the intercept is the difference at equal length, the slope the points per doubling; none when the length ratios hardly vary (SD of log2 ratios below 0.05). Intervals are clustered by task (by trial within one task), since every organisation of a task and trial is compared with the same single-agent deliverable: the raw difference's over cluster means, the adjusted one's by resampling whole clusters (none below 4 clusters); they are per comparison, not adjusted for the number of topologies"

/** The judge's score difference organisation − single with and without adjustment for length. */
export interface LengthCovariate {
  /** An organisation topology, or "organisations" for all of them pooled. */
  topology: string
  pairs: number
  /** Mean judge-score difference (0-100 points). */
  raw: number | null
  rawCi: Interval | null
  /** The difference at equal length: the regression's intercept. */
  adjusted: number | null
  adjustedCi: Interval | null
  /** Judge points per doubling of the length ratio: the regression's slope. */
  perDoubling: number | null
  /** Geometric mean of the length ratio organisation ÷ single. */
  lengthRatio: number | null
}

/** A judged case: it succeeded and the judge gave it a score. */
const judged = (r: CaseSummary) => r.status === 'ok' && r.scores.judge?.score != null
/** A judged case whose deliverable's length is known (summaries of older runs may lack it). */
const measured = (r: CaseSummary): r is CaseSummary & { deliverableChars: number } => judged(r) && r.deliverableChars != null

/**
 * The least spread (SD of log2 length ratios) that a slope is estimated from: 0.05 is lengths that
 * vary by about 3.5 % between pairs. Below it the slope divides by next to nothing (11,200 against
 * 11,198 characters gave "+3881 points per doubling"), so there is no fit.
 */
export const MIN_LOG_RATIO_SD = 0.05

/** One organisation deliverable against the single agent's of the same task and trial. */
interface LengthPair {
  task: string
  trial: number
  diff: number
  logRatio: number
}

/** Fewer clusters give no interval for the adjusted difference: resampling three or fewer whole clusters says little. */
const MIN_BOOTSTRAP_CLUSTERS = 4
const CLUSTER_RESAMPLES = 1000
/** The seed of the cluster resampling: a run's audit reads the same every time it is printed. */
const CLUSTER_SEED = 20_261_204

/** The pairs' clusters: by task, or by trial when they are all of one task. */
function clustersOf(pairs: readonly LengthPair[]): LengthPair[][] {
  const tasks = new Set(pairs.map((p) => p.task))
  const key = tasks.size >= 2 ? (p: LengthPair) => p.task : (p: LengthPair) => String(p.trial)
  const groups = new Map<string, LengthPair[]>()
  for (const p of pairs) groups.set(key(p), [...(groups.get(key(p)) ?? []), p])
  return [...groups.values()]
}

/** A 95 % percentile interval of the intercept over resamples of whole clusters; null with too few clusters or too many degenerate resamples. */
function clusteredIntercept(clusters: readonly LengthPair[][]): Interval | null {
  if (clusters.length < MIN_BOOTSTRAP_CLUSTERS) return null
  const draw = seededUniform(CLUSTER_SEED)
  const intercepts: number[] = []
  for (let b = 0; b < CLUSTER_RESAMPLES; b++) {
    const sample = Array.from({ length: clusters.length }, () => clusters[Math.floor(draw() * clusters.length)]!).flat()
    const spread = sampleSd(sample.map((p) => p.logRatio))
    const fit = spread === null || spread < MIN_LOG_RATIO_SD ? null : fitLine(sample.map((p) => p.logRatio), sample.map((p) => p.diff))
    if (fit) intercepts.push(fit.intercept.estimate)
  }
  // Resamples whose lengths hardly vary have no fit; when they are many, the interval would describe the others only.
  if (intercepts.length < 0.9 * CLUSTER_RESAMPLES) return null
  intercepts.sort((a, b) => a - b)
  return { lo: quantileSorted(intercepts, 0.025), hi: quantileSorted(intercepts, 0.975), level: 0.95, method: 'bootstrap' }
}

function covariate(topology: string, pairs: LengthPair[]): LengthCovariate {
  const clusters = clustersOf(pairs)
  const raw = estimateClusteredMean(clusters.map((c) => c.map((p) => p.diff)))
  const spread = sampleSd(pairs.map((p) => p.logRatio))
  const fit =
    spread === null || spread < MIN_LOG_RATIO_SD
      ? null
      : fitLine(
          pairs.map((p) => p.logRatio),
          pairs.map((p) => p.diff),
        )
  const mean = (xs: number[]) => (xs.length === 0 ? null : xs.reduce((a, b) => a + b, 0) / xs.length)
  const logMean = mean(pairs.map((p) => p.logRatio))
  return {
    topology,
    pairs: pairs.length,
    raw: raw.mean,
    rawCi: raw.ci,
    adjusted: fit?.intercept.estimate ?? null,
    adjustedCi: fit ? clusteredIntercept(clusters) : null,
    perDoubling: fit?.slope.estimate ?? null,
    lengthRatio: logMean === null ? null : 2 ** logMean,
  }
}

/** Each organisation topology's (organisation − single) pairs, in the order their topologies first appear. */
function lengthPairs(records: readonly CaseSummary[]): Map<string, LengthPair[]> {
  const singles = new Map(records.filter((r) => r.topology === 'single').filter(measured).map((r) => [`${r.task}\u0000${r.trial}`, r]))
  const byTopology = new Map<string, LengthPair[]>()
  for (const r of records) {
    if (isSingleAgent(r.topology) || !measured(r)) continue
    const single = singles.get(`${r.task}\u0000${r.trial}`)
    if (!single) continue
    const pair = {
      task: r.task,
      trial: r.trial,
      diff: r.scores.judge!.score! - single.scores.judge!.score!,
      logRatio: Math.log2(Math.max(1, r.deliverableChars) / Math.max(1, single.deliverableChars)),
    }
    const pairs = byTopology.get(r.topology)
    if (pairs) pairs.push(pair)
    else byTopology.set(r.topology, [pair])
  }
  return byTopology
}

/** Every organisation pooled (see LENGTH_METHOD); null without single-agent records. */
function pooledCovariate(byTopology: Map<string, LengthPair[]>): LengthCovariate | null {
  return byTopology.size === 0 ? null : covariate('organisations', [...byTopology.values()].flat())
}

/** Per organisation topology and for all organisations pooled: see LENGTH_METHOD. Empty without single-agent records. */
export function lengthCovariates(records: readonly CaseSummary[]): LengthCovariate[] {
  const byTopology = lengthPairs(records)
  const pooled = pooledCovariate(byTopology)
  return pooled ? [...[...byTopology].map(([topology, pairs]) => covariate(topology, pairs)), pooled] : []
}

/** How closely the judge follows the deterministic score within tasks, over `n` deliverables of `tasks` tasks. */
export interface Agreement {
  n: number
  tasks: number
  r: number
  ci: Interval | null
}

/**
 * Agreement of the judge's score with the deterministic score (ground truth, or the checklist for
 * design tasks) within task: both scores centred on their task's means, then correlated. Tasks differ
 * in level (one task's judge scores run low while its ground truth is near 100), and correlating raw
 * scores across tasks mixes those levels in: a judge that ranks deliverables right inside every task
 * could show a negative pooled r (Simpson's paradox).
 */
export interface JudgeAgreement {
  /** Over every judged record with a deterministic score. */
  all: Agreement | null
  /** Execution tasks (ground truth) and design tasks (checklist) apart. */
  execution: Agreement | null
  design: Agreement | null
}

interface AgreementPoint {
  task: string
  judge: number
  truth: number
  execution: boolean
}

function withinTask(points: readonly AgreementPoint[]): Agreement | null {
  const tasks = [...new Set(points.map((p) => p.task))].map((task) => points.filter((p) => p.task === task))
  const c = withinGroupCorrelation(tasks.map((ps) => ({ xs: ps.map((p) => p.judge), ys: ps.map((p) => p.truth) })))
  return c && { ...c, tasks: tasks.filter((ps) => ps.length >= 2).length }
}

export function judgeAgreement(records: readonly CaseSummary[]): JudgeAgreement {
  const points = records
    .filter(judged)
    .map((r) => ({ task: r.task, judge: r.scores.judge!.score!, truth: r.scores.groundTruth?.score ?? r.scores.checklist?.score ?? null, execution: r.scores.groundTruth !== null }))
    .filter((p): p is AgreementPoint => p.truth !== null)
  return { all: withinTask(points), execution: withinTask(points.filter((p) => p.execution)), design: withinTask(points.filter((p) => !p.execution)) }
}

const pct = (x: number) => `${(100 * x).toFixed(0)} %`
const withCi = (ci: Interval | null, digits = 1, sign = true) => (ci === null ? '' : ` ${interval(ci, digits, sign)}`)

/** The provenance check in one line, with its flag. */
export function provenanceLine(p: ProvenanceCheck): string {
  if (p.accuracy === null) return `provenance check (judge ${p.judgeModel}): no usable answers (${p.failures.length} failed)`
  const ci = p.ci ? ` [${pct(p.ci.lo)}, ${pct(p.ci.hi)}]` : ''
  const verdict = p.aboveChance ? 'ABOVE CHANCE: the judge can tell organisations from single agents, so blinding does not hide the topology' : 'not clearly above chance'
  return `provenance check (judge ${p.judgeModel}, ${p.pairs} balanced pairs, both orders): guessed which deliverable an organisation wrote ${pct(p.accuracy)}${ci} of the time, chance 50 % — ${verdict}`
}

/** Lines for the run summary and the markdown report: agreement, length and (if present) provenance. */
export function judgeAuditLines(records: readonly CaseSummary[], provenance: ProvenanceCheck | undefined, judgeRepeats?: number): string[] {
  const lines: string[] = []
  const a = judgeAgreement(records)
  if (a.all) {
    const part = (name: string, c: JudgeAgreement['execution']) => (c ? `, ${name} ${c.r.toFixed(2)} (n ${c.n})` : '')
    lines.push(`judge vs ground truth/checklist within task: r ${a.all.r.toFixed(2)}${withCi(a.all.ci, 2, false)} over ${a.all.n} deliverables of ${a.all.tasks} task(s)${part('execution', a.execution)}${part('design', a.design)}`)
  }
  // Only the pooled row is printed: the per-topology rows (a bootstrap each) are for the reports.
  const pooled = pooledCovariate(lengthPairs(records))
  if (pooled && pooled.raw !== null) {
    const ratio = pooled.lengthRatio === null ? '' : `; organisations write ${pooled.lengthRatio.toFixed(2)}× the single agent's length`
    lines.push(
      `judge score, organisation − single: ${signed(pooled.raw)}${withCi(pooled.rawCi)} raw, ${signed(pooled.adjusted)}${withCi(pooled.adjustedCi)} at equal length (${signed(pooled.perDoubling)} per doubling of length, ${pooled.pairs} pairs)${ratio}`,
    )
  }
  const noise = judgeNoise(records)
  if (noise) lines.push(`judge noise (each deliverable judged ${judgeRepeats ?? 'several'} times, ORGBENCH_JUDGE_REPEATS): SD of a deliverable's repeated scores ${noise.pooled.toFixed(1)} points pooled (median ${noise.median.toFixed(1)}, largest ${noise.max.toFixed(1)} on ${noise.maxTask}) over ${noise.n} deliverables; scores are the repeats' mean`)
  if (provenance) lines.push(provenanceLine(provenance))
  return lines
}

/**
 * Which notes go with judgeAuditLines: the length method only when the length line is there, and
 * the hint to run the blindness check only when it has not been run and the run has what it pairs
 * (a task and trial with a single agent's and an organisation's deliverable).
 */
export function judgeAuditNotes(records: readonly CaseSummary[], provenance: ProvenanceCheck | undefined): { lengthMethod: boolean; blindnessHint: boolean } {
  const ok = records.filter((r) => r.status === 'ok')
  const withSingle = new Set(ok.filter((r) => isSingleAgent(r.topology)).map((r) => `${r.task}\u0000${r.trial}`))
  const pairable = ok.some((r) => !isSingleAgent(r.topology) && withSingle.has(`${r.task}\u0000${r.trial}`))
  return { lengthMethod: lengthPairs(records).size > 0, blindnessHint: provenance === undefined && pairable }
}

/** A judged deliverable's count of role names left after blinding (roleNamesLeft of its judge result), with its task. */
interface NamesLeft {
  task: string
  left: number
}

/** "15 of 120 … (80 mention(s))": how many of `counts` name a role at all, and how often in all. */
function naming(counts: readonly NamesLeft[]): { naming: number; mentions: number } {
  return { naming: counts.filter((c) => c.left > 0).length, mentions: counts.reduce((s, c) => s + c.left, 0) }
}

/**
 * What blinding left of the organisations' role names in the deliverables the judge read (see
 * roleNamesLeft of the judge result): how many organisation deliverables still name one, of how many
 * judged, and how often; beside it the same count in the single-agent deliverables of the same
 * tasks, blinded with the tasks' own role names, since a task can ask for an owner by the name a
 * role has ("Security Engineer"), and a name the single agent writes as often says nothing of who
 * wrote a deliverable. Of the organisation deliverables that name a role, it says how many are on a
 * task whose single-agent deliverables name none: those are the names that can betray provenance.
 * Null when no judged organisation deliverable has the count (older records).
 */
export function roleNamesLeftLine(records: readonly CaseSummary[]): string | null {
  const counted = records.flatMap((r) => (r.status === 'ok' && r.scores.judge?.roleNamesLeft !== undefined ? [{ task: r.task, left: r.scores.judge.roleNamesLeft, single: isSingleAgent(r.topology) }] : []))
  const orgs = counted.filter((c) => !c.single)
  if (orgs.length === 0) return null
  const org = naming(orgs)
  if (org.naming === 0) return `after blinding, none of the ${orgs.length} judged organisation deliverable(s) names a role of its organisation`
  const tasks = new Set(orgs.filter((c) => c.left > 0).map((c) => c.task))
  const orgsThere = naming(orgs.filter((c) => tasks.has(c.task)))
  const orgsThereCount = orgs.filter((c) => tasks.has(c.task)).length
  const singles = counted.filter((c) => c.single && tasks.has(c.task))
  const single = naming(singles)
  const singleNames = new Set(singles.filter((c) => c.left > 0).map((c) => c.task))
  const singleJudged = new Set(singles.map((c) => c.task))
  const unmatched = orgs.filter((c) => c.left > 0 && singleJudged.has(c.task) && !singleNames.has(c.task)).length
  const unknown = orgs.filter((c) => c.left > 0 && !singleJudged.has(c.task)).length
  const head = `after blinding, ${org.naming} of ${orgs.length} judged organisation deliverable(s) still name a role of their organisation (${org.mentions} mention(s) in all)`
  const there = `on the ${tasks.size} task(s) where one does, ${orgsThere.naming} of ${orgsThereCount} organisation deliverable(s) name one`
  const beside =
    singles.length === 0
      ? `${there}, and no single-agent deliverable of those tasks was judged, so whether a single agent writes the same names is unknown`
      : `${there} and ${single.naming} of ${singles.length} single-agent deliverable(s) (${single.mentions} mention(s)), blinded with the tasks' own role names: a name the task asks for (an owner such as "Security Engineer") is no sign of who wrote a deliverable`
  const suspect =
    org.naming === 1
      ? unknown === 1
        ? 'it is on a task without a judged single-agent deliverable'
        : `it is${unmatched === 1 ? '' : ' not'} on a task whose single-agent deliverables name none`
      : `${unmatched === 0 ? 'none' : `${unmatched}`} of the ${org.naming} ${unmatched === 1 ? 'is' : 'are'} on a task whose single-agent deliverables name none${unknown > 0 ? `, ${unknown} on a task without a judged single-agent deliverable` : ''}`
  return `${head}; ${beside}; ${suspect}. Names are left in sentences, and in headings and labels of a section about roles, which no rule removes`
}

/** The spread of repeated judgements (ORGBENCH_JUDGE_REPEATS above 1); null when no deliverable was judged more than once. */
export interface JudgeNoise {
  n: number
  /** Root mean square of the per-deliverable SDs: the SD of one judgement around its deliverable's mean. */
  pooled: number
  median: number
  max: number
  maxTask: string
}

export function judgeNoise(records: readonly CaseSummary[]): JudgeNoise | null {
  const spreads = records.filter(judged).flatMap((r) => (r.scores.judge!.repeatSpread == null ? [] : [{ sd: r.scores.judge!.repeatSpread, task: r.task }]))
  if (spreads.length === 0) return null
  const sorted = spreads.map((s) => s.sd).sort((a, b) => a - b)
  const mid = sorted.length / 2
  const largest = spreads.reduce((a, b) => (b.sd > a.sd ? b : a))
  return {
    n: spreads.length,
    pooled: Math.sqrt(sorted.reduce((a, sd) => a + sd * sd, 0) / sorted.length),
    median: sorted.length % 2 === 1 ? sorted[Math.floor(mid)]! : (sorted[mid - 1]! + sorted[mid]!) / 2,
    max: largest.sd,
    maxTask: largest.task,
  }
}

/** The provenance check in full, for `orgbench calibrate --provenance`. */
export function renderProvenanceCheck(p: ProvenanceCheck): string[] {
  const spent = p.cost.usd === null ? 'unknown (a model without a price)' : usd(p.cost.usd)
  return [
    provenanceLine(p),
    ...p.byTopology.map((t) => `  ${t.topology.padEnd(15)} ${t.accuracy === null ? '–' : pct(t.accuracy)} of ${t.answers} answers`),
    `  both orders named the same deliverable in ${p.consistency === null ? '–' : pct(p.consistency)} of pairs; ${p.failures.length} failed answer(s)`,
    ...p.failures.slice(0, 5).map((f) => `  failure ${f.pair} ${f.step}: ${f.kind}: ${f.message}`),
    `  judge spend: ${spent} over ${p.cost.calls} calls`,
  ]
}
