import { num, usd } from '../format.js'
import { placeLabels } from './charts.js'
import type { HistoryModel, HistoryPanel, HistoryPoint } from './history.js'
import { pageHead } from './page.js'
import { type Box, CHART_CSS, colorAt, esc, framed, innerWidth, line, linearScale, niceTicks, px, svg, text, yAxis } from './svg.js'

/*
 * The history page (history.html beside the report): for each agent model, each topology's score
 * and organisation cost per case across the committed weekly runs, as line charts with 95 %
 * whiskers and as a table. Self-contained: inline CSS and SVG, no script, no external resource.
 */

const CSS = `
body { font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; overflow-wrap: break-word; color: #1b1b1b; margin: 0 auto; max-width: 1180px; padding: 24px; }
h1 { font-size: 24px; margin: 0 0 6px; } h2 { font-size: 18px; margin: 32px 0 8px; border-bottom: 1px solid #ddd; padding-bottom: 4px; }
table { border-collapse: collapse; margin: 8px 0 16px; font-variant-numeric: tabular-nums; } th, td { padding: 3px 8px; border-bottom: 1px solid #eee; text-align: right; white-space: nowrap; }
th { background: #f6f6f6; font-weight: 600; } td:first-child, th:first-child { text-align: left; }
.scroll { overflow-x: auto; } p.note { color: #444; max-width: 900px; }
${CHART_CSS}
svg .grid { stroke: #eee; } svg .axis { stroke: #333; } svg .tick { font-size: 11px; fill: #444; } svg .axis-label { font-size: 12px; fill: #222; }
svg .label { font-size: 12px; } svg .empty { font-size: 14px; fill: #666; }
`

/** The charts a history page has for each model panel (names used by the browser check). */
export const HISTORY_CHARTS = ['history-score', 'history-cost'] as const

interface Series {
  topology: string
  color: string
  points: Array<HistoryPoint | null>
}

/** A line joins two points only when no run between them changed score-changing settings (`breaks`: run indices whose settings differ from the run before). */
function trendChart(name: string, title: string, labels: readonly string[], breaks: ReadonlySet<number>, series: readonly Series[], yLabel: string, format: (x: number) => string, floorAtZero: boolean): string {
  const box: Box = { width: 760, height: 360, left: 70, right: 130, top: 20, bottom: 64 }
  const values = series.flatMap((s) => s.points.flatMap((p) => (p ? [p.value, p.ci?.lo ?? p.value, p.ci?.hi ?? p.value] : [])))
  let lo = Math.min(...values)
  let hi = Math.max(...values)
  if (floorAtZero) lo = Math.max(0, lo)
  if (hi - lo < 1e-9) [lo, hi] = [lo - Math.max(1e-6, Math.abs(lo) * 0.1), hi + Math.max(1e-6, Math.abs(hi) * 0.1)]
  const pad = (hi - lo) * 0.08
  const domain: [number, number] = [floorAtZero ? Math.max(0, lo - pad) : lo - pad, hi + pad]
  const ticks = niceTicks(domain[0], domain[1])
  const y = linearScale(domain, [box.height - box.bottom, box.top])
  const n = labels.length
  const x = n === 1 ? () => box.left + innerWidth(box) / 2 : linearScale([0, n - 1], [box.left + 24, box.width - box.right - 24])
  const points = series.map((s, si) => {
    const offset = (si - (series.length - 1) / 2) * 3
    return s.points.map((p, i) => (p ? { x: x(i) + offset, i, p } : null)).filter((q): q is { x: number; i: number; p: HistoryPoint } => q !== null)
  })
  // Labels at the right end of each line, pushed apart where lines end close together.
  const ends = points.map((pts, si) => ({ si, end: pts[pts.length - 1] })).filter((e) => e.end !== undefined).sort((a, b) => y(a.end!.p.value) - y(b.end!.p.value))
  const placed = placeLabels(ends.map((e) => ({ x: box.width - box.right + 8, y: y(e.end!.p.value) + 4, width: 120 })))
  const labelAt = new Map(ends.map((e, k) => [e.si, placed[k]!]))
  const marks = series.map((s, si) => {
    const pts = points[si]!
    const joined = (k: number) => k > 0 && ![...breaks].some((b) => b > pts[k - 1]!.i && b <= pts[k]!.i)
    const path = pts.map((q, k) => `${joined(k) ? 'L' : 'M'}${px(q.x)},${px(y(q.p.value))}`).join(' ')
    const label = labelAt.get(si)
    return [
      `<g data-topology="${esc(s.topology)}">`,
      pts.length > 1 ? `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>` : '',
      ...pts.flatMap((q) => [
        ...(q.p.ci ? [line(q.x, y(q.p.ci.lo), q.x, y(q.p.ci.hi), `stroke="${s.color}" stroke-width="1.5" opacity="0.6"`)] : []),
        `<circle cx="${px(q.x)}" cy="${px(y(q.p.value))}" r="3.5" fill="${s.color}"><title>${esc(`${s.topology}: ${format(q.p.value)}`)}</title></circle>`,
      ]),
      label ? text(label.x, label.y, s.topology, `class="label" style="fill:${s.color}"`) : '',
      '</g>',
    ].join('\n')
  })
  return svg(name, box, title, [
    ...yAxis(box, y, ticks, yLabel, format),
    line(box.left, box.height - box.bottom, box.width - box.right, box.height - box.bottom, 'class="axis"'),
    ...labels.map((l, i) => text(x(i), box.height - box.bottom + 16, l, 'class="tick" text-anchor="middle"')),
    // Midway between the run and the one before, clear of both runs' points.
    ...[...breaks].map((i) => {
      const at = (x(i) + x(i - 1)) / 2
      return [
        `<g class="settings-change" data-run-index="${i}"><title>${esc(`settings changed before ${labels[i]}: not comparable with the points before`)}</title>`,
        line(at, box.top, at, box.height - box.bottom, 'stroke="#b00" stroke-dasharray="4 3"'),
        text(at + 2, box.top + 10, 'settings changed', 'class="tick" style="fill:#b00"'),
        '</g>',
      ].join('')
    }),
    text(box.left + innerWidth(box) / 2, box.height - 12, 'weekly run (oldest → newest)', 'class="axis-label" text-anchor="middle"'),
    ...marks,
  ])
}

