/*
 * The simulator keys every reply on the SHA-256 of `JSON.stringify(body.messages)`. Re-encoding
 * the messages (about 50 KB a request) costs more than parsing them; but a client that encodes
 * its body with JSON.stringify (the openai SDK does) has already written exactly that text into
 * the request. `rawMessages` finds it there, and proves it is that text, in one pass that jumps
 * from quote to quote. Whatever it cannot prove canonical it leaves to JSON.stringify.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
/** Escapes JSON.stringify never writes for a string that came from UTF-8 text: \/ and \u (which it uses only for control characters and lone surrogates). */
const RARE_ESCAPE = /\\[u/]/

/** Index just past the string that opens at `i` (a quote), or -1 when it does not close. */
function stringEnd(text: string, i: number): number {
  let q = text.indexOf('"', i + 1)
  while (q !== -1) {
    let slashes = 0
    while (text.charCodeAt(q - 1 - slashes) === BACKSLASH) slashes++
    if (slashes % 2 === 0) return q + 1
    q = text.indexOf('"', q + 1)
  }
  return -1
}

/** What `value` found: where the value ends, and whether its text is what JSON.stringify writes for it. */
interface Scan {
  end: number
  canonical: boolean
}

const LITERALS = ['true', 'false', 'null']

/**
 * Scans the JSON value that starts at `i` (no leading whitespace). Canonical here means: no
 * whitespace outside strings, no numbers (their forms vary), no rare escapes, and in every object
 * no repeated key and no key that is an array index (JSON.parse would reorder those).
 */
function value(text: string, i: number): Scan | null {
  const c = text.charCodeAt(i)
  if (c === QUOTE) {
    const end = stringEnd(text, i)
    return end === -1 ? null : { end, canonical: !RARE_ESCAPE.test(text.slice(i, end)) }
  }
  if (c === 0x5b /* [ */ || c === 0x7b /* { */) return container(text, i, c === 0x7b)
  const literal = LITERALS.find((l) => text.startsWith(l, i))
  if (literal) return { end: i + literal.length, canonical: true }
  return skipOther(text, i)
}

/** A number (or anything else): up to the next delimiter, never canonical. */
function skipOther(text: string, i: number): Scan | null {
  let j = i
  while (j < text.length && !',]} \t\r\n'.includes(text[j]!)) j++
  return j === i ? null : { end: j, canonical: false }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++
  return i
}

function container(text: string, start: number, isObject: boolean): Scan | null {
  const close = isObject ? '}' : ']'
  const keys = isObject ? new Set<string>() : null
  let canonical = true
  let i = start + 1
  const spaced = (j: number) => {
    const k = skipSpace(text, j)
    if (k !== j) canonical = false
    return k
  }
  i = spaced(i)
  if (text[i] === close) return { end: i + 1, canonical }
  for (;;) {
    if (keys) {
      if (text.charCodeAt(i) !== QUOTE) return null
      const end = stringEnd(text, i)
      if (end === -1) return null
      const key = text.slice(i + 1, end - 1)
      if (keys.has(key) || /^(?:0|[1-9]\d*)$/.test(key) || RARE_ESCAPE.test(key)) canonical = false
      keys.add(key)
      i = spaced(end)
      if (text[i] !== ':') return null
      i = spaced(i + 1)
    }
    const v = value(text, i)
    if (!v) return null
    if (!v.canonical) canonical = false
    i = spaced(v.end)
    if (text[i] === close) return { end: i + 1, canonical }
    if (text[i] !== ',') return null
    i = spaced(i + 1)
  }
}

/**
 * The text of the body's top-level "messages" value exactly as `JSON.stringify(parsed.messages)`
 * would write it, taken from the raw body when the body proves to hold it verbatim; otherwise
 * (an unusual encoding, a repeated key) the re-encoded value. `parsed` is `JSON.parse(raw)`.
 */
export function messagesJson(raw: string, parsed: { messages?: unknown }): string {
  return rawMessages(raw) ?? JSON.stringify(parsed.messages)
}

/** The raw text of the top-level "messages" value when it is provably canonical, else null. */
export function rawMessages(raw: string): string | null {
  let i = skipSpace(raw, 0)
  if (raw[i] !== '{') return null
  i = skipSpace(raw, i + 1)
  let found: string | null = null
  let seen = false
  while (i < raw.length && raw[i] !== '}') {
    if (raw.charCodeAt(i) !== QUOTE) return null
    const keyEnd = stringEnd(raw, i)
    if (keyEnd === -1) return null
    const key = raw.slice(i + 1, keyEnd - 1)
    i = skipSpace(raw, keyEnd)
    if (raw[i] !== ':') return null
    i = skipSpace(raw, i + 1)
    const v = value(raw, i)
    if (!v) return null
    if (key === 'messages' || RARE_ESCAPE.test(key)) {
      // A second "messages" (or a key that may spell it with escapes) makes the first one moot.
      if (seen || key !== 'messages') return null
      seen = true
      found = v.canonical ? raw.slice(i, v.end) : null
    }
    i = skipSpace(raw, v.end)
    if (raw[i] === ',') i = skipSpace(raw, i + 1)
  }
  return found
}
