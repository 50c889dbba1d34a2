import { describe, expect, test } from 'vitest'
import { aggregateOutcomes } from '../../../lib/results/outcomes/aggregate.js'
import { parseCostModel } from '../../../lib/results/outcomes/cost-model.js'
import { blocksToHtml, blocksToMarkdown, outcomesSummaryLines, SUMMARY_WIDTH } from '../../../lib/results/outcomes/render.js'
import { costCenterBlocks, dollarsText, outcomeParagraph, outcomeTitle } from '../../../lib/results/outcomes/section.js'
import { renderReport } from '../../../lib/results/report/index.js'
import { summarizeRecord } from '../../../lib/results/summary.js'
import { makeRecord, makeRun } from '../fixtures.js'
import { reviewCase } from './fixtures.js'

const records = [
  reviewCase({ topology: 'single', trial: 1, escaped: 2, caught: 1, usd: 0.01 }),
  reviewCase({ topology: 'single', trial: 2, escaped: 1, caught: 1, usd: 0.01 }),
  reviewCase({ topology: 'star', trial: 1, escaped: 0, caught: 2, usd: 0.04 }),
  reviewCase({ topology: 'star', trial: 2, escaped: 1, caught: 2, usd: 0.04 }),
  makeRecord({ task: 'plan', costCenter: 'strategy', topology: 'single' }),
]
const cases = records.map(summarizeRecord)
const report = aggregateOutcomes(cases)
const costModel = parseCostModel({ outcomes: { 'code_review.escaped_severe_bugs': { usd: 20000, assumption: 'hotfix and credits' } } }, 'costs.json')

