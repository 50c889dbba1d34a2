import { usd } from '../format.js'
import { type Box, emptyChart, esc, innerWidth, LEGEND_ROW_HEIGHT, legend, legendRows, line, linearScale, logScale, logTicks, niceTicks, px, svg, text, xAxis, yAxis } from './svg.js'

/*
 * The report's charts as pure functions of already-computed statistics. Every mark carries data-*
 * attributes (topology, task, value) so tests and the headless-browser check can find it.
 */

export interface Range {
  lo: number
  hi: number
}

/** A value with an optional confidence interval. */
export interface Estimate {
  mean: number | null
  ci: Range | null
}

export interface TopologyPoint {
  topology: string
  color: string
  score: Estimate
  cost: Estimate
  /** Another agent model's run: drawn as a hollow square and named with its model in the key. */
  model?: string
  /** "1 of 3 tasks" when the score rests on fewer tasks than the cost (tables.ts scoreCoverage): the key says so and the point is dashed. */
  coverage?: string
}

const pct = (t: number) => `${Math.round(t * 100)} %`
/** An axis tick in dollars, rounded as a tick may be; a value (the key) is printed by format.ts usd. */
const dollars = (t: number) => (t >= 1 ? `$${t.toFixed(0)}` : t >= 0.01 ? `$${t.toFixed(2)}` : `$${t.toPrecision(1)}`)
const signedPts = (t: number) => `${t > 0 ? '+' : ''}${t}`

/**
 * Label positions that do not overlap: each label keeps its x and moves down in 13 px steps until
 * its box is clear of the labels already placed (a few steps at most for a handful of topologies).
 */
export function placeLabels(wanted: ReadonlyArray<{ x: number; y: number; width: number }>): Array<{ x: number; y: number }> {
  const placed: Array<{ x: number; y: number; width: number }> = []
  const clash = (a: { x: number; y: number; width: number }, b: { x: number; y: number; width: number }) => a.x < b.x + b.width && b.x < a.x + a.width && Math.abs(a.y - b.y) < 13
  return wanted.map((w) => {
    const spot = { ...w }
    for (let step = 0; step < 12 && placed.some((p) => clash(spot, p)); step++) spot.y += 13
    placed.push(spot)
    return { x: spot.x, y: spot.y }
  })
}

/**
 * The room for a chart's row labels (12 px text, right-aligned before the plot): at least `least`,
 * more for a longer label ("self_refine@self_decompose vs single"), at 7.2 px a character.
 */
export function labelRoom(labels: readonly string[], least: number): number {
  return Math.max(least, Math.ceil(16 + Math.max(0, ...labels.map((l) => l.length)) * 7.2))
}

