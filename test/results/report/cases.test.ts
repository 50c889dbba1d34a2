import { describe, expect, test } from 'vitest'
import { caseView, groupCases } from '../../../lib/results/report/cases.js'
import { caseCard, renderCasePages } from '../../../lib/results/report/cases-html.js'
import type { TestRecord } from '../../../lib/results/record.js'
import { makeRecord } from '../fixtures.js'

/** A record with ground truth: one item caught, one missed; and a judged deliverable with a reason. */
function scored(topology: string, trial = 1, task = 'task_a'): TestRecord {
  const r = makeRecord({ topology, trial, task, pairwise: topology === 'single' ? null : 'win' })
  return {
    ...r,
    scores: {
      ...r.scores,
      groundTruth: { score: 50, metrics: { recall: 0.5 }, counts: { findings: { hit: 1, total: 2 } }, mustCatch: [{ id: 'sqli', description: 'SQL injection in api.py', caught: true }, { id: 'race', description: 'race in billing', caught: false }] },
      judge: { ...r.scores.judge!, dimensions: [{ key: 'accuracy', weight: 1, score: 7, repeats: [7], reason: 'misses the race <b>' }] },
    },
    deliverable: { kind: 'markdown', text: `# ${topology} review\n<script>alert(1)</script>` },
  }
}

describe('the side-by-side pages', () => {
  const runA = ['single', 'star', 'hrm'].flatMap((t) => [scored(t, 1), scored(t, 2)]).map((r) => caseView('run-a', r))
  const runB = [scored('single'), scored('star')].map((r) => caseView('run-b', r))

  test('a case view keeps what a person compares and drops calls and events', () => {
    const v = runA.find((c) => c.topology === 'star')!
    expect(v).toMatchObject({ runId: 'run-a', task: 'task_a', topology: 'star', trial: 1, headline: 80, deliverable: { format: 'markdown' } })
    expect(v.judge!.pairwise).toBe('win against single')
    expect(v.groundTruth!.counts).toEqual([{ category: 'findings', hit: 1, total: 2 }])
    expect(Object.keys(v)).not.toContain('calls')
  })

  test('one run: a page per task and trial, single first, hits folded and misses marked, text escaped', () => {
    const groups = groupCases(runA, ['run-a'])
    expect(groups.map((g) => `${g.task}#${g.trial}:${g.topologies.join(',')}`)).toEqual(['task_a#1:single,star,hrm', 'task_a#2:single,star,hrm'])
    const files = renderCasePages(groups, [{ runId: 'run-a', model: 'sim-strong' }])
    expect([...files.keys()]).toEqual(['cases/index.html', 'cases/task_a-1.html', 'cases/task_a-2.html'])
    const page = files.get('cases/task_a-1.html')!
    expect(page).toContain('<div class="cols">')
    expect(page.indexOf('data-topology="single"')).toBeLessThan(page.indexOf('data-topology="star"'))
    expect(page).toContain('<li class="miss">race: race in billing</li>')
    expect(page).toContain('<summary>1 of 2 caught</summary><ul class="items"><li class="hit">sqli: SQL injection in api.py</li>')
    expect(page).toContain('misses the race &lt;b&gt;')
    expect(page).toContain('&lt;script&gt;alert(1)&lt;/script&gt;')
    expect(page).not.toContain('<script>')
    expect(page).toContain('SIMULATED')
    expect(page).toContain('<a href="task_a-2.html">next →</a>')
  })

  test("in a window too narrow for two columns the single agent's column scrolls with the others, and a column takes at most 4/5 of the window", () => {
    const page = renderCasePages(groupCases(runA, ['run-a']), [{ runId: 'run-a', model: 'sim-strong' }]).get('cases/task_a-1.html')!
    expect(page).toContain('.cols .card.single { position: sticky; left: 0;')
    expect(page).toContain('@media (max-width: 899px) { .cols .card.single { position: static; box-shadow: none; } }')
    expect(page).toContain('grid-auto-columns: minmax(min(420px, 80vw), 1fr)')
    expect(page).toContain('the single agent stays on the left while you scroll (in a window at least 900 px wide)')
    // The index's table, a column per topology, scrolls in its own frame rather than widening the page.
    const index = renderCasePages(groupCases(runA, ['run-a']), [{ runId: 'run-a', model: 'sim-strong' }]).get('cases/index.html')!
    expect(index).toContain('<div class="scroll"><table><thead><tr><th>task · trial</th>')
    expect(index).toContain('.scroll { overflow-x: auto; }')
  })

  test('two runs: one row per topology with the same case from each run side by side; a case missing from a run says so', () => {
    const groups = groupCases([...runB, ...runA], ['run-a', 'run-b'])
    expect(groups[0]!.runs).toEqual(['run-a', 'run-b'])
    const files = renderCasePages(groups, [{ runId: 'run-a', model: 'sim-strong' }, { runId: 'run-b', model: 'sim-weak' }])
    const page = files.get('cases/task_a-1.html')!
    expect(page).toContain('<div class="row" style="--runs: 2">')
    expect(page).toContain('<h3>star — run-a</h3>')
    expect(page).toContain('<h3>star — run-b</h3>')
    expect(page).toMatch(/<h3>hrm — run-b<\/h3><p class="meta">not in this run<\/p>/)
    // In the index a case the run does not have reads "not run", never the dash of an errored case; each run is named with its model.
    const index = files.get('cases/index.html')!
    expect(index).toMatch(/<td>80\.0 \| not run<\/td><\/tr>/)
    expect(index).toContain('for each run (run-a (sim-strong) | run-b (sim-weak)), side by side, never pooled; – is an errored case, "not run" a case the run does not have')
  })

  test('an errored case shows its cause, no score and no deliverable', () => {
    const card = caseCard(caseView('run-a', makeRecord({ status: 'error', topology: 'star' })), 'star')
    expect(card).toContain('score <b>–</b>')
    expect(card).toContain('error: organisation: rate_limit: 429 after 3 retries (never scored)')
    expect(card).toContain('no deliverable')
  })
})
