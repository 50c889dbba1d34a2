import { isAscii } from 'node:buffer'
import { createHash, type Hash, randomBytes } from 'node:crypto'
import { hashOf } from './random.js'
import { hasRareEscape, messagesSpan, type Span } from './raw-messages.js'

/*
 * Reading a request body costs more than answering it: decoding some 50 KB of UTF-8, parsing it and
 * hashing the messages. Most of those bytes are a text the simulator already knows: every prompt
 * quotes its task's whole block (lib/topologies/prompts.ts). A body that holds a known text, JSON-
 * escaped, is read with a short placeholder in its place: the rest is decoded and parsed, and the
 * placeholder in the parsed message is replaced by the text, which is what parsing the whole body
 * gives. The messages' hash is taken over the request's own bytes when they are provably what
 * JSON.stringify writes (see raw-messages.ts), so nothing is re-encoded.
 */

/** A request body read once. */
export interface RequestBody {
  /** JSON.parse of the whole body. */
  body: Record<string, unknown>
  /** hashOf(JSON.stringify(body.messages)): what the reply's key is made of. */
  messagesHash: string
  /**
   * SHA-256 of the body's bytes, as hex: equal for equal bodies, whichever way they were read, and
   * for nothing else short of a SHA-256 collision. Where the messages stand verbatim in the body, it
   * is taken over the bytes around them and the messages' own SHA-256 (see digestAroundMessages), so the
   * messages are not hashed twice.
   */
  bodyDigest: string
  /** JSON.stringify(body.messages), built only when asked (to match a fault's text). */
  messagesJson(): string
  /** Where a known text stands: in the content of message `message`, from character `at`. */
  known: KnownPlace | null
}

/** A known text's place in the parsed messages: message `message`'s content is before + text + after. */
export interface KnownPlace {
  message: number
  at: number
  text: string
  before: string
  after: string
}

/** A known text and its JSON encoding (without quotes) as UTF-8, which is how a body holds it. */
interface Known {
  text: string
  json: string
  bytes: Buffer
  /**
   * SHA-256 states after the messages' bytes up to the end of the text, by the bytes before it (the
   * system message, a heading): the same for every call of a role or a judge, so most of a body's
   * bytes are hashed once. At most MAX_OPENINGS, then started again.
   */
  openings: Map<string, Hash>
}

/** Known texts shorter than this are not worth a look. */
const MIN_KNOWN = 1024
/** Occurrences are found by the first bytes all texts of a group share (e.g. "# Task: "). */
const ANCHOR_BYTES = 8
/** Candidates at an occurrence are looked up by this many of its first bytes. */
const KEY_BYTES = 128
/** Hash states kept per known text (see Known.openings). */
const MAX_OPENINGS = 256
/** Places tried per body where an anchor occurs. */
const MAX_TRIES = 4
const BACKSLASH = 0x5c

/**
 * Stands in for a known text while the rest of the body is parsed: plain characters (JSON writes
 * them as they are), random per process; a body that holds it already is read whole.
 */
const PLACEHOLDER = `sim-known-text-${randomBytes(12).toString('hex')}`
const PLACEHOLDER_BYTES = Buffer.from(PLACEHOLDER)

/** The body as text; pure ASCII (a third of bodies) decodes as latin1, the same text ten times faster. */
function decode(bytes: Buffer): { raw: string; ascii: boolean } {
  const ascii = isAscii(bytes)
  return { raw: bytes.toString(ascii ? 'latin1' : 'utf8'), ascii }
}

/** Counts what the fast path did, for tests: bodies read with a known text spliced out, and whole. */
export interface ReaderStats {
  spliced: number
  whole: number
  /** Hash states started over the messages' opening and a known text (see Known.openings). */
  openings: number
}

/**
 * A text bodies may quote, known by its opening: `text()` is called only when a body holds the
 * opening (building every task's block up front would delay a new simulator's first reply).
 */
export interface KnownSource {
  /** How the text begins: at least KEY_BYTES once JSON-escaped, or the text is not looked for. */
  opening: string
  text: () => string
}

/** Known texts that open alike, built on first use (null: not worth splicing), longest first. */
interface Candidates {
  sources: KnownSource[]
  built: Known[] | null
}

/**
 * Reads chat-completions request bodies, skipping over the known texts they quote.
 * `known` is called once, on the first body: the texts a body may quote (e.g. every task's block).
 */