/** Quality against cost per topology: one point each, whiskers for both intervals, cost on a log axis. */
export function qualityVsCostChart(points: readonly TopologyPoint[]): string {
  const title = 'Quality vs cost per topology (mean over tasks, 95 % CI whiskers)'
  const usable = points.filter((p) => p.score.mean !== null && p.cost.mean !== null && p.cost.mean > 0)
  if (usable.length === 0) return emptyChart('quality-vs-cost', title, 'No topology has both a score and a known cost.')
  const keyLabel = (p: TopologyPoint) => `${p.topology}${p.model === undefined ? '' : ` (${p.model})`} · ${p.score.mean!.toFixed(1)}${p.coverage ? ` over ${p.coverage}` : ''} · ${usd(p.cost.mean!)}`
  const right = Math.max(230, 40 + Math.max(...usable.map((p) => keyLabel(p).length)) * 6.8)
  const box: Box = { width: 630 + right, height: Math.max(440, 60 + usable.length * 20), left: 64, right, top: 20, bottom: 52 }
  const costs = usable.flatMap((p) => [p.cost.mean!, p.cost.ci?.lo ?? p.cost.mean!, p.cost.ci?.hi ?? p.cost.mean!]).filter((c) => c > 0)
  const lo = Math.min(...costs) / 1.5
  const hi = Math.max(...costs) * 1.5
  const x = logScale([lo, hi], [box.left, box.width - box.right])
  const scores = usable.flatMap((p) => [p.score.ci?.lo ?? p.score.mean!, p.score.mean!])
  const yLo = Math.max(0, Math.floor(Math.min(...scores) / 10) * 10 - 10)
  const y = linearScale([yLo, 100], [box.height - box.bottom, box.top])
  const marks = usable.map((p, i) => {
    const cx = x(p.cost.mean!)
    const cy = y(p.score.mean!)
    const whiskers = [
      p.cost.ci ? line(x(Math.max(p.cost.ci.lo, lo)), cy, x(p.cost.ci.hi), cy, `stroke="${p.color}" class="whisker"`) : '',
      p.score.ci ? line(cx, y(Math.max(p.score.ci.lo, yLo)), cx, y(Math.min(p.score.ci.hi, 100)), `stroke="${p.color}" class="whisker"`) : '',
    ]
    // A score over fewer tasks than its cost: a dashed ring, not a filled dot, so it does not read as comparable with the others.
    const dot = p.coverage ? `fill="#fff" stroke="${p.color}" stroke-width="2" stroke-dasharray="3 2"` : `fill="${p.color}" fill-opacity="0.85" stroke="#fff"`
    const marker = (mx: number, my: number, r: number) =>
      p.model === undefined ? `<circle cx="${px(mx)}" cy="${px(my)}" r="${r}" ${dot}/>` : `<rect x="${px(mx - r)}" y="${px(my - r)}" width="${2 * r}" height="${2 * r}" fill="#fff" stroke="${p.color}" stroke-width="2"/>`
    return [
      `<g class="point" data-topology="${esc(p.topology)}"${p.model === undefined ? '' : ` data-model="${esc(p.model)}"`} data-score="${px(p.score.mean!)}" data-cost="${p.cost.mean}"${p.coverage ? ` data-coverage="${esc(p.coverage)}"` : ''}>`,
      ...whiskers.filter(Boolean),
      marker(cx, cy, 6),
      // The key on the right names every point with its values, so points that sit together stay readable.
      marker(box.width - box.right + 18, box.top + 10 + i * 20, 5),
      text(box.width - box.right + 28, box.top + 14 + i * 20, keyLabel(p), 'class="legend"'),
      '</g>',
    ].join('\n')
  })
  return svg('quality-vs-cost', box, title, [
    ...yAxis(box, y, niceTicks(yLo, 100), 'headline score (0–100)'),
    ...xAxis(box, x, logTicks(lo, hi), 'org cost per case (USD, log scale)', dollars),
    text(box.width - box.right + 12, box.top - 6, 'topology · score · org $/case', 'class="tick"'),
    ...marks,
  ])
}

export interface TaskBars {
  task: string
  bars: ReadonlyArray<{ topology: string; color: string; mean: number | null; ci: Range | null }>
}

/**
 * The score axis of the per-task chart: the range of the means and interval ends, within 0–100,
 * rounded out to tens and at least 20 points wide, so no whisker is cut short.
 */
export function scoreDomain(values: readonly number[]): [number, number] {
  if (values.length === 0) return [0, 100]
  let lo = Math.max(0, Math.floor(Math.min(...values) / 10) * 10)
  let hi = Math.min(100, Math.ceil(Math.max(...values) / 10) * 10)
  while (hi - lo < 20) {
    if (lo > 0) lo -= 10
    else hi += 10
  }
  return [lo, Math.min(100, hi)]
}

/**
 * Mean headline per task and topology, grouped by task, as points with 95 % CI whiskers on an axis
 * that spans every point and whisker (points, not bars, because the axis need not start at 0).
 */
