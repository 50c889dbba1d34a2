import { wrap } from '../../text.js'

/*
 * Small, dependency-free SVG building blocks: escaping, scales, ticks and axes. Output is plain
 * strings so the charts are pure functions that tests (and a headless browser) can inspect.
 */

/** Escapes text for XML/HTML content and attribute values. */
export function esc(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!)
}

/** A number rounded for coordinates (two decimals keep files small and diffs stable). */
export const px = (x: number) => String(Math.round(x * 100) / 100)

export type Scale = (x: number) => number

export function linearScale([d0, d1]: [number, number], [r0, r1]: [number, number]): Scale {
  const span = d1 - d0 || 1
  return (x) => r0 + ((x - d0) / span) * (r1 - r0)
}

/** A log10 scale; the domain must be positive. */
export function logScale([d0, d1]: [number, number], range: [number, number]): Scale {
  const lin = linearScale([Math.log10(d0), Math.log10(d1)], range)
  return (x) => lin(Math.log10(Math.max(x, d0)))
}

/** About `count` round tick values covering [lo, hi] (steps of 1, 2 or 5 × 10^k). */
export function niceTicks(lo: number, hi: number, count = 5): number[] {
  if (!(hi > lo)) return [lo]
  const raw = (hi - lo) / count
  const magnitude = 10 ** Math.floor(Math.log10(raw))
  const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw)!
  const ticks: number[] = []
  for (let t = Math.ceil(lo / step) * step; t <= hi + step * 1e-9; t += step) ticks.push(Math.round(t / step) * step)
  return ticks
}

/** Ticks at 1, 2 and 5 × each power of ten inside [lo, hi]. */
export function logTicks(lo: number, hi: number): number[] {
  const ticks: number[] = []
  for (let e = Math.floor(Math.log10(lo)); e <= Math.ceil(Math.log10(hi)); e++) {
    for (const m of [1, 2, 5]) {
      const t = m * 10 ** e
      if (t >= lo * (1 - 1e-9) && t <= hi * (1 + 1e-9)) ticks.push(Number(t.toPrecision(3)))
    }
  }
  return ticks
}

/** Colour-blind-safe palette (Okabe–Ito), then a brown and a grey. */
export const PALETTE = ['#0072B2', '#E69F00', '#009E73', '#D55E00', '#CC79A7', '#56B4E9', '#8C6D1F', '#000000', '#666666']

/** The colour of a series that is in no chart's legend (an unknown topology): a light grey no series gets. */
export const UNKNOWN_SERIES_COLOR = '#999999'

/**
 * The colour of the index-th series: the palette's, then hues spread by the golden angle at a
 * mid lightness, so that no two series share a colour however many a run has (a weekly run with
 * compute-matched variants has more series than the palette has colours).
 */
export function colorAt(index: number): string {
  if (index < PALETTE.length) return PALETTE[index]!
  return hslHex(((index - PALETTE.length) * 137.508 + 15) % 360, 0.65, 0.38)
}

/** `#rrggbb` of a hue in degrees, a saturation and a lightness in [0, 1]. */
function hslHex(hue: number, saturation: number, lightness: number): string {
  const a = saturation * Math.min(lightness, 1 - lightness)
  const channel = (n: number) => {
    const k = (n + hue / 30) % 12
    const value = lightness - a * Math.max(-1, Math.min(k - 3, 9 - k, 1))
    return Math.round(value * 255).toString(16).padStart(2, '0')
  }
  return `#${channel(0)}${channel(8)}${channel(4)}`.toUpperCase()
}

/**
 * Colours for kinds of role (Paul Tol's "muted" scheme), distinct from the topology palette so a
 * role is never mistaken for a topology.
 */
export const ROLE_PALETTE = ['#332288', '#88CCEE', '#44AA99', '#DDCC77', '#CC6677', '#AA4499', '#117733', '#882255']

/** The words every chart of a simulated report carries inside its own box, so a copied chart keeps them. */
export const SIMULATED_MARK = 'SIMULATED — not a real model'

/** A chart with SIMULATED_MARK drawn in its bottom-left corner. */
export function markSimulated(chart: string): string {
  const box = /viewBox="0 0 ([\d.]+) ([\d.]+)"/.exec(chart)
  if (!box) return chart
  const mark = `<text x="4" y="${px(Number(box[2]) - 4)}" class="sim-mark" data-simulated="true" style="font-size:11px;font-weight:600;fill:#7a5a00">${esc(SIMULATED_MARK)}</text>`
  return chart.replace(/<\/svg>\s*$/, `${mark}\n</svg>`)
}

export interface Box {
  width: number
  height: number
  left: number
  right: number
  top: number
  bottom: number
}

export const innerWidth = (b: Box) => b.width - b.left - b.right
export const innerHeight = (b: Box) => b.height - b.top - b.bottom

/**
 * The least a chart is shrunk to fit a narrow page: at 4/5 of its size its 11 px labels are drawn
 * at about 9 px. In a frame (see framed) a narrower window scrolls it sideways instead.
 */
const MIN_CHART_SCALE = 0.8

/**
 * A complete SVG element; `name` becomes data-chart so the page check can find it. Its smallest
 * width is the custom property --min-width, which the pages apply to a chart in a frame.
 */
export function svg(name: string, box: Box, title: string, body: readonly string[]): string {
  return [
    `<svg xmlns="http://www.w3.org/2000/svg" class="chart" data-chart="${esc(name)}" viewBox="0 0 ${box.width} ${box.height}" width="${box.width}" height="${box.height}" style="--min-width: ${Math.round(box.width * MIN_CHART_SCALE)}px" role="img" aria-label="${esc(title)}">`,
    `<title>${esc(title)}</title>`,
    ...body,
    '</svg>',
  ].join('\n')
}

