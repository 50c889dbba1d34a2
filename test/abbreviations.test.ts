import { describe, expect, test } from 'vitest'
import { ABBREVIATION_DOT } from '../lib/abbreviations.js'

/** The indexes of the full stops of `text` that belong to an abbreviation. */
const abbreviationDots = (text: string) => [...text.matchAll(new RegExp(ABBREVIATION_DOT, 'gi'))].map((m) => m.index)

describe('ABBREVIATION_DOT', () => {
  test('both full stops of i.e. and e.g., and the final one of etc., vs., cf. and approx., in any case', () => {
    expect(abbreviationDots('a, i.e. b')).toEqual([4, 6])
    expect(abbreviationDots('a, E.g. b')).toEqual([4, 6])
    expect(abbreviationDots('fees etc. and S1 vs. S4, cf. the table, approx. 3')).toEqual([8, 19, 27, 46])
  })

  test("a sentence's full stop after a word that ends in an abbreviation's letters is none", () => {
    expect(abbreviationDots('Pi. Eve. Ltd. thevs. Ie. Grete.')).toEqual([])
  })
})
