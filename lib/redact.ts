/**
 * The one redactor for everything orgbench writes (records, raw bodies, error messages, journal,
 * cache, reports, console, Vitest meta). It removes every key held in a Secret in this process,
 * bearer tokens, and anything shaped like a provider key.
 */

const REDACTED = '[redacted]'
const known = new Set<string>()
/** The keys whose beginning or end alone is still worth removing (see withoutSecrets). */
const withAffixes = new Map<string, { head: string | null; tail: string }>()

/** Shorter values are not treated as secrets: replacing them would garble ordinary text (a run warns about such a key: shortKeyWarning in lib/config.ts). */
export const MIN_SECRET_LENGTH = 8

// A key never ends with the period or dash that ends the sentence around it.
const KEY_SHAPE = /\b(?:sk|pk|rk|gsk|csk|xai)[-_][A-Za-z0-9_*\-.]{5,}[A-Za-z0-9_*]/g
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi
/** Either shape, for a single scan that says whether a text needs redaction at all. */
const ANY_SHAPE = /\b(?:(?:sk|pk|rk|gsk|csk|xai)[-_][A-Za-z0-9_*\-.]{5,}[A-Za-z0-9_*]|(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,})/i

/**
 * The fewest characters of a key's end that are removed where they stand alone: an endpoint that
 * masks a key it echoes ("sk-abc1****…0d5c3b2x") keeps its end, and the end is random.
 */
const TAIL_CHARS = 8
/**
 * The fewest characters of a key's beginning that are removed where they stand alone (a message
 * cut short in the middle of a key). More than TAIL_CHARS: a beginning is often a provider's
 * prefix that every key of it shares ("sk-ant-api03-").
 */
const HEAD_CHARS = 16
/** Keys at least this long have their beginning and end removed where they stand alone. */
const MIN_AFFIXED_LENGTH = 2 * TAIL_CHARS

const HTML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/**
 * The forms in which a text may carry `value`: as it is, trimmed (an HTTP header drops surrounding
 * whitespace, so that is what an endpoint echoes), and as a JSON string, a URL and an HTML page
 * escape it (an endpoint that echoes it in such a body).
 */
function formsOf(value: string): Set<string> {
  const trimmed = value.trim()
  return new Set([value, trimmed, JSON.stringify(trimmed).slice(1, -1), encodeURIComponent(trimmed), trimmed.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!)])
}

/** A whole key of a provider's shape. */
const WHOLE_KEY_SHAPE = new RegExp(`^${KEY_SHAPE.source}$`)

/** Whether a piece of a key has a digit, or letters of both cases: a random key's pieces nearly always do, words rarely. */
const looksRandom = (piece: string): boolean => (/\d/.test(piece) || (/[a-z]/.test(piece) && /[A-Z]/.test(piece))) && !countsUp(piece)

/** Whether each character follows the one before it ("23456789", "abcdefgh"): a made-up key's, which ordinary text holds too. */
const countsUp = (piece: string): boolean => [...piece].every((c, i) => i === 0 || c.charCodeAt(0) === piece.charCodeAt(i - 1) + 1)

/** Makes `value` known to the redactor, in every form a text may carry it (formsOf); Secret does this for every key it holds. */
export function registerSecret(value: string): void {
  for (const form of formsOf(value)) {
    if (form.length < MIN_SECRET_LENGTH) continue
    known.add(form)
    if (form.length < MIN_AFFIXED_LENGTH) continue
    const head = form.slice(0, Math.min(HEAD_CHARS, form.length - TAIL_CHARS))
    const tail = form.slice(-TAIL_CHARS)
    // Only where both look random: a test's or a local server's key made of words ("sk-test-unexpected") would take those words out of any text.
    // A key-shaped one needs no head: the shapes take any beginning of it, and keys of one provider share theirs.
    if (looksRandom(head) && looksRandom(tail)) withAffixes.set(form, { head: WHOLE_KEY_SHAPE.test(form) ? null : head, tail })
  }
}

