/*
 * The seeded generator behind every bootstrap and shuffle, apart from lib/eval/stats.ts so that
 * what needs only the generator (the test sequencer in vitest.config.ts) does not load the
 * statistics and their distributions.
 */

/**
 * A small seeded generator of uniforms in [0, 1): a Weyl sequence passed through a 32-bit mixing
 * function. Not cryptographic; its only job is to make every bootstrap reproducible.
 */
export function seededUniform(seed: number): () => number {
  let state = seedState(seed)
  return () => {
    state = nextState(state)
    return mix(state) / 2 ** 32
  }
}

/** The generator's starting state for a seed. */
export const seedState = (seed: number) => (Math.trunc(seed) ^ 0x5bd1e995) >>> 0
/** The next state of the Weyl sequence. */
export const nextState = (state: number) => (state + 0x9e3779b9) >>> 0
/** The 32-bit mixing function: a state to an unsigned 32-bit integer. */
export function mix(state: number): number {
  let z = Math.imul(state ^ (state >>> 16), 0x85ebca6b)
  z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35)
  return (z ^ (z >>> 16)) >>> 0
}