export class RequestReader {
  private index: Map<string, Map<string, Candidates>> | null = null
  readonly stats: ReaderStats = { spliced: 0, whole: 0, openings: 0 }

  constructor(private readonly known: () => readonly KnownSource[]) {}

  /** Parses a body; throws (like JSON.parse) when it is not JSON. */
  read(bytes: Buffer): RequestBody {
    const found = this.find(bytes)
    const spliced = found && readSpliced(bytes, found.at, found.known, this.stats)
    if (spliced) {
      this.stats.spliced++
      return spliced
    }
    this.stats.whole++
    return readWhole(bytes)
  }

  /** By anchor, then by key bytes (the first bytes of the escaped opening): the known texts. */
  private texts(): Map<string, Map<string, Candidates>> {
    if (this.index) return this.index
    const index = new Map<string, Map<string, Candidates>>()
    for (const source of this.known()) {
      const bytes = Buffer.from(JSON.stringify(source.opening).slice(1, -1))
      if (bytes.length < KEY_BYTES) continue
      const anchor = bytes.toString('latin1', 0, ANCHOR_BYTES)
      const byKey = index.get(anchor) ?? new Map<string, Candidates>()
      const key = bytes.toString('latin1', 0, KEY_BYTES)
      const candidates = byKey.get(key) ?? { sources: [], built: null }
      candidates.sources.push(source)
      byKey.set(key, candidates)
      index.set(anchor, byKey)
    }
    return (this.index = index)
  }

  /** The first place where the body holds a known text, at an escape boundary. */
  private find(bytes: Buffer): { at: number; known: Known } | null {
    for (const [anchor, byKey] of this.texts()) {
      let at = bytes.indexOf(anchor, 0, 'latin1')
      for (let tries = 0; at !== -1 && tries < MAX_TRIES; tries++) {
        const candidates = byKey.get(bytes.toString('latin1', at, at + KEY_BYTES))
        const known = candidates && built(candidates).find((k) => at + k.bytes.length <= bytes.length && bytes.compare(k.bytes, 0, k.bytes.length, at, at + k.bytes.length) === 0)
        if (known && escapesBefore(bytes, at) % 2 === 0) return { at, known }
        at = bytes.indexOf(anchor, at + 1, 'latin1')
      }
    }
    return null
  }
}

/** The candidates' texts, built once: those long enough and free of rare escapes, longest first. */
function built(candidates: Candidates): Known[] {
  if (candidates.built) return candidates.built
  const known: Known[] = []
  for (const source of candidates.sources) {
    const text = source.text()
    const json = JSON.stringify(text).slice(1, -1)
    const bytes = Buffer.from(json)
    // A rare escape would keep the messages from being proved canonical; such a text is read whole.
    if (bytes.length < MIN_KNOWN || hasRareEscape(json) || known.some((k) => k.text === text)) continue
    known.push({ text, json, bytes, openings: new Map() })
  }
  return (candidates.built = known.sort((a, b) => b.bytes.length - a.bytes.length))
}

/** How many backslashes stand right before `at`: an odd number escapes the byte at `at`. */
function escapesBefore(bytes: Buffer, at: number): number {
  let n = 0
  while (at - 1 - n >= 0 && bytes[at - 1 - n] === BACKSLASH) n++
  return n
}

/** The whole body decoded and parsed; the messages hashed from its bytes when they are canonical. */
function readWhole(bytes: Buffer): RequestBody {
  const { raw, ascii } = decode(bytes)
  const body = JSON.parse(raw) as Record<string, unknown>
  const span = messagesSpan(raw)
  if (!span) return reencoded(body, bytes)
  const text = () => raw.slice(span.start, span.end)
  if (!validUtf8(raw, ascii)) return { body, messagesHash: hashOf(text()), bodyDigest: wholeDigest(bytes), messagesJson: text, known: null }
  const messages = spanBytes(bytes, raw, ascii, span)
  const digest = createHash('sha256').update(messages).digest()
  return { body, messagesHash: shortHash(digest), bodyDigest: digestAroundMessages(bytes, messages, digest), messagesJson: text, known: null }
}

/** Messages that are not verbatim in the body: encoded again, as the key is defined. */
function reencoded(body: Record<string, unknown>, bytes: Buffer, known: KnownPlace | null = null): RequestBody {
  const json = JSON.stringify(body.messages)
  return { body, messagesHash: hashOf(json), bodyDigest: wholeDigest(bytes), messagesJson: () => json, known }
}

