import { describe, expect, test } from 'vitest'
import { aggregateOutcomes } from '../../../lib/results/outcomes/aggregate.js'
import { parseCostModel } from '../../../lib/results/outcomes/cost-model.js'
import { blocksToMarkdown } from '../../../lib/results/outcomes/render.js'
import { bestTopology, costCenterBlocks, dollarsText, formatValue, outcomeParagraph, outcomeTitle } from '../../../lib/results/outcomes/section.js'
import type { OutcomeFigure, OutcomeGroup } from '../../../lib/results/outcomes/schema.js'
import { summarizeRecord } from '../../../lib/results/summary.js'
import { reviewCase } from './fixtures.js'

/*
 * The section's blocks as the pages show them are in test/results/outcomes/render.test.ts; these
 * are the figures' words and the choice of the best topology.
 */

const stat = (mean: number | null) => ({ n: 4, tasks: 2, mean, se: null, ci: null })
const comparison = (mean: number | null) => ({ value: stat(mean), vsSingle: null, vsMatched: null })
const figure = (outcome: string, kind: OutcomeFigure['kind'], mean: number | null): OutcomeFigure => ({ ...comparison(mean), outcome, kind, label: outcome, per: 100, unit: 'tickets', perCase: null })
const group = (topology: string, spend: number | null, ...outcomes: OutcomeFigure[]): OutcomeGroup => ({ costCenter: 'support', topology, tasks: ['t'], trials: 4, errors: 0, spendPerCase: comparison(spend), outcomes })

describe('formatValue', () => {
  test('spend in dollars, a share in percent with one decimal, a rate per 100 with one decimal and per 1 with two', () => {
    expect(formatValue({ kind: 'spend', per: 1 }, 1234.5)).toBe('$1,235')
    expect(formatValue({ kind: 'share', per: 100 }, 42.25)).toBe('42.3 %')
    expect(formatValue({ kind: 'rate', per: 100 }, 3.14159)).toBe('3.1')
    expect(formatValue({ kind: 'rate', per: 1 }, 3.14159)).toBe('3.14')
  })

  test('with a sign for differences: + on a gain, the minus before the dollar sign on a loss; unknown is –', () => {
    expect(formatValue({ kind: 'rate', per: 1 }, 0.5, true)).toBe('+0.50')
    expect(formatValue({ kind: 'spend', per: 1 }, 12.5, true)).toBe('+$12.50')
    expect(formatValue({ kind: 'spend', per: 1 }, -12.5, true)).toBe('-$12.50')
    expect(formatValue({ kind: 'rate', per: 1 }, 0, true)).toBe('0.00')
    // The sign follows the printed figure: a gain that rounds to zero is 0.0, as in the score tables.
    expect(formatValue({ kind: 'rate', per: 100 }, 0.04, true)).toBe('0.0')
    expect(formatValue({ kind: 'share', per: 100 }, 0.001, true)).toBe('0.0 %')
    expect(formatValue({ kind: 'share', per: 100 }, null)).toBe('–')
    expect(formatValue({ kind: 'share', per: 100 }, undefined)).toBe('–')
  })
})

describe('dollarsText and outcomeTitle', () => {
  test('whole dollars from $100, cents from $1, model spend below a dollar to the hundredth of a cent', () => {
    expect([dollarsText(100), dollarsText(99.5), dollarsText(0.5)]).toEqual(['$100', '$99.50', '$0.5000'])
  })

  test('a rate per one unit names the unit in the singular', () => {
    expect(outcomeTitle({ kind: 'rate', label: 'tickets reopened', per: 1, unit: 'tickets' })).toBe('tickets reopened per ticket')
  })
})

describe('bestTopology', () => {
  test('fewest events for a rate, most for a share; a topology without the outcome, or without a value, is passed over', () => {
    const groups = [group('single', 0.01, figure('escaped', 'rate', 4), figure('resolved', 'share', 60)), group('star', 0.05, figure('escaped', 'rate', 2), figure('resolved', 'share', 55)), group('hrm', 0.02, figure('escaped', 'rate', null)), group('pipeline', 0.02)]
    expect(bestTopology(groups, 'escaped')?.group.topology).toBe('star')
    expect(bestTopology(groups, 'resolved')?.group.topology).toBe('single')
  })

  test('on a tie, the cheaper topology per case; a topology of unknown spend loses the tie', () => {
    expect(bestTopology([group('star', 0.05, figure('escaped', 'rate', 2)), group('hrm', 0.02, figure('escaped', 'rate', 2))], 'escaped')?.group.topology).toBe('hrm')
    expect(bestTopology([group('star', null, figure('escaped', 'rate', 2)), group('hrm', 0.9, figure('escaped', 'rate', 2))], 'escaped')?.group.topology).toBe('hrm')
  })

  test('none when no topology has a value', () => {
    expect(bestTopology([group('star', 0.05, figure('escaped', 'rate', null))], 'escaped')).toBeNull()
    expect(bestTopology([], 'escaped')).toBeNull()
  })
})

describe('a "Best on …" paragraph when topologies tie', () => {
  test('every topology at the same value: no best, and it says all tie', () => {
    const groups = [group('single', 0.01, figure('escaped', 'rate', 0)), group('star', 0.05, figure('escaped', 'rate', 0)), group('hrm', 0.02, figure('escaped', 'rate', 0))]
    expect(outcomeParagraph(groups, 'escaped')).toBe('No best on escaped per 100 tickets: all 3 topologies tie at 0.0.')
  })

  test('some tie for best: the cheapest is named, with the others it ties with', () => {
    const groups = [group('single', 0.01, figure('escaped', 'rate', 2)), group('star', 0.05, figure('escaped', 'rate', 1)), group('hrm', 0.02, figure('escaped', 'rate', 1))]
    expect(outcomeParagraph(groups, 'escaped')).toMatch(/^Best on escaped per 100 tickets: hrm, 1\.0 \(no interval, 4 trial\(s\) over 2 task\(s\)\), tied with star \(the cheapest per case is named\), at /)
  })
})