export function perTaskChart(tasks: readonly TaskBars[], topologies: ReadonlyArray<{ topology: string; color: string }>): string {
  const title = 'Headline score per task and topology (95 % CI whiskers; the axis spans every point and whisker)'
  if (tasks.length === 0) return emptyChart('per-task', title, 'No task has a score.')
  const barWidth = 9
  const groupWidth = topologies.length * barWidth + 16
  const width = Math.max(760, 190 + tasks.length * groupWidth)
  const keys = topologies.map((t) => ({ label: t.topology, color: t.color }))
  // A legend too long for one row (the compute-matched arms) wraps, and the plot moves down by the rows it adds.
  const [left, right] = [150, 20]
  const extra = (legendRows(left, width - right, keys) - 1) * LEGEND_ROW_HEIGHT
  const box: Box = { width, height: 470 + extra, left, right, top: 36 + extra, bottom: 160 }
  // The axis covers every whisker; only an interval end beyond 0–100 (an older run file) is clipped, at the scale's end.
  const values = tasks.flatMap((t) => t.bars.flatMap((b) => (b.mean === null ? [] : [b.mean, ...(b.ci ? [b.ci.lo, b.ci.hi] : [])])))
  const [yLo, yHi] = scoreDomain(values)
  const y = linearScale([yLo, yHi], [box.height - box.bottom, box.top])
  const clamp = (v: number) => y(Math.min(yHi, Math.max(yLo, v)))
  const marks = tasks.flatMap((group, g) => {
    const gx = box.left + 8 + g * groupWidth
    const bars = group.bars.flatMap((b) => {
      const i = topologies.findIndex((t) => t.topology === b.topology)
      if (b.mean === null || i < 0) return []
      const bx = gx + i * barWidth
      const cx = bx + barWidth / 2 - 0.5
      const whisker = b.ci ? line(cx, clamp(b.ci.lo), cx, clamp(b.ci.hi), `stroke="${b.color}" class="whisker"`) : ''
      return [`<g class="bar" data-task="${esc(group.task)}" data-topology="${esc(b.topology)}" data-value="${px(b.mean)}">${whisker}<circle cx="${px(cx)}" cy="${px(y(b.mean))}" r="3.5" fill="${b.color}"/></g>`]
    })
    const cx = gx + (topologies.length * barWidth) / 2
    return [...bars, text(cx, box.height - box.bottom + 12, group.task, `class="tick" text-anchor="end" transform="rotate(-35 ${px(cx)} ${px(box.height - box.bottom + 12)})"`)]
  })
  return svg('per-task', box, title, [
    ...yAxis(box, y, niceTicks(yLo, yHi), `headline score (axis ${yLo}–${yHi} of 0–100)`),
    line(box.left, y(yLo), box.width - box.right, y(yLo), 'class="axis"'),
    ...legend(box.left, 16, keys, box.width - box.right),
    ...marks,
  ])
}

export interface DifferenceRow {
  topology: string
  vsSingle: Estimate | null
  vsSelfRefine: Estimate | null
}

/** Paired headline differences against single and self_refine per topology (forest plot). */
export function differenceChart(rows: readonly DifferenceRow[]): string {
  const title = 'Headline difference against the baselines, paired by task and trial (simultaneous 95 % intervals over the differences of the table above, Bonferroni; clustered by task)'
  const series = [
    { key: 'vsSingle' as const, label: 'vs single', color: '#0072B2', shape: 'circle' },
    { key: 'vsSelfRefine' as const, label: "vs matched single (self_refine@<topology>, else self_refine at star's spend)", color: '#D55E00', shape: 'square' },
  ]
  const shown = rows.filter((r) => series.some((s) => r[s.key]?.mean != null))
  if (shown.length === 0) return emptyChart('differences', title, 'No topology could be paired with single or self_refine.')
  const left = labelRoom(shown.map((r) => r.topology), 130)
  const box: Box = { width: 630 + left, height: 70 + shown.length * 34 + 40, left, right: 30, top: 36, bottom: 44 }
  const values = shown.flatMap((r) => series.flatMap((s) => { const e = r[s.key]; return e?.mean == null ? [] : [e.mean, e.ci?.lo ?? e.mean, e.ci?.hi ?? e.mean] }))
  const reach = Math.max(5, ...values.map(Math.abs)) * 1.1
  const x = linearScale([-reach, reach], [box.left, box.width - box.right])
  const marks = shown.flatMap((r, i) => {
    const cy = box.top + 18 + i * 34
    return [
      text(box.left - 8, cy + 4, r.topology, 'text-anchor="end" class="label"'),
      ...series.flatMap((s, k) => {
        const e = r[s.key]
        if (e?.mean == null) return []
        const yy = cy + (k === 0 ? -5 : 5)
        const marker = s.shape === 'circle' ? `<circle cx="${px(x(e.mean))}" cy="${px(yy)}" r="4.5" fill="${s.color}"/>` : `<rect x="${px(x(e.mean) - 4)}" y="${px(yy - 4)}" width="8" height="8" fill="${s.color}"/>`
        const whisker = e.ci ? line(x(e.ci.lo), yy, x(e.ci.hi), yy, `stroke="${s.color}" class="whisker"`) : ''
        return [`<g class="difference" data-topology="${esc(r.topology)}" data-against="${s.key === 'vsSingle' ? 'single' : 'self_refine'}" data-value="${px(e.mean)}">${whisker}${marker}</g>`]
      }),
    ]
  })
  return svg('differences', box, title, [
    ...xAxis(box, x, niceTicks(-reach, reach, 6), 'difference in headline points (positive: better than the baseline)', signedPts),
    line(x(0), box.top, x(0), box.height - box.bottom, 'class="zero"'),
    ...legend(box.left, 18, series.map((s) => ({ label: s.label, color: s.color }))),
    ...marks,
  ])
}

