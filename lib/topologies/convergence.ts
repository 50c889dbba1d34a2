import type { Deliverable } from './types.js'

/**
 * How much a deliverable changed between two versions, as the hrm halting rule reads it: the
 * Jaccard distance between their items. An item of a markdown deliverable is a heading or a
 * paragraph (whitespace and case normalised). An item of a structured deliverable is a labelled
 * element: every array element and the top-level object, identified by its identifier-like values
 * (strings without whitespace, booleans) and its path, so that prose wording and exact line numbers
 * do not count as change but a new finding, a dropped one or a changed label does.
 */
export function deliverableItems(deliverable: Deliverable): string[] {
  if (deliverable.kind === 'markdown') {
    return deliverable.text
      .split(/\n\s*\n/)
      .map((block) => block.trim().replace(/\s+/g, ' ').toLowerCase())
      .filter(Boolean)
  }
  const items: string[] = []
  collect(deliverable.data, '$', items)
  return items
}

const isLabel = (v: unknown): v is string | boolean => (typeof v === 'string' && v.length > 0 && v.length <= 80 && !/\s/.test(v)) || typeof v === 'boolean'

function collect(value: unknown, path: string, items: string[]): void {
  if (Array.isArray(value)) {
    for (const element of value) {
      if (element && typeof element === 'object' && !Array.isArray(element)) {
        items.push(`${path}[]${labelsOf(element as Record<string, unknown>)}`)
        for (const [k, v] of Object.entries(element)) if (v && typeof v === 'object') collect(v, `${path}[].${k}`, items)
      } else if (isLabel(element)) items.push(`${path}[]=${String(element)}`)
      else if (Array.isArray(element)) collect(element, `${path}[]`, items)
    }
  } else if (value && typeof value === 'object') {
    const labels = labelsOf(value as Record<string, unknown>)
    if (labels !== '{}') items.push(`${path}${labels}`)
    for (const [k, v] of Object.entries(value)) if (v && typeof v === 'object') collect(v, `${path}.${k}`, items)
  }
}

function labelsOf(o: Record<string, unknown>): string {
  const labels = Object.keys(o)
    .sort()
    .filter((k) => isLabel(o[k]))
    .map((k) => `${k}=${String(o[k])}`)
  return `{${labels.join(',')}}`
}

/** Jaccard distance (0 = same items, 1 = nothing in common) between two multisets of items. */
export function itemDistance(a: readonly string[], b: readonly string[]): number {
  const count = (xs: readonly string[]) => xs.reduce((m, x) => m.set(x, (m.get(x) ?? 0) + 1), new Map<string, number>())
  const ca = count(a)
  const cb = count(b)
  let shared = 0
  let union = 0
  for (const key of new Set([...ca.keys(), ...cb.keys()])) {
    shared += Math.min(ca.get(key) ?? 0, cb.get(key) ?? 0)
    union += Math.max(ca.get(key) ?? 0, cb.get(key) ?? 0)
  }
  return union === 0 ? 0 : 1 - shared / union
}

/** The change between two versions of a deliverable, 0 to 1, rounded to 4 decimals. */
export function deliverableDistance(previous: Deliverable, current: Deliverable): number {
  return Math.round(itemDistance(deliverableItems(previous), deliverableItems(current)) * 1e4) / 1e4
}
