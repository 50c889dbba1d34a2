/*
 * The simulator keys every reply on the SHA-256 of `JSON.stringify(body.messages)`. Re-encoding
 * the messages (about 50 KB a request) costs more than parsing them; but a client that encodes
 * its body with JSON.stringify (the openai SDK does) has already written exactly that text into
 * the request. `rawMessages` finds it there, and proves it is that text, in one pass that jumps
 * from quote to quote. Whatever it cannot prove canonical it leaves to JSON.stringify.
 */

const QUOTE = 0x22
const BACKSLASH = 0x5c
/**
 * Whether the text holds escapes JSON.stringify never writes for a string that came from UTF-8
 * text: \/ and \u (which it uses only for control characters and lone surrogates). Looked for
 * over a whole span at once (a "\\u" inside a string is a false alarm, and only costs the fast path).
 */
export const hasRareEscape = (text: string) => text.includes('\\u') || text.includes('\\/')

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

const LITERALS = ['true', 'false', 'null']
const ARRAY_INDEX = /^(?:0|[1-9]\d*)$/

/**
 * Scans one JSON value of a text already known to be valid JSON, noting whether its text is what
 * JSON.stringify writes for it. Canonical here means: no whitespace outside strings, no numbers
 * (their forms vary), and in every object no repeated key and no key that is an array index
 * (JSON.parse would reorder those). Rare escapes are left to the caller (`hasRareEscape`).
 */
class Scanner {
  canonical = true

  constructor(private readonly text: string) {}

  /** Index of the next token from `i`; whitespace on the way makes the text not canonical. */
  gap(i: number): number {
    const j = skipSpace(this.text, i)
    if (j !== i) this.canonical = false
    return j
  }

  /** Index just past the value that starts at `i`, or -1 when the text is not JSON there. */
  value(i: number): number {
    const c = this.text.charCodeAt(i)
    if (c === QUOTE) return stringEnd(this.text, i)
    if (c === 0x5b /* [ */ || c === 0x7b /* { */) return this.container(i, c === 0x7b)
    const literal = LITERALS.find((l) => this.text.startsWith(l, i))
    if (literal) return i + literal.length
    // A number: valid, but not provably canonical.
    this.canonical = false
    let j = i
    while (j < this.text.length && !',]} \t\r\n'.includes(this.text[j]!)) j++
    return j === i ? -1 : j
  }

  private container(start: number, isObject: boolean): number {
    const { text } = this
    const close = isObject ? '}' : ']'
    const keys = isObject ? new Set<string>() : null
    let i = this.gap(start + 1)
    if (text[i] === close) return i + 1
    for (;;) {
      if (keys) {
        if (text.charCodeAt(i) !== QUOTE) return -1
        const end = stringEnd(text, i)
        if (end === -1) return -1
        const key = text.slice(i + 1, end - 1)
        if (keys.has(key) || ARRAY_INDEX.test(key)) this.canonical = false
        keys.add(key)
        i = this.gap(end)
        if (text[i] !== ':') return -1
        i = this.gap(i + 1)
      }
      const end = this.value(i)
      if (end === -1) return -1
      i = this.gap(end)
      if (text[i] === close) return i + 1
      if (text[i] !== ',') return -1
      i = this.gap(i + 1)
    }
  }
}

function skipSpace(text: string, i: number): number {
  while (i < text.length && ' \t\r\n'.includes(text[i]!)) i++
  return i
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
  const span = messagesSpan(raw)
  return span && raw.slice(span.start, span.end)
}

/** Where `rawMessages` finds the messages: raw.slice(start, end) is their canonical text. */
export interface Span {
  start: number
  end: number
}

/** The span of the top-level "messages" value when it is provably canonical, else null. */
export function messagesSpan(raw: string): Span | null {
  let i = skipSpace(raw, 0)
  if (raw[i] !== '{') return null
  i = skipSpace(raw, i + 1)
  let found: Span | null = null
  let seen = false
  while (i < raw.length && raw[i] !== '}') {
    if (raw.charCodeAt(i) !== QUOTE) return null
    const keyEnd = stringEnd(raw, i)
    if (keyEnd === -1) return null
    const key = raw.slice(i + 1, keyEnd - 1)
    i = skipSpace(raw, keyEnd)
    if (raw[i] !== ':') return null
    i = skipSpace(raw, i + 1)
    const scanner = new Scanner(raw)
    const end = scanner.value(i)
    if (end === -1) return null
    if (key === 'messages' || hasRareEscape(key)) {
      // A second "messages" (or a key that may spell it with escapes) makes the first one moot.
      if (seen || key !== 'messages') return null
      seen = true
      // One look for rare escapes over the whole value, in its strings and keys alike.
      found = scanner.canonical && !hasRareEscape(raw.slice(i, end)) ? { start: i, end } : null
    }
    i = skipSpace(raw, end)
    if (raw[i] === ',') i = skipSpace(raw, i + 1)
  }
  return found
}