export interface WinRow {
  topology: string
  color: string
  against: string
  rate: number | null
  ci: Range | null
  n: number
}

/** The pairwise judge's win rate (ties count half) per topology against a baseline, with Wilson intervals. */
export function winRateChart(rows: readonly WinRow[]): string {
  const title = 'Pairwise judge: win rate against the baseline (ties count half; 95 % CI per comparison, not adjusted for the number of topologies compared, unlike the differences above: Wilson for one task, clustered by task for several)'
  const shown = rows.filter((r) => r.rate !== null)
  if (shown.length === 0) return emptyChart('win-rates', title, 'No pairwise judgements in these results (judge off, or only the single agent ran).')
  const left = labelRoom(shown.map((r) => `${r.topology} vs ${r.against}`), 200)
  const box: Box = { width: 560 + left, height: 60 + shown.length * 30 + 40, left, right: 60, top: 24, bottom: 44 }
  const x = linearScale([0, 1], [box.left, box.width - box.right])
  const marks = shown.map((r, i) => {
    const cy = box.top + 8 + i * 30
    return [
      `<g class="win-rate" data-topology="${esc(r.topology)}" data-against="${esc(r.against)}" data-value="${px(r.rate!)}">`,
      text(box.left - 8, cy + 14, `${r.topology} vs ${r.against}`, 'text-anchor="end" class="label"'),
      `<rect x="${px(box.left)}" y="${px(cy)}" width="${px(x(r.rate!) - box.left)}" height="20" fill="${r.color}"/>`,
      // Clipped to the plot, as every whisker is: an older run file may hold an interval past 0 or 100 %.
      r.ci ? line(x(Math.max(0, r.ci.lo)), cy + 10, x(Math.min(1, r.ci.hi)), cy + 10, 'class="whisker dark"') : '',
      text(box.width - box.right + 6, cy + 14, `n=${r.n}`, 'class="tick"'),
      '</g>',
    ].join('\n')
  })
  return svg('win-rates', box, title, [...xAxis(box, x, [0, 0.25, 0.5, 0.75, 1], 'win rate', pct), line(x(0.5), box.top, x(0.5), box.height - box.bottom, 'class="zero"'), ...marks])
}

export interface RoleCostRow {
  topology: string
  parts: ReadonlyArray<{ category: string; usd: number }>
}