/** hashOf's form of a SHA-256 digest. */
const shortHash = (digest: Buffer) => digest.toString('hex', 0, 8)

const wholeDigest = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex')

/**
 * The digest of a body whose messages are `messages` (a part of `bytes`) with SHA-256 `digest`:
 * SHA-256 of where the messages start, the bytes before them, their digest and the bytes after.
 * With the start given, two bodies share it only if they share all three.
 */
function digestAroundMessages(bytes: Buffer, messages: Buffer, digest: Buffer): string {
  const start = messages.byteOffset - bytes.byteOffset
  return createHash('sha256')
    .update(`${start}:`)
    .update(bytes.subarray(0, start))
    .update(digest)
    .update(bytes.subarray(start + messages.length))
    .digest('hex')
}

/**
 * Whether the bytes are those the text encodes to: not when decoding replaced something with
 * U+FFFD (the body was not valid UTF-8).
 */
const validUtf8 = (raw: string, ascii: boolean) => ascii || !raw.includes('\uFFFD')

/**
 * The bytes that `raw.slice(span)` decodes from, `raw` being the decoded `bytes` (or a text whose
 * bytes agree with them before the span's start and after its end). Offsets are counted from the
 * ends, which are near: the messages open the body and fill most of it.
 */
function spanBytes(bytes: Buffer, raw: string, ascii: boolean, span: Span): Buffer {
  const start = ascii ? span.start : Buffer.byteLength(raw.slice(0, span.start))
  const tail = ascii ? raw.length - span.end : Buffer.byteLength(raw.slice(span.end))
  return bytes.subarray(start, bytes.length - tail)
}

/**
 * The body read with `known` (at byte `at`) replaced by the placeholder; null when that does not
 * prove to give what reading it whole gives (then the caller reads it whole).
 */
function readSpliced(bytes: Buffer, at: number, known: Known, stats: ReaderStats): RequestBody | null {
  const rest = Buffer.concat([bytes.subarray(0, at), PLACEHOLDER_BYTES, bytes.subarray(at + known.bytes.length)])
  const { raw, ascii } = decode(rest)
  const mark = raw.indexOf(PLACEHOLDER)
  if (mark === -1 || raw.includes(PLACEHOLDER, mark + 1)) return null
  let body: Record<string, unknown>
  try {
    body = JSON.parse(raw) as Record<string, unknown>
  } catch {
    return null
  }
  const place = restore(body.messages, known.text)
  if (!place) return null
  const span = messagesSpan(raw)
  if (!span) return reencoded(body, bytes, place)
  const json = () => raw.slice(span.start, mark) + known.json + raw.slice(mark + PLACEHOLDER.length, span.end)
  if (!validUtf8(raw, ascii)) return { body, messagesHash: hashOf(json()), bodyDigest: wholeDigest(bytes), messagesJson: json, known: place }
  // The placeholder lies inside the span, so the spliced text agrees with the whole body outside it.
  const messages = spanBytes(bytes, raw, ascii, span)
  const start = messages.byteOffset - bytes.byteOffset
  const textEnd = at + known.bytes.length
  const opening = bytes.toString('latin1', start, at)
  let state = known.openings.get(opening)
  if (!state) {
    if (known.openings.size >= MAX_OPENINGS) known.openings.clear()
    state = createHash('sha256').update(bytes.subarray(start, textEnd))
    known.openings.set(opening, state)
    stats.openings++
  }
  // The messages' SHA-256 (hashOf keeps its first 16 hex digits), from the state after its opening.
  const digest = state.copy().update(bytes.subarray(textEnd, start + messages.length)).digest()
  return { body, messagesHash: shortHash(digest), bodyDigest: digestAroundMessages(bytes, messages, digest), messagesJson: json, known: place }
}

/** Puts `text` back where the placeholder stands in one message's content; null if it is elsewhere. */
function restore(messages: unknown, text: string): KnownPlace | null {
  if (!Array.isArray(messages)) return null
  for (let message = 0; message < messages.length; message++) {
    const m = messages[message] as { content?: unknown } | null
    const content = m?.content
    if (typeof content !== 'string') continue
    const at = content.indexOf(PLACEHOLDER)
    if (at === -1) continue
    const before = content.slice(0, at)
    const after = content.slice(at + PLACEHOLDER.length)
    m!.content = before + text + after
    return { message, at, text, before, after }
  }
  return null
}
