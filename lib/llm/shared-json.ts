/*
 * JSON for request bodies whose long strings open with the same text, encoded once. Every prompt of
 * a case opens with the whole task (about 40 KB: the agents' prompts with the task block, the
 * judge's with its heading and the task block), and each call used to JSON-escape and UTF-8-encode
 * it again. A text registered with shareText is encoded once; a string that opens with it is
 * written as those bytes followed by the encoding of the rest; so is a string given as its opening
 * and its rest, never joined (JsonWriter.joined, lib/llm/parts-message.ts). The bytes are exactly
 * those of JSON.stringify, so hashes and requests do not change.
 */

/** Texts shorter than this are not worth a lookup. */
const MIN_SHARED = 1024
/** Shared texts are looked up by their first characters. */
const KEY_CHARS = 128
/** Beyond this many texts (a few per task), the registry starts again rather than keep them all. */
const MAX_SHARED = 128

interface Shared {
  text: string
  /** The JSON of the text without its quotes, as UTF-8. */
  bytes: Buffer
  /** Names these bytes for as long as the process lives: serials are never reused. */
  serial: number
}

const shared = new Map<string, Shared[]>()
/** The same texts by the text itself: an opening given apart (JsonWriter.joined) is found without comparing its characters. */
const byText = new Map<string, Shared>()
let count = 0
let serials = 0

/**
 * Registers a text that opens many strings to be encoded (e.g. a task's block). Short texts, and
 * texts ending inside a surrogate pair (the split would break the pair), are ignored.
 */
export function shareText(text: string): void {
  if (text.length < MIN_SHARED || isHighSurrogate(text.charCodeAt(text.length - 1)) || byText.has(text)) return
  if (count >= MAX_SHARED) {
    shared.clear()
    byText.clear()
    count = 0
  }
  const key = text.slice(0, KEY_CHARS)
  const list = shared.get(key) ?? []
  const entry = { text, bytes: Buffer.from(JSON.stringify(text).slice(1, -1)), serial: ++serials }
  list.push(entry)
  shared.set(key, list)
  byText.set(text, entry)
  count++
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff
}

function isLowSurrogate(code: number): boolean {
  return code >= 0xdc00 && code <= 0xdfff
}

/** The registered text `value` opens with, if any (the longest when several do). */
function openingOf(value: string): Shared | null {
  if (value.length < MIN_SHARED) return null
  const list = shared.get(value.slice(0, KEY_CHARS))
  if (!list) return null
  let best: Shared | null = null
  // A slice compared whole is several times faster than startsWith here.
  for (const s of list) if ((!best || s.text.length > best.text.length) && value.slice(0, s.text.length) === s.text) best = s
  return best
}

/**
 * JSON in pieces whose first two may recur: the text before the first shared opening and that
 * opening. `head` names them exactly (the text itself and the opening's serial), so that work
 * done on those bytes, such as hashing them, can be kept and reused (lib/llm/cache.ts).
 */
export interface EncodedJson {
  /** Concatenated, exactly Buffer.from(JSON.stringify(value)). */
  pieces: Buffer[]
  /** Bytes in all pieces. */
  length: number
  /** The first two pieces: `text` as UTF-8, then the shared text of `serial`; null when the JSON opens with no shared text. */
  head: { text: string; serial: number } | null
}

/**
 * Writes JSON piece by piece, for a value whose shape the caller knows (no replacer walks it):
 * raw JSON text, values, strings that may open with a shared text, and bytes encoded earlier.
 */
export class JsonWriter {
  private text = ''
  private readonly pieces: Buffer[] = []
  private length = 0
  private head: EncodedJson['head'] = null

  /** Appends JSON text as it is. */
  raw(json: string): this {
    this.text += json
    return this
  }

  /** Appends JSON.stringify(value); a value JSON.stringify leaves out (undefined, a function) is a coding error. */
  value(value: unknown): this {
    const json = JSON.stringify(value) as string | undefined
    if (json === undefined) throw new TypeError(`JsonWriter.value: ${typeof value} has no JSON (a field that may be unset must be left out by its writer)`)
    this.text += json
    return this
  }

  /** Appends a string as JSON, reusing the bytes of a shared text it opens with. */
  string(value: string): this {
    const opening = openingOf(value)
    if (!opening) return this.raw(JSON.stringify(value))
    this.text += '"'
    if (this.pieces.length === 0) this.head = { text: this.text, serial: opening.serial }
    this.bytes(opening.bytes)
    // The rest's JSON brings the closing quote.
    this.text = JSON.stringify(value.slice(opening.text.length)).slice(1)
    return this
  }

  /**
   * Appends `opening + rest` as one JSON string without joining them (lib/llm/parts-message.ts).
   * An opening registered with shareText is found by the text itself, in a map, rather than by
   * comparing its characters; one that only opens with a registered text reuses its bytes as
   * `string` does.
   */
  joined(opening: string, rest: string): this {
    // Written apart, the halves of a surrogate pair would each be escaped: the high half goes with the rest.
    if (isHighSurrogate(opening.charCodeAt(opening.length - 1)) && isLowSurrogate(rest.charCodeAt(0))) return this.joined(opening.slice(0, -1), opening.slice(-1) + rest)
    const known = byText.get(opening) ?? openingOf(opening)
    if (!known) {
      this.text += JSON.stringify(opening).slice(0, -1) + JSON.stringify(rest).slice(1)
      return this
    }
    this.text += '"'
    if (this.pieces.length === 0) this.head = { text: this.text, serial: known.serial }
    this.bytes(known.bytes)
    if (known.text.length < opening.length) this.text = JSON.stringify(opening.slice(known.text.length)).slice(1, -1)
    // The rest's JSON brings the closing quote.
    this.text += JSON.stringify(rest).slice(1)
    return this
  }

  /** Appends bytes that are already JSON (e.g. a value encoded once and kept). */
  bytes(json: Buffer): this {
    this.flush()
    this.pieces.push(json)
    this.length += json.length
    return this
  }

  /** The pieces written. */
  finish(): EncodedJson {
    this.flush()
    return { pieces: this.pieces, length: this.length, head: this.head }
  }

  private flush(): void {
    if (this.text === '') return
    const piece = Buffer.from(this.text)
    this.pieces.push(piece)
    this.length += piece.length
    this.text = ''
  }
}
