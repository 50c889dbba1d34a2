/*
 * Plain-text tables for the terminal that fit a width (120 columns by default): when the full
 * table is wider, its columns are split into groups stacked one under the other, each repeating
 * the leading key columns (task, topology, ...), so nothing is cut and nothing wraps.
 */

/** The width every terminal table fits unless asked for the full table (`--wide`). */
export const TABLE_WIDTH = 120

export interface TableOptions {
  /** How many leading columns are text (left-aligned); the rest are numbers (right-aligned). Default 1. */
  left?: number
  /** How many leading columns identify a row and are repeated in every group. Default 1. */
  key?: number
  /** The width to fit; Infinity (or `wide`) prints the full table. Default TABLE_WIDTH. */
  width?: number
  /** Print the full table whatever its width. */
  wide?: boolean
  /** A line printed under a split table, e.g. how to get the full table. */
  splitNote?: string
}

const GAP = '  '

function block(headers: readonly string[], rows: readonly (readonly string[])[], cols: readonly number[], left: number): string[] {
  const widths = cols.map((c) => Math.max(headers[c]!.length, ...rows.map((r) => (r[c] ?? '').length)))
  const line = (cells: readonly string[]) => cols.map((c, i) => (c < left ? (cells[c] ?? '').padEnd(widths[i]!) : (cells[c] ?? '').padStart(widths[i]!))).join(GAP).trimEnd()
  return [line(headers), widths.map((w) => '-'.repeat(w)).join(GAP), ...rows.map(line)]
}

/** The widest line of a text (in UTF-16 units, which is what the tables count). */
export function textWidth(text: string): number {
  return Math.max(0, ...text.split('\n').map((l) => l.length))
}

/**
 * A table as lines of text: a header, a rule and one line per row, text columns left-aligned and
 * numbers right-aligned. Wider than the width, it is split into column groups (see the top).
 */
export function renderTable(headers: readonly string[], rows: readonly (readonly string[])[], options: TableOptions = {}): string {
  const left = options.left ?? 1
  const key = Math.min(options.key ?? 1, headers.length)
  const width = options.wide ? Infinity : (options.width ?? TABLE_WIDTH)
  const all = headers.map((_, i) => i)
  const full = block(headers, rows, all, left)
  if (textWidth(full.join('\n')) <= width || headers.length <= key + 1) return full.join('\n')

  const colWidth = (c: number) => Math.max(headers[c]!.length, ...rows.map((r) => (r[c] ?? '').length))
  const keyWidth = all.slice(0, key).reduce((n, c) => n + colWidth(c) + GAP.length, 0)
  const groups: number[][] = []
  let current: number[] = []
  let used = keyWidth
  for (const c of all.slice(key)) {
    const w = colWidth(c) + GAP.length
    if (current.length > 0 && used + w - GAP.length > width) {
      groups.push(current)
      current = []
      used = keyWidth
    }
    current.push(c)
    used += w
  }
  groups.push(current)
  const keys = all.slice(0, key)
  const parts = groups.map((g) => block(headers, rows, [...keys, ...g], left).join('\n'))
  return [parts.join('\n\n'), ...(options.splitNote ? [options.splitNote] : [])].join('\n')
}

/** How the run summaries indent the continuation of a prose line wrapped (lib/text.ts wrap) to TABLE_WIDTH. */
export const CONTINUATION = '    '
