import { createRequire } from 'node:module'

/*
 * Deterministic JSON (run files, journal lines, settings comparisons): byte for byte what
 * json-stable-stringify writes (keys sorted by UTF-16 code unit; with an indent, empty arrays and
 * objects still opened on a line of their own: "[\n  ]"), in about half its time. Plain data (all
 * that results hold) is copied with its keys in sorted order and written by JSON.stringify; anything
 * else goes to the library, loaded only then: it is some fifty CommonJS modules that a benchmark
 * worker would otherwise load for nothing. test/stable-json.test.ts compares the two on every kind
 * of value.
 */

/** Stands for an empty array or object in the indented copy; no key or string of the value may hold it. */
const MARK = 'stable-json:'
const EMPTY = { array: `\u0000${MARK}[\u0000`, object: `\u0000${MARK}{\u0000` } as const
/** An EMPTY marker as JSON.stringify writes it: this, "[" or "{", then EMPTY_TOKEN_END. */
const EMPTY_TOKEN = `"\\u0000${MARK}`
const EMPTY_TOKEN_END = '\\u0000"'
/** Array indices: JSON.stringify writes such keys first, whatever the insertion order. */
const INDEX = /^(?:0|[1-9]\d{0,9})$/
/** Deeper than this, the copy gives up (a cycle, or data no result holds). */
const MAX_DEPTH = 200

/** Thrown by sortedCopy when the value needs the library. */
class NotPlain extends Error {}

/**
 * `node` ready for JSON.stringify: a copy whose objects hold their keys in sorted order, where an
 * empty array or object (once undefined, functions and symbols are left out) becomes its EMPTY
 * marker when `indented`. A part that needs no change (its objects' keys already in order, nothing
 * left out, no marker) is not copied: JSON.stringify writes it as it is. Throws NotPlain for what
 * JSON.stringify would write differently from the library: objects that are not plain, toJSON,
 * array-index keys, "__proto__", a key or string holding MARK.
 */
function sortedCopy(node: unknown, indented: boolean, depth: number): unknown {
  if (typeof node === 'string') {
    if (indented && node.includes(MARK)) throw new NotPlain()
    return node
  }
  if (typeof node !== 'object' || node === null) return node
  if (depth > MAX_DEPTH) throw new NotPlain()
  if (Array.isArray(node)) {
    if (indented && node.length === 0) return EMPTY.array
    let out: unknown[] | null = null
    for (let i = 0; i < node.length; i++) {
      const item: unknown = node[i]
      const copied = sortedCopy(item, indented, depth + 1)
      if (out === null && copied !== item) out = node.slice(0, i)
      if (out !== null) out.push(copied)
    }
    return out ?? node
  }
  const proto = Object.getPrototypeOf(node)
  if (proto !== Object.prototype && proto !== null) throw new NotPlain()
  let keys = Object.keys(node)
  let same = true
  for (let i = 1; i < keys.length; i++) {
    if (keys[i - 1]! > keys[i]!) {
      keys = keys.sort()
      same = false
      break
    }
  }
  const values = new Array<unknown>(keys.length)
  let written = 0
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!
    const value = (node as Record<string, unknown>)[key]
    if (key === 'toJSON' && typeof value === 'function') throw new NotPlain()
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') {
      same = false
      continue
    }
    const first = key.charCodeAt(0)
    if ((first >= 48 && first <= 57 && INDEX.test(key)) || key === '__proto__' || (indented && key.includes(MARK))) throw new NotPlain()
    const copied = sortedCopy(value, indented, depth + 1)
    if (copied !== value) same = false
    values[i] = copied
    written++
  }
  if (indented && written === 0) return EMPTY.object
  if (same) return node
  const out: Record<string, unknown> = {}
  for (let i = 0; i < keys.length; i++) if (values[i] !== undefined) out[keys[i]!] = values[i]
  return out
}

/**
 * Writes each EMPTY marker of indented JSON as the library writes an empty array or object: opened
 * where the marker is, closed on the next line at the indent of the marker's line.
 */
function openEmpties(text: string): string {
  let out = ''
  let from = 0
  for (let at = text.indexOf(EMPTY_TOKEN); at !== -1; at = text.indexOf(EMPTY_TOKEN, from)) {
    const lineStart = text.lastIndexOf('\n', at) + 1
    let indentEnd = lineStart
    while (text.charCodeAt(indentEnd) === 32) indentEnd++
    const open = text[at + EMPTY_TOKEN.length]
    out += `${text.slice(from, at)}${open}\n${text.slice(lineStart, indentEnd)}${open === '[' ? ']' : '}'}`
    from = at + EMPTY_TOKEN.length + 1 + EMPTY_TOKEN_END.length
  }
  return from === 0 ? text : out + text.slice(from)
}

/**
 * `value` as stable JSON, indented by `space` spaces when given; undefined when the value itself
 * has no JSON form (undefined, a function). Throws on a cycle, as JSON.stringify does.
 */
export function stableStringify(value: unknown, space = 0): string | undefined {
  if (Number.isInteger(space) && space >= 0 && space <= 10) {
    try {
      const text = JSON.stringify(sortedCopy(value, space > 0, 0), null, space)
      return space === 0 || text === undefined ? text : openEmpties(text)
    } catch (e) {
      if (!(e instanceof NotPlain)) throw e
    }
  }
  return library()(value, space > 0 ? { space } : undefined)
}

type Stringify = (value: unknown, options?: { space?: number }) => string | undefined
let loaded: Stringify | null = null

function library(): Stringify {
  loaded ??= createRequire(import.meta.url)('json-stable-stringify') as Stringify
  return loaded
}