describe('the by-cost-center section', () => {
  test('dollars read as people read them: whole dollars from $100, cents from $1, fractions of a cent below', () => {
    expect([dollarsText(25000), dollarsText(-1234.5), dollarsText(12.5), dollarsText(0.0123), dollarsText(0.001)]).toEqual(['$25,000', '$1,235', '$12.50', '$0.0123', '$0.00100'])
  })

  test('whole dollars are written as en-US writes them, halves rounded up, however large', () => {
    for (const x of [100, 100.5, 999.49, 999.5, 1234.5, 99999.5, 1e6 + 0.4999, 123456789.5, 2 ** 53, 1e21, 3e25]) {
      expect(dollarsText(x)).toBe(`$${x.toLocaleString('en-US', { maximumFractionDigits: 0 })}`)
    }
  })

  test('a title keeps a fractional "per" as en-US writes it', () => {
    expect(outcomeTitle({ kind: 'rate', label: 'bugs', per: 2.5, unit: 'diffs' })).toBe('bugs per 2.5 diffs')
    expect(outcomeTitle({ kind: 'rate', label: 'bugs', per: 10000, unit: 'diffs' })).toBe('bugs per 10,000 diffs')
  })

  test('titles read as a cost-center owner says them', () => {
    expect(outcomeTitle({ kind: 'rate', label: 'escaped CRITICAL/HIGH bugs', per: 100, unit: 'pull requests' })).toBe('escaped CRITICAL/HIGH bugs per 100 pull requests')
    expect(outcomeTitle({ kind: 'rate', label: 'HIGH risks missed', per: 1, unit: 'contracts' })).toBe('HIGH risks missed per contract')
    expect(outcomeTitle({ kind: 'spend', label: 'model dollars', per: 1000, unit: 'tickets' })).toBe('model dollars per 1,000 tickets')
    expect(outcomeTitle({ kind: 'share', label: 'incidents with the right root cause', per: 100, unit: 'incidents' })).toBe('incidents with the right root cause (% of incidents)')
  })

  test('a plain-language paragraph: the best topology, its interval, against single, at its cost', () => {
    expect(outcomeParagraph(report.groups, 'code_review.escaped_severe_bugs')).toBe(
      'Best on escaped CRITICAL/HIGH bugs per 100 pull requests: star, 12.5 (no interval: too few trials (2) for an interval, 2 trial(s) over 1 task(s)), at $0.0400 of model spend per case. ' +
        'Against the single agent (single): -25.0, no conclusion: too few trials (2) for an interval; model spend +$0.0300 per case.',
    )
  })

  test('"Best on …" judges a difference by Holm over the table, not by its plain 95 % interval', () => {
    // single 2, 1, 2 escaped of 4; self_refine 2, 1, 1; star 0, 0, 0: star − single is −50, −25, −50 per 100, whose
    // plain 95 % interval [−77.5, −5.8] leaves out 0; over the table's 3 differences Holm's p is 3 · 0.0377 = 0.113.
    const escaped = (topology: string, counts: number[]) => counts.map((n, i) => summarizeRecord(reviewCase({ topology, trial: i + 1, escaped: n, caught: 1, usd: 0.01 })))
    const three = aggregateOutcomes([...escaped('single', [2, 1, 2]), ...escaped('self_refine', [2, 1, 1]), ...escaped('star', [0, 0, 0])])
    const text = outcomeParagraph(three.groups, 'code_review.escaped_severe_bugs')
    expect(text).toContain('Against the single agent (single): -41.7 (simultaneous interval [-105.4, +22.1], Holm p 0.113 over 3), not distinguishable from no difference in this run;')
    const md = blocksToMarkdown(costCenterBlocks(three, 'engineering', { simulated: false, costModel: null, succeeded: true, cases: [] })).join('\n')
    expect(md).toContain('| star | 0.0 [0.0, 0.0] | -41.7 [-105.4, +22.1] |')
    expect(md).toContain('Δ: adjusted for the 3 differences of this table with an interval (Holm p, Bonferroni at 1 − 0.05/3); * survives Holm correction')
  })

  test('markdown: one table per outcome, the money table with its assumption beside every figure', () => {
    const md = blocksToMarkdown(costCenterBlocks(report, 'engineering', { simulated: true, costModel, succeeded: true, cases })).join('\n')
    expect(md).toContain('Simulated: these numbers test the machinery, not the topologies.')
    expect(md).toContain('### escaped CRITICAL/HIGH bugs per 100 pull requests')
    // Two trials: no t interval on 1 df, as in the score tables.
    expect(md).toContain('| star | 12.5 (too few trials (2) for an interval) | -25.0 (too few trials (2) for an interval) | – | $0.0400 |')
    expect(md).toContain('### model dollars per caught must-catch bug')
    // star lets 0.5 bugs escape per review at $20,000 each; single 1.5: star saves $20,000 per case for $0.03 more model spend.
    expect(md).toContain('| star | escaped CRITICAL/HIGH bugs | $10,000 (too few trials (2) for an interval) | +$20,000 (too few trials (2) for an interval) |')
    expect(md).toMatch(/\| star \| escaped CRITICAL\/HIGH bugs \| .* \| \+\$20,000 \(too few trials \(2\) for an interval\) \| – \| \+\$0\.0300 \| \+\$20,000 \| \$20,000 per event \(escaped CRITICAL\/HIGH bugs\): hotfix and credits \|/)
  })

  test('without a cost model there is no money figure, and the section says so', () => {
    const md = blocksToMarkdown(costCenterBlocks(report, 'engineering', { simulated: false, costModel: null, succeeded: true, cases })).join('\n')
    expect(md).not.toContain('lost per case')
    expect(md).toContain('No cost model, so no money figure')
    expect(md).not.toContain('Simulated')
  })

  test('a cost center of design tasks says it has no ground truth instead of borrowing numbers', () => {
    const md = blocksToMarkdown(costCenterBlocks(report, 'strategy', { simulated: false, costModel, succeeded: true, cases })).join('\n')
    expect(md).toBe('No ground truth for plan: design work is judged by a checklist and the judge, so it has no outcome counts here, and none are borrowed from other tasks.\n')
  })

  test('a cost center without outcome counts: rescoring adds them to an old file, but never to trials that all errored', () => {
    const none = aggregateOutcomes([])
    expect(blocksToMarkdown(costCenterBlocks(none, 'engineering', { simulated: false, costModel: null, succeeded: true, cases })).join('\n')).toContain('`orgbench rescore` adds them')
    const failed = blocksToMarkdown(costCenterBlocks(none, 'engineering', { simulated: false, costModel: null, succeeded: false, cases: [] })).join('\n')
    expect(failed).toBe('No outcome counts: no trial of this cost center succeeded, so there is nothing to count.\n')
  })

  test('the report of a run whose every trial errored never suggests a rescore', () => {
    const errored = [1, 2].flatMap((trial) => ['single', 'star'].map((topology) => makeRecord({ topology, trial, status: 'error' })))
    const files = renderReport([makeRun(errored)])
    expect(files.get('cost-centers/engineering/summary.md')).toContain('No outcome counts: no trial of this cost center succeeded')
    for (const text of files.values()) expect(text).not.toContain('rescore')
  })

  test('HTML: the same blocks, escaped', () => {
    const html = blocksToHtml([{ kind: 'para', text: 'a <b> & c' }, { kind: 'table', headers: ['x', 'assumption'], rows: [['1', '<why>']] }]).join('\n')
    expect(html).toContain('<p class="note">a &lt;b&gt; &amp; c</p>')
    expect(html).toContain('<td>1</td><td class="text">&lt;why&gt;</td>')
  })

  test('the report: a section in the HTML and one on each cost center page', () => {
    const files = renderReport([makeRun(records)], { costModel })
    expect(files.get('index.html')).toContain('<section id="cost-centers">')
    expect(files.get('index.html')).toContain('$20,000 per event (escaped CRITICAL/HIGH bugs): hotfix and credits')
    expect(files.get('cost-centers/engineering/summary.md')).toContain('## Outcomes: what this cost center gets, and what it costs')
    expect(files.get('cost-centers/strategy/summary.md')).toContain('No ground truth for plan')
    expect(files.get('tracks/enterprise/summary.md')).not.toContain('## Outcomes')
  })
})