describe('the cost-center tables without ORGBENCH_COMPUTE_MATCHED: self_refine is matched to star, and says so', () => {
  // Three trials of one task. Escaped bugs of 4 pull requests per trial; every trial catches 1 must-catch bug.
  const spend: Record<string, number> = { single: 0.01, self_refine: 0.02, star: 0.02, peer_review: 0.04 }
  const escaped: Record<string, number[]> = { single: [2, 1, 2], self_refine: [2, 1, 1], star: [1, 0, 1], peer_review: [0, 0, 1] }
  const cases = Object.entries(escaped).flatMap(([topology, ns]) => ns.map((n, i) => summarizeRecord(reviewCase({ topology, trial: i + 1, escaped: n, caught: 1, usd: spend[topology]! }))))
  const costModel = parseCostModel({ outcomes: { 'code_review.escaped_severe_bugs': { usd: 20000, assumption: 'hotfix and credits' } } }, 'costs.json')
  const md = blocksToMarkdown(costCenterBlocks(aggregateOutcomes(cases), 'engineering', { simulated: false, costModel, succeeded: true, cases })).join('\n')
  /** The text under one outcome's heading, up to the next heading. */
  const section = (heading: string) => {
    const start = md.indexOf(`### ${heading}`)
    const next = md.indexOf('\n### ', start + 1)
    return md.slice(start, next === -1 ? undefined : next)
  }

  test('nothing is called compute-matched: the column is "Δ vs matched", peer_review\'s cell carries ‡ and star\'s does not', () => {
    expect(md).not.toMatch(/vs compute-matched/)
    expect(md).toContain('| topology | value [95% CI] | Δ vs single [95% CI] | Δ vs matched [95% CI] | model $ per case |')
    expect(md).toMatch(/\| peer_review \| 8\.3 \[0\.0, 44\.2\] \| -33\.3 \[[^\]]+\] \| -25\.0 \[[^\]]+\] ‡ \|/)
    expect(md).toMatch(/\| star \| 16\.7 \[0\.0, 52\.5\] \| -25\.0 – \| -16\.7 \[[^\]]+\] \|/)
    expect(section('escaped CRITICAL/HIGH bugs per 100 pull requests')).toContain("‡ vs self_refine matched to star's spend, not the row's own (peer_review): not a compute-matched comparison for these")
  })

  test('the verdict names what peer_review was compared with, never "the same compute"', () => {
    const text = outcomeParagraph(aggregateOutcomes(cases).groups, 'code_review.escaped_severe_bugs')
    expect(text).toMatch(/^Best on escaped CRITICAL\/HIGH bugs per 100 pull requests: peer_review, 8\.3 /)
    expect(text).toContain("Against self_refine (matched to star's spend, not peer_review's): -25.0 (simultaneous interval")
    expect(text).not.toContain('same compute')
  })

  test('star\'s own matched baseline is self_refine: its verdict keeps "given the same compute"', () => {
    const withoutPeer = cases.filter((c) => c.topology !== 'peer_review')
    expect(outcomeParagraph(aggregateOutcomes(withoutPeer).groups, 'code_review.escaped_severe_bugs')).toContain('Against the single agent given the same compute (self_refine): -16.7')
  })

  test('the money table: "saved vs matched", ‡ on peer_review\'s row, and the same note', () => {
    const money = md.slice(md.indexOf('### Money per case'))
    expect(money).toContain('| saved vs single [95% CI] | saved vs matched [95% CI] |')
    expect(money).toMatch(/\| peer_review \| escaped CRITICAL\/HIGH bugs \| [^|]+ \| [^|]+ \| \+\$20,000 \[[^\]]+\] ‡ \|/)
    expect(money).toMatch(/\| star \| escaped CRITICAL\/HIGH bugs \| [^|]+ \| [^|]+ \| \+\$13,333 \[[^\]]+\] \|/)
    expect(money).toContain("‡ vs self_refine matched to star's spend, not the row's own (peer_review)")
  })

  test('m counts only the differences with an interval: 4 of the 5 shown (star − single is −25.0 on every trial, "–")', () => {
    expect(section('escaped CRITICAL/HIGH bugs per 100 pull requests')).toContain('Δ: adjusted for the 4 differences of this table with an interval (Holm p, Bonferroni at 1 − 0.05/4)')
  })

  test('a table whose differences have no spread: none is starred, and the note says none is adjusted', () => {
    const dollars = section('model dollars per caught must-catch bug')
    // Each topology spends the same on every trial: +$0.0300 on every pair is no test, however certain it looks.
    expect(dollars).toContain('| peer_review | $0.0400 [$0.0400, $0.0400] | +$0.0300 – | +$0.0200 – ‡ |')
    expect(dollars).not.toContain('–*')
    expect(dollars).toContain('Δ: no difference of this table has an interval (– where every pair differed by the same amount), so none is adjusted or starred.')
  })

  test('every topology at 0.0 false blocks: no best', () => {
    expect(md).toContain('No best on false blocks or change requests per 100 clean pull requests: all 4 topologies tie at 0.0.')
    expect(md).not.toContain('Best on false blocks')
  })
})
