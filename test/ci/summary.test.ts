import { describe, expect, test } from 'vitest'
import { decideOutcome } from '../../lib/ci/outcome.js'
import { ISSUE_LIMIT, renderModelSummary, renderNotification, renderOverview } from '../../lib/ci/summary.js'
import { makeRecord, makeRun } from '../results/fixtures.js'

const records = (simulated: boolean, missed = false) =>
  ['single', 'star'].flatMap((topology) => [1, 2].map((trial) => makeRecord({ task: 'review', topology, trial, simulated, headline: topology === 'star' ? 85 : 75, mustCatch: missed && topology === 'single' ? [1, 2] : [2, 2] })))
const tierOf = () => 'standard' as const

describe('the job summary of one model', () => {
  test('has the run summary per topology, then per task compactly, the gate and every missed must-catch item', () => {
    const run = makeRun(records(false, true), { simulated: false, runId: 'openai-1' })
    const outcome = decideOutcome({ model: 'gpt-x', slug: 'gpt-x', run, gate: { verdict: 'SKIP', note: 'no baseline for gpt-x yet' }, tierOf, policy: 'auto' })
    const md = renderModelSummary({ outcome, run, gate: null, gateMarkdown: null, tierOf, policy: 'auto' })
    expect(md).toContain('## ❌ gpt-x')
    expect(md).toContain('Run `openai-1` · status **complete**')
    expect(md).toContain('**The job fails for this model:** 1 must-catch item(s) missed where ORGBENCH_MUST_CATCH=auto fails them.')
    expect(md.indexOf('### Per topology, all tasks')).toBeLessThan(md.indexOf('### Per task'))
    expect(md).toContain('| review | standard | 75.0 (2 missed) | 85.0 |')
    expect(md).toContain('**SKIP**: no baseline for gpt-x yet')
    expect(md).toContain('- ❌ `review` (standard) · **m0** missed item 0: missed by single #1, single #2 (of 4 scored cases)')
    expect(md).not.toContain('SIMULATED')
  })
  test('a simulated run says in words that it tests the machinery, not the topologies', () => {
    const run = makeRun(records(true), { runId: 'sim-1' })
    const outcome = decideOutcome({ model: 'sim-strong', slug: 'sim-strong', run, gate: { verdict: 'SKIP', note: 'simulated' }, tierOf, policy: 'auto' })
    const md = renderModelSummary({ outcome, run, gate: null, gateMarkdown: '## gate in full', tierOf, policy: 'auto' })
    expect(md).toContain('These numbers test the machinery, not the topologies')
    expect(md).toContain('No must-catch item was missed.')
    expect(md).toContain('<details><summary>The gate in full</summary>')
  })
  test('states the spend as the run summary does: "≥" with the unknown part, never the known part alone', () => {
    const unknown = records(false).map((r, i) => (i === 0 ? { ...r, cost: { ...r.cost, org: { ...r.cost.org, usd: null, unpriced: 1, usageUnknown: 1 } } } : r))
    const run = makeRun(unknown, { simulated: false, runId: 'openai-2' })
    const outcome = decideOutcome({ model: 'gpt-x', slug: 'gpt-x', run, gate: { verdict: 'SKIP', note: '' }, tierOf, policy: 'auto' })
    const md = renderModelSummary({ outcome, run, gate: null, gateMarkdown: null, tierOf, policy: 'auto' })
    expect(md).toContain('total spend: ≥ $0.0400 (1 call without usage) over ')
  })
  test('states cached calls and a learning run\'s repetition in the run summary\'s words', () => {
    const cached = records(false).map((r, i) => (i === 0 ? { ...r, cost: { ...r.cost, org: { ...r.cost.org, paidUsd: 0, cachedCalls: r.cost.org.calls } } } : r))
    const base = makeRun(cached, { simulated: false, runId: 'openai-3' })
    const split = { task: 'review', mode: 'seeds' as const, unit: null, fraction: null, reason: 'one agreement', train: null, heldOut: null, trainSeeds: [1], heldOutSeeds: [2] }
    const learning = { settings: { iterations: 2, trainTrials: 1, heldOutTrials: 1, budgetTokens: 300 }, splits: [split], retrospectives: [], cost: base.totals.spend }
    const run = { ...base, learning }
    const outcome = decideOutcome({ model: 'gpt-x', slug: 'gpt-x', run, gate: { verdict: 'SKIP', note: '' }, tierOf, policy: 'auto' })
    const md = renderModelSummary({ outcome, run, gate: null, gateMarkdown: null, tierOf, policy: 'auto' })
    expect(md).toContain('· learning: up to 2 iteration(s) per arm, 1 training + 1 held-out seed(s) each, lessons ≤ 300 tokens per agent · 4 cases')
    expect(md).not.toContain('trial(s) ·')
    expect(md).toMatch(/^total spend: \$\S+ \(organisations \$\S+, judge \$\S+\) over \d+ calls · paid in this run \$\S+ \(\d+ calls answered from the response cache\) · 0 errored trial\(s\)$/m)
  })
  test('without a run it says why', () => {
    const outcome = decideOutcome({ model: 'm', slug: 'm', run: null, gate: { verdict: 'SKIP', note: '' }, tierOf, policy: 'auto' })
    expect(renderModelSummary({ outcome, run: null, gate: null, gateMarkdown: null, tierOf, policy: 'auto' })).toContain('No results file: the merge wrote no results file')
  })
})

describe('the overview and the notification', () => {
  const strong = makeRun(records(false), { simulated: false, runId: 'r-strong', model: 'strong' })
  const o = decideOutcome({ model: 'strong', slug: 'strong', run: strong, gate: { verdict: 'FAIL', note: '' }, tierOf, policy: 'auto' })
  test('one row per model with status, gate, misses, commit and the job verdict, then the links and the policy', () => {
    const md = renderOverview({ outcomes: [o], comparison: null, links: [['workflow run', 'https://x/runs/1']], policy: 'auto', notes: ['a note'] })
    expect(md).toContain('# orgbench weekly benchmark: ❌ 1 of 1 model(s) fail')
    expect(md).toContain('| strong | `r-strong` | complete | FAIL | 0 / 0 | yes (pull request) | ❌ the regression gate FAILed |')
    expect(md).toContain('- note: a note')
    expect(md).toContain('[workflow run](https://x/runs/1)')
    expect(md).toContain('_Policy: the job fails on a gate FAIL')
  })
  test('the notification fits an issue comment', () => {
    const long = 'x'.repeat(100) + '\n'
    const text = renderNotification('# head', [long.repeat(1000)])
    expect(text.length).toBeLessThanOrEqual(ISSUE_LIMIT)
    expect(text).toMatch(/^# head/)
    expect(text).toContain('(cut to fit; the full summary is on the workflow run)')
    expect(renderNotification('# head', ['short'])).toBe('# head\n\nshort')
  })
})
