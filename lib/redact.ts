/**
 * The one redactor for everything orgbench writes (records, raw bodies, error messages, journal,
 * cache, reports, console, Vitest meta). It removes every key held in a Secret in this process,
 * bearer tokens, and anything shaped like a provider key.
 */

const known = new Set<string>()

/** Shorter values are not treated as secrets: replacing them would garble ordinary text (a run warns about such a key: shortKeyWarning in lib/config.ts). */
export const MIN_SECRET_LENGTH = 8

// A key never ends with the period or dash that ends the sentence around it.
const KEY_SHAPE = /\b(?:sk|pk|rk|gsk|csk|xai)[-_][A-Za-z0-9_*\-.]{5,}[A-Za-z0-9_*]/g
const BEARER = /\b(Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,}/gi
/** Either shape, for a single scan that says whether a text needs redaction at all. */
const ANY_SHAPE = /\b(?:(?:sk|pk|rk|gsk|csk|xai)[-_][A-Za-z0-9_*\-.]{5,}[A-Za-z0-9_*]|(?:Bearer|Basic)\s+[A-Za-z0-9._~+/=-]{8,})/i

/**
 * Makes `value` known to the redactor; Secret does this for every key it holds. Its trimmed form
 * too: an HTTP header drops surrounding whitespace, so that is what an endpoint echoes.
 */
export function registerSecret(value: string): void {
  for (const form of new Set([value, value.trim()])) if (form.length >= MIN_SECRET_LENGTH) known.add(form)
}

/**
 * `text` with every known secret replaced, and nothing else: the same string when it holds none
 * (one scan per key). For model replies as the client receives them: one that held a key fails its
 * attempt and is kept only as this copy in its record (lib/llm/attempt.ts). Records and the cache go through
 * `redact`, which also replaces key-shaped strings, so a reply quoting such a string is stored
 * with it redacted.
 */
export function withoutSecrets(text: string): string {
  let out = text
  for (const secret of known) if (out.includes(secret)) out = out.split(secret).join('[redacted]')
  return out
}

/** `text` with every known secret, bearer token and key-shaped string replaced. */
export function redact(text: string): string {
  return withoutSecrets(text).replace(BEARER, '$1 [redacted]').replace(KEY_SHAPE, '[redacted key]')
}

/** Whether `text` holds anything the redactor would remove (one scan, no copy). */
export function needsRedaction(text: string): boolean {
  // Shorter than any secret or shape (most object keys): nothing to look for.
  if (text.length < MIN_SECRET_LENGTH) return false
  for (const secret of known) if (text.includes(secret)) return true
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