function panelHtml(p: HistoryPanel): string {
  const labels = p.runs.map((r) => r.createdAt.slice(0, 10))
  const breaks = new Set(p.runs.flatMap((r, i) => (r.settingsChange === null ? [] : [i])))
  const series = (pick: 'score' | 'cost') => p.series.map((s, i) => ({ topology: s.topology, color: colorAt(i), points: s[pick] }))
  const header = ['run', 'date', 'tasks', 'trials', ...p.series.map((s) => `${s.topology} score`), ...p.series.map((s) => `${s.topology} $/case`), 'settings vs the previous run']
  const rows = p.runs.map((r, i) => [r.runId, r.createdAt.slice(0, 16).replace('T', ' '), String(r.tasks), String(r.trials), ...p.series.map((s) => num(s.score[i]?.value)), ...p.series.map((s) => usd(s.cost[i]?.value)), r.settingsChange === null ? 'same' : `changed: ${r.settingsChange}`])
  return [
    `<section data-model="${esc(p.model)}">`,
    `<h2>${esc(p.model)} <small>(${esc(p.provider)})</small></h2>`,
    framed(trendChart('history-score', `${p.model}: mean headline score per topology across weekly runs`, labels, breaks, series('score'), 'headline score (0–100)', (v) => v.toFixed(0), true)),
    framed(trendChart('history-cost', `${p.model}: organisation cost per case across weekly runs`, labels, breaks, series('cost'), 'org $ per case', (v) => `$${v < 0.1 ? v.toFixed(3) : v.toFixed(2)}`, true)),
    '<div class="scroll"><table><thead><tr>',
    header.map((h) => `<th>${esc(h)}</th>`).join(''),
    '</tr></thead><tbody>',
    ...rows.map((r) => `<tr>${r.map((c) => `<td>${esc(c)}</td>`).join('')}</tr>`),
    '</tbody></table></div>',
    '</section>',
  ].join('\n')
}

/** The history page; `reportBeside`: whether a report's index.html is in the same folder (the page links to it only then). */
export function renderHistoryHtml(h: HistoryModel, options: { reportBeside?: boolean } = {}): string {
  const body =
    h.panels.length === 0
      ? ['<p class="note" data-empty="true">No complete real-model run is committed yet: the history starts with the first weekly run against an endpoint.</p>']
      : h.panels.map(panelHtml)
  return [
    ...pageHead('orgbench history', CSS),
    '<h1>orgbench history</h1>',
    `<p class="note">Each topology’s mean headline score over tasks (each task weighs the same) and its mean organisation cost per case, for every committed weekly run, one panel per agent model. Whiskers are 95 % intervals clustered by task. Only complete runs of real models appear: simulated runs test the machinery, not the topologies, and are never mixed in. A run made under other score-changing settings than the one before it (judge, memory, endpoint, …), or over another set of tasks (a run of one track after a run of all: its mean is over other tasks), is marked "settings changed" and not joined to the earlier points: its scores do not continue the series.${options.reportBeside === false ? '' : ' <a href="index.html">The latest report</a>.'}</p>`,
    ...body,
    ...(h.excluded.length > 0 ? [`<p class="note">Left out: ${esc(h.excluded.map((e) => `${e.runId} (${e.reason})`).join(', '))}.</p>`] : []),
    '</body>',
    '</html>',
    '',
  ].join('\n')
}
