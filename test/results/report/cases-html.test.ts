import { describe, expect, test } from 'vitest'
import { caseCard, renderCaseIndex, renderCasePage, renderCasePages } from '../../../lib/results/report/cases-html.js'
import type { CaseGroup, CaseView } from '../../../lib/results/report/cases.js'

const view = (topology: string, over: Partial<CaseView> = {}): CaseView => ({
  runId: 'run-a',
  simulated: false,
  model: 'gpt-x',
  task: 'code_review_execution',
  topology,
  trial: 2,
  status: 'ok',
  headline: 71.25,
  error: null,
  judge: null,
  groundTruth: null,
  checklist: null,
  orgUsd: 0.0123,
  deliverable: { format: 'markdown', text: '# Review\n<script>alert(1)</script>' },
  ...over,
})
const group = (views: CaseView[]): CaseGroup => ({ task: views[0]!.task, trial: views[0]!.trial, topologies: [...new Set(views.map((v) => v.topology))], runs: [...new Set(views.map((v) => v.runId))], cases: new Map(views.map((v) => [`${v.runId}\u0000${v.topology}`, v])) })

describe('caseCard', () => {
  test('a case the run does not have says so', () => {
    expect(caseCard(undefined, 'hrm')).toBe('<div class="card" data-case-column><h3>hrm</h3><p class="meta">not in this run</p></div>')
  })

  test('score to one decimal, spend and model; the deliverable escaped, with its format and length', () => {
    const card = caseCard(view('star'), 'star')
    expect(card).toContain('<p class="meta">score <b>71.3</b> · org $0.0123 · gpt-x</p>')
    expect(card).toContain('<h4>deliverable (markdown, 34 characters)</h4><pre class="deliverable" data-deliverable># Review\n&lt;script&gt;alert(1)&lt;/script&gt;</pre>')
    expect(card).not.toContain('<script>')
    expect(card.startsWith('<div class="card" data-case-column data-topology="star">')).toBe(true)
  })

  test('the single agent\'s card is marked to stay pinned; an errored case shows its cause and is marked as an error', () => {
    expect(caseCard(view('single'), 'single')).toMatch(/^<div class="card single" /)
    const failed = caseCard(view('hrm', { status: 'error', headline: null, error: 'organisation: rate_limit: 429', deliverable: null }), 'hrm')
    expect(failed).toMatch(/^<div class="card error" /)
    expect(failed).toContain('<p class="err">error: organisation: rate_limit: 429 (never scored)</p>')
    expect(failed).toContain('score <b>–</b>')
    expect(failed).toContain('<p class="meta">no deliverable</p>')
  })

  test('ground truth: counts per category, missed items in full, caught ones folded under a count', () => {
    const card = caseCard(view('star', { groundTruth: { score: 50, counts: [{ category: 'injection', hit: 1, total: 2 }], items: [{ id: 'sql', description: 'SQL in api.py', caught: false }, { id: 'xss', description: 'XSS', caught: true }] } }), 'star')
    expect(card).toContain('<h4>ground truth 50.0 — injection 1/2</h4>\n<ul class="items"><li class="miss">sql: SQL in api.py</li></ul><details><summary>1 of 2 caught</summary><ul class="items"><li class="hit">xss: XSS</li></ul></details>')
  })

  test('checklist: covered and missing items with their descriptions', () => {
    const card = caseCard(view('star', { checklist: { score: 50, covered: ['a'], missing: ['b'], items: [{ id: 'a', description: 'names the owner', caught: true }, { id: 'b', description: 'gives a date', caught: false }] } }), 'star')
    expect(card).toContain('<li class="miss">b: gives a date</li>')
    expect(card).toContain('<summary>1 of 2 caught</summary><ul class="items"><li class="hit">a: names the owner</li>')
  })

  test("judge: its score, model and pairwise outcome, each dimension's score out of 10 with its reason", () => {
    const card = caseCard(view('star', { judge: { model: 'judge-m', score: 64, pairwise: 'win vs single', dimensions: [{ key: 'rigour', score: 6.5, reason: 'cites <lines>' }] } }), 'star')
    expect(card).toContain('<h4>judge 64.0 (judge-m) · win vs single</h4>')
    expect(card).toContain('<tr><td>rigour</td><td>6.5/10</td></tr><tr><td colspan="2" class="meta">cites &lt;lines&gt;</td></tr>')
  })
})

describe('renderCasePage', () => {
  test('one run: a column per topology, links to its neighbours within the cases folder', () => {
    const html = renderCasePage(group([view('single'), view('star')]), { prev: 'cases/a-1.html', next: null })
    expect(html).toContain('<nav><a href="index.html">all cases</a><a href="../index.html">report</a><a href="a-1.html">← previous</a></nav>')
    expect(html).toContain('<h1>code_review_execution · trial 2</h1>')
    expect(html).toContain('<div class="cols">')
    expect(html).toContain('One column per topology; the single agent stays on the left while you scroll (in a window at least 900 px wide).')
    expect(html).not.toContain('class="badge"')
  })

  test('several runs: a row per topology with a column per run; a simulated case puts the runs\' own label in the badge', () => {
    const html = renderCasePage(group([view('star'), view('star', { runId: 'run-b', simulated: true })]), { prev: null, next: null }, [{ runId: 'run-a', model: 'gpt-x' }, { runId: 'run-b', model: 'sim', simulated: 'embedded simulator' }])
    expect(html).toContain('<div class="row" style="--runs: 2">')
    expect(html).toContain('<h3>star — run-b</h3>')
    expect(html).toContain('One row per topology, one column per run (run-a | run-b).')
    expect(html).toContain('<p class="badge">SIMULATED — run-a: not simulated | run-b: embedded simulator: ')
  })
})

describe('renderCaseIndex and renderCasePages', () => {
  test('the index has a row per task and trial with each run\'s score; a case a run lacks is "not run", an errored one –', () => {
    const g = group([view('single'), view('star', { status: 'error', headline: null }), view('single', { runId: 'run-b' })])
    const html = renderCaseIndex([g], [{ runId: 'run-a', model: 'gpt-x' }, { runId: 'run-b', model: 'gpt-y' }])
    expect(html).toContain('<tr><td><a href="code_review_execution-2.html">code_review_execution #2</a></td><td>71.3 | 71.3</td><td>– | not run</td></tr>')
    expect(html).toContain('for each run (run-a (gpt-x) | run-b (gpt-y)), side by side, never pooled')
  })

  test('the files: the index, then one page per task and trial linked in order', () => {
    const groups = [group([view('single', { trial: 1 })]), group([view('single', { trial: 2 })]), group([view('single', { task: 'z_task', trial: 1 })])]
    const files = renderCasePages(groups, [{ runId: 'run-a', model: 'gpt-x' }])
    expect([...files.keys()]).toEqual(['cases/index.html', 'cases/code_review_execution-1.html', 'cases/code_review_execution-2.html', 'cases/z_task-1.html'])
    expect(files.get('cases/code_review_execution-2.html')).toContain('<a href="code_review_execution-1.html">← previous</a><a href="z_task-1.html">next →</a>')
  })
})
