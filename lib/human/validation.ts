import { z } from 'zod'
import { wilsonInterval } from '../eval/stats.js'
import { Interval } from '../results/schema.js'
import { clusteredEstimate, clusteredTallyEstimate, type Estimate, largestResample, spearman, weightedKappa } from './agreement.js'
import { EXACT_RANK_PAIRS, LabelTable, ScoreTable, tableAgreementRate, tableCohenKappa, tableSpearman, tableWeightedKappa } from './agreement-tables.js'
import type { ItemGrade } from './grades.js'
import { type KeyFile, type KeyItem, type Preference, SimulatedSides } from './schema.js'

const EstimateSchema = z.object({ value: z.number().nullable(), ci: Interval.nullable(), undefinedResamples: z.number().int().optional() })

export const AgreementMetrics = z.object({
  /** Items with at least one compared answer. */
  items: z.number().int(),
  preference: z.object({ pairs: z.number().int(), kappa: EstimateSchema, agreement: EstimateSchema }),
  pointwise: z.object({ pairs: z.number().int(), weightedKappa: EstimateSchema, spearman: EstimateSchema }),
})
export type AgreementMetrics = z.infer<typeof AgreementMetrics>

const Bias = z.object({ rater: z.string(), decisive: z.number().int(), preferredLonger: z.number().int(), rate: z.number().nullable(), ci: Interval.nullable() })

/** What `orgbench human import` computes and stores, and what reports show. */
export const AgreementReport = z.object({
  kind: z.literal('orgbench-human-agreement'),
  version: z.literal(1),
  exportId: z.string(),
  runId: z.string(),
  simulated: z.boolean(),
  simulatedSides: SimulatedSides.optional(),
  judgeModel: z.string(),
  graders: z.array(z.string()),
  items: z.number().int(),
  gradedItems: z.number().int(),
  judgeVsHuman: z.object({ overall: AgreementMetrics, byTask: z.record(z.string(), AgreementMetrics), byGrader: z.record(z.string(), AgreementMetrics) }),
  interGrader: z.array(z.object({ a: z.string(), b: z.string(), items: z.number().int(), preferenceKappa: EstimateSchema, weightedKappa: EstimateSchema })),
  judgeOrders: z.object({ items: z.number().int(), disagreed: z.number().int(), rate: z.number().nullable(), ci: Interval.nullable() }),
  lengthBias: z.array(Bias),
  method: z.array(z.string()),
})
export type AgreementReport = z.infer<typeof AgreementReport>

/** People's answers compared with the judge's, preferences and scores: none when the judge gave no result on what people graded. */
export const comparedWithJudge = (report: AgreementReport): number => report.judgeVsHuman.overall.preference.pairs + report.judgeVsHuman.overall.pointwise.pairs

export const SCALE = { min: 0, max: 10 } as const

interface Unit {
  task: string
  item: string
  preference: [Preference, Preference] | null
  scores: Array<[number, number]>
}

/**
 * Agreement over `units`, with intervals that resample whole tasks (or, within one task, whole
 * items). Every scope passes the same `seed`: the same units then give the same interval, so a
 * scope that holds exactly the overall data (one grader, one task) never shows a second interval.
 */
function metrics(units: readonly Unit[], seed: number): AgreementMetrics {
  const byCluster = new Map<string, Unit[]>()
  const oneTask = new Set(units.map((u) => u.task)).size === 1
  for (const u of units) {
    const cluster = oneTask ? u.item : u.task
    byCluster.set(cluster, [...(byCluster.get(cluster) ?? []), u])
  }
  const clusters = [...byCluster.values()]
  return {
    items: units.length,
    preference: { pairs: prefs(units).length, ...preferenceEstimates(clusters, seed) },
    pointwise: { pairs: scores(units).length, ...scoreEstimates(clusters, seed) },
  }
}

const prefs = (us: readonly Unit[]) => us.flatMap((u) => (u.preference ? [u.preference] : []))
const scores = (us: readonly Unit[]) => us.flatMap((u) => u.scores)

/** κ and raw agreement on preferences, from per-cluster label tables (the same numbers as from the pairs). */
function preferenceEstimates(clusters: ReadonlyArray<readonly Unit[]>, seed: number): { kappa: Estimate; agreement: Estimate } {
  const labels = new Set(prefs(clusters.flat()).flat())
  const index = new Map([...labels].map((label, i) => [label, i]))
  const table = (us: readonly Unit[]) => LabelTable.of(prefs(us), index)
  return {
    kappa: clusteredTallyEstimate(clusters, table, tableCohenKappa, { seed: seed + 1 }),
    agreement: clusteredTallyEstimate(clusters, table, tableAgreementRate, { seed: seed + 2 }),
  }
}

/**
 * κ_w and ρ on scores, from per-cluster score tables when every score is an integer on the scale
 * (and, for ρ, no resample is too large for exact rank sums); otherwise from the pairs.
 */
function scoreEstimates(clusters: ReadonlyArray<readonly Unit[]>, seed: number): { weightedKappa: Estimate; spearman: Estimate } {
  const fromPairs = (statistic: (pairs: Array<[number, number]>) => number | null, offset: number) => clusteredEstimate(clusters, (us) => statistic(scores(us)), { seed: seed + offset })
  const fromTables = (statistic: (t: ScoreTable) => number | null, offset: number) => clusteredTallyEstimate(clusters, (us) => ScoreTable.of(scores(us), SCALE.min, SCALE.max), statistic, { seed: seed + offset })
  const tabled = ScoreTable.fits(scores(clusters.flat()), SCALE.min, SCALE.max)
  const ranksExact = largestResample(clusters, (us) => scores(us).length) <= EXACT_RANK_PAIRS
  return {
    weightedKappa: tabled ? fromTables(tableWeightedKappa, 3) : fromPairs((pairs) => weightedKappa(pairs, SCALE.min, SCALE.max), 3),
    spearman: tabled && ranksExact ? fromTables(tableSpearman, 4) : fromPairs(spearman, 4),
  }
}

