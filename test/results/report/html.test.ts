import { describe, expect, test } from 'vitest'
import { renderReportHtml } from '../../../lib/results/report/html.js'
import { buildReportModel } from '../../../lib/results/report/model.js'
import { spendLine } from '../../../lib/results/render.js'
import { renderReport } from '../../../lib/results/report/index.js'
import { judgedRecord, makeRun, provenanceCheck, trials } from '../fixtures.js'
import { twoTrackRun } from './shared.js'

const html = renderReportHtml(buildReportModel([twoTrackRun]))

describe('renderReportHtml', () => {
  test('the topology and per-task tables say what the Δ intervals and * are; the difference chart says its intervals are simultaneous', () => {
    expect(html.match(/Δ intervals are adjusted for the differences shown together\./g)!.length).toBe(2)
    expect(html).toMatch(/each task&#39;s Δ vs single in the per-task table \(m = \d+|each task's Δ vs single in the per-task table \(m = \d+/)
    expect(html).toContain('simultaneous 95 % intervals over the differences of the table above')
    expect(html).not.toContain('paired by task and trial (95 % CI, clustered by task)')
  })
  test('is self-contained: no script, no external URL, every chart inline', () => {
    expect(html).not.toMatch(/<script|<link|src=|@import|url\(/i)
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//)
    for (const chart of ['quality-vs-cost', 'differences', 'win-rates', 'per-task', 'cost-by-role', 'learning-curve']) expect(html).toContain(`data-chart="${chart}"`)
  })
  test('the header names the judge and its repeats, or says "off" for a run without the LLM judge', () => {
    expect(html).toMatch(/<dt>judge<\/dt><dd>\S+ \(\d+ repeat\(s\)\)<\/dd>/)
    const off = renderReportHtml(buildReportModel([{ ...twoTrackRun, config: { ...twoTrackRun.config, judge: 'off' } }]))
    expect(off).toContain('<dt>judge</dt><dd>off</dd>')
  })
  test('on a narrow window each chart scrolls sideways in its own frame rather than shrinking below 4/5 of its size', () => {
    const charts = html.match(/data-chart="/g)!.length
    expect(html.match(/<div class="chart-frame"><svg /g)).toHaveLength(charts)
    expect(html).toMatch(/data-chart="differences" viewBox="0 0 760 [\d.]+" width="760" height="[\d.]+" style="--min-width: 608px"/)
    expect(html).toContain('.chart-frame { overflow-x: auto; } .chart-frame > svg.chart { min-width: var(--min-width, 0); }')
  })
  test('the header breaks a long value (a commit, a run id) onto the next line instead of widening the page', () => {
    expect(html).toContain('dl.meta { display: grid; grid-template-columns: max-content minmax(0, 1fr);')
    expect(html).toMatch(/body \{[^}]*overflow-wrap: break-word/)
  })
  test("ends with what the run spent in all, the judge's share included, as the terminal summary says it", () => {
    expect(html).toContain(`The run&#39;s ${spendLine(twoTrackRun)}.`)
    expect(spendLine(twoTrackRun)).toMatch(/^total spend: .* over \d+ calls/)
  })
  test('links the files written beside it: the markdown summaries (whole, per track, per cost center) and the LaTeX table', () => {
    const model = buildReportModel([twoTrackRun])
    expect(model.tracks.length).toBeGreaterThan(0)
    expect(html).toContain('Also in this folder: <a href="summary.md">summary.md</a> (these tables in markdown); <a href="table.tex">table.tex</a>; by track: ')
    for (const track of model.tracks) expect(html).toContain(`<a href="tracks/${track}/summary.md">${track}</a>`)
    for (const center of model.costCenters) expect(html).toContain(`<a href="cost-centers/${center}/summary.md">${center}</a>`)
    const files = renderReport([twoTrackRun])
    for (const href of html.match(/href="[^"#]+\.(md|tex)"/g)!.map((h) => h.slice(6, -1))) expect(files.has(href)).toBe(true)
  })
  test('labels simulated results and says in words what they test', () => {
    expect(html).toContain('SIMULATED — embedded simulator, not a real model: these numbers test the machinery, not the topologies')
  })
  test('shows the run\'s status beside the simulated label: complete, or partial with its reasons', () => {
    expect(html).toMatch(/<p class="badge sim">SIMULATED[^<]*<\/p>\n<p class="badge status complete">status: complete<\/p>/)
    const partial = renderReportHtml(buildReportModel([{ ...twoTrackRun, status: 'partial', statusReasons: ['filtered by ORGBENCH_TASKS=e1,f1'] }]))
    expect(partial).toContain('<p class="badge status partial">status: partial — filtered by ORGBENCH_TASKS=e1,f1</p>')
  })
  test('a run where no case succeeded gets a plain statement of what happened, no conclusion and no rescore hint', () => {
    const errored = trials([null, null], { task: 'e1' }).concat(trials([null, null], { task: 'e1', topology: 'star' }))
    const failed = renderReportHtml(buildReportModel([{ ...makeRun(errored), status: 'failed', statusReasons: ['no case succeeded (all 4 errored)'] }]))
    expect(failed).toContain('<p class="badge status failed">status: failed — no case succeeded (all 4 errored)</p>')
    expect(failed).toMatch(/<section id="conclusion">\n<h2>Conclusion<\/h2>\n<p class="note">No conclusion: no case succeeded\. All 4 trials errored/)
    expect(failed).not.toContain('beyond doubt')
    expect(failed).not.toContain('rescore')
  })
  test('given runs with different seeds and trials, the header says which tasks come from which run, and which runs it left out', () => {
    const newer = makeRun([...trials([70, 71], { task: 'e1' }), ...trials([72, 75], { task: 'e1', topology: 'star' })], { runId: 'sim-new', createdAt: '2026-02-01T00:00:00.000Z' })
    const seeded = { ...twoTrackRun, config: { ...twoTrackRun.config, seed: 2 } }
    const older = makeRun(trials([1], { task: 'e1' }), { runId: 'sim-old', createdAt: '2025-01-01T00:00:00.000Z' })
    const both = renderReportHtml(buildReportModel([older, seeded, { ...newer, config: { ...newer.config, trials: 2 } }]))
    expect(both).toContain('<dt>trials per case</dt><dd>2 or 3 (differs by run; see &quot;results from&quot;)</dd><dt>seed</dt><dd>1 or 2 (differs by run; see &quot;results from&quot;)</dd>')
    expect(both).toContain('<dt>results from</dt><dd>sim-new (seed 1, 2 trial(s)): e1<br>sim-report (seed 2, 3 trial(s)): f1</dd>')
    expect(both).toContain('<dt>not in the tables</dt><dd>sim-old: superseded: each of its tasks is taken whole from a newer run (sim-new); still a point of the learning curve</dd>')
  })
  test('a learning run: the header gives its learning settings under "repeats", and the conclusion says it is no benchmark result', () => {
    const noCost = { usd: 0, knownUsd: 0, unpriced: 0, paidUsd: 0, cachedCalls: 0, calls: 0, tokens: { prompt: 0, completion: 0, cached: 0, reasoning: 0 } }
    const split = (task: string) => ({ task, mode: 'seeds' as const, unit: null, fraction: null, reason: 'one unit', train: null, heldOut: null, trainSeeds: [1], heldOutSeeds: [2, 3] })
    const learned = renderReportHtml(buildReportModel([{ ...twoTrackRun, learning: { settings: { iterations: 2, trainTrials: 1, heldOutTrials: 2, budgetTokens: 400 }, splits: [split('e1'), split('f1')], retrospectives: [], cost: noCost, tasks: [] } }]))
    expect(learned).toContain('<dt>repeats</dt><dd>learning: up to 2 iteration(s) per arm, 1 training + 2 held-out seed(s) each, lessons ≤ 400 tokens per agent</dd>')
    expect(learned).toMatch(/<section id="conclusion">\n<h2>Conclusion<\/h2>\n<p class="note">Learning run: its cases pool the memory-off ablation/)
    expect(html).not.toContain('Learning run')
  })
  test('has a section on the judge: agreement, the length covariate per organisation, and the provenance flag', () => {
    const records = [1, 2, 3, 4].flatMap((trial) => [judgedRecord('single', trial, 50 + trial, 1000, 50 + 2 * trial), judgedRecord('star', trial, 60 + trial, 2000, 52 + trial)])
    const judged = renderReportHtml(buildReportModel([{ ...makeRun(records), provenance: provenanceCheck() }]))
    expect(judged).toContain('<section id="judge">')
    expect(judged).toContain('The judge can tell organisations from single agents: blinding does not hide the topology.')
    expect(judged).toMatch(/<td>star<\/td><td>4<\/td><td>\+10\.0<\/td>/)
    expect(html).not.toContain('<section id="judge">')
  })
  test('shows each topology with its clustered difference against single; over two tasks neither the score nor the difference has an interval', () => {
    // star − single: e1 +5.67, f1 +10 → +7.8 over two tasks
    expect(html).toMatch(/<td>star<\/td><td>2<\/td><td>6\/6<\/td><td>[\d.]+<\/td><td>–<\/td><td>\+7\.8 \(too few tasks \(2\) for an interval\)/)
  })
  test('states its conclusion in words with intervals, right after the header', () => {
    expect(html.indexOf('<section id="conclusion">')).toBeLessThan(html.indexOf('<section id="quality-cost">'))
    expect(html).toMatch(/<section id="conclusion">[\s\S]*?star: \+7\.8 points over single \(too few tasks for an interval: no conclusion\)/)
  })
  test('a simulated report labels every chart inside the chart itself; a real one does not', () => {
    const charts = (html.match(/<svg /g) ?? []).length
    expect(charts).toBeGreaterThanOrEqual(6)
    expect((html.match(/data-simulated="true"/g) ?? []).length).toBe(charts)
    const real = renderReportHtml(buildReportModel([{ ...twoTrackRun, simulated: false }]))
    expect(real).not.toContain('data-simulated')
  })
  test('roles are coloured apart from topologies', () => {
    const fills = (chart: string, attr: string) => new Set([...(html.split(`data-chart="${chart}"`)[1]!.split('</svg>')[0]!.matchAll(new RegExp(`${attr}[^>]*fill="(#[0-9A-Fa-f]{6})"`, 'g')))].map((m) => m[1]))
    const roles = fills('cost-by-role', 'class="segment"')
    const topologies = fills('per-task', '<circle')
    expect(roles.size).toBeGreaterThan(0)
    expect([...roles].filter((c) => topologies.has(c))).toEqual([])
  })
  test('with the side-by-side pages, the report links to them', () => {
    expect(renderReportHtml(buildReportModel([twoTrackRun]), { cases: true })).toContain('<a href="cases/index.html">Cases side by side</a>')
    expect(html).not.toContain('cases/index.html')
  })
  test('runs of another model are their own series in quality vs cost, named in the key, and said so', () => {
    const other = makeRun([...trials([60, 62], { model: 'sim-medium' }), ...trials([70, 71], { topology: 'star', model: 'sim-medium' })], { runId: 'sim-medium-run', model: 'sim-medium', createdAt: '2020-01-01T00:00:00.000Z' })
    const both = renderReportHtml(buildReportModel([twoTrackRun, other]))
    expect(both).toMatch(/<g class="point" data-topology="star" data-model="sim-medium"/)
    expect(both).toContain('star (sim-medium) · 70.5 ·')
    expect(both).toContain('Each model is its own series: hollow squares in &quot;Quality vs cost&quot;')
  })
})