describe('the run summary: a compact outcomes table', () => {
  test('one row per cost center and outcome, one column per topology', () => {
    const lines = outcomesSummaryLines(makeRun(records))
    expect(lines[0]).toBe('outcomes per cost center, mean per topology (lower is better, except shares of what went right):')
    expect(lines[1]).toMatch(/^outcome +single +star$/)
    expect(lines[2]).toBe('engineering')
    expect(lines[3]).toMatch(/^ {2}escaped CRITICAL\/HIGH bugs per 100 pull requests +37\.5 +12\.5$/)
    expect(lines[5]).toMatch(/^ {2}model dollars per caught must-catch bug +\$0\.0100 +\$0\.0200$/)
    // Columns line up: every value ends where its topology's header ends.
    expect(new Set(lines.slice(3, 6).map((l) => l.length))).toEqual(new Set([lines[1]!.length]))
    expect(lines).toContain('no ground truth (no outcomes, none borrowed): strategy: plan')
    expect(lines).toContain('simulated: these numbers test the machinery, not the topologies')
  })

  test(`fits ${SUMMARY_WIDTH} columns with every topology and the longest labels`, () => {
    const topologies = ['single', 'self_refine', 'star', 'pipeline', 'peer_review', 'hrm', 'self_decompose']
    const many = topologies.flatMap((topology) => [1, 2].map((trial) => reviewCase({ topology, trial, escaped: 1, caught: 1, usd: 0.0123 })))
    const lines = outcomesSummaryLines(makeRun(many))
    expect(lines.length).toBeGreaterThan(4)
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(SUMMARY_WIDTH)
    expect(lines.join('\n')).toContain('self_decompose')
    // Seven topologies leave no room beside the names: each name has a line of its own above its values.
    const title = lines.indexOf('  escaped CRITICAL/HIGH bugs per 100 pull requests')
    expect(lines[title + 1]).toMatch(/^ +25\.0 +25\.0 +25\.0 +25\.0 +25\.0 +25\.0 +25\.0$/)
  })

  test(`a compute-matched run's eleven topologies are split into column groups within ${SUMMARY_WIDTH} columns, none cut off; wide prints one table`, () => {
    const topologies = ['single', 'self_refine', 'star', 'pipeline', 'peer_review', 'hrm', 'self_decompose', 'self_refine@hrm', 'self_refine@peer_review', 'self_refine@pipeline', 'self_refine@self_decompose']
    const many = topologies.flatMap((topology) => [1, 2].map((trial) => reviewCase({ topology, trial, escaped: 1, caught: 1, usd: 0.0123 })))
    const lines = outcomesSummaryLines(makeRun(many))
    for (const l of lines) expect(l.length).toBeLessThanOrEqual(SUMMARY_WIDTH)
    expect(lines.join('\n')).not.toContain('…')
    const headers = lines.filter((l) => /^ *single|self_refine@/.test(l) && !l.includes('bugs'))
    expect(headers.length).toBeGreaterThan(1)
    for (const t of topologies) expect(headers.join(' ').split(/ +/)).toContain(t)
    const wide = outcomesSummaryLines(makeRun(many), { wide: true })
    expect(wide.find((l) => l.startsWith('outcome '))!.trim().split(/ +/)).toEqual(['outcome', ...topologies])
  })

  test('without the compute-matched arms, the note names the organisations whose matched baseline spent star\'s budget', () => {
    const off = ['single', 'self_refine', 'star', 'hrm'].flatMap((topology) => [1, 2].map((trial) => reviewCase({ topology, trial, escaped: 1, caught: 1, usd: 0.01 })))
    const lines = outcomesSummaryLines(makeRun(off))
    expect(lines).toContain('intervals, differences against single and the matched baseline, money: orgbench report (by cost center)')
    expect(lines).toContain("the matched baseline of hrm is self_refine, which spent star's budget, not theirs")
    const on = [...off, ...[1, 2].map((trial) => reviewCase({ topology: 'self_refine@hrm', trial, escaped: 1, caught: 1, usd: 0.01 }))]
    expect(outcomesSummaryLines(makeRun(on))).toContain('intervals, differences against single and the compute-matched baseline, money: orgbench report (by cost center)')
    expect(outcomesSummaryLines(makeRun(on)).join('\n')).not.toContain("star's budget")
  })

  test('a results file written before outcomes has no outcome table', () => {
    expect(outcomesSummaryLines({ simulated: false })).toEqual([])
  })
})