/** A rater's answers on one item, in the shape both the judge (from the key) and people have. */
interface Answer {
  preference: Preference | null
  scores: { A: Record<string, number>; B: Record<string, number> }
}

function judgeAnswer(item: KeyItem): Answer {
  return { preference: item.judgePreference, scores: { A: item.a.judgeScores ?? {}, B: item.b.judgeScores ?? {} } }
}

/** The comparable parts of two raters' answers on one item. */
function compare(task: string, item: string, dims: readonly string[], x: Answer, y: Answer): Unit {
  const scores: Array<[number, number]> = []
  for (const side of ['A', 'B'] as const) {
    for (const d of dims) {
      const a = x.scores[side][d]
      const b = y.scores[side][d]
      if (a !== undefined && b !== undefined) scores.push([a, b])
    }
  }
  return { task, item, preference: x.preference && y.preference ? [x.preference, y.preference] : null, scores }
}

function lengthBias(rater: string, answers: ReadonlyArray<{ item: KeyItem; preference: Preference | null }>) {
  const decisive = answers.filter((a) => (a.preference === 'A' || a.preference === 'B') && a.item.a.length !== a.item.b.length)
  const longer = decisive.filter((a) => (a.preference === 'A') === (a.item.a.length > a.item.b.length)).length
  return { rater, decisive: decisive.length, preferredLonger: longer, rate: decisive.length === 0 ? null : longer / decisive.length, ci: wilsonInterval(longer, decisive.length) }
}

/**
 * Judge–human agreement for an export's grades: on preferences (Cohen's κ with ties as a category,
 * and raw agreement) and on 0-10 rubric scores (quadratically weighted κ and Spearman's ρ), each
 * with a 95 % bootstrap interval that resamples whole tasks; overall, per task and per grader;
 * agreement between graders; how often the judge's two pairwise orders disagreed; and each
 * rater's preference for the longer deliverable.
 */
export function computeAgreement(key: KeyFile, grades: readonly ItemGrade[], seed = key.seed): AgreementReport {
  const items = new Map(key.items.map((i) => [i.id, i]))
  const graders = [...new Set(grades.map((g) => g.grader))].sort()
  const units = grades.map((g) => {
    const item = items.get(g.item)!
    return { grader: g.grader, unit: compare(item.task, item.id, key.rubric[item.task]!, judgeAnswer(item), g) }
  })
  const tasks = [...new Set(units.map((u) => u.unit.task))].sort()
  const interGrader = graders.flatMap((a, i) =>
    graders.slice(i + 1).map((b) => {
      const mine = new Map(grades.filter((g) => g.grader === a).map((g) => [g.item, g]))
      const common = grades.filter((g) => g.grader === b && mine.has(g.item)).map((g) => {
        const item = items.get(g.item)!
        return compare(item.task, item.id, key.rubric[item.task]!, mine.get(g.item)!, g)
      })
      const m = metrics(common, seed)
      return { a, b, items: common.length, preferenceKappa: m.preference.kappa, weightedKappa: m.pointwise.weightedKappa }
    }),
  )
  const withVerdict = key.items.filter((i) => i.judgePreference !== null && i.judgeOrdersAgreed !== null)
  const disagreed = withVerdict.filter((i) => i.judgeOrdersAgreed === false).length
  return {
    kind: 'orgbench-human-agreement',
    version: 1,
    exportId: key.exportId,
    runId: key.runId,
    simulated: key.simulated,
    ...(key.simulatedSides ? { simulatedSides: key.simulatedSides } : {}),
    judgeModel: key.judgeModel,
    graders,
    items: key.items.length,
    gradedItems: new Set(grades.map((g) => g.item)).size,
    judgeVsHuman: {
      overall: metrics(units.map((u) => u.unit), seed),
      byTask: Object.fromEntries(tasks.map((t) => [t, metrics(units.filter((u) => u.unit.task === t).map((u) => u.unit), seed)])),
      byGrader: Object.fromEntries(graders.map((g) => [g, metrics(units.filter((u) => u.grader === g).map((u) => u.unit), seed)])),
    },
    interGrader,
    judgeOrders: { items: withVerdict.length, disagreed, rate: withVerdict.length === 0 ? null : disagreed / withVerdict.length, ci: wilsonInterval(disagreed, withVerdict.length) },
    lengthBias: [
      lengthBias(`judge (${key.judgeModel})`, key.items.map((item) => ({ item, preference: item.judgePreference }))),
      ...graders.map((g) => lengthBias(g, grades.filter((x) => x.grader === g).map((x) => ({ item: items.get(x.item)!, preference: x.preference })))),
    ],
    method: [
      "Preferences: Cohen's κ with A, B and tie as three categories, and raw agreement, over every (grader, item) with both a human and a judge preference.",
      'Scores: quadratically weighted κ on the 0-10 scale and Spearman\'s ρ (average ranks for ties), over every (grader, item, side, dimension) scored by both.',
      '95 % intervals: percentile bootstrap (2,000 resamples, one seed for every row, so identical data gives an identical interval) that resamples whole tasks (items of one task are not independent); within one task, whole items (all graders of an item together). Fewer than 5 such units give no interval.',
      "Judge orders: the share of pairs on which the judge's verdicts in the two presentation orders disagreed (Wilson interval).",
      'Length bias: among decisive preferences between deliverables of different length, the share that chose the longer one (Wilson interval); 50 % is no bias.',
    ],
  }
}
