import { createHash } from 'node:crypto'

const SEPARATOR = 1

/**
 * A 53-bit hash (cyrb53: two multiply-xorshift lanes with a final mix) of the parts joined by
 * U+0001, without building the joined string. Not cryptographic.
 */
function hash53(parts: ReadonlyArray<string | number>): number {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let k = 0; k < parts.length; k++) {
    if (k > 0) {
      h1 = Math.imul(h1 ^ SEPARATOR, 2654435761)
      h2 = Math.imul(h2 ^ SEPARATOR, 1597334677)
    }
    const part = parts[k]
    // As Array.join writes it: a stray undefined or null (outside the types) counts as ''.
    const text = typeof part === 'string' ? part : part == null ? '' : String(part)
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      h1 = Math.imul(h1 ^ c, 2654435761)
      h2 = Math.imul(h2 ^ c, 1597334677)
    }
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return 4294967296 * (2097151 & h2) + (h1 >>> 0)
}

/**
 * Deterministic randomness: every draw is a pure function of its key, so the simulator gives the
 * same answer for the same seed, model, request and decision, whatever the order of calls. Keys
 * are short, and the simulator draws many per request, so a fast string hash does the work.
 */
export function unit(...key: Array<string | number>): number {
  return hash53(key) / 2 ** 53
}

export function chance(p: number, ...key: Array<string | number>): boolean {
  return unit(...key) < p
}

export function pick<T>(items: readonly T[], ...key: Array<string | number>): T {
  if (items.length === 0) throw new Error('pick from an empty list')
  return items[Math.floor(unit(...key) * items.length)]!
}

/** Standard normal draw (Box-Muller). */
export function normal(...key: Array<string | number>): number {
  const u1 = Math.max(unit(...key, 'n1'), 1e-12)
  const u2 = unit(...key, 'n2')
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2)
}

export function hashOf(text: string): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}
