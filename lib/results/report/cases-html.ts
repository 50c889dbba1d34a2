import { SIMULATED_CAVEAT, usd } from '../format.js'
import { simulatorLabel } from '../simulator-label.js'
import { type CaseGroup, type CaseRun, caseRunLabel, type CaseView, casePagePath, type ItemMark } from './cases.js'
import { pageHead } from './page.js'
import { esc } from './svg.js'
import { thousands } from '../../text.js'

/*
 * The side-by-side pages: one per task and trial, static HTML with inline CSS, no script and no
 * external resource. With one run, the topologies are columns and the single agent's column stays
 * pinned on the left while the others scroll past it (in a window with room for two columns);
 * with several runs, each topology is a row and each run a column, so the same case from two runs
 * sits side by side.
 */

/** A case column's width in px where the window has room; in a narrower one, 4/5 of the window, so the next column shows at its edge. */
const COLUMN_PX = 420

/**
 * The narrowest window, in px, in which the single agent's column stays pinned: two columns, the
 * gap and the page's padding. In a narrower one the pinned column would cover the others, so it
 * scrolls with them.
 */
const PIN_MIN_WIDTH = 2 * COLUMN_PX + 12 + 48

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-wrap: break-word; color: #1b1b1b; margin: 0; padding: 16px 24px; }
h1 { font-size: 20px; margin: 0 0 6px; } h3 { font-size: 15px; margin: 0 0 4px; } h4 { font-size: 13px; margin: 10px 0 2px; color: #333; }
nav a { margin-right: 12px; } .badge { display: inline-block; padding: 3px 8px; border-radius: 4px; background: #fff3cd; color: #7a5a00; border: 1px solid #e6c200; font-weight: 600; }
.cols { display: grid; grid-auto-flow: column; grid-auto-columns: minmax(min(${COLUMN_PX}px, 80vw), 1fr); gap: 12px; overflow-x: auto; padding-bottom: 8px; }
.rows { display: grid; gap: 12px; } .row { display: grid; grid-template-columns: repeat(var(--runs), minmax(min(${COLUMN_PX}px, 80vw), 1fr)); gap: 12px; overflow-x: auto; }
.card { border: 1px solid #ddd; border-radius: 6px; padding: 10px; background: #fff; min-width: 0; }
.cols .card.single { position: sticky; left: 0; z-index: 1; box-shadow: 4px 0 6px -4px #0003; background: #f8fbff; }
@media (max-width: ${PIN_MIN_WIDTH - 1}px) { .cols .card.single { position: static; box-shadow: none; } }
.card.error { border-color: #d33; } .meta { color: #444; } .err { color: #b00; }
ul.items { list-style: none; padding: 0; margin: 2px 0; } ul.items li { padding: 1px 4px; border-radius: 3px; margin: 1px 0; }
li.hit { background: #e6f4ea; } li.hit::before { content: "✓ "; color: #1d7a35; font-weight: 700; }
li.miss { background: #fdecea; } li.miss::before { content: "✗ "; color: #b3261e; font-weight: 700; }
pre.deliverable { white-space: pre-wrap; word-break: break-word; background: #fafafa; border: 1px solid #eee; padding: 8px; max-height: 70vh; overflow: auto; font: 12px/1.4 ui-monospace, monospace; }
.scroll { overflow-x: auto; } table { border-collapse: collapse; } th, td { padding: 2px 8px; border-bottom: 1px solid #eee; text-align: right; } th:first-child, td:first-child { text-align: left; }
`

const score = (x: number | null) => (x === null ? '–' : x.toFixed(1))

const li = (m: ItemMark) => `<li class="${m.caught ? 'hit' : 'miss'}">${esc(m.id)}: ${esc(m.description)}</li>`

/** Missed items in full (they are what a person looks for); caught ones folded under a count. */
function items(list: readonly ItemMark[]): string {
  if (list.length === 0) return ''
  const missed = list.filter((m) => !m.caught)
  const caught = list.filter((m) => m.caught)
  return [
    missed.length > 0 ? `<ul class="items">${missed.map(li).join('')}</ul>` : '',
    caught.length > 0 ? `<details><summary>${caught.length} of ${list.length} caught</summary><ul class="items">${caught.map(li).join('')}</ul></details>` : '',
  ].join('')
}

/** One case's card: scores, the judge's reasons, ground-truth hits and misses, and the deliverable. */
export function caseCard(c: CaseView | undefined, heading: string): string {
  if (!c) return `<div class="card" data-case-column><h3>${esc(heading)}</h3><p class="meta">not in this run</p></div>`
  const parts = [`<h3>${esc(heading)}</h3>`, `<p class="meta">score <b>${score(c.headline)}</b> · org ${usd(c.orgUsd)} · ${esc(c.model)}</p>`]
  if (c.error) parts.push(`<p class="err">error: ${esc(c.error)} (never scored)</p>`)
  if (c.groundTruth) {
    const counts = c.groundTruth.counts.map((k) => `${esc(k.category)} ${k.hit}/${k.total}`).join(' · ')
    parts.push(`<h4>ground truth ${score(c.groundTruth.score)}${counts ? ` — ${counts}` : ''}</h4>`, items(c.groundTruth.items))
  }
  if (c.checklist) {
    const { covered, missing, items: mustPass } = c.checklist
    const described = (id: string, caught: boolean) => ({ id, description: mustPass.find((m) => m.id === id)?.description ?? (caught ? 'covered' : 'missing'), caught })
    const marks = [...covered.map((id) => described(id, true)), ...missing.map((id) => described(id, false)), ...mustPass.filter((m) => !covered.includes(m.id) && !missing.includes(m.id))]
    parts.push(`<h4>checklist ${score(c.checklist.score)}</h4>`, items(marks))
  }
  if (c.judge) {
    parts.push(`<h4>judge ${score(c.judge.score)} (${esc(c.judge.model)})${c.judge.pairwise ? ` · ${esc(c.judge.pairwise)}` : ''}</h4>`)
    parts.push(`<table><tbody>${c.judge.dimensions.map((d) => `<tr><td>${esc(d.key)}</td><td>${d.score.toFixed(1)}/10</td></tr><tr><td colspan="2" class="meta">${esc(d.reason)}</td></tr>`).join('')}</tbody></table>`)
  }
  parts.push(c.deliverable ? `<h4>deliverable (${c.deliverable.format}, ${thousands(c.deliverable.text.length)} characters)</h4><pre class="deliverable" data-deliverable>${esc(c.deliverable.text)}</pre>` : '<p class="meta">no deliverable</p>')
  const cls = ['card', c.topology === 'single' ? 'single' : '', c.status === 'error' ? 'error' : ''].filter(Boolean).join(' ')
  return `<div class="${cls}" data-case-column data-topology="${esc(c.topology)}">${parts.join('\n')}</div>`
}

/**
 * The simulated label, in the words of the runs' own (the report's banner): one when the runs
 * shown agree, each run's otherwise; the generic one for runs that did not say.
 */
function badge(simulated: boolean, runs: readonly CaseRun[]): string {
  if (!simulated) return ''
  const labels = [...new Set(runs.map((r) => r.simulated ?? `${simulatorLabel(null)}, not a real model`))]
  const what = labels.length === 1 ? labels[0]! : runs.map((r) => `${r.runId}: ${r.simulated ?? 'not simulated'}`).join(' | ')
  return `<p class="badge">SIMULATED — ${esc(what)}: ${esc(SIMULATED_CAVEAT)}</p>`
}

/** The page of one task and trial; `prev`/`next` are neighbouring pages' paths (relative to the report folder) or null. */
export function renderCasePage(g: CaseGroup, nav: { prev: string | null; next: string | null }, runs: readonly CaseRun[] = []): string {
  const simulated = [...g.cases.values()].some((c) => c.simulated)
  const link = (path: string | null, text: string) => (path ? `<a href="${esc(path.replace(/^cases\//, ''))}">${esc(text)}</a>` : '')
  const body =
    g.runs.length === 1
      ? `<div class="cols">${g.topologies.map((t) => caseCard(g.cases.get(`${g.runs[0]}\u0000${t}`), t)).join('\n')}</div>`
      : `<div class="rows">${g.topologies.map((t) => `<div class="row" style="--runs: ${g.runs.length}">${g.runs.map((run) => caseCard(g.cases.get(`${run}\u0000${t}`), `${t} — ${run}`)).join('\n')}</div>`).join('\n')}</div>`
  const how = g.runs.length === 1 ? `One column per topology; the single agent stays on the left while you scroll (in a window at least ${PIN_MIN_WIDTH} px wide).` : `One row per topology, one column per run (${g.runs.map(esc).join(' | ')}).`
  return [
    ...pageHead(`${g.task} #${g.trial} — side by side`, CSS),
    `<nav><a href="index.html">all cases</a><a href="../index.html">report</a>${link(nav.prev, '← previous')}${link(nav.next, 'next →')}</nav>`,
    `<h1>${esc(g.task)} · trial ${g.trial}</h1>`,
    badge(simulated, runs.filter((r) => g.runs.includes(r.runId))),
    `<p class="meta">${how} ✓ marks a ground-truth or checklist item the deliverable caught, ✗ one it missed. Errored cases are shown with their cause and never scored.</p>`,
    body,
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** The index of the side-by-side pages: one row per task and trial, each topology's score per run. */
export function renderCaseIndex(groups: readonly CaseGroup[], runs: readonly CaseRun[]): string {
  const simulated = groups.some((g) => [...g.cases.values()].some((c) => c.simulated))
  const topologies = [...new Set(groups.flatMap((g) => g.topologies))]
  // A case the run never had is not an errored one: "not run", never the error dash.
  const cell = (c: CaseView | undefined) => (c === undefined ? 'not run' : score(c.headline))
  const rows = groups.map((g) => {
    const cells = topologies.map((t) => `<td>${runs.map((run) => cell(g.cases.get(`${run.runId}\u0000${t}`))).join(' | ')}</td>`)
    return `<tr><td><a href="${esc(casePagePath(g.task, g.trial).replace(/^cases\//, ''))}">${esc(g.task)} #${g.trial}</a></td>${cells.join('')}</tr>`
  })
  return [
    ...pageHead('orgbench — cases side by side', CSS),
    '<nav><a href="../index.html">report</a></nav>',
    '<h1>Cases side by side</h1>',
    badge(simulated, runs),
    `<p class="meta">Headline score per topology${runs.length > 1 ? ` for each run (${runs.map((r) => esc(caseRunLabel(r))).join(' | ')}), side by side, never pooled` : ''}; – is an errored case, "not run" a case the run does not have. Open a case to read the deliverables next to each other.</p>`,
    `<div class="scroll"><table><thead><tr><th>task · trial</th>${topologies.map((t) => `<th>${esc(t)}</th>`).join('')}</tr></thead><tbody>`,
    ...rows,
    '</tbody></table></div>',
    '</body>',
    '</html>',
    '',
  ].join('\n')
}

/** Every side-by-side file by path relative to the report folder: cases/index.html and one page per task and trial. */
export function renderCasePages(groups: readonly CaseGroup[], runs: readonly CaseRun[]): Map<string, string> {
  const files = new Map<string, string>([['cases/index.html', renderCaseIndex(groups, runs)]])
  groups.forEach((g, i) => {
    const at = (j: number) => (groups[j] ? casePagePath(groups[j].task, groups[j].trial) : null)
    files.set(casePagePath(g.task, g.trial), renderCasePage(g, { prev: at(i - 1), next: at(i + 1) }, runs))
  })
  return files
}
