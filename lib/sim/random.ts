import { createHash } from 'node:crypto'

const SEPARATOR = 1
const SEED1 = 0xdeadbeef
const SEED2 = 0x41c6ce57

/** The two lanes of a cyrb53 hash part-way through its input. */
interface Lanes {
  h1: number
  h2: number
}

/**
 * Feeds parts into the lanes, each after a U+0001 separator unless it is the very first part
 * (`first`). A stray undefined or null (outside the types) counts as '', as Array.join writes it.
 */
function absorb(lanes: Lanes, parts: ReadonlyArray<string | number>, first: boolean): Lanes {
  let { h1, h2 } = lanes
  for (let k = 0; k < parts.length; k++) {
    if (k > 0 || !first) {
      h1 = Math.imul(h1 ^ SEPARATOR, 2654435761)
      h2 = Math.imul(h2 ^ SEPARATOR, 1597334677)
    }
    const part = parts[k]
    const text = typeof part === 'string' ? part : part == null ? '' : String(part)
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i)
      h1 = Math.imul(h1 ^ c, 2654435761)
      h2 = Math.imul(h2 ^ c, 1597334677)
    }
  }
  return { h1, h2 }
}

/** The final mix of cyrb53, scaled to [0, 1). */
function finish({ h1, h2 }: Lanes): number {
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)) / 2 ** 53
}

/**
 * Deterministic randomness: every draw is a pure function of its key, so the simulator gives the
 * same answer for the same seed, model, request and decision, whatever the order of calls. Keys
 * are short, and the simulator draws many per request, so a fast string hash does the work.
 */
export function unit(...key: Array<string | number>): number {
  return finish(absorb({ h1: SEED1, h2: SEED2 }, key, true))
}

/**
 * Draws whose keys all start with one part (a call's or a trial's key): that part is hashed
 * once, and `unit(...rest)` here equals `unit(first, ...rest)`. A simulated call draws hundreds
 * of times under its key.
 */
export class KeyedDraws {
  private readonly lanes: Lanes

  constructor(first: string) {
    this.lanes = absorb({ h1: SEED1, h2: SEED2 }, [first], true)
  }

  unit(...rest: Array<string | number>): number {
    return finish(absorb(this.lanes, rest, false))
  }

  chance(p: number, ...rest: Array<string | number>): boolean {
    return this.unit(...rest) < p
  }

  pick<T>(items: readonly T[], ...rest: Array<string | number>): T {
    return itemAt(items, this.unit(...rest))
  }

  normal(...rest: Array<string | number>): number {
    return boxMuller(this.unit(...rest, 'n1'), this.unit(...rest, 'n2'))
  }
}

export function chance(p: number, ...key: Array<string | number>): boolean {
  return unit(...key) < p
}

export function pick<T>(items: readonly T[], ...key: Array<string | number>): T {
  return itemAt(items, unit(...key))
}

/** The item a draw `u` in [0, 1) picks. */
function itemAt<T>(items: readonly T[], u: number): T {
  if (items.length === 0) throw new Error('pick from an empty list')
  return items[Math.floor(u * items.length)]!
}

/** Standard normal draw (Box-Muller). */
export function normal(...key: Array<string | number>): number {
  return boxMuller(unit(...key, 'n1'), unit(...key, 'n2'))
}

function boxMuller(u1: number, u2: number): number {
  return Math.sqrt(-2 * Math.log(Math.max(u1, 1e-12))) * Math.cos(2 * Math.PI * u2)
}

/** The first 16 hex digits of the SHA-256 of a text (as UTF-8) or of bytes. */
export function hashOf(text: string | Uint8Array): string {
  return createHash('sha256').update(text).digest('hex').slice(0, 16)
}