/** Mean org spend per case per topology, stacked by the kind of role that spent it. */
export function costByRoleChart(rows: readonly RoleCostRow[], categories: ReadonlyArray<{ category: string; color: string }>): string {
  const title = 'Org cost per case by role (mean over trials; USD)'
  const shown = rows.filter((r) => r.parts.some((p) => p.usd > 0))
  if (shown.length === 0) return emptyChart('cost-by-role', title, 'No priced calls in these results.')
  const left = labelRoom(shown.map((r) => r.topology), 130)
  const keys = categories.map((c) => ({ label: c.category, color: c.color }))
  const extra = (legendRows(left, 630 + left - 40, keys) - 1) * LEGEND_ROW_HEIGHT
  const box: Box = { width: 630 + left, height: 70 + shown.length * 30 + 40 + extra, left, right: 40, top: 40 + extra, bottom: 44 }
  const max = Math.max(...shown.map((r) => r.parts.reduce((s, p) => s + p.usd, 0)))
  const x = linearScale([0, max * 1.05], [box.left, box.width - box.right])
  const marks = shown.map((r, i) => {
    const cy = box.top + 6 + i * 30
    let cursor = 0
    const segments = categories.flatMap((c) => {
      const usd = r.parts.find((p) => p.category === c.category)?.usd ?? 0
      if (usd <= 0) return []
      const seg = `<rect class="segment" data-category="${esc(c.category)}" data-value="${usd}" x="${px(x(cursor))}" y="${px(cy)}" width="${px(x(cursor + usd) - x(cursor))}" height="20" fill="${c.color}"/>`
      cursor += usd
      return [seg]
    })
    return [`<g class="role-cost" data-topology="${esc(r.topology)}">`, text(box.left - 8, cy + 14, r.topology, 'text-anchor="end" class="label"'), ...segments, '</g>'].join('\n')
  })
  return svg('cost-by-role', box, title, [...xAxis(box, x, niceTicks(0, max * 1.05, 5), 'USD per case', dollars), ...legend(box.left, 18, keys, box.width - box.right), ...marks])
}

export interface CurveSeries {
  topology: string
  color: string
  /** One value per run, in run order; null where the topology did not run. */
  values: ReadonlyArray<number | null>
}

/** Mean headline per topology across successive runs (e.g. rounds of the org-memory loop). */
export function learningCurveChart(labels: readonly string[], series: readonly CurveSeries[]): string {
  const title = 'Learning curve: mean headline score per topology across runs'
  if (labels.length < 2) return emptyChart('learning-curve', title, 'Only one run of this model and task set: pass several runs of the same model to see a curve (other models are compared per model).')
  const box: Box = { width: 760, height: 400, left: 56, right: 130, top: 20, bottom: 70 }
  const x = linearScale([0, labels.length - 1], [box.left + 20, box.width - box.right - 20])
  const all = series.flatMap((s) => s.values.filter((v): v is number => v !== null))
  const yLo = Math.max(0, Math.floor(Math.min(100, ...all) / 10) * 10 - 10)
  const y = linearScale([yLo, 100], [box.height - box.bottom, box.top])
  const points = series.map((s) => s.values.map((v, i) => (v === null ? null : ([x(i), y(v)] as const))))
  const ends = points.map((pts) => [...pts].reverse().find((p) => p !== null) ?? null)
  // Labels at the end of each line, pushed apart where lines end close together.
  const order = ends.map((e, i) => ({ e, i })).filter((o) => o.e !== null).sort((a, b) => a.e![1] - b.e![1])
  const placed = placeLabels(order.map((o) => ({ x: o.e![0] + 8, y: o.e![1] + 4, width: 120 })))
  const labelAt = new Map(order.map((o, k) => [o.i, placed[k]!]))
  const marks = series.map((s, si) => {
    const pts = points[si]!
    const path = pts.filter((p): p is readonly [number, number] => p !== null).map(([a, b], i) => `${i === 0 ? 'M' : 'L'}${px(a)},${px(b)}`).join(' ')
    const label = labelAt.get(si)
    return [
      `<g class="curve" data-topology="${esc(s.topology)}">`,
      `<path d="${path}" fill="none" stroke="${s.color}" stroke-width="2"/>`,
      ...pts.flatMap((p) => (p ? [`<circle cx="${px(p[0])}" cy="${px(p[1])}" r="3.5" fill="${s.color}"/>`] : [])),
      label ? text(label.x, label.y, s.topology, `class="label" style="fill:${s.color}"`) : '',
      '</g>',
    ].join('\n')
  })
  return svg('learning-curve', box, title, [
    ...yAxis(box, y, niceTicks(yLo, 100), 'headline score (0–100)'),
    line(box.left, box.height - box.bottom, box.width - box.right, box.height - box.bottom, 'class="axis"'),
    ...labels.map((l, i) => text(x(i), box.height - box.bottom + 16, l, 'class="tick" text-anchor="middle"')),
    text(box.left + innerWidth(box) / 2, box.height - 12, 'run (oldest → newest)', 'class="axis-label" text-anchor="middle"'),
    ...marks,
  ])
}
