import { createHash } from 'node:crypto'

/**
 * Deterministic randomness: every draw is a pure function of its key, so the simulator gives the
 * same answer for the same seed, model, request and decision, whatever the order of calls.
 */
export function unit(...key: Array<string | number>): number {
  const digest = createHash('sha256').update(key.join('\u0001')).digest()
  return digest.readUInt32BE(0) / 2 ** 32 + digest.readUInt32BE(4) / 2 ** 64
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