/** The CSS the pages give a chart: it fits the page's width, down to its --min-width, below which its frame scrolls sideways. */
export const CHART_CSS = `svg.chart { display: block; margin: 8px 0 4px; max-width: 100%; height: auto; background: #fff; }
.chart-frame { overflow-x: auto; } .chart-frame > svg.chart { min-width: var(--min-width, 0); }`

/** A chart in its frame, as a page places it: on a narrow window the frame scrolls sideways rather than the chart shrinking its text away. */
export function framed(chart: string): string {
  return `<div class="chart-frame">${chart}</div>`
}

/**
 * An empty chart's width (narrow enough to fit a phone's window at 4/5 of its size), and the
 * characters of its 14 px reason that fit on one line (8.5 px a character, wider than most fonts' average).
 */
const EMPTY_WIDTH = 420
const EMPTY_LINE_CHARS = Math.floor((EMPTY_WIDTH - 32) / 8.5)
const EMPTY_LINE_HEIGHT = 20

/**
 * The chart that has nothing to show says so rather than drawing empty axes. SVG text does not
 * wrap: the reason is broken into lines here, and the box grows to hold them (and, below them, the
 * SIMULATED mark a simulated report adds).
 */
export function emptyChart(name: string, title: string, reason: string): string {
  const lines = wrap(reason, EMPTY_LINE_CHARS)
  const box: Box = { width: EMPTY_WIDTH, height: 36 + lines.length * EMPTY_LINE_HEIGHT + 24, left: 0, right: 0, top: 0, bottom: 0 }
  const spans = lines.map((l, i) => `<tspan x="16" dy="${i === 0 ? 0 : EMPTY_LINE_HEIGHT}">${esc(l)}</tspan>`).join('')
  return svg(name, box, title, [`<text x="16" y="44" class="empty" data-empty="true">${spans}</text>`])
}

export function text(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${px(x)}" y="${px(y)}"${attrs ? ` ${attrs}` : ''}>${esc(content)}</text>`
}

export function line(x1: number, y1: number, x2: number, y2: number, attrs = ''): string {
  return `<line x1="${px(x1)}" y1="${px(y1)}" x2="${px(x2)}" y2="${px(y2)}"${attrs ? ` ${attrs}` : ''}/>`
}

/** A vertical axis with gridlines at `ticks`. */
export function yAxis(box: Box, scale: Scale, ticks: readonly number[], label: string, format: (t: number) => string = String): string[] {
  const x0 = box.left
  const x1 = box.width - box.right
  return [
    ...ticks.flatMap((t) => [line(x0, scale(t), x1, scale(t), 'class="grid"'), text(x0 - 6, scale(t) + 4, format(t), 'text-anchor="end" class="tick"')]),
    line(x0, box.top, x0, box.height - box.bottom, 'class="axis"'),
    text(14, box.top + innerHeight(box) / 2, label, `class="axis-label" text-anchor="middle" transform="rotate(-90 14 ${px(box.top + innerHeight(box) / 2)})"`),
  ]
}

/** A horizontal axis with gridlines at `ticks`. */
export function xAxis(box: Box, scale: Scale, ticks: readonly number[], label: string, format: (t: number) => string = String): string[] {
  const y0 = box.height - box.bottom
  return [
    ...ticks.flatMap((t) => [line(scale(t), box.top, scale(t), y0, 'class="grid"'), text(scale(t), y0 + 16, format(t), 'text-anchor="middle" class="tick"')]),
    line(box.left, y0, box.width - box.right, y0, 'class="axis"'),
    text(box.left + innerWidth(box) / 2, box.height - 8, label, 'class="axis-label" text-anchor="middle"'),
  ]
}

/** A row of coloured keys. */
/** Vertical distance between two rows of a legend. */
export const LEGEND_ROW_HEIGHT = 16

const legendItemWidth = (label: string) => 24 + label.length * 7.5

/** Where each legend item goes: left to right from `x`, wrapping to a new row before an item would pass `maxX`. */
function legendLayout(x: number, maxX: number, items: ReadonlyArray<{ label: string }>): Array<{ x: number; row: number }> {
  let cursor = x
  let row = 0
  return items.map((item) => {
    if (cursor > x && cursor + legendItemWidth(item.label) - 10 > maxX) {
      cursor = x
      row += 1
    }
    const at = { x: cursor, row }
    cursor += legendItemWidth(item.label)
    return at
  })
}

/** How many rows `legend` takes for these items between `x` and `maxX`. */
export function legendRows(x: number, maxX: number, items: ReadonlyArray<{ label: string }>): number {
  return items.length === 0 ? 0 : legendLayout(x, maxX, items).at(-1)!.row + 1
}

/** Coloured squares with labels from (x, y), wrapped into rows that stay left of `maxX` (a chart's right edge). */
export function legend(x: number, y: number, items: ReadonlyArray<{ label: string; color: string }>, maxX = Infinity): string[] {
  const layout = legendLayout(x, maxX, items)
  return items.flatMap((item, i) => {
    const at = layout[i]!
    const ry = y + at.row * LEGEND_ROW_HEIGHT
    return [`<rect x="${px(at.x)}" y="${px(ry - 9)}" width="10" height="10" fill="${item.color}" data-legend="${esc(item.label)}"/>`, text(at.x + 14, ry, item.label, 'class="legend"')]
  })
}
