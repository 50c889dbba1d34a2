/*
 * Deterministic JSON: JSON.stringify with every object's keys sorted, so that equal values always
 * give equal text (run files, journal lines, settings comparisons). Byte for byte the output of
 * json-stable-stringify 1.x, which this replaces: that package pulled some fifty CommonJS modules
 * into every benchmark worker for a function of a few lines.
 */

/** How stableStringify lays out its text. */
export interface StableStringifyOptions {
  /** Indentation per level: a number of spaces or the string itself; none by default (one line). */
  space?: number | string
}

/**
 * `value` as JSON with sorted keys (code-unit order, like Array.prototype.sort). As JSON.stringify:
 * toJSON is honoured; undefined, functions and symbols are left out of objects and become null in
 * arrays; undefined at the top gives undefined; a cycle throws a TypeError. With `space`, an empty
 * object or array still spans two lines ("{" then the closing brace on its own line).
 */
export function stableStringify(value: unknown, options: StableStringifyOptions = {}): string | undefined {
  const space = typeof options.space === 'number' ? ' '.repeat(options.space) : (options.space ?? '')
  const colon = space ? ': ' : ':'
  const seen = new Set<object>()

  const write = (node: unknown, level: number): string | undefined => {
    if (node && typeof (node as { toJSON?: unknown }).toJSON === 'function') node = (node as { toJSON: () => unknown }).toJSON()
    if (node === undefined) return undefined
    if (typeof node !== 'object' || node === null) return JSON.stringify(node)
    const indent = space ? `\n${space.repeat(level)}` : ''
    const items: string[] = []
    if (Array.isArray(node)) {
      for (const item of node) items.push(indent + space + (write(item, level + 1) ?? 'null'))
      return `[${items.join(',')}${indent}]`
    }
    if (seen.has(node)) throw new TypeError('Converting circular structure to JSON')
    seen.add(node)
    for (const key of Object.keys(node).sort()) {
      const text = write((node as Record<string, unknown>)[key], level + 1)
      if (text !== undefined) items.push(`${indent}${space}${JSON.stringify(key)}${colon}${text}`)
    }
    seen.delete(node)
    return `{${items.join(',')}${indent}}`
  }
  return write(value, 0)
}
