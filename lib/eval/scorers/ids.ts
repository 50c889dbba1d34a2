/**
 * How the scorers read the ids, paths and names a deliverable writes: the quoting a model adds
 * (backticks, quotes), whitespace and case say nothing about which item is meant, and a field that
 * names its id beside a description ("R05 Roll back …", "`E-0066` (release applied)") names that id.
 * A field that names two different ids names none: it is not a right answer to a question that asks for one.
 */

const QUOTES = /[`'"‘’“”]/g

/** The text without quotes and backticks, whitespace runs as one space, trimmed. */
export const unquote = (raw: string): string => raw.replace(QUOTES, '').replace(/\s+/g, ' ').trim()

/** A file path as compared: unquoted, lower case, without the `a/`, `b/` or `./` a diff header or shell puts before it. */
export const pathKey = (raw: string): string =>
  unquote(raw)
    .toLowerCase()
    .replace(/^(?:[ab]\/|\.\/)/, '')

/** An id as compared: unquoted, upper case, letters and digits only ("`t-1001 `", "T1001" and "T-1001" are one id). */
export const idKey = (raw: string): string => raw.toUpperCase().replace(/[^A-Z0-9]/g, '')

/**
 * Every id of the shape of `example` (letters, an optional separator, digits: "E-0066", "R05",
 * "G0133"), or of any such shape without an example, that the text names, as idKeys, in order,
 * without repeats: "G0133, G0169" names two. Without an example, a text naming no id of that shape
 * is one id of its own (its idKey), so ids of other shapes still compare.
 */
export function idsIn(raw: string, example?: string): string[] {
  const prefix = example === undefined ? '[A-Za-z]+' : /^([A-Za-z]+)[-_]?\d+$/.exec(example)?.[1]
  if (prefix === undefined) return [idKey(raw)].filter((k) => k !== '')
  const pattern = new RegExp(`(?<![A-Za-z0-9])${prefix}[-_]?\\d+(?![A-Za-z0-9])`, 'gi')
  const ids = [...new Set([...unquote(raw).matchAll(pattern)].map((m) => idKey(m[0])))]
  return ids.length > 0 || example !== undefined ? ids : [idKey(raw)].filter((k) => k !== '')
}

/** The one id of the shape of `example` that a field names (an idKey), or null when it names none or several. */
export function idIn(raw: string, example: string): string | null {
  const ids = idsIn(raw, example)
  return ids.length === 1 ? ids[0]! : null
}

/**
 * The one component a field names, among `known` (lower-case component ids like "embedding-service"):
 * "`embedding-service`" and "embedding-service (release emb-2026.11.19-1)" name embedding-service;
 * a field naming two known components, or none, names none (null).
 */
export function componentIn(raw: string, known: ReadonlySet<string>): string | null {
  const tokens = new Set(unquote(raw).toLowerCase().split(/[^a-z0-9-]+/))
  const named = [...tokens].filter((t) => known.has(t))
  return named.length === 1 ? named[0]! : null
}

/** The warning for a deliverable none of whose ids is one of the task's: it scores as if it had left every item out. */
export function noIdMatches(what: string, given: readonly string[], expected: readonly string[]): string {
  return `none of the deliverable's ${given.length} ${what} id(s) (e.g. "${given[0]}") names a ${what} of the task (e.g. "${expected[0]}"): every ${what} scores as left out`
}
