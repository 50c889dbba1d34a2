import { mean } from '../eval/stats.js'
import { MIN_INTERVAL_UNITS } from './adjust.js'
import { totalTokens } from './cost.js'
import { difference, interval, signed } from './format.js'
import { computeFrontierGaps, type FrontierGap } from './frontier.js'
import { isSingleAgent, matchedBaselineName, matchedPeerOf } from './matched-baseline.js'
import type { GroupSummary } from './schema.js'
import type { CaseSummary } from './summary.js'
import { groupBy } from './values.js'

/** What the matched lines' numbers are, for a caption, with the number of frontier gaps adjusted together in `cases` (computeFrontierGaps). */
export function matchedNote(cases: readonly CaseSummary[]): string {
  const m = computeFrontierGaps(cases).find((g) => g.adjusted)?.adjusted?.family
  const frontier = m === undefined ? 't interval over tasks' : `t interval over tasks, simultaneous over the ${m} ${m === 1 ? 'gap' : 'gaps'} with an interval: Bonferroni at 1 − 0.05/${m}, * survives Holm over the ${m}`
  return `organisation − its compute-matched single agent (self_refine at the organisation's median tokens on each task), paired by task and trial, clustered by task, Holm-adjusted with the table's other Δ (* survives); tokens: the organisation's org tokens over its matched single agent's, mean over tasks; frontier: its gap to the single-agent compute frontier at its own tokens (${frontier})`
}

/** Mean over tasks of the ratio of `topology`'s mean org tokens to `baseline`'s on the same task; null when no task has both. */
function tokenRatio(cases: readonly CaseSummary[], topology: string, baseline: string): number | null {
  const meanTokens = (rs: readonly CaseSummary[]) => mean(rs.filter((r) => r.status === 'ok').flatMap((r) => totalTokens(r.cost.org) ?? []))
  const ratios = [...groupBy(cases, (r) => r.task).values()].flatMap((rs) => {
    const mine = meanTokens(rs.filter((r) => r.topology === topology))
    const theirs = meanTokens(rs.filter((r) => r.topology === baseline))
    return mine !== null && theirs ? [mine / theirs] : []
  })
  return mean(ratios)
}

/**
 * One line per organisation over all tasks: its score minus its own compute-matched single agent
 * (with the adjusted interval), its tokens as a multiple of that agent's (≈ 1 when the budget
 * matched), and its gap to the single-agent compute frontier. Empty unless the run has a
 * self_refine@<topology> case (ORGBENCH_COMPUTE_MATCHED=on); without them star's comparison is the
 * table's "Δ vs self_refine" column.
 */
export function matchedLines(groups: readonly GroupSummary[], cases: readonly CaseSummary[]): string[] {
  const overall = groups.filter((g) => g.by === 'all')
  if (!overall.some((g) => matchedPeerOf(g.topology) !== null)) return []
  const gaps = computeFrontierGaps(cases)
  return overall
    .filter((g) => !isSingleAgent(g.topology))
    .map((g) => {
      const d = g.vsSelfRefine
      if (!d) return `${g.topology}: no compute-matched single agent in this run`
      const ratio = tokenRatio(cases, g.topology, d.against)
      const gap = gaps.find((x) => x.topology === g.topology)
      return `${g.topology} − ${matchedBaselineName(g.topology, d.against)}: ${difference(d)} · tokens ${ratio === null ? '–' : `${ratio.toFixed(2)}×`} · ${frontierText(gap)}`
    })
}

/** "frontier +1.2 [-3.0, +5.4]", with the tasks it could not compare; a dash when there is no gap, or for the interval of a gap without spread. */
function frontierText(gap: FrontierGap | undefined): string {
  if (!gap || (gap.gap === null && gap.beyond === 0)) return 'frontier –'
  const beyond = gap.beyond > 0 ? `beyond it on ${gap.beyond} task(s)` : ''
  if (gap.gap === null) return `frontier: ${beyond}`
  // Every task the same gap: no spread, so no interval (a dash, as for a difference) and no part in the gaps' family.
  const ci = gap.ci ? interval(gap.ci, 1, true) : gap.tasks < MIN_INTERVAL_UNITS ? `(too few tasks (${gap.tasks}) for an interval)` : '–'
  const star = gap.adjusted?.survives ? '*' : ''
  return `frontier ${signed(gap.gap)} ${ci}${star}${beyond ? `, ${beyond}` : ''}`
}