/** `text` with each run of `secret`'s characters that starts with its head, or ends with its tail, replaced. */
function withoutAffixes(text: string, secret: string, head: string | null, tail: string): string {
  let out = text
  for (let at = head === null ? -1 : out.indexOf(head); at !== -1; at = out.indexOf(head!, at + REDACTED.length)) {
    let end = at + head!.length
    while (end - at < secret.length && out[end] === secret[end - at]) end++
    out = `${out.slice(0, at)}${REDACTED}${out.slice(end)}`
  }
  for (let at = out.indexOf(tail); at !== -1; at = out.indexOf(tail, at + REDACTED.length)) {
    let start = at
    const last = secret.length - tail.length
    while (at - start < last && start > 0 && out[start - 1] === secret[last - (at - start) - 1]) start--
    out = `${out.slice(0, start)}${REDACTED}${out.slice(at + tail.length)}`
    at = start
  }
  return out
}

/**
 * `text` with every known secret replaced, and nothing else: the same string when it holds none
 * (one scan per key). A key's beginning of HEAD_CHARS or more, or its end of TAIL_CHARS or more,
 * is replaced too, where a message was cut short in the middle of a key or a key was masked. For
 * model replies as the client receives them: one that held a key fails its attempt and is kept only as this copy in its record (lib/llm/attempt.ts). Records and the cache go through
 * `redact`, which also replaces key-shaped strings, so a reply quoting such a string is stored
 * with it redacted.
 */
export function withoutSecrets(text: string): string {
  return withoutPieces(withoutWholeSecrets(text))
}

function withoutWholeSecrets(text: string): string {
  let out = text
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join(REDACTED)
  return out
}

/** What is left of a key cut short, or masked but for its end. */
function withoutPieces(text: string): string {
  let out = text
  for (const [secret, { head, tail }] of withAffixes) if ((head !== null && out.includes(head)) || out.includes(tail)) out = withoutAffixes(out, secret, head, tail)
  return out
}

/** `text` with every known secret, bearer token and key-shaped string replaced. */
export function redact(text: string): string {
  // Shapes before pieces: a key-shaped string is removed whole, never left as the part a piece of another key did not cover.
  return withoutPieces(withoutWholeSecrets(text).replace(BEARER, '$1 [redacted]').replace(KEY_SHAPE, '[redacted key]'))
}

/** Whether `text` holds anything the redactor would remove (one scan, no copy). */
export function needsRedaction(text: string): boolean {
  // Shorter than any secret or shape (most object keys): nothing to look for.
  if (text.length < MIN_SECRET_LENGTH) return false
  for (const secret of known) if (text.includes(secret)) return true
  for (const { head, tail } of withAffixes.values()) if ((head !== null && text.includes(head)) || text.includes(tail)) return true
  return ANY_SHAPE.test(text)
}

function anyNeedsRedaction(value: unknown): boolean {
  if (typeof value === 'string') return needsRedaction(value)
  if (Array.isArray(value)) return value.some(anyNeedsRedaction)
  if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) if (needsRedaction(k) || anyNeedsRedaction(v)) return true
  }
  return false
}

/**
 * `value` when nothing in it needs redaction (the same object, not a copy), else a redacted deep
 * copy. For what leaves a worker at every test (records, cache entries): the common clean case
 * costs one scan and no allocation.
 */
export function redacted<T>(value: T): T {
  return anyNeedsRedaction(value) ? redactDeep(value) : value
}

/** A deep copy of a JSON-like value with every string redacted (keys of objects too). */
export function redactDeep<T>(value: T): T {
  if (typeof value === 'string') return redact(value) as T
  if (Array.isArray(value)) return value.map((v) => redactDeep(v)) as T
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value as Record<string, unknown>).map(([k, v]) => [redact(k), redactDeep(v)])) as T
  }
  return value
}
