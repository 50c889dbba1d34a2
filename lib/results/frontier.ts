import { mean, oneSampleEstimate, type TEstimate } from '../eval/stats.js'
import { adjustEstimates, MIN_INTERVAL_UNITS } from './adjust.js'
import { round4, round4OrNull } from '../eval/types.js'
import { totalTokens } from './cost.js'
import type { CaseSummary } from './summary.js'
import { isSingleAgent } from './matched-baseline.js'
import { groupBy, headlineOf } from './values.js'

/*
 * The single-agent compute frontier and each topology's distance from it: does organisation help,
 * or only the compute it spends? On each task the frontier joins the single-agent family's cells
 * (the single agent, self_refine, self_refine matched to each organisation's spend, and any single
 * agent run at a set budget) by their mean org
 * tokens and mean headline, linearly in log2 tokens, and keeps only points that improve on the
 * cheaper ones (a frontier never goes down). A topology's gap on a task is its mean headline minus
 * the frontier at its own mean tokens. A task where it spends more than the frontier's largest
 * budget (by more than FRONTIER_TOLERANCE) is not compared (no extrapolation) and is counted. Over tasks the gap is a mean of task
 * gaps with a Student-t interval (tasks as units). The gaps are shown together, so they are one family
 * (lib/results/adjust.ts): Holm p over those with an interval, and Bonferroni simultaneous intervals.
 */

/** Topologies that are one agent spending more or less compute: the frontier's points. */
export const SINGLE_AGENT_FAMILY = isSingleAgent

interface Point {
  log2Tokens: number
  headline: number
}

/**
 * How far past its largest budget the frontier still holds its last value: 15 % more tokens. A
 * budget-matched self_refine stops within about one call of its target, so the organisation it is
 * matched to often spent a few per cent more; beyond this the frontier is not extended.
 */
export const FRONTIER_TOLERANCE = Math.log2(1.15)

/** The frontier's value at `log2Tokens`; null beyond its largest budget (+ FRONTIER_TOLERANCE), its cheapest point's value below its smallest. */
export function frontierAt(points: readonly Point[], log2Tokens: number): number | null {
  const sorted = [...points].sort((a, b) => a.log2Tokens - b.log2Tokens)
  const hull: Point[] = []
  for (const p of sorted) if (hull.length === 0 || p.headline > hull.at(-1)!.headline) hull.push(p)
  if (hull.length === 0 || log2Tokens > sorted.at(-1)!.log2Tokens + FRONTIER_TOLERANCE) return null
  if (log2Tokens <= hull[0]!.log2Tokens) return hull[0]!.headline
  for (let i = 1; i < hull.length; i++) {
    const [a, b] = [hull[i - 1]!, hull[i]!]
    if (log2Tokens <= b.log2Tokens) return a.headline + ((b.headline - a.headline) * (log2Tokens - a.log2Tokens)) / (b.log2Tokens - a.log2Tokens)
  }
  // Beyond the last improving point but within the largest budget (and its tolerance): more compute did not help.
  return hull.at(-1)!.headline
}

/** One topology against the single-agent frontier at its own cost. */
export interface FrontierGap {
  topology: string
  /** Tasks compared. */
  tasks: number
  /** Tasks where the topology spent more than the frontier's largest budget (not compared). */
  beyond: number
  /** Mean over compared tasks of (topology's headline − frontier at its tokens); positive: above the frontier. */
  gap: number | null
  /** Simultaneous Student-t interval over tasks at `level` = 1 − 0.05/family (Bonferroni over the gaps with an interval); null below 3 tasks, and without spread (every task the same gap). */
  ci: { lo: number; hi: number; level: number } | null
  /** The gaps adjusted together, Holm's p over them, and whether it is below 0.05; null without an interval. */
  adjusted: { family: number; pHolm: number; survives: boolean } | null
  /** Mean tokens of the topology as a multiple of the single agent's, averaged over compared tasks. */
  costRatio: number | null
}

function cellPoint(rs: readonly CaseSummary[]): Point | null {
  const ok = rs.filter((r) => r.status === 'ok')
  const tokens = mean(ok.map((r) => totalTokens(r.cost.org)).filter((t): t is number => t !== null && t > 0))
  const headline = mean(ok.map(headlineOf).filter((h): h is number => h !== null))
  return tokens === null || headline === null ? null : { log2Tokens: Math.log2(tokens), headline }
}

/** Every multi-agent topology's gap to the single-agent compute frontier, clustered by task. */
export function computeFrontierGaps(cases: readonly CaseSummary[]): FrontierGap[] {
  const byTask = groupBy(cases, (r) => r.task)
  const organisations = [...new Set(cases.map((r) => r.topology))].filter((t) => !SINGLE_AGENT_FAMILY(t)).sort()
  const gaps = organisations.map((topology) => {
    const gaps: number[] = []
    const ratios: number[] = []
    let beyond = 0
    for (const rs of byTask.values()) {
      const cells = groupBy(rs, (r) => r.topology)
      const own = cells.has(topology) ? cellPoint(cells.get(topology)!) : null
      const frontier = [...cells].filter(([t]) => SINGLE_AGENT_FAMILY(t)).flatMap(([, c]) => cellPoint(c) ?? [])
      const single = cells.has('single') ? cellPoint(cells.get('single')!) : null
      if (own === null || frontier.length === 0) continue
      const at = frontierAt(frontier, own.log2Tokens)
      if (at === null) {
        beyond++
        continue
      }
      gaps.push(own.headline - at)
      if (single) ratios.push(2 ** (own.log2Tokens - single.log2Tokens))
    }
    const e = oneSampleEstimate(gaps)
    return { topology, tasks: gaps.length, beyond, estimate: e !== null && gaps.length >= MIN_INTERVAL_UNITS ? e : null, gap: round4OrNull(e?.estimate ?? null), costRatio: round4OrNull(mean(ratios)) }
  })
  const adjusted = adjustEstimates(gaps.map((g): TEstimate | null => g.estimate))
  return gaps.map(({ estimate: _, ...g }, i) => {
    const a = adjusted[i]
    return { ...g, ci: a ? { lo: round4(a.ci.lo), hi: round4(a.ci.hi), level: round4(a.ci.level) } : null, adjusted: a ? { family: a.family, pHolm: round4(a.pHolm), survives: a.survives } : null }
  })
}
